//! The gateway's video rules: which video models are enabled, the default, the routes and
//! the fallback chain (video models only, each once), and the clients it builds from the
//! settings.

use super::{mp4, request, Scratch};
use crate::fake::{init, long_timeouts, Fake, Reply};
use crate::gateway::{IMAGE_DEMO, VIDEO_DEMO};
use futures_util::future::BoxFuture;
use pulse_providers::video::{VideoProvider, VideoRequest, VideoStatus};
use pulse_providers::{
    Catalogue, CatalogueError, Endpoint, Gateway, ModelKind, ModelSpec, ProviderError, ProviderKind, ProviderSettings,
    VideoRoute,
};
use serde_json::json;
use std::path::Path;
use std::sync::Arc;

/// A video client known by its name (routes are told apart by their `Debug`).
#[derive(Debug)]
struct Named(&'static str);

impl VideoProvider for Named {
    fn start(&self, request: VideoRequest) -> BoxFuture<'_, Result<String, ProviderError>> {
        Box::pin(async move { Ok(format!("{}-{}", self.0, request.model)) })
    }

    fn poll<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<VideoStatus, ProviderError>> {
        Box::pin(async { Ok(VideoStatus::Running { percent: None }) })
    }

    fn download<'a>(&'a self, _: &'a str, _: &'a Path, _: u64) -> BoxFuture<'a, Result<u64, ProviderError>> {
        Box::pin(async { Ok(0) })
    }
}

fn named(name: &'static str) -> Arc<dyn VideoProvider> {
    Arc::new(Named(name))
}

fn video_model(id: &str, fallback: &[&str]) -> String {
    let (provider, name) = id.split_once(':').unwrap();
    let fallback: Vec<String> = fallback.iter().map(|f| format!("\"{f}\"")).collect();
    format!(
        "[[model]]\nid = \"{id}\"\nkind = \"video\"\nname_ar = \"ف\"\nname_en = \"V\"\nprovider = \"{provider}\"\n\
         model = \"{name}-wire\"\nfallback = [{}]\n",
        fallback.join(", ")
    )
}

const OTHERS: &str = "[[model]]\nid = \"gemini:chat\"\nname_ar = \"ن\"\nname_en = \"N\"\nprovider = \"gemini\"\n\
    model = \"chat\"\nmax_context = 1000\nmax_output = 100\nweight = 1.0\nfallback = [\"demo:d\"]\n\
    [[model]]\nid = \"demo:d\"\nname_ar = \"ن\"\nname_en = \"N\"\nprovider = \"demo\"\nmodel = \"d\"\n\
    max_context = 1000\nmax_output = 100\nweight = 1.0\n\
    [[model]]\nid = \"gemini:img\"\nkind = \"image\"\nname_ar = \"ص\"\nname_en = \"I\"\nprovider = \"gemini\"\n\
    model = \"img\"\nfallback = [\"demo:img\"]\n";

/// Chat gemini:chat → demo:d and image gemini:img → demo:img, then the videos:
/// gemini:v1 (default) → [gemini:v2, replicate:own/v3]; gemini:v2 → [replicate:own/v4,
/// replicate:own/v3]; replicate:own/v3 → [replicate:own/v4]; replicate:own/v4; demo:vid.
fn catalogue() -> Catalogue {
    let toml = [
        OTHERS.to_string(),
        IMAGE_DEMO.to_string(),
        video_model("gemini:v1", &["gemini:v2", "replicate:own/v3"]) + "default = true\n",
        video_model("gemini:v2", &["replicate:own/v4", "replicate:own/v3"]),
        video_model("replicate:own/v3", &["replicate:own/v4"]),
        video_model("replicate:own/v4", &[]),
        VIDEO_DEMO.to_string(),
    ]
    .concat();
    Catalogue::from_toml(&toml).unwrap()
}

/// Each route as (model id, provider model, client).
fn routes(chain: Vec<VideoRoute>) -> Vec<(String, String, String)> {
    chain.into_iter().map(|r| (r.model_id, r.provider_model, format!("{:?}", r.provider))).collect()
}

fn ids(models: Vec<&ModelSpec>) -> Vec<&str> {
    models.into_iter().map(|m| m.id.as_str()).collect()
}

