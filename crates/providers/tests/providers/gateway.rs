//! The gateway's fallback rules, with scripted in-process providers, and once end to end
//! over HTTP fakes.

use crate::anthropic;
use crate::fake::{collect, init, short_timeouts, Fake, Reply};
use futures_util::future::BoxFuture;
use futures_util::stream::{self, StreamExt};
use pulse_providers::demo::DemoProvider;
use pulse_providers::{
    Catalogue, ChatProvider, ChatRequest, Endpoint, Event, EventStream, FinishReason, Gateway, Message, Part,
    ProviderError, ProviderKind, ProviderSettings, Role, Timeouts,
};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

enum Script {
    /// `stream()` itself fails.
    Fail(ProviderError),
    /// The stream yields these items.
    Items(Vec<Result<Event, ProviderError>>),
}

#[derive(Debug, Default)]
struct Scripted {
    script: Mutex<VecDeque<ScriptBox>>,
    calls: Mutex<Vec<ChatRequest>>,
}

struct ScriptBox(Script);

impl std::fmt::Debug for ScriptBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Script")
    }
}

impl Scripted {
    fn new(script: Vec<Script>) -> Arc<Scripted> {
        Arc::new(Scripted { script: Mutex::new(script.into_iter().map(ScriptBox).collect()), calls: Mutex::default() })
    }

    fn answers(text: &str) -> Arc<Scripted> {
        Scripted::new(vec![Script::Items(vec![Ok(Event::Text(text.into())), Ok(Event::Finished(FinishReason::Stop))])])
    }

    fn calls(&self) -> usize {
        self.calls.lock().unwrap().len()
    }
}

impl ChatProvider for Scripted {
    fn stream(&self, request: ChatRequest) -> BoxFuture<'_, Result<EventStream, ProviderError>> {
        self.calls.lock().unwrap().push(request);
        let next = self.script.lock().unwrap().pop_front().map(|s| s.0);
        Box::pin(async move {
            match next {
                None => panic!("no script left"),
                Some(Script::Fail(e)) => Err(e),
                Some(Script::Items(items)) => Ok(stream::iter(items).boxed()),
            }
        })
    }
}

fn model(id: &str, vision: bool, max_output: u32, fallback: &[&str]) -> String {
    let (provider, name) = id.split_once(':').unwrap();
    let fallback: Vec<String> = fallback.iter().map(|f| format!("\"{f}\"")).collect();
    format!(
        "[[model]]\nid = \"{id}\"\nname_ar = \"ن\"\nname_en = \"N\"\nprovider = \"{provider}\"\nmodel = \"{name}-wire\"\n\
         vision = {vision}\nmax_context = 100000\nmax_output = {max_output}\nweight = 1.5\nfallback = [{}]\n",
        fallback.join(", ")
    )
}

/// The image demo model every catalogue needs.
pub const IMAGE_DEMO: &str =
    "[[model]]\nid = \"demo:img\"\nkind = \"image\"\nname_ar = \"ص\"\nname_en = \"I\"\nprovider = \"demo\"\nmodel = \"img\"\n";

/// The video demo model every catalogue needs.
pub const VIDEO_DEMO: &str =
    "[[model]]\nid = \"demo:vid\"\nkind = \"video\"\nname_ar = \"ف\"\nname_en = \"V\"\nprovider = \"demo\"\nmodel = \"vid\"\n";

/// openai:a → [anthropic:b, compatible:text-only, gemini:c (default)]; demo:d.
fn catalogue() -> Catalogue {
    let toml = [
        model("openai:a", true, 4000, &["anthropic:b", "compatible:text-only", "gemini:c"]),
        model("anthropic:b", true, 1000, &[]),
        model("compatible:text-only", false, 1000, &[]),
        model("gemini:c", true, 500, &[]) + "default = true\n",
        model("demo:d", true, 1000, &[]),
        IMAGE_DEMO.to_string(),
        VIDEO_DEMO.to_string(),
    ]
    .concat();
    Catalogue::from_toml(&toml).unwrap()
}

