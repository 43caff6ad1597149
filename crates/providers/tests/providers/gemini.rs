//! Gemini `streamGenerateContent?alt=sse` against a fake speaking its format (apis.md §3):
//! no event names, no terminator, cumulative `usageMetadata`.

use crate::cases::{self, request, Wire, KEY};
use crate::fake::{collect, long_timeouts, End, Fake, Reply, ARABIC, ARABIC_PIECES};
use pulse_providers::gemini::GeminiProvider;
use pulse_providers::{
    ChatProvider, ChatRequest, Endpoint, Event, FinishReason, Message, Part, ProviderError, Role, Timeouts, Usage,
};
use serde_json::json;
use std::sync::Arc;

fn make(base: &str, timeouts: Timeouts) -> Arc<dyn ChatProvider> {
    Arc::new(GeminiProvider::new(Endpoint::new(base, Some(KEY.into())), timeouts))
}

fn chunk(text: &str, finish: Option<&str>, usage: (u64, u64, u64)) -> String {
    let mut candidate = json!({"content": {"role": "model", "parts": [{"text": text}]}, "index": 0});
    if let Some(f) = finish {
        candidate["finishReason"] = json!(f);
    }
    let (prompt, candidates, thoughts) = usage;
    let c = json!({
        "candidates": [candidate],
        "usageMetadata": {"promptTokenCount": prompt, "candidatesTokenCount": candidates,
                          "thoughtsTokenCount": thoughts, "totalTokenCount": prompt + candidates + thoughts},
        "modelVersion": "gemini-2.5-flash", "responseId": "abc123"
    });
    format!("data: {c}\r\n\r\n")
}

/// One chunk per piece, usage growing on each, no finish reason.
pub fn text_frames(pieces: &[&str]) -> String {
    pieces.iter().enumerate().map(|(i, p)| chunk(p, None, (12, 3 * (i as u64 + 1), 4))).collect()
}

const WIRE: Wire = Wire {
    make,
    text_frames,
    rate_limit_body: r#"{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}"#,
    bad_key_status: 400,
    bad_key_body: r#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#,
};

#[tokio::test]
async fn streams_text_and_keeps_the_last_usage() {
    let mut wire = text_frames(&ARABIC_PIECES[..3]);
    wire.push_str(&chunk(ARABIC_PIECES[3], Some("STOP"), (12, 15, 4)));
    let fake = Fake::start(vec![Reply::sse_split(&wire, 9, End::Close)]).await;
    let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
    assert_eq!(c.text, ARABIC);
    assert_eq!(c.texts, 4);
    assert_eq!(
        c.events,
        vec![Event::Usage(Usage { input_tokens: 12, output_tokens: 19 }), Event::Finished(FinishReason::Stop)]
    );
    assert_eq!(c.error, None);
}

#[tokio::test]
async fn finish_reasons_usage_not_reset_and_thoughts_skipped() {
    for (reason, expected) in [
        ("MAX_TOKENS", FinishReason::Length),
        ("SAFETY", FinishReason::ContentFilter),
        ("PROHIBITED_CONTENT", FinishReason::ContentFilter),
        ("MALFORMED_FUNCTION_CALL", FinishReason::Other),
    ] {
        let mut wire = text_frames(&["Hi"]);
        // A thought part, then a chunk without usageMetadata, must not change anything.
        let thought =
            json!({"candidates": [{"content": {"role": "model", "parts": [{"text": "hmm", "thought": true}]}}]});
        wire.push_str(&format!("data: {thought}\n\n"));
        let last =
            json!({"candidates": [{"content": {"role": "model", "parts": [{"text": "!"}]}, "finishReason": reason}]});
        wire.push_str(&format!("data: {last}\n\n"));
        let fake = Fake::start(vec![Reply::sse(&wire)]).await;
        let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
        assert_eq!(c.text, "Hi!");
        assert_eq!(
            c.events,
            vec![Event::Usage(Usage { input_tokens: 12, output_tokens: 7 }), Event::Finished(expected)],
            "{reason}"
        );
    }
}

