//! The gateway's image rules with scripted in-process providers, and once end to end over
//! HTTP fakes.

use super::{b64, collect, png, request, source};
use crate::fake::{init, long_timeouts, Fake, Reply};
use crate::gateway::{IMAGE_DEMO, VIDEO_DEMO};
use futures_util::future::BoxFuture;
use futures_util::stream::{self, StreamExt};
use pulse_providers::image::demo::DemoImages;
use pulse_providers::image::{Aspect, GeneratedImage, ImageProvider, ImageRequest, ImageStream};
use pulse_providers::{
    Catalogue, ChatRequest, Endpoint, Gateway, Message, ModelKind, ProviderError, ProviderKind, ProviderSettings, Role,
};
use serde_json::json;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

enum Script {
    /// `generate()` itself fails.
    Fail(ProviderError),
    /// The stream yields these items.
    Items(Vec<Result<GeneratedImage, ProviderError>>),
}

#[derive(Default)]
struct Scripted {
    script: Mutex<VecDeque<Script>>,
    calls: Mutex<Vec<ImageRequest>>,
}

impl std::fmt::Debug for Scripted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scripted")
    }
}

impl Scripted {
    fn new(script: Vec<Script>) -> Arc<Scripted> {
        Arc::new(Scripted { script: Mutex::new(script.into()), calls: Mutex::default() })
    }

    fn draws(n: u8) -> Arc<Scripted> {
        Scripted::new(vec![Script::Items((0..n).map(|i| Ok(picture(i))).collect())])
    }

    fn calls(&self) -> Vec<ImageRequest> {
        self.calls.lock().unwrap().clone()
    }
}

fn picture(n: u8) -> GeneratedImage {
    GeneratedImage::from_bytes(png(n)).unwrap()
}

impl ImageProvider for Scripted {
    fn generate(&self, request: ImageRequest) -> BoxFuture<'_, Result<ImageStream, ProviderError>> {
        self.calls.lock().unwrap().push(request);
        let next = self.script.lock().unwrap().pop_front();
        Box::pin(async move {
            match next {
                None => panic!("no script left"),
                Some(Script::Fail(e)) => Err(e),
                Some(Script::Items(items)) => Ok(stream::iter(items).boxed()),
            }
        })
    }
}

fn image_model(id: &str, edits: bool, fallback: &[&str]) -> String {
    let (provider, name) = id.split_once(':').unwrap();
    let fallback: Vec<String> = fallback.iter().map(|f| format!("\"{f}\"")).collect();
    format!(
        "[[model]]\nid = \"{id}\"\nkind = \"image\"\nname_ar = \"ص\"\nname_en = \"I\"\nprovider = \"{provider}\"\n\
         model = \"{name}-wire\"\nedits = {edits}\nfallback = [{}]\n",
        fallback.join(", ")
    )
}

const CHAT: &str = "[[model]]\nid = \"openai:chat\"\nname_ar = \"ن\"\nname_en = \"N\"\nprovider = \"openai\"\n\
    model = \"chat\"\nmax_context = 1000\nmax_output = 100\nweight = 1.0\ndefault = true\n\
    [[model]]\nid = \"demo:d\"\nname_ar = \"ن\"\nname_en = \"N\"\nprovider = \"demo\"\nmodel = \"d\"\n\
    max_context = 1000\nmax_output = 100\nweight = 1.0\n";

/// Image models openai:a (edits, default) → [gemini:b (edits), replicate:own/c (no edits)],
/// stability:s, demo:img; chat models openai:chat and demo:d.
fn catalogue() -> Catalogue {
    let toml = [
        CHAT.to_string(),
        image_model("openai:a", true, &["replicate:own/c", "gemini:b"]) + "default = true\n",
        image_model("gemini:b", true, &[]),
        image_model("replicate:own/c", false, &[]),
        image_model("stability:s", false, &[]),
        IMAGE_DEMO.to_string(),
        VIDEO_DEMO.to_string(),
    ]
    .concat();
    Catalogue::from_toml(&toml).unwrap()
}

struct Setup {
    gateway: Gateway,
    a: Arc<Scripted>,
    b: Arc<Scripted>,
    c: Arc<Scripted>,
}

fn setup(a: Arc<Scripted>, b: Arc<Scripted>, c: Arc<Scripted>) -> Setup {
    let gateway = Gateway::empty(catalogue())
        .with_image_provider(ProviderKind::OpenAi, a.clone())
        .with_image_provider(ProviderKind::Gemini, b.clone())
        .with_image_model_provider("replicate:own/c", c.clone());
    Setup { gateway, a, b, c }
}

async fn generated(s: &Setup, req: ImageRequest) -> Result<(String, super::Got), ProviderError> {
    let (spec, images) = s.gateway.generate_images("openai:a", req).await?;
    Ok((spec.id, collect(images).await))
}