fn request() -> ChatRequest {
    ChatRequest {
        model: "ignored".into(),
        system: None,
        messages: vec![Message::text(Role::User, "سؤال")],
        max_output_tokens: 2000,
        temperature: None,
    }
}

struct Setup {
    gateway: Gateway,
    a: Arc<Scripted>,
    b: Arc<Scripted>,
    c: Arc<Scripted>,
}

fn setup(a: Arc<Scripted>, b: Arc<Scripted>, c: Arc<Scripted>) -> Setup {
    let gateway = Gateway::empty(catalogue())
        .with_provider(ProviderKind::OpenAi, a.clone())
        .with_provider(ProviderKind::Anthropic, b.clone())
        .with_provider(ProviderKind::Gemini, c.clone());
    Setup { gateway, a, b, c }
}

async fn answered_by(s: &Setup) -> (String, String, Option<ProviderError>) {
    let (spec, events) = s.gateway.stream("openai:a", request()).await.unwrap();
    let c = collect(events).await;
    (spec.id, c.text, c.error)
}

#[tokio::test]
async fn falls_back_on_429_before_the_first_token() {
    let s = setup(
        Scripted::new(vec![Script::Fail(ProviderError::RateLimited { retry_after_secs: Some(3) })]),
        Scripted::answers("من b"),
        Scripted::new(vec![]),
    );
    assert_eq!(answered_by(&s).await, ("anthropic:b".into(), "من b".into(), None));
    assert_eq!((s.a.calls(), s.b.calls(), s.c.calls()), (1, 1, 0));
}

#[tokio::test]
async fn falls_back_on_500_and_timeout_as_the_first_stream_items() {
    let s = setup(
        Scripted::new(vec![Script::Items(vec![Err(ProviderError::Unavailable { status: 500 })])]),
        Scripted::new(vec![Script::Items(vec![
            Ok(Event::Usage(Default::default())),
            Err(ProviderError::Timeout),
            Ok(Event::Text("never seen".into())),
        ])]),
        Scripted::answers("from c"),
    );
    assert_eq!(answered_by(&s).await, ("gemini:c".into(), "from c".into(), None));
    assert_eq!((s.a.calls(), s.b.calls(), s.c.calls()), (1, 1, 1));
}

#[tokio::test]
async fn no_fallback_after_the_first_token() {
    let s = setup(
        Scripted::new(vec![Script::Items(vec![
            Ok(Event::Text("half".into())),
            Err(ProviderError::Unavailable { status: 503 }),
        ])]),
        Scripted::answers("unused"),
        Scripted::answers("unused"),
    );
    assert_eq!(
        answered_by(&s).await,
        ("openai:a".into(), "half".into(), Some(ProviderError::Unavailable { status: 503 }))
    );
    assert_eq!((s.b.calls(), s.c.calls()), (0, 0));
}

#[tokio::test]
async fn no_fallback_on_401_or_protocol_errors() {
    let rejected = ProviderError::Rejected { status: 401, message: "invalid x-api-key".into() };
    let s = setup(
        Scripted::new(vec![
            Script::Fail(rejected.clone()),
            Script::Items(vec![Err(ProviderError::Protocol("unreadable chunk".into()))]),
        ]),
        Scripted::answers("unused"),
        Scripted::answers("unused"),
    );
    assert_eq!(s.gateway.stream("openai:a", request()).await.err(), Some(rejected));
    assert_eq!(
        s.gateway.stream("openai:a", request()).await.err(),
        Some(ProviderError::Protocol("unreadable chunk".into()))
    );
    assert_eq!((s.b.calls(), s.c.calls()), (0, 0));
}

