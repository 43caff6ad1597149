//! Stability Stable Image Core against a fake (apis.md §4.2): multipart in, image bytes out.

use super::{collect, png, request};
use crate::cases::KEY;
use crate::fake::{long_timeouts, short_timeouts, Fake, Reply};
use pulse_providers::image::stability::StabilityImages;
use pulse_providers::image::{Aspect, ImageProvider};
use pulse_providers::{Endpoint, ProviderError, Timeouts};
use serde_json::json;

fn make(base: &str, timeouts: Timeouts) -> StabilityImages {
    StabilityImages::new(Endpoint::new(base, Some(KEY.into())), timeouts)
}

fn picture(bytes: &[u8]) -> Reply {
    Reply::Body {
        status: 200,
        headers: vec![
            ("content-type", "image/png".into()),
            ("finish-reason", "SUCCESS".into()),
            ("seed", "343940597".into()),
        ],
        body: bytes.to_vec(),
    }
}

#[tokio::test]
async fn two_pictures_are_two_multipart_calls() {
    let fake = Fake::start(vec![picture(&png(1)), picture(&png(2))]).await;
    let got =
        collect(make(&fake.base, long_timeouts()).generate(request("core", 2, Aspect::Wide)).await.unwrap()).await;
    assert_eq!((got.sorted(), got.error), (vec![png(1), png(2)], None));
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    for r in requests {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/stable-image/generate/core"));
        assert_eq!(r.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
        assert_eq!(r.header("accept"), Some("image/*"));
        assert!(r.header("content-type").unwrap().starts_with("multipart/form-data"));
        assert_eq!(r.field("prompt").as_deref(), Some("قطة ترتدي قبعة"));
        assert_eq!(r.field("output_format").as_deref(), Some("png"));
        assert_eq!(r.field("aspect_ratio").as_deref(), Some("16:9"));
    }
}

#[tokio::test]
async fn one_call_failing_leaves_a_partial_result() {
    let fake =
        Fake::start(vec![picture(&png(1)), Reply::status(500, r#"{"name":"internal_error","errors":["boom"]}"#)]).await;
    let got =
        collect(make(&fake.base, long_timeouts()).generate(request("core", 2, Aspect::Square)).await.unwrap()).await;
    assert_eq!((got.sorted(), got.error), (vec![png(1)], None));
}

#[tokio::test]
async fn rate_limited_and_unavailable() {
    let limited = || Reply::Status {
        status: 429,
        headers: vec![("retry-after", "12".into())],
        body: r#"{"id":"x","name":"rate_limit_exceeded","errors":["You have exceeded the rate limit"]}"#.into(),
    };
    let fake = Fake::start(vec![
        limited(),
        limited(),
        Reply::status(500, r#"{"id":"x","name":"internal_error","errors":["An unexpected server error occurred"]}"#),
        Reply::status(400, r#"{"id":"x","name":"bad_request","errors":["aspect_ratio: must be one of 16:9, 1:1"]}"#),
    ])
    .await;
    let p = make(&fake.base, long_timeouts());
    let got = collect(p.generate(request("core", 2, Aspect::Square)).await.unwrap()).await;
    assert_eq!((got.images.len(), got.error), (0, Some(ProviderError::RateLimited { retry_after_secs: Some(12) })));
    let got = collect(p.generate(request("core", 1, Aspect::Square)).await.unwrap()).await;
    assert_eq!(got.error, Some(ProviderError::Unavailable { status: 500 }));
    let got = collect(p.generate(request("core", 1, Aspect::Square)).await.unwrap()).await;
    assert_eq!(
        got.error,
        Some(ProviderError::Rejected { status: 400, message: "aspect_ratio: must be one of 16:9, 1:1".into() })
    );
}

#[tokio::test]
async fn content_filtered_and_moderation_are_safety() {
    let filtered = Reply::Body {
        status: 200,
        headers: vec![("content-type", "image/png".into()), ("finish-reason", "CONTENT_FILTERED".into())],
        body: png(9),
    };
    let moderated = Reply::status(
        403,
        r#"{"id":"x","name":"content_moderation","errors":["Your request was flagged by our content moderation system, as a result your request was denied and you were not charged."]}"#,
    );
    let as_json = Reply::json(&json!({"image": super::b64(&png(3)), "finish_reason": "CONTENT_FILTERED", "seed": 1}));
    let fake = Fake::start(vec![filtered, moderated, as_json]).await;
    let p = make(&fake.base, long_timeouts());
    for _ in 0..3 {
        let got = collect(p.generate(request("core", 1, Aspect::Square)).await.unwrap()).await;
        assert!(got.images.is_empty());
        assert!(matches!(got.error, Some(ProviderError::Safety(_))), "{got:?}");
    }
}

#[tokio::test]
async fn a_server_that_holds_the_answer_times_out() {
    let fake = Fake::start(vec![Reply::NoHeaders]).await;
    let got =
        collect(make(&fake.base, short_timeouts()).generate(request("core", 1, Aspect::Square)).await.unwrap()).await;
    assert_eq!(got.error, Some(ProviderError::Timeout));
}

#[tokio::test]
async fn no_edits() {
    let mut req = request("core", 1, Aspect::Square);
    req.source = Some(super::source());
    let p = make("http://127.0.0.1:9/v2beta", long_timeouts());
    assert!(matches!(p.generate(req).await.err(), Some(ProviderError::Rejected { status: 400, .. })));
}
