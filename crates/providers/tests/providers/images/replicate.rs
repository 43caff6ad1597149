//! Replicate predictions against a fake (apis.md §4.1): the sync wait, polling, downloads,
//! and the token kept from other hosts.

use super::{collect, png, request};
use crate::cases::KEY;
use crate::fake::{long_timeouts, short_timeouts, Fake, Reply};
use pulse_providers::image::replicate::ReplicateImages;
use pulse_providers::image::{Aspect, ImageProvider};
use pulse_providers::{Endpoint, ProviderError, Timeouts};
use serde_json::{json, Value};
use std::time::Duration;

const MODEL: &str = "black-forest-labs/flux-schnell";

fn make(base: &str, timeouts: Timeouts) -> ReplicateImages {
    ReplicateImages::new(Endpoint::new(base, Some(KEY.into())), timeouts)
        .with_poll_interval(Duration::from_millis(20))
        .with_deadline(Duration::from_secs(20))
}

/// A prediction object as the API returns it, its URLs on `origin`.
fn prediction(origin: &str, status: &str, output: Value, error: Value) -> Reply {
    let get = format!("{origin}/v1/predictions/gm3qorzdhg");
    Reply::json(&json!({
        "id": "gm3qorzdhg", "model": MODEL, "version": "hidden", "input": {"prompt": "x"}, "logs": "",
        "output": output, "data_removed": false, "error": error, "status": status,
        "created_at": "2025-01-01T00:00:00.000Z",
        "urls": {"get": get, "cancel": format!("{get}/cancel"), "stream": "https://stream.replicate.com/v1/files/x"},
        "metrics": {"predict_time": 1.2}
    }))
}

fn bearer() -> String {
    format!("Bearer {KEY}")
}

#[tokio::test]
async fn processing_then_polled_until_it_succeeds_then_downloaded() {
    let api = Fake::start(vec![]).await;
    let o = api.origin.clone();
    let outputs = json!([format!("{o}/files/out-0.png"), format!("{o}/files/out-1.png")]);
    api.push(vec![
        prediction(&o, "starting", Value::Null, Value::Null),
        prediction(&o, "processing", Value::Null, Value::Null),
        prediction(&o, "succeeded", outputs, Value::Null),
        Reply::bytes("image/png", &png(0)),
        Reply::bytes("image/png", &png(1)),
    ]);
    let got =
        collect(make(&api.base, long_timeouts()).generate(request(MODEL, 2, Aspect::Portrait)).await.unwrap()).await;
    assert_eq!(got.error, None);
    assert_eq!(got.images.iter().map(|i| i.data.clone()).collect::<Vec<_>>(), vec![png(0), png(1)], "in order");
    let r = api.requests();
    let seen: Vec<_> = r.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(
        seen,
        vec![
            ("POST", "/v1/models/black-forest-labs/flux-schnell/predictions"),
            ("GET", "/v1/predictions/gm3qorzdhg"),
            ("GET", "/v1/predictions/gm3qorzdhg"),
            ("GET", "/files/out-0.png"),
            ("GET", "/files/out-1.png"),
        ]
    );
    assert_eq!(
        r[0].body,
        json!({"input": {"prompt": "قطة ترتدي قبعة", "num_outputs": 2, "aspect_ratio": "4:5", "output_format": "png"}})
    );
    assert_eq!(r[0].header("prefer"), Some("wait=29"), "under the 30 s first-byte timeout");
    assert!(r.iter().all(|r| r.header("authorization") == Some(bearer().as_str())), "its own host gets the token");
}

#[tokio::test]
async fn a_finished_answer_needs_no_poll_and_the_token_stays_home() {
    let delivery = Fake::start(vec![Reply::bytes("image/webp", b"RIFF\x10\0\0\0WEBPVP8 ")]).await;
    let api = Fake::start(vec![]).await;
    api.push(vec![prediction(
        &api.origin,
        "succeeded",
        json!(format!("{}/xezq/out-0.webp", delivery.origin)),
        Value::Null,
    )]);
    let mut timeouts = long_timeouts();
    timeouts.first_byte = Duration::from_secs(300);
    let got = collect(make(&api.base, timeouts).generate(request(MODEL, 1, Aspect::Square)).await.unwrap()).await;
    assert_eq!(got.images.iter().map(|i| i.mime.as_str()).collect::<Vec<_>>(), vec!["image/webp"]);
    let r = api.request();
    assert_eq!(r.header("prefer"), Some("wait=60"), "60 at most");
    assert_eq!(r.header("authorization"), Some(bearer().as_str()));
    let d = delivery.request();
    assert_eq!(d.path, "/xezq/out-0.webp");
    assert_eq!(d.header("authorization"), None, "the token never goes to the delivery host");
}

