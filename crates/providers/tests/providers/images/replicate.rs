//! Replicate predictions against a fake (apis.md §4.1): the sync wait, polling, downloads,
//! the token kept from other hosts, and downloads and polls only where they belong.

use super::{collect, png, request, webp};
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
    prediction_with_id("gm3qorzdhg", origin, status, output, error)
}

/// [`prediction`] with another id.
fn prediction_with_id(id: &str, origin: &str, status: &str, output: Value, error: Value) -> Reply {
    let get = format!("{origin}/v1/predictions/{id}");
    Reply::json(&json!({
        "id": id, "model": MODEL, "version": "hidden", "input": {"prompt": "x"}, "logs": "",
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
    let delivery = Fake::start(vec![Reply::bytes("image/webp", &webp())]).await;
    let api = Fake::start(vec![]).await;
    api.push(vec![prediction(
        &api.origin,
        "succeeded",
        json!(format!("{}/xezq/out-0.webp", delivery.origin)),
        Value::Null,
    )]);
    let mut timeouts = long_timeouts();
    timeouts.first_byte = Duration::from_secs(300);
    let p = make(&api.base, timeouts).with_download_hosts(vec![delivery.host()]);
    let got = collect(p.generate(request(MODEL, 1, Aspect::Square)).await.unwrap()).await;
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
    let canceled = cancel_arrives(&api).await;
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

#[test]
fn the_default_download_hosts() {
    let p = make("https://api.replicate.com/v1", long_timeouts());
    assert_eq!(p.download_hosts(), ["replicate.delivery", "*.replicate.delivery"]);
    assert_eq!(ReplicateImages::DEFAULT_DOWNLOAD_HOSTS, ["replicate.delivery", "*.replicate.delivery"]);
}

/// The prediction succeeded with `output`; what did the stream give?
async fn outputs(api: &Fake, p: &ReplicateImages, output: Value) -> super::Got {
    api.push(vec![prediction(&api.origin, "succeeded", output, Value::Null)]);
    collect(p.generate(request(MODEL, 1, Aspect::Square)).await.unwrap()).await
}

fn refused(got: &super::Got) -> bool {
    got.images.is_empty() && matches!(&got.error, Some(ProviderError::Protocol(m)) if m.contains("refused"))
}

#[tokio::test]
async fn outputs_on_other_hosts_are_not_downloaded() {
    let elsewhere = Fake::start(vec![Reply::bytes("image/png", &png(1))]).await;
    let api = Fake::start(vec![]).await;
    // Not allowed by default (the fake is neither replicate.delivery nor the API's host).
    let got = outputs(&api, &make(&api.base, long_timeouts()), json!([format!("{}/x.png", elsewhere.origin)])).await;
    assert!(refused(&got), "{got:?}");
    // Allowed by host only: plain http still needs the exact host:port.
    let p = make(&api.base, long_timeouts()).with_download_hosts(vec!["127.0.0.1".into()]);
    let got = outputs(&api, &p, json!(format!("{}/x.png", elsewhere.origin))).await;
    assert!(refused(&got), "{got:?}");
    // The allowed hosts were replaced: replicate.delivery is no longer one, https or not.
    let p = make(&api.base, long_timeouts()).with_download_hosts(vec![]);
    let got = outputs(&api, &p, json!("https://replicate.delivery.127.0.0.1.nip.io/x.png")).await;
    assert!(refused(&got), "{got:?}");
    // IP literals of internal ranges, and URLs with user info.
    for url in [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "https://169.254.169.254/x",
        "https://[::1]/x",
        "https://10.0.0.7/x",
        "https://user:pass@replicate.delivery/x.png",
    ] {
        let got = outputs(&api, &make(&api.base, long_timeouts()), json!(url)).await;
        assert!(refused(&got), "{url}: {got:?}");
    }
    assert!(elsewhere.requests().is_empty(), "no request reached another host");
    assert_eq!(api.requests().len(), 8, "only the predictions");
}

#[tokio::test]
async fn redirects_are_followed_only_to_allowed_hosts() {
    let elsewhere = Fake::start(vec![Reply::bytes("image/png", &png(1))]).await;
    let delivery = Fake::start(vec![]).await;
    let redirect = |to: String| Reply::Body { status: 302, headers: vec![("location", to)], body: vec![] };
    delivery.push(vec![
        // To another host: not followed.
        redirect(format!("{}/stolen.png", elsewhere.origin)),
        // To the cloud metadata address: not followed.
        redirect("http://169.254.169.254/latest/meta-data/".into()),
        // Within the allowed host (a relative location): followed.
        redirect("/real/out-0.png".into()),
        Reply::bytes("image/png", &png(2)),
        // Four hops: one too many.
        redirect("/1".into()),
        redirect("/2".into()),
        redirect("/3".into()),
        redirect("/4".into()),
    ]);
    let api = Fake::start(vec![]).await;
    let p = make(&api.base, long_timeouts()).with_download_hosts(vec![delivery.host()]);
    let out = json!(format!("{}/out-0.png", delivery.origin));
    let got = outputs(&api, &p, out.clone()).await;
    assert!(refused(&got), "{got:?}");
    let got = outputs(&api, &p, out.clone()).await;
    assert!(refused(&got), "{got:?}");
    let got = outputs(&api, &p, out.clone()).await;
    assert_eq!((got.sorted(), got.error), (vec![png(2)], None));
    let got = outputs(&api, &p, out).await;
    assert!(matches!(&got.error, Some(ProviderError::Protocol(m)) if m.contains("redirected")), "{got:?}");
    assert!(elsewhere.requests().is_empty(), "the redirect to another host was not followed");
    let paths: Vec<_> = delivery.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/out-0.png", "/out-0.png", "/out-0.png", "/real/out-0.png", "/out-0.png", "/1", "/2", "/3"]);
    assert!(delivery.requests().iter().all(|r| r.header("authorization").is_none()));
}

#[tokio::test]
async fn a_poll_url_on_another_origin_is_not_polled() {
    let elsewhere = Fake::start(vec![]).await;
    let api = Fake::start(vec![]).await;
    let o = api.origin.clone();
    api.push(vec![
        // `urls` point elsewhere: the client polls {base}/predictions/{id} instead.
        prediction(&elsewhere.origin, "processing", Value::Null, Value::Null),
        prediction(&elsewhere.origin, "succeeded", json!(format!("{o}/files/out-0.png")), Value::Null),
        Reply::bytes("image/png", &png(0)),
        // And a malformed id cannot be polled at all.
        prediction_with_id("../../admin", &elsewhere.origin, "processing", Value::Null, Value::Null),
    ]);
    let p = make(&api.base, long_timeouts());
    let got = collect(p.generate(request(MODEL, 1, Aspect::Square)).await.unwrap()).await;
    assert_eq!((got.sorted(), got.error), (vec![png(0)], None));
    assert!(matches!(p.generate(request(MODEL, 1, Aspect::Square)).await.err(), Some(ProviderError::Protocol(_))));
    assert!(elsewhere.requests().is_empty(), "nothing went to the other origin");
    let r = api.requests();
    let seen: Vec<_> = r.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(
        seen,
        vec![
            ("POST", "/v1/models/black-forest-labs/flux-schnell/predictions"),
            ("GET", "/v1/predictions/gm3qorzdhg"),
            ("GET", "/files/out-0.png"),
            ("POST", "/v1/models/black-forest-labs/flux-schnell/predictions"),
        ]
    );
    assert_eq!(r[1].header("authorization"), Some(bearer().as_str()));
}

#[tokio::test]
async fn a_cancel_url_on_another_origin_is_not_used() {
    let elsewhere = Fake::start(vec![]).await;
    let api = Fake::start(vec![]).await;
    api.push((0..200).map(|_| prediction(&elsewhere.origin, "processing", Value::Null, Value::Null)).collect());
    let p = make(&api.base, long_timeouts()).with_deadline(Duration::from_millis(300));
    assert_eq!(p.generate(request(MODEL, 1, Aspect::Square)).await.err(), Some(ProviderError::Timeout));
    let canceled = cancel_arrives(&api).await;
    assert!(canceled, "canceled on the API's own origin");
    assert!(elsewhere.requests().is_empty());
}

#[tokio::test]
async fn one_deadline_bounds_the_polls_and_the_downloads() {
    // The prediction is done at once, but its file never comes: the overall deadline (not a
    // fresh first-byte timeout per download) ends the wait.
    let api = Fake::start(vec![]).await;
    let o = api.origin.clone();
    api.push(vec![prediction(&o, "succeeded", json!([format!("{o}/files/out-0.png")]), Value::Null), Reply::NoHeaders]);
    let mut timeouts = long_timeouts();
    timeouts.first_byte = Duration::from_secs(120);
    let p = make(&api.base, timeouts).with_deadline(Duration::from_millis(500));
    let started = std::time::Instant::now();
    let got = collect(p.generate(request(MODEL, 1, Aspect::Square)).await.unwrap()).await;
    assert_eq!((got.images.len(), got.error), (0, Some(ProviderError::Timeout)));
    assert!(started.elapsed() < Duration::from_secs(60), "bounded by the overall deadline");
}

/// Whether the fake API receives the prediction's cancel (sent in the background) within
/// about two seconds.
async fn cancel_arrives(api: &Fake) -> bool {
    for _ in 0..100 {
        if api.requests().iter().any(|r| r.method == "POST" && r.path == "/v1/predictions/gm3qorzdhg/cancel") {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}
