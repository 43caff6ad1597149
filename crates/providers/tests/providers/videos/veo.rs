//! Veo 3 through the Gemini API's long-running operations against a fake: start, polls,
//! errors inside the operation, the safety filter, and the download (the key only on the
//! API's origin, redirects only to allowed hosts, the size limit, the magic bytes).

use super::{exists, mp4, request, webm, Scratch, FAST};
use crate::cases::KEY;
use crate::fake::{long_timeouts, End, Fake, Piece, Reply};
use pulse_providers::video::veo::VeoVideos;
use pulse_providers::video::{wait_until_ready, VideoProvider, MAX_VIDEO_BYTES};
use pulse_providers::{Endpoint, ProviderError, Timeouts};
use serde_json::json;
use std::time::Duration;
use tokio::time::Instant;

const MODEL: &str = "veo-3.0-generate-001";
const OPERATION: &str = "models/veo-3.0-generate-001/operations/abc123xyz";

fn make(base: &str, timeouts: Timeouts) -> VeoVideos {
    VeoVideos::new(Endpoint::new(base, Some(KEY.into())), timeouts).with_poll_interval(FAST)
}

/// The answer to `:predictLongRunning`.
fn started() -> Reply {
    Reply::json(&json!({"name": OPERATION}))
}

/// An operation still running.
fn running() -> Reply {
    Reply::json(&json!({
        "name": OPERATION,
        "done": false,
        "metadata": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningMetadata"}
    }))
}

/// A finished operation with its video at `uri`.
fn done(uri: &str) -> Reply {
    Reply::json(&json!({
        "name": OPERATION,
        "done": true,
        "response": {
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
            "generateVideoResponse": {"generatedSamples": [{"video": {"uri": uri}}]}
        }
    }))
}

/// A finished operation that ended in an error.
fn failed(code: u16, message: &str, status: &str) -> Reply {
    Reply::json(&json!({
        "name": OPERATION,
        "done": true,
        "error": {"code": code, "message": message, "status": status}
    }))
}

fn far() -> Instant {
    Instant::now() + Duration::from_secs(60)
}

#[tokio::test]
async fn started_polled_until_done_then_downloaded_with_the_key_only_at_home() {
    let storage = Fake::start(vec![Reply::bytes("video/mp4", &mp4(5000))]).await;
    let api = Fake::start(vec![]).await;
    let file_uri = format!("{}/v1/files/abc123:download?alt=media", api.origin);
    api.push(vec![
        started(),
        running(),
        running(),
        done(&file_uri),
        // The API sends the file's bytes from Google's storage.
        Reply::Body {
            status: 302,
            headers: vec![("location", format!("{}/download/clip.mp4?sig=s3cr3t", storage.origin))],
            body: vec![],
        },
    ]);
    let p = make(&api.base, long_timeouts()).with_download_hosts(vec![storage.host()]);
    assert_eq!(p.poll_interval(), FAST);
    let operation = p.start(request(MODEL)).await.unwrap();
    assert_eq!(operation, OPERATION);
    let mut heard = Vec::new();
    let uri = wait_until_ready(&p, &operation, far(), |percent| heard.push(percent)).await.unwrap();
    assert_eq!(uri, file_uri);
    assert_eq!(heard, vec![None, None], "two running polls");
    let scratch = Scratch::new();
    let dest = scratch.path("clip.mp4");
    let size = p.download(&uri, &dest, MAX_VIDEO_BYTES).await.unwrap();
    assert_eq!(size, mp4(5000).len() as u64);
    assert_eq!(std::fs::read(&dest).unwrap(), mp4(5000));

    let r = api.requests();
    let seen: Vec<_> = r.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    let poll = format!("/v1/{OPERATION}");
    assert_eq!(
        seen,
        vec![
            ("POST", "/v1/models/veo-3.0-generate-001:predictLongRunning"),
            ("GET", poll.as_str()),
            ("GET", poll.as_str()),
            ("GET", poll.as_str()),
            ("GET", "/v1/files/abc123:download"),
        ]
    );
    assert_eq!(r[4].query.as_deref(), Some("alt=media"));
    assert_eq!(
        r[0].body,
        json!({
            "instances": [{"prompt": "قارب شراعي عند الغروب"}],
            "parameters": {"aspectRatio": "9:16", "resolution": "720p", "durationSeconds": 6, "sampleCount": 1}
        })
    );
    assert!(r.iter().all(|r| r.header("x-goog-api-key") == Some(KEY)), "every call to the API has the key");
    assert!(r.iter().all(|r| r.header("authorization").is_none()));
    let s = storage.request();
    assert_eq!((s.path.as_str(), s.query.as_deref()), ("/download/clip.mp4", Some("sig=s3cr3t")));
    assert_eq!(s.header("x-goog-api-key"), None, "the key never goes to the storage host");
    assert_eq!(s.header("authorization"), None);
}