#[tokio::test]
async fn fewer_outputs_than_asked_is_a_partial_result() {
    let api = Fake::start(vec![]).await;
    let o = api.origin.clone();
    api.push(vec![
        prediction(&o, "succeeded", json!([format!("{o}/files/out-0.png")]), Value::Null),
        Reply::bytes("image/png", &png(0)),
    ]);
    let got =
        collect(make(&api.base, long_timeouts()).generate(request(MODEL, 2, Aspect::Square)).await.unwrap()).await;
    assert_eq!((got.sorted(), got.error), (vec![png(0)], None));
}

#[tokio::test]
async fn http_errors() {
    let api = Fake::start(vec![
        Reply::Status {
            status: 429,
            headers: vec![("retry-after", "12".into())],
            body: r#"{"title":"Request was throttled","detail":"Request was throttled. Expected available in 12 seconds.","status":429}"#.into(),
        },
        Reply::status(500, r#"{"title":"Internal server error","status":500}"#),
        Reply::status(422, r#"{"title":"Input validation failed","detail":"- input.num_outputs: Must be less than or equal to 4","status":422}"#),
        Reply::status(401, r#"{"title":"Unauthenticated","detail":"You did not pass a valid authentication token","status":401}"#),
    ])
    .await;
    let p = make(&api.base, long_timeouts());
    let go = || p.generate(request(MODEL, 2, Aspect::Square));
    assert_eq!(go().await.err(), Some(ProviderError::RateLimited { retry_after_secs: Some(12) }));
    assert_eq!(go().await.err(), Some(ProviderError::Unavailable { status: 500 }));
    assert_eq!(
        go().await.err(),
        Some(ProviderError::Rejected {
            status: 422,
            message: "- input.num_outputs: Must be less than or equal to 4".into()
        })
    );
    assert_eq!(
        go().await.err(),
        Some(ProviderError::Rejected { status: 401, message: "You did not pass a valid authentication token".into() })
    );
}

#[tokio::test]
async fn failed_predictions() {
    let api = Fake::start(vec![]).await;
    let o = api.origin.clone();
    api.push(vec![
        prediction(&o, "processing", Value::Null, Value::Null),
        prediction(
            &o,
            "failed",
            Value::Null,
            json!("NSFW content detected. Try running it again, or try a different prompt."),
        ),
        prediction(&o, "failed", Value::Null, json!("CUDA out of memory")),
    ]);
    let p = make(&api.base, long_timeouts());
    let err = p.generate(request(MODEL, 1, Aspect::Square)).await.err().unwrap();
    assert!(matches!(&err, ProviderError::Safety(m) if m.starts_with("NSFW content detected")), "{err:?}");
    assert_eq!(
        p.generate(request(MODEL, 1, Aspect::Square)).await.err(),
        Some(ProviderError::Unavailable { status: 500 })
    );
}

#[tokio::test]
async fn timeouts_while_waiting_and_while_polling() {
    // The create call is held past the first-byte timeout.
    let api = Fake::start(vec![Reply::NoHeaders]).await;
    assert_eq!(
        make(&api.base, short_timeouts()).generate(request(MODEL, 1, Aspect::Square)).await.err(),
        Some(ProviderError::Timeout)
    );
    // The prediction never finishes within the deadline: Timeout, and it is canceled.
    let api = Fake::start(vec![]).await;
    api.push((0..200).map(|_| prediction(&api.origin, "processing", Value::Null, Value::Null)).collect());
    let p = make(&api.base, long_timeouts()).with_deadline(Duration::from_millis(300));
    assert_eq!(p.generate(request(MODEL, 1, Aspect::Square)).await.err(), Some(ProviderError::Timeout));
    let mut canceled = false;
    for _ in 0..100 {
        canceled = api.requests().iter().any(|r| r.method == "POST" && r.path == "/v1/predictions/gm3qorzdhg/cancel");
        if canceled {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(canceled, "the prediction was not canceled");
}

#[tokio::test]
async fn no_edits_and_no_odd_models() {
    let p = make("http://127.0.0.1:9/v1", long_timeouts());
    let mut req = request(MODEL, 1, Aspect::Square);
    req.source = Some(super::source());
    assert!(matches!(p.generate(req).await.err(), Some(ProviderError::Rejected { status: 400, .. })));
    for bad in ["flux-schnell", "a/b/c", "../x"] {
        assert!(
            matches!(
                p.generate(request(bad, 1, Aspect::Square)).await.err(),
                Some(ProviderError::Rejected { status: 400, .. })
            ),
            "{bad}"
        );
    }
}