#[tokio::test]
async fn blocked_prompt() {
    let blocked = json!({"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9}});
    let fake = Fake::start(vec![Reply::sse(&format!("data: {blocked}\n\n"))]).await;
    let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
    assert_eq!(c.text, "");
    assert_eq!(
        c.events,
        vec![Event::Usage(Usage { input_tokens: 9, output_tokens: 0 }), Event::Finished(FinishReason::ContentFilter)]
    );
}

#[tokio::test]
async fn request_shape() {
    let fake = Fake::start(vec![Reply::sse(&chunk("ok", Some("STOP"), (1, 1, 0)))]).await;
    let req = ChatRequest {
        model: "gemini-2.5-flash".into(),
        system: Some("أجب بإيجاز.".into()),
        messages: vec![
            Message::text(Role::User, "مرحبا"),
            Message::text(Role::Assistant, "أهلًا"),
            Message {
                role: Role::User,
                parts: vec![
                    Part::Text("ما هذا؟".into()),
                    Part::Image { mime: "image/webp".into(), data: b"RIFF".to_vec() },
                ],
            },
        ],
        max_output_tokens: 2048,
        temperature: None,
    };
    collect(make(&fake.base, long_timeouts()).stream(req).await.unwrap()).await;
    let r = fake.request();
    assert_eq!(r.path, "/v1/models/gemini-2.5-flash:streamGenerateContent");
    assert_eq!(r.query.as_deref(), Some("alt=sse"));
    assert_eq!(r.header("x-goog-api-key"), Some(KEY));
    assert_eq!(r.header("authorization"), None);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.body,
        json!({
            "systemInstruction": {"parts": [{"text": "أجب بإيجاز."}]},
            "contents": [
                {"role": "user", "parts": [{"text": "مرحبا"}]},
                {"role": "model", "parts": [{"text": "أهلًا"}]},
                {"role": "user", "parts": [{"text": "ما هذا؟"}, {"inlineData": {"mimeType": "image/webp", "data": "UklGRg=="}}]}
            ],
            "generationConfig": {"maxOutputTokens": 2048}
        })
    );
}

#[tokio::test]
async fn overloaded_503_and_error_in_stream() {
    let overloaded =
        r#"{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"#;
    let mut mid = text_frames(&["Hel"]);
    mid.push_str(&format!("data: {overloaded}\n\n"));
    let fake = Fake::start(vec![Reply::status(503, overloaded), Reply::sse(&mid)]).await;
    let p = make(&fake.base, long_timeouts());
    assert_eq!(p.stream(request()).await.err(), Some(ProviderError::Unavailable { status: 503 }));
    let c = collect(p.stream(request()).await.unwrap()).await;
    assert_eq!(c.text, "Hel");
    assert_eq!(c.error, Some(ProviderError::Unavailable { status: 503 }));
}

#[tokio::test]
async fn odd_model_names_are_refused_before_sending() {
    let p = make("http://127.0.0.1:9/v1beta", long_timeouts());
    let mut req = request();
    req.model = "../files?x=1".into();
    assert!(matches!(p.stream(req).await.err(), Some(ProviderError::Rejected { status: 400, .. })));
}

#[tokio::test]
async fn rate_limited() {
    cases::rate_limited(&WIRE).await;
}

#[tokio::test]
async fn server_errors() {
    cases::server_errors(&WIRE).await;
}

#[tokio::test]
async fn bad_key_is_rejected_without_echoing_it() {
    cases::bad_key(&WIRE).await;
}

#[tokio::test]
async fn broken_stream() {
    cases::broken_stream(&WIRE).await;
}

#[tokio::test]
async fn slow_stream() {
    cases::slow(&WIRE).await;
}

#[tokio::test]
async fn client_disconnect() {
    cases::client_disconnect(&WIRE).await;
}

#[tokio::test]
async fn connection_refused() {
    cases::refused(&WIRE).await;
}