#[tokio::test]
async fn progress_is_passed_on_when_the_metadata_has_it() {
    let api = Fake::start(vec![
        Reply::json(&json!({"name": OPERATION, "done": false, "metadata": {"progressPercent": 40}})),
        done("https://generativelanguage.googleapis.com/v1beta/files/x:download?alt=media"),
    ])
    .await;
    let p = make(&api.base, long_timeouts());
    let mut heard = Vec::new();
    wait_until_ready(&p, OPERATION, far(), |percent| heard.push(percent)).await.unwrap();
    assert_eq!(heard, vec![Some(40)]);
}

#[tokio::test]
async fn a_webm_is_a_video_too() {
    let api = Fake::start(vec![]).await;
    api.push(vec![Reply::bytes("application/octet-stream", &webm())]);
    let scratch = Scratch::new();
    let dest = scratch.path("clip.webm");
    let uri = format!("{}/v1/files/w:download?alt=media", api.origin);
    assert_eq!(make(&api.base, long_timeouts()).download(&uri, &dest, 1000).await, Ok(webm().len() as u64));
    assert_eq!(std::fs::read(&dest).unwrap(), webm());
}

#[tokio::test]
async fn a_clip_withheld_by_the_safety_filter_is_a_safety_refusal() {
    let reason = "Unable to generate videos because the prompt might violate our policies on harmful content.";
    let api = Fake::start(vec![
        started(),
        running(),
        Reply::json(&json!({
            "name": OPERATION,
            "done": true,
            "response": {
                "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
                "generateVideoResponse": {"raiMediaFilteredCount": 1, "raiMediaFilteredReasons": [reason]}
            }
        })),
    ])
    .await;
    let p = make(&api.base, long_timeouts());
    let operation = p.start(request(MODEL)).await.unwrap();
    assert_eq!(wait_until_ready(&p, &operation, far(), |_| {}).await, Err(ProviderError::Safety(reason.into())));
}

#[tokio::test]
async fn a_done_operation_without_a_sample_is_a_protocol_error() {
    let api = Fake::start(vec![Reply::json(
        &json!({"name": OPERATION, "done": true, "response": {"generateVideoResponse": {}}}),
    )])
    .await;
    assert!(matches!(make(&api.base, long_timeouts()).poll(OPERATION).await, Err(ProviderError::Protocol(_))));
}