fn route(id: &str, wire: &str, client: &str) -> (String, String, String) {
    (id.to_string(), wire.to_string(), format!("Named({client:?})"))
}

#[test]
fn the_chain_is_the_model_then_its_fallbacks_breadth_first_each_once() {
    let g = Gateway::empty(catalogue())
        .with_video_provider(ProviderKind::Gemini, named("gemini"))
        .with_video_provider(ProviderKind::Replicate, named("replicate"));
    assert_eq!(
        routes(g.video_chain("gemini:v1")),
        vec![
            route("gemini:v1", "v1-wire", "gemini"),
            route("gemini:v2", "v2-wire", "gemini"),
            route("replicate:own/v3", "own/v3-wire", "replicate"),
            route("replicate:own/v4", "own/v4-wire", "replicate"),
        ],
        "v1's own list first (v2, v3), then v2's and v3's (v4), each once"
    );
    assert_eq!(
        routes(g.video_chain("gemini:v2")),
        vec![
            route("gemini:v2", "v2-wire", "gemini"),
            route("replicate:own/v4", "own/v4-wire", "replicate"),
            route("replicate:own/v3", "own/v3-wire", "replicate"),
        ]
    );
    assert_eq!(routes(g.video_chain("replicate:own/v4")), vec![route("replicate:own/v4", "own/v4-wire", "replicate")]);
    for id in ["gemini:v1", "gemini:v2", "replicate:own/v3"] {
        for r in g.video_chain(id) {
            assert_eq!(g.video_model(&r.model_id).map(|m| m.kind), Some(ModelKind::Video), "{id}: {}", r.model_id);
        }
    }
    // One route, and none for what is not an enabled video model.
    let one = g.video_route("replicate:own/v3").unwrap();
    assert_eq!((one.model_id.as_str(), one.provider_model.as_str()), ("replicate:own/v3", "own/v3-wire"));
    for id in ["gemini:chat", "gemini:img", "demo:d", "demo:img", "demo:vid", "gemini:nope", ""] {
        assert!(g.video_route(id).is_none(), "{id}");
        assert!(g.video_chain(id).is_empty(), "{id}");
    }
}

#[test]
fn disabled_models_are_left_out_of_the_chain() {
    // Only Gemini: the Replicate fallbacks are left out.
    let g = Gateway::empty(catalogue()).with_video_provider(ProviderKind::Gemini, named("gemini"));
    assert_eq!(
        routes(g.video_chain("gemini:v1")),
        vec![route("gemini:v1", "v1-wire", "gemini"), route("gemini:v2", "v2-wire", "gemini")]
    );
    // Only Replicate: v1 itself is not enabled, so there is no chain at all.
    let g = Gateway::empty(catalogue()).with_video_provider(ProviderKind::Replicate, named("replicate"));
    assert!(g.video_chain("gemini:v1").is_empty());
    assert_eq!(routes(g.video_chain("replicate:own/v3")).len(), 2);
    // v1 alone (a per-model client) and Replicate: v2 is skipped, its fallbacks still come.
    let g = Gateway::empty(catalogue())
        .with_video_model_provider("gemini:v1", named("v1 only"))
        .with_video_provider(ProviderKind::Replicate, named("replicate"));
    assert_eq!(
        routes(g.video_chain("gemini:v1")),
        vec![
            route("gemini:v1", "v1-wire", "v1 only"),
            route("replicate:own/v3", "own/v3-wire", "replicate"),
            route("replicate:own/v4", "own/v4-wire", "replicate"),
        ]
    );
    assert_eq!(ids(g.video_models()), vec!["gemini:v1", "replicate:own/v3", "replicate:own/v4"]);
}

