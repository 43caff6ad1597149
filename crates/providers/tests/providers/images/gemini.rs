//! Gemini 2.5 Flash Image ("Nano Banana") through `:generateContent` against a fake
//! (apis.md §3.3–3.4): one call per picture.

use super::{b64, collect, png, request, source};
use crate::cases::KEY;
use crate::fake::{long_timeouts, short_timeouts, Fake, Reply};
use pulse_providers::image::gemini::GeminiImages;
use pulse_providers::image::{Aspect, ImageProvider};
use pulse_providers::{Endpoint, ProviderError, Timeouts};
use serde_json::json;
use std::time::Duration;

const MODEL: &str = "gemini-2.5-flash-image";

fn make(base: &str, timeouts: Timeouts) -> GeminiImages {
    GeminiImages::new(Endpoint::new(base, Some(KEY.into())), timeouts)
}

/// A 200 answer with some text and the picture.
fn picture(bytes: &[u8]) -> Reply {
    Reply::json(&json!({
        "candidates": [{"content": {"role": "model", "parts": [
            {"text": "Here you go"},
            {"inlineData": {"mimeType": "image/png", "data": b64(bytes)}}
        ]}, "finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 1290, "totalTokenCount": 1300},
        "modelVersion": MODEL
    }))
}

fn refused(reason: &str) -> Reply {
    Reply::json(
        &json!({"candidates": [{"content": {"role": "model", "parts": []}, "finishReason": reason, "index": 0}]}),
    )
}

#[tokio::test]
async fn two_pictures_are_two_calls() {
    let fake = Fake::start(vec![picture(&png(1)), picture(&png(2))]).await;
    let got =
        collect(make(&fake.base, long_timeouts()).generate(request(MODEL, 2, Aspect::Story)).await.unwrap()).await;
    assert_eq!(got.error, None);
    assert_eq!(got.sorted(), vec![png(1), png(2)]);
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    for r in requests {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/models/gemini-2.5-flash-image:generateContent"));
        assert_eq!(r.header("x-goog-api-key"), Some(KEY));
        assert_eq!(r.header("authorization"), None);
        assert_eq!(
            r.body,
            json!({
                "contents": [{"parts": [{"text": "قطة ترتدي قبعة"}]}],
                "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": {"aspectRatio": "9:16"}}
            })
        );
    }
}

#[tokio::test]
async fn an_edit_sends_the_picture_inline() {
    let fake = Fake::start(vec![picture(&png(5))]).await;
    let mut req = request(MODEL, 4, Aspect::Square);
    req.source = Some(source());
    let got = collect(make(&fake.base, long_timeouts()).generate(req).await.unwrap()).await;
    assert_eq!(got.sorted(), vec![png(5)]);
    let r = fake.request();
    assert_eq!(
        r.body["contents"][0]["parts"],
        json!([{"text": "قطة ترتدي قبعة"}, {"inlineData": {"mimeType": "image/png", "data": b64(&super::real_png())}}])
    );
    assert_eq!(
        r.body["generationConfig"],
        json!({"responseModalities": ["IMAGE"]}),
        "no aspect ratio: the model keeps the source's"
    );
}

#[tokio::test]
async fn one_call_failing_leaves_a_partial_result() {
    let overloaded =
        r#"{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"#;
    let fake = Fake::start(vec![picture(&png(1)), Reply::status(503, overloaded)]).await;
    let got =
        collect(make(&fake.base, long_timeouts()).generate(request(MODEL, 2, Aspect::Square)).await.unwrap()).await;
    assert_eq!((got.sorted(), got.error), (vec![png(1)], None));
}

#[tokio::test]
async fn all_calls_failing_give_the_error_first() {
    let exhausted = r#"{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}"#;
    let limited = || Reply::Status { status: 429, headers: vec![("retry-after", "12".into())], body: exhausted.into() };
    let fake = Fake::start(vec![
        limited(),
        limited(),
        Reply::status(500, r#"{"error":{"code":500,"message":"Internal error","status":"INTERNAL"}}"#),
    ])
    .await;
    let p = make(&fake.base, long_timeouts());
    let got = collect(p.generate(request(MODEL, 2, Aspect::Square)).await.unwrap()).await;
    assert_eq!((got.images.len(), got.error), (0, Some(ProviderError::RateLimited { retry_after_secs: Some(12) })));
    let got = collect(p.generate(request(MODEL, 1, Aspect::Square)).await.unwrap()).await;
    assert_eq!(got.error, Some(ProviderError::Unavailable { status: 500 }));
}

#[tokio::test]
async fn safety_refusals() {
    let blocked = Reply::json(
        &json!({"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}, "usageMetadata": {"promptTokenCount": 9}}),
    );
    let fake = Fake::start(vec![refused("IMAGE_SAFETY"), refused("PROHIBITED_CONTENT"), blocked]).await;
    let p = make(&fake.base, long_timeouts());
    for expected in ["IMAGE_SAFETY", "PROHIBITED_CONTENT", "PROHIBITED_CONTENT"] {
        let got = collect(p.generate(request(MODEL, 1, Aspect::Square)).await.unwrap()).await;
        assert_eq!((got.images.len(), got.error), (0, Some(ProviderError::Safety(expected.into()))));
    }
}

#[tokio::test]
async fn a_refusal_among_pictures_is_still_reported() {
    // The refusal answers last, so that the picture comes first whatever the order.
    let fake = Fake::start(vec![
        picture(&png(1)),
        Reply::After(Duration::from_millis(200), Box::new(refused("IMAGE_SAFETY"))),
    ])
    .await;
    let got =
        collect(make(&fake.base, long_timeouts()).generate(request(MODEL, 2, Aspect::Square)).await.unwrap()).await;
    assert_eq!(got.images.len(), 1);
    assert_eq!(got.error, Some(ProviderError::Safety("IMAGE_SAFETY".into())));
}

#[tokio::test]
async fn text_without_a_picture_is_a_protocol_error() {
    let text = Reply::json(
        &json!({"candidates": [{"content": {"parts": [{"text": "I can only describe it."}]}, "finishReason": "STOP"}]}),
    );
    let fake = Fake::start(vec![text]).await;
    let got =
        collect(make(&fake.base, long_timeouts()).generate(request(MODEL, 1, Aspect::Square)).await.unwrap()).await;
    assert!(matches!(&got.error, Some(ProviderError::Protocol(m)) if m.contains("I can only describe it.")), "{got:?}");
}

#[tokio::test]
async fn a_server_that_holds_the_answer_times_out() {
    let fake = Fake::start(vec![Reply::NoHeaders, Reply::NoHeaders]).await;
    let got =
        collect(make(&fake.base, short_timeouts()).generate(request(MODEL, 2, Aspect::Square)).await.unwrap()).await;
    assert_eq!((got.images.len(), got.error), (0, Some(ProviderError::Timeout)));
}

#[tokio::test]
async fn odd_model_names_are_refused_before_sending() {
    let p = make("http://127.0.0.1:9/v1beta", long_timeouts());
    assert!(matches!(
        p.generate(request("../files?x=1", 1, Aspect::Square)).await.err(),
        Some(ProviderError::Rejected { status: 400, .. })
    ));
}
