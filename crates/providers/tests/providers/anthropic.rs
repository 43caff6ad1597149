//! Anthropic Messages against a fake speaking its named-event stream (apis.md §2).

use crate::cases::{self, request, Wire, KEY};
use crate::fake::{collect, long_timeouts, End, Fake, Reply, ARABIC, ARABIC_PIECES};
use pulse_providers::anthropic::AnthropicProvider;
use pulse_providers::{
    ChatProvider, ChatRequest, Endpoint, Event, FinishReason, Message, Part, ProviderError, Role, Timeouts, Usage,
};
use serde_json::json;
use std::sync::Arc;

fn make(base: &str, timeouts: Timeouts) -> Arc<dyn ChatProvider> {
    Arc::new(AnthropicProvider::new(Endpoint::new(base, Some(KEY.into())), timeouts))
}

fn event(data: serde_json::Value) -> String {
    format!("event: {}\ndata: {data}\n\n", data["type"].as_str().unwrap())
}

/// message_start (input 25, cache read 5) → content_block_start → ping → deltas.
pub fn text_frames(pieces: &[&str]) -> String {
    let mut s = event(json!({"type": "message_start", "message": {
        "id": "msg_01", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5-20250929",
        "stop_reason": null, "stop_sequence": null,
        "usage": {"input_tokens": 25, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 5, "output_tokens": 1}
    }}));
    s.push_str(&event(
        json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
    ));
    s.push_str("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    for p in pieces {
        s.push_str(&event(
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}}),
        ));
    }
    s
}

pub fn answer(pieces: &[&str], stop_reason: &str, output_tokens: u64) -> String {
    let mut s = text_frames(pieces);
    s.push_str(&event(json!({"type": "content_block_stop", "index": 0})));
    s.push_str(&event(json!({"type": "message_delta", "delta": {"stop_reason": stop_reason, "stop_sequence": null},
        "usage": {"output_tokens": output_tokens}})));
    s.push_str(&event(json!({"type": "message_stop"})));
    s
}

const WIRE: Wire = Wire {
    make,
    text_frames,
    rate_limit_body: r#"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_1"}"#,
    bad_key_status: 401,
    bad_key_body: r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_2"}"#,
};

#[tokio::test]
async fn streams_text_usage_and_finish_split_mid_line() {
    let fake = Fake::start(vec![Reply::sse_split(&answer(&ARABIC_PIECES, "end_turn", 15), 5, End::Close)]).await;
    let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
    assert_eq!(c.text, ARABIC);
    assert_eq!(c.texts, ARABIC_PIECES.len());
    assert_eq!(
        c.events,
        vec![Event::Usage(Usage { input_tokens: 30, output_tokens: 15 }), Event::Finished(FinishReason::Stop)]
    );
    assert_eq!(c.error, None);
}

#[tokio::test]
async fn crlf_and_stop_reasons_and_thinking_skipped() {
    for (reason, expected) in [
        ("max_tokens", FinishReason::Length),
        ("stop_sequence", FinishReason::Stop),
        ("refusal", FinishReason::ContentFilter),
        ("tool_use", FinishReason::Other),
    ] {
        let mut wire = text_frames(&["Hi"]);
        wire.push_str(&event(
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "hmm"}}),
        ));
        wire.push_str(&answer(&[], reason, 3)[text_frames(&[]).len()..]);
        let fake = Fake::start(vec![Reply::sse(&wire.replace('\n', "\r\n"))]).await;
        let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
        assert_eq!(c.text, "Hi");
        assert_eq!(c.events.last(), Some(&Event::Finished(expected)), "{reason}");
        assert_eq!(c.error, None);
    }
}

#[tokio::test]
async fn request_shape() {
    let fake = Fake::start(vec![Reply::sse(&answer(&["ok"], "end_turn", 1))]).await;
    let req = ChatRequest {
        model: "claude-sonnet-4-5".into(),
        system: Some("أجب بإيجاز.".into()),
        messages: vec![
            Message::text(Role::User, "مرحبا"),
            Message::text(Role::Assistant, "أهلًا"),
            Message {
                role: Role::User,
                parts: vec![Part::Image { mime: "image/jpeg".into(), data: vec![0xff, 0xd8] }, Part::Text("صف".into())],
            },
        ],
        max_output_tokens: 1024,
        temperature: Some(0.3),
    };
    collect(make(&fake.base, long_timeouts()).stream(req).await.unwrap()).await;
    let r = fake.request();
    assert_eq!(r.path, "/v1/messages");
    assert_eq!(r.header("x-api-key"), Some(KEY));
    assert_eq!(r.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("authorization"), None);
    assert_eq!(
        r.body,
        json!({
            "model": "claude-sonnet-4-5",
            "max_tokens": 1024,
            "system": "أجب بإيجاز.",
            "stream": true,
            "temperature": 0.3,
            "messages": [
                {"role": "user", "content": "مرحبا"},
                {"role": "assistant", "content": "أهلًا"},
                {"role": "user", "content": [
                    {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9g="}},
                    {"type": "text", "text": "صف"}
                ]}
            ]
        })
    );
}

#[tokio::test]
async fn overloaded_529_and_error_events() {
    let overloaded = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    let mut mid_stream = text_frames(&["Hel"]);
    mid_stream.push_str(&format!("event: error\ndata: {overloaded}\n\n"));
    let mut invalid = text_frames(&[]);
    invalid.push_str("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}\n\n");
    let fake = Fake::start(vec![Reply::status(529, overloaded), Reply::sse(&mid_stream), Reply::sse(&invalid)]).await;
    let p = make(&fake.base, long_timeouts());
    assert_eq!(p.stream(request()).await.err(), Some(ProviderError::Unavailable { status: 529 }));

    let c = collect(p.stream(request()).await.unwrap()).await;
    assert_eq!(c.text, "Hel");
    assert_eq!(c.error, Some(ProviderError::Unavailable { status: 529 }));

    let c = collect(p.stream(request()).await.unwrap()).await;
    assert!(matches!(c.error, Some(ProviderError::Protocol(ref m)) if m.contains("invalid_request_error")), "{c:?}");
}

#[tokio::test]
async fn cut_after_message_delta_still_ends_normally() {
    // The stop reason and usage arrived; only message_stop was lost.
    let full = answer(&["fin"], "end_turn", 2);
    let cut = &full[..full.find("event: message_stop").unwrap()];
    let fake = Fake::start(vec![Reply::sse_split(cut, 64, End::Cut)]).await;
    let c = collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
    assert_eq!(c.error, None);
    assert_eq!(
        c.events,
        vec![Event::Usage(Usage { input_tokens: 30, output_tokens: 2 }), Event::Finished(FinishReason::Stop)]
    );
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
