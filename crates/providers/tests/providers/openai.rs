//! OpenAI Chat Completions against a fake speaking its streaming format (apis.md §1.1).

use crate::cases::{self, request, Wire, KEY};
use crate::fake::{collect, long_timeouts, End, Fake, Reply, ARABIC, ARABIC_PIECES};
use pulse_providers::openai::OpenAiProvider;
use pulse_providers::{
    ChatProvider, ChatRequest, Endpoint, Event, FinishReason, Message, Part, ProviderError, Role, Timeouts, Usage,
};
use serde_json::json;
use std::sync::Arc;

fn make(base: &str, timeouts: Timeouts) -> Arc<dyn ChatProvider> {
    Arc::new(OpenAiProvider::new(Endpoint::new(base, Some(KEY.into())), timeouts))
}

fn chunk(delta: serde_json::Value, finish: Option<&str>) -> String {
    let c = json!({
        "id": "chatcmpl-abc", "object": "chat.completion.chunk", "created": 1715762479, "model": "gpt-5-mini",
        "system_fingerprint": null,
        "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}],
        "usage": null
    });
    format!("data: {c}\n\n")
}

/// The start of an answer: the role chunk, then one chunk per piece.
pub fn text_frames(pieces: &[&str]) -> String {
    let mut s = chunk(json!({"role": "assistant", "content": ""}), None);
    for p in pieces {
        s.push_str(&chunk(json!({"content": p}), None));
    }
    s
}

/// A whole answer: text, the finish chunk, the usage chunk (`choices: []`), `[DONE]`.
pub fn answer(pieces: &[&str], finish: &str, usage: Option<(u64, u64)>) -> String {
    let mut s = text_frames(pieces);
    s.push_str(&chunk(json!({}), Some(finish)));
    if let Some((p, c)) = usage {
        let u = json!({
            "id": "chatcmpl-abc", "object": "chat.completion.chunk", "created": 1715762479, "model": "gpt-5-mini",
            "choices": [], "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c,
            "prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}}
        });
        s.push_str(&format!("data: {u}\n\n"));
    }
    s.push_str("data: [DONE]\n\n");
    s
}

const WIRE: Wire = Wire {
    make,
    text_frames,
    rate_limit_body: r#"{"error":{"message":"Rate limit reached for gpt-5-mini","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
    bad_key_status: 401,
    bad_key_body: r#"{"error":{"message":"Incorrect API key provided: test-key-0123456789. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#,
};

#[tokio::test]
async fn streams_text_usage_and_finish_split_mid_line() {
    let fake =
        Fake::start(vec![Reply::sse_split(&answer(&ARABIC_PIECES, "stop", Some((24, 58))), 7, End::Close)]).await;
    let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
    assert_eq!(c.text, ARABIC);
    assert_eq!(c.texts, ARABIC_PIECES.len(), "one Text per chunk");
    assert_eq!(
        c.events,
        vec![Event::Usage(Usage { input_tokens: 24, output_tokens: 58 }), Event::Finished(FinishReason::Stop)]
    );
    assert_eq!(c.error, None);
}

#[tokio::test]
async fn crlf_line_ends_and_other_finish_reasons() {
    for (reason, expected) in [
        ("length", FinishReason::Length),
        ("content_filter", FinishReason::ContentFilter),
        ("tool_calls", FinishReason::Other),
    ] {
        let wire = answer(&["Hello", ", world"], reason, Some((5, 2))).replace('\n', "\r\n");
        let fake = Fake::start(vec![Reply::sse(&wire)]).await;
        let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
        assert_eq!(c.text, "Hello, world");
        assert_eq!(c.events.last(), Some(&Event::Finished(expected)));
        assert_eq!(c.error, None);
    }
}

#[tokio::test]
async fn request_shape() {
    let fake = Fake::start(vec![Reply::sse(&answer(&["ok"], "stop", Some((1, 1))))]).await;
    let req = ChatRequest {
        model: "gpt-5-mini".into(),
        system: Some("أجب بإيجاز.".into()),
        messages: vec![
            Message::text(Role::User, "مرحبا"),
            Message::text(Role::Assistant, "أهلًا"),
            Message {
                role: Role::User,
                parts: vec![
                    Part::Text("ما هذا؟".into()),
                    Part::Image { mime: "image/png".into(), data: b"\x89PNG".to_vec() },
                ],
            },
        ],
        max_output_tokens: 321,
        temperature: Some(0.7),
    };
    let c = collect(make(&fake.base, long_timeouts()).stream(req).await.unwrap()).await;
    assert_eq!(c.text, "ok");
    let r = fake.request();
    assert_eq!(r.path, "/v1/chat/completions");
    assert_eq!(r.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("accept"), Some("text/event-stream"));
    assert_eq!(
        r.body,
        json!({
            "model": "gpt-5-mini",
            "messages": [
                {"role": "system", "content": "أجب بإيجاز."},
                {"role": "user", "content": "مرحبا"},
                {"role": "assistant", "content": "أهلًا"},
                {"role": "user", "content": [
                    {"type": "text", "text": "ما هذا؟"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw=="}}
                ]}
            ],
            "stream": true,
            "stream_options": {"include_usage": true},
            "max_completion_tokens": 321,
            "temperature": 0.7
        })
    );
}

#[tokio::test]
async fn error_frame_inside_the_stream() {
    let mut wire = text_frames(&["Hel"]);
    wire.push_str("data: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}\n\n");
    let fake = Fake::start(vec![Reply::sse(&wire)]).await;
    let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
    assert_eq!(c.text, "Hel");
    assert_eq!(c.error, Some(ProviderError::Unavailable { status: 500 }));
}

#[tokio::test]
async fn done_before_the_connection_closes_ends_the_stream() {
    // [DONE] arrives but the server keeps the connection open: the answer is over anyway.
    let fake = Fake::start(vec![Reply::Sse {
        pieces: vec![crate::fake::Piece::Bytes(answer(&["done"], "stop", Some((3, 1))).into_bytes())],
        end: End::Hang,
    }])
    .await;
    let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
    assert_eq!((c.text.as_str(), c.error), ("done", None));
    assert_eq!(c.events.len(), 2);
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