#[tokio::test]
async fn falls_back_on_503_before_the_first_picture() {
    let s = setup(
        Scripted::new(vec![Script::Items(vec![Err(ProviderError::Unavailable { status: 503 })])]),
        Scripted::draws(2),
        Scripted::new(vec![Script::Fail(ProviderError::RateLimited { retry_after_secs: Some(3) })]),
    );
    let (id, got) = generated(&s, request("ignored", 2, Aspect::Wide)).await.unwrap();
    assert_eq!(id, "gemini:b");
    assert_eq!((got.images, got.error), (vec![picture(0), picture(1)], None));
    let sent = |p: &Scripted| p.calls().iter().map(|r| (r.model.clone(), r.count, r.aspect)).collect::<Vec<_>>();
    assert_eq!(sent(&s.a), vec![("a-wire".to_string(), 2, Aspect::Wide)]);
    assert_eq!(sent(&s.c), vec![("own/c-wire".to_string(), 2, Aspect::Wide)]);
    assert_eq!(sent(&s.b), vec![("b-wire".to_string(), 2, Aspect::Wide)]);
}

#[tokio::test]
async fn safety_and_other_refusals_do_not_fall_back() {
    let s = setup(
        Scripted::new(vec![
            Script::Items(vec![Err(ProviderError::Safety("IMAGE_SAFETY".into()))]),
            Script::Fail(ProviderError::Safety("moderation_blocked".into())),
            Script::Fail(ProviderError::Rejected { status: 401, message: "bad key".into() }),
        ]),
        Scripted::draws(1),
        Scripted::draws(1),
    );
    for expected in [
        ProviderError::Safety("IMAGE_SAFETY".into()),
        ProviderError::Safety("moderation_blocked".into()),
        ProviderError::Rejected { status: 401, message: "bad key".into() },
    ] {
        assert_eq!(generated(&s, request("x", 1, Aspect::Square)).await.err(), Some(expected));
    }
    assert_eq!((s.b.calls().len(), s.c.calls().len()), (0, 0));
}

#[tokio::test]
async fn after_the_first_picture_everything_passes_through() {
    let s = setup(
        Scripted::new(vec![Script::Items(vec![Ok(picture(0)), Err(ProviderError::Safety("late".into()))])]),
        Scripted::draws(1),
        Scripted::draws(1),
    );
    let (id, got) = generated(&s, request("x", 2, Aspect::Square)).await.unwrap();
    assert_eq!(id, "openai:a");
    assert_eq!((got.images, got.error), (vec![picture(0)], Some(ProviderError::Safety("late".into()))));
    // A partial result is an answer too.
    let s = setup(Scripted::draws(1), Scripted::draws(1), Scripted::draws(1));
    let (id, got) = generated(&s, request("x", 4, Aspect::Square)).await.unwrap();
    assert_eq!((id.as_str(), got.images.len(), got.error), ("openai:a", 1, None));
}

#[tokio::test]
async fn the_last_error_when_every_model_fails() {
    let s = setup(
        Scripted::new(vec![Script::Fail(ProviderError::Timeout)]),
        Scripted::new(vec![Script::Items(vec![])]),
        Scripted::new(vec![Script::Fail(ProviderError::Network("refused".into()))]),
    );
    let err = generated(&s, request("x", 1, Aspect::Square)).await.err().unwrap();
    assert!(matches!(err, ProviderError::Protocol(_)), "an empty stream is not an answer: {err:?}");
    let s = setup(
        Scripted::new(vec![Script::Fail(ProviderError::Timeout)]),
        Scripted::new(vec![Script::Fail(ProviderError::Unavailable { status: 502 })]),
        Scripted::new(vec![Script::Fail(ProviderError::Network("refused".into()))]),
    );
    assert_eq!(
        generated(&s, request("x", 1, Aspect::Square)).await.err(),
        Some(ProviderError::Unavailable { status: 502 })
    );
}

#[tokio::test]
async fn edits_skip_models_that_cannot_edit() {
    let s = setup(
        Scripted::new(vec![Script::Fail(ProviderError::Unavailable { status: 503 })]),
        Scripted::draws(1),
        Scripted::draws(1),
    );
    let mut req = request("x", 3, Aspect::Square);
    req.source = Some(source());
    let (id, got) = generated(&s, req.clone()).await.unwrap();
    assert_eq!((id.as_str(), got.images.len()), ("gemini:b", 1));
    assert!(s.c.calls().is_empty(), "replicate:own/c cannot edit");
    let sent = &s.b.calls()[0];
    assert_eq!((sent.count, sent.source.is_some()), (1, true), "an edit asks for one picture");
    assert!(matches!(
        s.gateway.generate_images("replicate:own/c", req).await.err(),
        Some(ProviderError::Rejected { status: 400, .. })
    ));
}

#[tokio::test]
async fn refusals_of_its_own() {
    let s = setup(Scripted::draws(1), Scripted::draws(1), Scripted::draws(1));
    let g = &s.gateway;
    let code = |r: Result<(pulse_providers::ModelSpec, ImageStream), ProviderError>| match r {
        Err(ProviderError::Rejected { status, .. }) => status,
        Err(e) => panic!("{e:?}"),
        Ok(_) => 200,
    };
    assert_eq!(code(g.generate_images("openai:nope", request("x", 1, Aspect::Square)).await), 404);
    assert_eq!(code(g.generate_images("openai:chat", request("x", 1, Aspect::Square)).await), 404, "a chat model");
    assert_eq!(code(g.generate_images("stability:s", request("x", 1, Aspect::Square)).await), 400, "not enabled");
    assert_eq!(code(g.generate_images("openai:a", request("x", 0, Aspect::Square)).await), 400);
    assert_eq!(code(g.generate_images("openai:a", request("x", 5, Aspect::Square)).await), 400);
    assert!(s.a.calls().is_empty());
}

