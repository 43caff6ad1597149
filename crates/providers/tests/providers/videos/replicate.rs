//! A Replicate video model's prediction against a fake: started (no sync wait), polled,
//! failures and safety refusals, and the output downloaded only from allowed hosts without
//! the token.

use super::{exists, mp4, request, Scratch, FAST};
use crate::cases::KEY;
use crate::fake::{long_timeouts, Fake, Reply};
use pulse_providers::video::replicate::ReplicateVideos;
use pulse_providers::video::{wait_until_ready, VideoProvider, VideoStatus, MAX_VIDEO_BYTES};
use pulse_providers::{Endpoint, ProviderError, Timeouts};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::time::Instant;

const MODEL: &str = "wan-video/wan-2.2-t2v-fast";
const ID: &str = "q8d5w3jx2hrm80crh0jbkx7y2w";

fn make(base: &str, timeouts: Timeouts) -> ReplicateVideos {
    ReplicateVideos::new(Endpoint::new(base, Some(KEY.into())), timeouts).with_poll_interval(FAST)
}

/// A prediction object as the API returns it.
fn prediction(id: &str, origin: &str, status: &str, output: Value, error: Value) -> Reply {
    let get = format!("{origin}/v1/predictions/{id}");
    Reply::json(&json!({
        "id": id, "model": MODEL, "version": "hidden", "input": {"prompt": "x"}, "logs": "",
        "output": output, "data_removed": false, "error": error, "status": status,
        "created_at": "2025-08-01T00:00:00.000Z",
        "urls": {"get": get, "cancel": format!("{get}/cancel"), "stream": "https://stream.replicate.com/v1/files/x"},
    }))
}

fn at(status: &str, output: Value, error: Value) -> Reply {
    prediction(ID, "https://api.replicate.com", status, output, error)
}

fn bearer() -> String {
    format!("Bearer {KEY}")
}

fn far() -> Instant {
    Instant::now() + Duration::from_secs(60)
}

#[tokio::test]
async fn started_polled_until_it_succeeds_then_downloaded_without_the_token() {
    let delivery = Fake::start(vec![Reply::bytes("video/mp4", &mp4(4000))]).await;
    let api = Fake::start(vec![]).await;
    let output = format!("{}/xezq/output.mp4", delivery.origin);
    api.push(vec![
        at("starting", Value::Null, Value::Null),
        at("starting", Value::Null, Value::Null),
        at("processing", Value::Null, Value::Null),
        at("succeeded", json!(output), Value::Null),
    ]);
    let p = make(&api.base, long_timeouts()).with_download_hosts(vec![delivery.host()]);
    let id = p.start(request(MODEL)).await.unwrap();
    assert_eq!(id, ID);
    let mut heard = Vec::new();
    let uri = wait_until_ready(&p, &id, far(), |percent| heard.push(percent)).await.unwrap();
    assert_eq!((uri.as_str(), heard), (output.as_str(), vec![None, None]));
    let scratch = Scratch::new();
    let dest = scratch.path("clip.mp4");
    assert_eq!(p.download(&uri, &dest, MAX_VIDEO_BYTES).await, Ok(mp4(4000).len() as u64));
    assert_eq!(std::fs::read(&dest).unwrap(), mp4(4000));

    let r = api.requests();
    let seen: Vec<_> = r.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    let poll = format!("/v1/predictions/{ID}");
    assert_eq!(
        seen,
        vec![
            ("POST", "/v1/models/wan-video/wan-2.2-t2v-fast/predictions"),
            ("GET", poll.as_str()),
            ("GET", poll.as_str()),
            ("GET", poll.as_str()),
        ]
    );
    assert_eq!(r[0].body, json!({"input": {"prompt": "قارب شراعي عند الغروب", "duration": 6, "aspect_ratio": "9:16"}}));
    assert_eq!(r[0].header("prefer"), None, "no sync wait: a clip takes minutes");
    assert!(r.iter().all(|r| r.header("authorization") == Some(bearer().as_str())));
    let d = delivery.request();
    assert_eq!(d.path, "/xezq/output.mp4");
    assert_eq!(d.header("authorization"), None, "the token never goes to the delivery host");
}

#[tokio::test]
async fn a_list_of_outputs_gives_the_first() {
    let api = Fake::start(vec![at(
        "succeeded",
        json!(["https://replicate.delivery/xezq/a.mp4", "https://replicate.delivery/xezq/b.mp4"]),
        Value::Null,
    )])
    .await;
    assert_eq!(
        make(&api.base, long_timeouts()).poll(ID).await,
        Ok(VideoStatus::Ready { uri: "https://replicate.delivery/xezq/a.mp4".into() })
    );
}

#[tokio::test]
async fn failed_and_canceled_predictions() {
    let api = Fake::start(vec![
        at("processing", Value::Null, Value::Null),
        at("failed", Value::Null, json!("CUDA out of memory. Tried to allocate 2.00 GiB")),
        at("failed", Value::Null, json!("NSFW content detected. Try running it again, or try a different prompt.")),
        at(
            "failed",
            Value::Null,
            json!("The input or output was flagged as sensitive. Please try again with different inputs. (E005)"),
        ),
        at("canceled", Value::Null, Value::Null),
    ])
    .await;
    let p = make(&api.base, long_timeouts());
    assert_eq!(
        wait_until_ready(&p, ID, far(), |_| {}).await,
        Err(ProviderError::Rejected { status: 422, message: "CUDA out of memory. Tried to allocate 2.00 GiB".into() })
    );
    let err = p.poll(ID).await.unwrap_err();
    assert!(matches!(&err, ProviderError::Safety(m) if m.starts_with("NSFW content detected")), "{err:?}");
    let err = p.poll(ID).await.unwrap_err();
    assert!(matches!(&err, ProviderError::Safety(m) if m.contains("sensitive")), "{err:?}");
    assert!(matches!(p.poll(ID).await, Err(ProviderError::Rejected { status: 409, .. })));
}