#[tokio::test]
async fn http_errors_on_start() {
    let exhausted = r#"{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}"#;
    let api = Fake::start(vec![
        Reply::Status { status: 429, headers: vec![("retry-after", "30".into())], body: exhausted.into() },
        Reply::status(503, r#"{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}"#),
        Reply::status(
            400,
            &format!(r#"{{"error":{{"code":400,"message":"API key not valid: {KEY}","status":"INVALID_ARGUMENT"}}}}"#),
        ),
        Reply::status(
            400,
            r#"{"error":{"code":400,"message":"The prompt could not be submitted. It violates our usage guidelines.","status":"INVALID_ARGUMENT"}}"#,
        ),
    ])
    .await;
    let p = make(&api.base, long_timeouts());
    assert_eq!(p.start(request(MODEL)).await, Err(ProviderError::RateLimited { retry_after_secs: Some(30) }));
    assert_eq!(p.start(request(MODEL)).await, Err(ProviderError::Unavailable { status: 503 }));
    assert_eq!(
        p.start(request(MODEL)).await,
        Err(ProviderError::Rejected { status: 400, message: "API key not valid: <redacted>".into() })
    );
    assert!(matches!(p.start(request(MODEL)).await, Err(ProviderError::Safety(m)) if m.contains("usage guidelines")));
}

#[tokio::test]
async fn errors_inside_the_operation() {
    let api = Fake::start(vec![
        failed(13, "Internal error encountered.", "INTERNAL"),
        failed(14, "The service is currently unavailable.", "UNAVAILABLE"),
        failed(8, "Quota exceeded.", "RESOURCE_EXHAUSTED"),
        failed(3, "durationSeconds must be between 4 and 8.", "INVALID_ARGUMENT"),
        failed(
            3,
            "Veo could not generate videos because the prompt violates the usage guidelines.",
            "INVALID_ARGUMENT",
        ),
    ])
    .await;
    let p = make(&api.base, long_timeouts());
    assert_eq!(p.poll(OPERATION).await, Err(ProviderError::Unavailable { status: 500 }));
    assert_eq!(p.poll(OPERATION).await, Err(ProviderError::Unavailable { status: 503 }));
    assert_eq!(p.poll(OPERATION).await, Err(ProviderError::RateLimited { retry_after_secs: None }));
    assert_eq!(
        p.poll(OPERATION).await,
        Err(ProviderError::Rejected { status: 400, message: "durationSeconds must be between 4 and 8.".into() })
    );
    assert!(matches!(p.poll(OPERATION).await, Err(ProviderError::Safety(_))));
}

#[tokio::test]
async fn an_operation_that_never_finishes_times_out() {
    let api = Fake::start((0..1000).map(|_| running()).collect()).await;
    let p = make(&api.base, long_timeouts());
    let deadline = Instant::now() + Duration::from_millis(300);
    assert_eq!(wait_until_ready(&p, OPERATION, deadline, |_| {}).await, Err(ProviderError::Timeout));
}

#[tokio::test]
async fn a_poll_that_fails_once_is_tried_again() {
    let uri = "https://generativelanguage.googleapis.com/v1beta/files/abc:download?alt=media";
    let api = Fake::start(vec![
        Reply::status(503, r#"{"error":{"code":503,"message":"Try again later.","status":"UNAVAILABLE"}}"#),
        done(uri),
    ])
    .await;
    let p = make(&api.base, long_timeouts());
    let mut heard = 0;
    assert_eq!(wait_until_ready(&p, OPERATION, far(), |_| heard += 1).await, Ok(uri.to_string()));
    assert_eq!((api.requests().len(), heard), (2, 0), "the failed poll was not a progress report");
}

#[tokio::test]
async fn a_poll_refused_for_good_ends_the_wait() {
    let api = Fake::start(vec![Reply::status(
        404,
        r#"{"error":{"code":404,"message":"Operation not found.","status":"NOT_FOUND"}}"#,
    )])
    .await;
    let p = make(&api.base, long_timeouts());
    assert_eq!(
        wait_until_ready(&p, OPERATION, far(), |_| {}).await,
        Err(ProviderError::Rejected { status: 404, message: "Operation not found.".into() })
    );
}

#[tokio::test]
async fn downloads_over_the_limit_leave_no_file() {
    let scratch = Scratch::new();
    let api = Fake::start(vec![]).await;
    let uri = format!("{}/v1/files/big:download?alt=media", api.origin);
    let p = make(&api.base, long_timeouts());
    // Announced by its length.
    api.push(vec![Reply::bytes("video/mp4", &mp4(2000))]);
    let dest = scratch.path("announced.mp4");
    assert!(matches!(p.download(&uri, &dest, 1000).await, Err(ProviderError::Protocol(m)) if m.contains("larger")));
    assert!(!exists(&dest));
    // Streamed without a length: found out after the first chunk was written.
    let video = mp4(3000);
    api.push(vec![Reply::Sse {
        pieces: vec![
            Piece::Bytes(video[..600].to_vec()),
            Piece::Pause(Duration::from_millis(20)),
            Piece::Bytes(video[600..].to_vec()),
        ],
        end: End::Close,
    }]);
    let dest = scratch.path("streamed.mp4");
    assert!(matches!(p.download(&uri, &dest, 1000).await, Err(ProviderError::Protocol(m)) if m.contains("larger")));
    assert!(!exists(&dest), "the partial file was removed");
    // Exactly at the limit is fine.
    api.push(vec![Reply::bytes("video/mp4", &mp4(100))]);
    let dest = scratch.path("fits.mp4");
    let limit = mp4(100).len() as u64;
    assert_eq!(p.download(&uri, &dest, limit).await, Ok(limit));
    assert_eq!(scratch.files(), vec!["fits.mp4"]);
}

#[tokio::test]
async fn what_is_not_a_video_is_refused_and_removed() {
    let scratch = Scratch::new();
    let api = Fake::start(vec![
        Reply::bytes("text/html", b"<html><body>Sign in to continue</body></html>"),
        Reply::bytes("image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Reply::bytes("video/mp4", b"\0\0\0"),
        Reply::bytes("video/mp4", b""),
    ])
    .await;
    let uri = format!("{}/v1/files/x:download?alt=media", api.origin);
    let p = make(&api.base, long_timeouts());
    for name in ["html", "png", "short", "empty"] {
        let dest = scratch.path(name);
        let got = p.download(&uri, &dest, MAX_VIDEO_BYTES).await;
        assert!(matches!(&got, Err(ProviderError::Protocol(m)) if m.contains("not a video")), "{name}: {got:?}");
        assert!(!exists(&dest), "{name}");
    }
}

#[tokio::test]
async fn downloads_go_only_to_allowed_hosts() {
    let elsewhere = Fake::start(vec![Reply::bytes("video/mp4", &mp4(10))]).await;
    let api = Fake::start(vec![]).await;
    let scratch = Scratch::new();
    let dest = scratch.path("clip.mp4");
    let p = make(&api.base, long_timeouts());
    // Another host, not allowed (the default hosts are Google's).
    let got = p.download(&format!("{}/clip.mp4", elsewhere.origin), &dest, MAX_VIDEO_BYTES).await;
    assert!(matches!(&got, Err(ProviderError::Protocol(m)) if m.contains("refused to download a video")), "{got:?}");
    // A redirect from the API to a host not allowed.
    api.push(vec![Reply::Body {
        status: 302,
        headers: vec![("location", format!("{}/clip.mp4", elsewhere.origin))],
        body: vec![],
    }]);
    let got = p.download(&format!("{}/v1/files/x:download?alt=media", api.origin), &dest, MAX_VIDEO_BYTES).await;
    assert!(matches!(&got, Err(ProviderError::Protocol(m)) if m.contains("refused")), "{got:?}");
    // Internal addresses and URLs that are not http(s).
    for uri in ["http://169.254.169.254/computeMetadata/v1/", "https://[::1]/x.mp4", "file:///etc/passwd", "gs://b/x"] {
        assert!(matches!(p.download(uri, &dest, MAX_VIDEO_BYTES).await, Err(ProviderError::Protocol(_))), "{uri}");
    }
    assert!(elsewhere.requests().is_empty(), "no request reached another host");
    assert_eq!(api.requests().len(), 1, "only the redirecting call");
    assert!(!exists(&dest));
    assert_eq!(VeoVideos::DEFAULT_DOWNLOAD_HOSTS, ["*.googleusercontent.com", "*.googleapis.com"]);
    assert_eq!(p.download_hosts(), ["*.googleusercontent.com", "*.googleapis.com"]);
}

#[tokio::test]
async fn malicious_operation_names_are_refused_without_a_request() {
    let api = Fake::start(vec![]).await;
    let p = make(&api.base, long_timeouts());
    for bad in [
        "../../x",
        "models/veo/operations/../../../files/secret",
        "/v1/models/veo/operations/x",
        "models/veo/operations/x?key=1",
        "https://evil.example/operations/x",
        "models/veo",
        "",
    ] {
        assert!(matches!(p.poll(bad).await, Err(ProviderError::Rejected { status: 400, .. })), "{bad}");
    }
    assert!(api.requests().is_empty());
    // An answer naming such an operation is not taken either.
    api.push(vec![Reply::json(&json!({"name": "../../admin/operations/x"})), Reply::json(&json!({"done": false}))]);
    assert!(matches!(p.start(request(MODEL)).await, Err(ProviderError::Protocol(_))));
    assert!(matches!(p.start(request(MODEL)).await, Err(ProviderError::Protocol(_))), "no name at all");
    // And odd model names never leave.
    for bad in ["../files", "veo?x=1", "veo/operations/x", ""] {
        assert!(matches!(p.start(request(bad)).await, Err(ProviderError::Rejected { status: 400, .. })), "{bad}");
    }
    assert_eq!(api.requests().len(), 2);
}

#[test]
fn names_and_defaults() {
    let p = VeoVideos::new(Endpoint::new(Endpoint::GEMINI_BASE_URL, Some(KEY.into())), Timeouts::default());
    assert_eq!(p.poll_interval(), Duration::from_secs(10));
    let shown = format!("{p:?}");
    assert!(!shown.contains(KEY), "{shown}");
}