#[tokio::test]
async fn disabled_models_are_skipped_and_the_last_error_returned() {
    // anthropic and compatible are not configured: a → c directly.
    let a = Scripted::new(vec![
        Script::Fail(ProviderError::Network("connection refused".into())),
        Script::Fail(ProviderError::RateLimited { retry_after_secs: None }),
    ]);
    let c = Scripted::new(vec![Script::Items(vec![Ok(Event::Text("c".into()))]), Script::Fail(ProviderError::Timeout)]);
    let g = Gateway::empty(catalogue())
        .with_provider(ProviderKind::OpenAi, a.clone())
        .with_model_provider("gemini:c", c.clone());
    let (spec, _) = g.stream("openai:a", request()).await.unwrap();
    assert_eq!(spec.id, "gemini:c");
    assert_eq!(g.stream("openai:a", request()).await.err(), Some(ProviderError::Timeout), "the last error");
    assert_eq!((a.calls(), c.calls()), (2, 2));
}

#[tokio::test]
async fn requests_carry_each_models_name_and_limit() {
    let s = setup(
        Scripted::new(vec![Script::Fail(ProviderError::Unavailable { status: 529 })]),
        Scripted::new(vec![Script::Fail(ProviderError::Unavailable { status: 503 })]),
        Scripted::answers("ok"),
    );
    answered_by(&s).await;
    let sent = |p: &Scripted| {
        let r = p.calls.lock().unwrap()[0].clone();
        (r.model, r.max_output_tokens)
    };
    assert_eq!(sent(&s.a), ("a-wire".into(), 2000));
    assert_eq!(sent(&s.b), ("b-wire".into(), 1000));
    assert_eq!(sent(&s.c), ("c-wire".into(), 500));
}

#[tokio::test]
async fn images_skip_models_without_vision() {
    let text_only = Scripted::answers("unused");
    let s = setup(
        Scripted::new(vec![Script::Fail(ProviderError::Timeout)]),
        Scripted::new(vec![Script::Fail(ProviderError::Timeout)]),
        Scripted::answers("I see it"),
    );
    let g = s.gateway.clone().with_provider(ProviderKind::Compatible, text_only.clone());
    let mut req = request();
    req.messages[0].parts.push(Part::Image { mime: "image/png".into(), data: vec![1] });
    let (spec, _) = g.stream("openai:a", req.clone()).await.unwrap();
    assert_eq!(spec.id, "gemini:c");
    assert_eq!(text_only.calls(), 0);
    assert!(matches!(
        g.stream("compatible:text-only", req).await.err(),
        Some(ProviderError::Rejected { status: 400, .. })
    ));
}

#[tokio::test]
async fn unknown_and_disabled_models() {
    let g = Gateway::empty(catalogue());
    assert!(matches!(
        g.stream("openai:nope", request()).await.err(),
        Some(ProviderError::Rejected { status: 404, .. })
    ));
    assert!(matches!(g.stream("openai:a", request()).await.err(), Some(ProviderError::Rejected { status: 400, .. })));
}

#[tokio::test]
async fn lists_enabled_models_and_a_usable_default() {
    let g = Gateway::empty(catalogue());
    let ids = |g: &Gateway| g.models().iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&g), vec!["demo:d"]);
    assert_eq!(g.default_model().id, "demo:d", "the default (gemini:c) is not enabled");
    assert!(g.model("gemini:c").is_none());
    let g = g.with_provider(ProviderKind::Gemini, Scripted::new(vec![]));
    assert_eq!(ids(&g), vec!["gemini:c", "demo:d"]);
    assert_eq!(g.default_model().id, "gemini:c");
    assert_eq!(g.model("gemini:c").unwrap().plan_tokens(10), 15);
}

#[tokio::test]
async fn builtin_catalogue_with_no_keys_offers_the_demo_and_streams_it() {
    init();
    let g = Gateway::new(Catalogue::builtin(), ProviderSettings::default(), short_timeouts())
        .with_provider(ProviderKind::Demo, Arc::new(DemoProvider { pace: Duration::ZERO }));
    assert_eq!(g.models().iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["demo:pulse-demo"]);
    assert_eq!(g.default_model().id, "demo:pulse-demo");
    let (spec, events) = g.stream("demo:pulse-demo", request()).await.unwrap();
    assert_eq!(spec.id, "demo:pulse-demo");
    let c = collect(events).await;
    assert!(c.text.contains("النموذج التجريبي"), "{}", c.text);
    assert!(c.events.contains(&Event::Finished(FinishReason::Stop)));
}