#[tokio::test]
async fn chat_and_image_models_never_mix() {
    let chat = Arc::new(pulse_providers::demo::DemoProvider::default());
    let s = setup(Scripted::draws(1), Scripted::draws(1), Scripted::draws(1));
    let g = s.gateway.with_provider(ProviderKind::OpenAi, chat);
    let ids = |models: Vec<&pulse_providers::ModelSpec>| models.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(g.models()), vec!["openai:chat", "demo:d"]);
    assert_eq!(ids(g.image_models()), vec!["openai:a", "gemini:b", "replicate:own/c", "demo:img"]);
    assert!(g.image_models().iter().all(|m| m.kind == ModelKind::Image));
    assert!(g.model("openai:a").is_none() && g.image_model("openai:chat").is_none());
    assert_eq!(g.image_model("gemini:b").unwrap().model, "b-wire");
    assert_eq!((g.default_model().id.as_str(), g.default_image_model().id.as_str()), ("openai:chat", "openai:a"));
    assert_eq!(g.reserve_weight_milli("openai:a"), None);
    let chat_request = ChatRequest {
        model: String::new(),
        system: None,
        messages: vec![Message::text(Role::User, "ارسم قطة")],
        max_output_tokens: 100,
        temperature: None,
    };
    assert!(matches!(
        g.stream("openai:a", chat_request).await.err(),
        Some(ProviderError::Rejected { status: 404, .. })
    ));
    // Without their providers, the defaults are the demos.
    let g = Gateway::empty(catalogue());
    assert_eq!((g.default_model().id.as_str(), g.default_image_model().id.as_str()), ("demo:d", "demo:img"));
    assert_eq!(ids(g.image_models()), vec!["demo:img"]);
}

#[tokio::test]
async fn builtin_catalogue_with_no_keys_offers_the_image_demo() {
    init();
    let g = Gateway::new(Catalogue::builtin(), ProviderSettings::default(), long_timeouts())
        .with_image_provider(ProviderKind::Demo, Arc::new(DemoImages::instant()));
    assert_eq!(g.image_models().iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["demo:image"]);
    assert_eq!(g.default_image_model().id, "demo:image");
    assert_eq!(g.models().iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["demo:pulse-demo"]);
    let (spec, images) = g.generate_images("demo:image", request("x", 2, Aspect::Story)).await.unwrap();
    assert_eq!(spec.id, "demo:image");
    let got = collect(images).await;
    assert_eq!((got.images.len(), got.error), (2, None));
    // With keys, the real image models are offered, in catalogue order.
    let key = |k: &str| Some(Endpoint::new("http://127.0.0.1:9/v1", Some(k.into())));
    let settings =
        ProviderSettings { gemini: key("g"), replicate: key("r"), stability: key("s"), ..ProviderSettings::default() };
    let g = Gateway::new(Catalogue::builtin(), settings, long_timeouts());
    assert_eq!(
        g.image_models().iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        vec![
            "gemini:gemini-2.5-flash-image",
            "replicate:black-forest-labs/flux-schnell",
            "stability:core",
            "demo:image"
        ]
    );
    assert_eq!(g.default_image_model().id, "gemini:gemini-2.5-flash-image");
    assert!(!g.models().iter().any(|m| m.id.contains("image")), "gemini's key enables its chat models only as chat");
}

#[tokio::test]
async fn over_http_an_overloaded_gemini_falls_back_to_openai() {
    let overloaded =
        r#"{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"#;
    let gemini = Fake::start(vec![Reply::status(503, overloaded), Reply::status(503, overloaded)]).await;
    let openai = Fake::start(vec![Reply::json(
        &json!({"created": 1, "data": [{"b64_json": b64(&png(1))}, {"b64_json": b64(&png(2))}]}),
    )])
    .await;
    let settings = ProviderSettings {
        gemini: Some(Endpoint::new(&gemini.base, Some("g-key".into()))),
        openai: Some(Endpoint::new(&openai.base, Some("o-key".into()))),
        ..ProviderSettings::default()
    };
    let g = Gateway::with_timeouts(Catalogue::builtin(), settings, long_timeouts(), long_timeouts());
    let (spec, images) =
        g.generate_images("gemini:gemini-2.5-flash-image", request("x", 2, Aspect::Square)).await.unwrap();
    assert_eq!(spec.id, "openai:gpt-image-1");
    let got = collect(images).await;
    assert_eq!((got.sorted(), got.error), (vec![png(1), png(2)], None));
    assert_eq!(gemini.requests().len(), 2, "both pictures were tried on gemini");
    assert_eq!(openai.request().body["model"], "gpt-image-1");
    assert_eq!(openai.request().body["n"], 2);
}