#[test]
fn video_models_never_mix_with_the_others() {
    let chat = Arc::new(pulse_providers::demo::DemoProvider::default());
    let images = Arc::new(pulse_providers::image::demo::DemoImages::instant());
    // Chat and image clients for Gemini do not enable its video models.
    let g = Gateway::empty(catalogue())
        .with_provider(ProviderKind::Gemini, chat.clone())
        .with_image_provider(ProviderKind::Gemini, images.clone());
    assert!(g.video_models().is_empty());
    assert!(!g.is_enabled(g.catalogue().get("gemini:v1").unwrap()));
    assert_eq!(g.default_video_model(), None);
    // A video client for Gemini does not enable its chat or image models.
    let g = Gateway::empty(catalogue()).with_video_provider(ProviderKind::Gemini, named("gemini"));
    assert_eq!(ids(g.models()), vec!["demo:d"]);
    assert_eq!(ids(g.image_models()), vec!["demo:img"]);
    assert_eq!(ids(g.video_models()), vec!["gemini:v1", "gemini:v2"]);
    assert!(g.is_enabled(g.catalogue().get("gemini:v1").unwrap()));
    // With every kind of client, each list has only its kind.
    let g = g
        .with_provider(ProviderKind::Gemini, chat)
        .with_image_provider(ProviderKind::Gemini, images)
        .with_video_provider(ProviderKind::Demo, named("demo"));
    assert!(g.models().iter().all(|m| m.kind == ModelKind::Chat));
    assert!(g.image_models().iter().all(|m| m.kind == ModelKind::Image));
    assert_eq!(ids(g.video_models()), vec!["gemini:v1", "gemini:v2", "demo:vid"]);
    assert!(g.model("gemini:v1").is_none() && g.image_model("gemini:v1").is_none());
    assert!(g.video_model("gemini:chat").is_none() && g.video_model("gemini:img").is_none());
    assert_eq!(g.video_model("gemini:v2").unwrap().model, "v2-wire");
    assert_eq!(g.default_video_model().unwrap().id, "gemini:v1");
    assert_eq!(g.default_model().id, "demo:d");
    assert_eq!(g.default_image_model().id, "demo:img");
    assert_eq!(g.reserve_weight_milli("gemini:v1"), None);
}

#[test]
fn the_default_is_the_catalogues_then_the_demo_then_none() {
    let g = Gateway::empty(catalogue());
    assert!(g.video_models().is_empty(), "no video client, not even the demo");
    assert_eq!(g.default_video_model(), None);
    let g = g.with_video_provider(ProviderKind::Demo, named("demo"));
    assert_eq!(g.default_video_model().unwrap().id, "demo:vid", "the default (gemini:v1) is not enabled");
    let g = g.with_video_provider(ProviderKind::Gemini, named("gemini"));
    assert_eq!(g.default_video_model().unwrap().id, "gemini:v1");
    // Replicate alone: its models are offered, but the default is neither them nor a demo.
    let g = Gateway::empty(catalogue()).with_video_provider(ProviderKind::Replicate, named("replicate"));
    assert_eq!(ids(g.video_models()), vec!["replicate:own/v3", "replicate:own/v4"]);
    assert_eq!(g.default_video_model(), None);
}

#[test]
fn a_catalogue_without_a_video_demo_is_refused() {
    let toml = [OTHERS.to_string(), IMAGE_DEMO.to_string(), video_model("gemini:v1", &[])].concat();
    assert_eq!(Catalogue::from_toml(&toml), Err(CatalogueError::NoDemo(ModelKind::Video)));
    let toml =
        [OTHERS.to_string(), IMAGE_DEMO.to_string(), VIDEO_DEMO.to_string(), video_model("gemini:v1", &["demo:d"])]
            .concat();
    assert!(matches!(Catalogue::from_toml(&toml), Err(CatalogueError::FallbackKind { kind: ModelKind::Video, .. })));
}

#[test]
fn the_builtin_catalogue_offers_no_video_model_until_the_demo_is_added() {
    init();
    let g = Gateway::new(Catalogue::builtin(), ProviderSettings::default(), long_timeouts());
    assert!(g.video_models().is_empty());
    assert_eq!(g.default_video_model(), None);
    assert!(g.video_chain("demo:video").is_empty());
    let g = Gateway::empty(Catalogue::builtin());
    assert!(g.video_models().is_empty(), "Gateway::empty has no video demo either");
    let g = g.with_video_provider(ProviderKind::Demo, named("ffmpeg demo"));
    assert_eq!(ids(g.video_models()), vec!["demo:video"]);
    assert_eq!(g.default_video_model().unwrap().id, "demo:video");
    assert_eq!(routes(g.video_chain("demo:video")), vec![route("demo:video", "pulse-demo-video", "ffmpeg demo")]);
    assert_eq!(ids(g.models()), vec!["demo:pulse-demo"]);
    assert_eq!(ids(g.image_models()), vec!["demo:image"]);
}