#[tokio::test]
async fn over_http_a_timeout_then_a_429_fall_back_to_anthropic() {
    // OpenAI never answers (first-byte timeout), then answers 429; Anthropic answers twice.
    let openai = Fake::start(vec![Reply::NoHeaders, Reply::status(429, r#"{"error":{"message":"slow down"}}"#)]).await;
    let anthropic_fake = Fake::start(vec![
        Reply::sse(&anthropic::answer(&["أهلًا"], "end_turn", 2)),
        Reply::sse(&anthropic::answer(&["مجددًا"], "end_turn", 2)),
    ])
    .await;
    let settings = ProviderSettings {
        openai: Some(Endpoint::new(&openai.base, Some("sk-o".into()))),
        anthropic: Some(Endpoint::new(&anthropic_fake.base, Some("sk-a".into()))),
        ..ProviderSettings::default()
    };
    let toml = [
        model("openai:gpt-5-mini", true, 4000, &["anthropic:claude-haiku-4-5"]),
        model("anthropic:claude-haiku-4-5", true, 1000, &[]),
        model("demo:d", true, 1000, &[]),
        IMAGE_DEMO.to_string(),
        VIDEO_DEMO.to_string(),
    ]
    .concat();
    // One Timeouts for all clients: short enough to wait out OpenAI, long enough for Anthropic.
    let timeouts = Timeouts { first_byte: Duration::from_secs(2), ..Timeouts::default() };
    let g = Gateway::new(Catalogue::from_toml(&toml).unwrap(), settings, timeouts);
    for expected in ["أهلًا", "مجددًا"] {
        let (spec, events) = g.stream("openai:gpt-5-mini", request()).await.unwrap();
        assert_eq!(spec.id, "anthropic:claude-haiku-4-5");
        let c = collect(events).await;
        assert_eq!((c.text.as_str(), c.error), (expected, None));
    }
    assert_eq!(openai.requests().len(), 2);
    let sent = anthropic_fake.requests();
    assert_eq!(sent[0].body["model"], "claude-haiku-4-5-wire");
    assert_eq!(sent[0].body["max_tokens"], 1000);
    assert_eq!(sent[0].header("x-api-key"), Some("sk-a"));
}

#[tokio::test]
async fn the_reserve_weight_is_the_dearest_model_that_may_answer() {
    let weighted = |id: &str, weight: &str, fallback: &str| {
        let (provider, name) = id.split_once(':').unwrap();
        format!(
            "[[model]]\nid = \"{id}\"\nname_ar = \"ن\"\nname_en = \"N\"\nprovider = \"{provider}\"\nmodel = \"{name}\"\n\
             max_context = 1000\nmax_output = 100\nweight = {weight}\nfallback = [{fallback}]\n"
        )
    };
    let toml = [
        weighted("openai:cheap", "0.5", "\"anthropic:dear\", \"gemini:dearest\""),
        weighted("anthropic:dear", "3.0", ""),
        weighted("gemini:dearest", "4.0", ""),
        weighted("demo:d", "1.0", "") + "default = true\n",
        IMAGE_DEMO.to_string(),
        VIDEO_DEMO.to_string(),
    ]
    .concat();
    let a = Scripted::new(vec![]);
    let g = Gateway::empty(Catalogue::from_toml(&toml).unwrap())
        .with_provider(ProviderKind::OpenAi, a.clone())
        .with_provider(ProviderKind::Anthropic, a.clone());
    assert_eq!(g.reserve_weight_milli("openai:cheap"), Some(3000), "gemini has no key, so it cannot answer");
    assert_eq!(g.reserve_weight_milli("anthropic:dear"), Some(3000));
    assert_eq!(g.reserve_weight_milli("gemini:dearest"), None, "not enabled");
    let g = g.with_provider(ProviderKind::Gemini, a);
    assert_eq!(g.reserve_weight_milli("openai:cheap"), Some(4000));
}