#[tokio::test]
async fn http_errors_are_problem_details() {
    let api = Fake::start(vec![
        Reply::Status {
            status: 429,
            headers: vec![("retry-after", "9".into())],
            body: r#"{"title":"Request was throttled","detail":"Request was throttled. Expected available in 9 seconds.","status":429}"#.into(),
        },
        Reply::status(422, r#"{"title":"Input validation failed","detail":"- input.duration: Must be one of 4, 6, 8","status":422}"#),
        Reply::status(401, r#"{"title":"Unauthenticated","detail":"You did not pass a valid authentication token","status":401}"#),
        Reply::status(502, r#"{"title":"Bad gateway","status":502}"#),
    ])
    .await;
    let p = make(&api.base, long_timeouts());
    assert_eq!(p.start(request(MODEL)).await, Err(ProviderError::RateLimited { retry_after_secs: Some(9) }));
    assert_eq!(
        p.start(request(MODEL)).await,
        Err(ProviderError::Rejected { status: 422, message: "- input.duration: Must be one of 4, 6, 8".into() })
    );
    assert_eq!(
        p.start(request(MODEL)).await,
        Err(ProviderError::Rejected { status: 401, message: "You did not pass a valid authentication token".into() })
    );
    // A status check that does not get through is not the prediction's end.
    assert_eq!(p.poll(ID).await, Ok(VideoStatus::Unknown));
}

#[tokio::test]
async fn outputs_on_other_hosts_are_not_downloaded() {
    let elsewhere = Fake::start(vec![Reply::bytes("video/mp4", &mp4(10))]).await;
    let delivery = Fake::start(vec![]).await;
    let api = Fake::start(vec![]).await;
    let scratch = Scratch::new();
    let dest = scratch.path("clip.mp4");
    // By default only replicate.delivery (and the API's own host).
    let p = make(&api.base, long_timeouts());
    let got = p.download(&format!("{}/out.mp4", elsewhere.origin), &dest, MAX_VIDEO_BYTES).await;
    assert!(matches!(&got, Err(ProviderError::Protocol(m)) if m.contains("refused to download a video")), "{got:?}");
    // An allowed host that redirects elsewhere.
    delivery.push(vec![Reply::Body {
        status: 307,
        headers: vec![("location", format!("{}/stolen.mp4", elsewhere.origin))],
        body: vec![],
    }]);
    let p = p.with_download_hosts(vec![delivery.host()]);
    let got = p.download(&format!("{}/out.mp4", delivery.origin), &dest, MAX_VIDEO_BYTES).await;
    assert!(matches!(&got, Err(ProviderError::Protocol(m)) if m.contains("refused")), "{got:?}");
    for uri in [
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.7/out.mp4",
        "https://user:pass@replicate.delivery/out.mp4",
        "https://replicate.delivery.evil.example/out.mp4",
    ] {
        assert!(matches!(p.download(uri, &dest, MAX_VIDEO_BYTES).await, Err(ProviderError::Protocol(_))), "{uri}");
    }
    assert!(elsewhere.requests().is_empty(), "no request reached the other host");
    assert_eq!(delivery.requests().len(), 1);
    assert!(delivery.requests().iter().all(|r| r.header("authorization").is_none()));
    assert!(api.requests().is_empty());
    assert!(!exists(&dest));
    assert_eq!(ReplicateVideos::DEFAULT_DOWNLOAD_HOSTS, ["replicate.delivery", "*.replicate.delivery"]);
    assert_eq!(make(&api.base, long_timeouts()).download_hosts(), ["replicate.delivery", "*.replicate.delivery"]);
}

#[tokio::test]
async fn odd_ids_and_models_are_refused_without_a_request() {
    let api = Fake::start(vec![]).await;
    let p = make(&api.base, long_timeouts());
    for bad in ["../x", "abc/cancel", "a b", "", "abc?x=1"] {
        assert!(matches!(p.poll(bad).await, Err(ProviderError::Rejected { status: 400, .. })), "{bad}");
    }
    for bad in ["wan-2.2", "a/b/c", "../x", "a/"] {
        assert!(matches!(p.start(request(bad)).await, Err(ProviderError::Rejected { status: 400, .. })), "{bad}");
    }
    assert!(api.requests().is_empty());
    // A prediction whose id is not letters and digits is not taken.
    api.push(vec![prediction("../../admin", &api.origin, "starting", Value::Null, Value::Null)]);
    assert!(matches!(p.start(request(MODEL)).await, Err(ProviderError::Protocol(_))));
}

#[test]
fn the_default_poll_interval() {
    let p = ReplicateVideos::new(Endpoint::new(Endpoint::REPLICATE_BASE_URL, Some(KEY.into())), Timeouts::default());
    assert_eq!(p.poll_interval(), Duration::from_secs(5));
    assert!(!format!("{p:?}").contains(KEY));
}