#[test]
fn keys_enable_veo_and_replicate_and_their_chain() {
    init();
    let key = |k: &str| Some(Endpoint::new("http://127.0.0.1:9/v1", Some(k.into())));
    let settings = ProviderSettings { gemini: key("g"), replicate: key("r"), ..ProviderSettings::default() };
    let g = Gateway::new(Catalogue::builtin(), settings, long_timeouts());
    assert_eq!(
        ids(g.video_models()),
        vec!["gemini:veo-3.0-generate-001", "gemini:veo-3.0-fast-generate-001", "replicate:wan-video/wan-2.2-t2v-fast"]
    );
    assert_eq!(g.default_video_model().unwrap().id, "gemini:veo-3.0-generate-001");
    let chain = g.video_chain("gemini:veo-3.0-generate-001");
    let shown: Vec<(&str, &str)> = chain.iter().map(|r| (r.model_id.as_str(), r.provider_model.as_str())).collect();
    assert_eq!(
        shown,
        vec![
            ("gemini:veo-3.0-generate-001", "veo-3.0-generate-001"),
            ("gemini:veo-3.0-fast-generate-001", "veo-3.0-fast-generate-001"),
            ("replicate:wan-video/wan-2.2-t2v-fast", "wan-video/wan-2.2-t2v-fast"),
        ]
    );
    assert!(format!("{:?}", chain[0].provider).starts_with("VeoVideos"));
    assert!(format!("{:?}", chain[2].provider).starts_with("ReplicateVideos"));
    assert!(!g.models().iter().any(|m| m.id.contains("veo")), "Gemini's key enables Veo only as a video model");
    assert!(!g.image_models().iter().any(|m| m.kind == ModelKind::Video));
    // Gemini only: no Replicate route, and without the demo the default is still Veo.
    let g = Gateway::new(
        Catalogue::builtin(),
        ProviderSettings { gemini: key("g"), ..ProviderSettings::default() },
        long_timeouts(),
    );
    assert_eq!(g.video_chain("gemini:veo-3.0-generate-001").len(), 2);
    assert_eq!(g.default_video_model().unwrap().id, "gemini:veo-3.0-generate-001");
    // Debug shows the video clients without keys.
    let shown = format!("{g:?}");
    assert!(shown.contains("video_providers") && !shown.contains("\"g\""), "{shown}");
}

#[tokio::test]
async fn over_http_a_route_starts_veo_with_the_key() {
    let api = Fake::start(vec![
        Reply::json(&json!({"name": "models/veo-3.0-generate-001/operations/op1"})),
        Reply::json(&json!({"name": "models/veo-3.0-generate-001/operations/op1", "done": true, "response": {
            "generateVideoResponse": {"generatedSamples": [{"video": {"uri": "FILE"}}]}}})),
    ])
    .await;
    let settings =
        ProviderSettings { gemini: Some(Endpoint::new(&api.base, Some("g-key".into()))), ..Default::default() };
    let g = Gateway::with_timeouts(Catalogue::builtin(), settings, long_timeouts(), long_timeouts());
    let route = g.video_route("gemini:veo-3.0-generate-001").unwrap();
    let mut req = request("ignored");
    req.model = route.provider_model.clone();
    let operation = route.provider.start(req).await.unwrap();
    assert_eq!(operation, "models/veo-3.0-generate-001/operations/op1");
    assert_eq!(route.provider.poll(&operation).await, Ok(VideoStatus::Ready { uri: "FILE".into() }));
    let r = api.requests();
    assert_eq!(r[0].path, "/v1/models/veo-3.0-generate-001:predictLongRunning");
    assert_eq!(r[1].path, "/v1/models/veo-3.0-generate-001/operations/op1");
    assert!(r.iter().all(|r| r.header("x-goog-api-key") == Some("g-key")));
    // The clip is fetched from the API's origin with the key.
    api.push(vec![Reply::bytes("video/mp4", &mp4(10))]);
    let scratch = Scratch::new();
    let dest = scratch.path("clip.mp4");
    let uri = format!("{}/v1/files/op1:download?alt=media", api.origin);
    assert_eq!(route.provider.download(&uri, &dest, 1 << 20).await, Ok(mp4(10).len() as u64));
    assert_eq!(api.requests()[2].header("x-goog-api-key"), Some("g-key"));
}
