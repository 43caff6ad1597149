//! OpenAI-compatible servers (apis.md §5): the OpenAI format with the leniencies local
//! servers need.

use crate::cases::{self, request, Wire, KEY};
use crate::fake::{collect, long_timeouts, End, Fake, Reply, ARABIC, ARABIC_PIECES};
use pulse_providers::compatible::CompatibleProvider;
use pulse_providers::{ChatProvider, Endpoint, Event, FinishReason, Timeouts, Usage};
use serde_json::json;
use std::sync::Arc;

fn make(base: &str, timeouts: Timeouts) -> Arc<dyn ChatProvider> {
    Arc::new(CompatibleProvider::new(Endpoint::new(base, Some(KEY.into())), timeouts))
}

fn keyless(base: &str) -> Arc<dyn ChatProvider> {
    Arc::new(CompatibleProvider::new(Endpoint::new(format!("{base}/"), None), long_timeouts()))
}

/// Ollama-like chunks: no `id`, no `system_fingerprint`, no `usage` key at all.
fn text_frames(pieces: &[&str]) -> String {
    pieces
        .iter()
        .map(|p| {
            let c = json!({"object": "chat.completion.chunk", "created": 1, "model": "llama3.1",
                "choices": [{"index": 0, "delta": {"role": "assistant", "content": p}, "finish_reason": null}]});
            format!("data: {c}\n\n")
        })
        .collect()
}

const WIRE: Wire = Wire {
    make,
    text_frames,
    rate_limit_body: r#"{"error":"too many requests"}"#,
    bad_key_status: 401,
    bad_key_body: r#"{"error":{"message":"invalid api key test-key-0123456789","type":"authentication_error"}}"#,
};

#[tokio::test]
async fn no_usage_and_no_done() {
    let mut wire = text_frames(&ARABIC_PIECES);
    let fin = json!({"model": "llama3.1", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]});
    wire.push_str(&format!("data: {fin}\n\n"));
    let fake = Fake::start(vec![Reply::sse_split(&wire, 11, End::Close)]).await;
    let c = collect(keyless(&fake.base).stream(request()).await.unwrap()).await;
    assert_eq!(c.text, ARABIC);
    assert_eq!(c.events, vec![Event::Finished(FinishReason::Stop)], "no usage, no error");
    assert_eq!(c.error, None);
}

#[tokio::test]
async fn vllm_and_llama_cpp_usage_chunks() {
    // vLLM: `choices: null` in the usage chunk; llama.cpp: `choices: []` plus `timings`.
    for usage_chunk in [
        json!({"id": "cmpl-1", "choices": null, "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}}),
        json!({"choices": [], "usage": {"prompt_tokens": 7, "completion_tokens": 3}, "timings": {"predicted_ms": 12.5}}),
    ] {
        let mut wire = text_frames(&["a", "b"]);
        wire.push_str(&format!(
            "data: {}\n\n",
            json!({"choices": [{"index": 0, "delta": {"content": "c"}, "finish_reason": "length"}], "usage": null})
        ));
        wire.push_str(&format!("data: {usage_chunk}\n\ndata: [DONE]\n\n"));
        let fake = Fake::start(vec![Reply::sse(&wire)]).await;
        let c = collect(keyless(&fake.base).stream(request()).await.unwrap()).await;
        assert_eq!(c.text, "abc");
        assert_eq!(
            c.events,
            vec![Event::Usage(Usage { input_tokens: 7, output_tokens: 3 }), Event::Finished(FinishReason::Length)]
        );
    }
}

#[tokio::test]
async fn request_shape_without_a_key() {
    let wire = format!("{}data: [DONE]\n\n", text_frames(&["ok"]));
    let fake = Fake::start(vec![Reply::sse(&wire), Reply::sse(&wire)]).await;
    let c = collect(keyless(&fake.base).stream(request()).await.unwrap()).await;
    assert_eq!((c.text.as_str(), c.events), ("ok", vec![Event::Finished(FinishReason::Stop)]));
    collect(make(&fake.base, long_timeouts()).stream(request()).await.unwrap()).await;
    let [without, with] = <[_; 2]>::try_from(fake.requests()).unwrap();
    assert_eq!(without.path, "/v1/chat/completions", "the trailing / of the base URL is ignored");
    assert_eq!(without.header("authorization"), None);
    assert_eq!(with.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(without.body["max_tokens"], 100);
    assert!(without.body.get("max_completion_tokens").is_none());
    assert_eq!(without.body["stream"], true);
    assert_eq!(without.body["messages"], json!([{"role": "user", "content": "ما عاصمة الأردن؟"}]));
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
