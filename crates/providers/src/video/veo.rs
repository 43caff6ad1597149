//! Veo 3 through the Gemini API, a long-running operation (`x-goog-api-key` on every call
//! to the API, as the chat and image clients):
//!
//! - **Start**: `POST {base}/models/{model}:predictLongRunning` (the base URL includes the
//!   version, `…/v1beta`) with `{"instances":[{"prompt":…}],"parameters":{"aspectRatio":
//!   "16:9","resolution":"720p","durationSeconds":8,"sampleCount":1}}`. The answer's `name`
//!   (`models/veo-3.0-generate-001/operations/abc123`) is the operation; it must be a safe
//!   relative path (ASCII letters, digits, `-_./`, no empty, `.` or `..` segment, no leading
//!   `/`, with an `/operations/` part), else `Protocol`.
//! - **Poll**: `GET {base}/{name}` (a name that is not safe is refused, `Rejected { 400 }`,
//!   before any request). Not `done` → `Running` (with the metadata's progress percentage
//!   when it has one). `done` with `response.generateVideoResponse.generatedSamples[0]
//!   .video.uri` → `Ready`. `done` with an `error {code, message}` → quota (429 /
//!   `RESOURCE_EXHAUSTED` 8) `RateLimited`; internal, unavailable, deadline (13, 14, 4, any
//!   5xx) `Unavailable`; a message that clearly names the safety system or the usage
//!   guidelines `Safety`; anything else `Rejected` (gRPC codes turned into their HTTP
//!   statuses, 3 → 400). `done` without a sample: `raiMediaFilteredCount > 0` → `Safety`
//!   (the `raiMediaFilteredReasons`), else `Protocol`.
//! - **Download**: `GET <uri>` with the key only while on the base URL's origin; redirects
//!   followed by hand (at most [`crate::image::MAX_REDIRECTS`]), each hop checked against the
//!   allowed hosts ([`VeoVideos::with_download_hosts`], by default
//!   [`VeoVideos::DEFAULT_DOWNLOAD_HOSTS`], Google's file hosts), which never get the key.
//!   The body is streamed to the file (see [`crate::video`]).
//! - HTTP errors on start and poll map as for the other clients (429 → `RateLimited`, 5xx →
//!   `Unavailable`, others `Rejected`); a 400 whose message clearly names the safety system
//!   is `Safety`. Each call waits at most `timeouts.first_byte` for its whole answer; a
//!   download waits `first_byte` for its headers and `idle` for each chunk.

use super::{VideoProvider, VideoRequest, VideoStatus};
use crate::image::{self as img};
use crate::{http, Endpoint, ProviderError, Timeouts};
use futures_util::future::BoxFuture;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;
use tokio::time::Instant;

/// The most bytes of a JSON answer (an operation is small).
const JSON_LIMIT: usize = 1024 * 1024;

#[derive(Clone, Debug)]
pub struct VeoVideos {
    client: reqwest::Client,
    endpoint: Endpoint,
    timeouts: Timeouts,
    poll_interval: Duration,
    downloads: img::Downloads,
}

impl VeoVideos {
    /// Where finished clips may be downloaded from, besides the base URL's host (the API
    /// redirects file downloads to Google's storage hosts).
    pub const DEFAULT_DOWNLOAD_HOSTS: [&'static str; 2] = ["*.googleusercontent.com", "*.googleapis.com"];

    /// `endpoint.base_url` is usually [`Endpoint::GEMINI_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> VeoVideos {
        VeoVideos::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    /// Shares an HTTP client (connection pool) with other providers.
    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> VeoVideos {
        let hosts = VeoVideos::DEFAULT_DOWNLOAD_HOSTS.map(str::to_string).to_vec();
        VeoVideos {
            client,
            downloads: img::Downloads::new(&timeouts, hosts).of("video"),
            endpoint,
            timeouts,
            poll_interval: Duration::from_secs(10),
        }
    }

    /// How long to wait between polls (default 10 s).
    pub fn with_poll_interval(mut self, interval: Duration) -> VeoVideos {
        self.poll_interval = interval;
        self
    }

    /// Replaces the hosts clips may be downloaded from (the base URL's host always may),
    /// with the rules of [`crate::image::replicate::ReplicateImages::with_download_hosts`].
    /// Default: [`VeoVideos::DEFAULT_DOWNLOAD_HOSTS`].
    pub fn with_download_hosts(mut self, hosts: Vec<String>) -> VeoVideos {
        self.downloads = self.downloads.with_hosts(hosts);
        self
    }

    /// The hosts clips may be downloaded from, besides the base URL's host.
    pub fn download_hosts(&self) -> &[String] {
        self.downloads.hosts()
    }

    fn key(&self) -> Option<&str> {
        self.endpoint.key()
    }

    /// Sends a call to the API with the key; its JSON answer.
    async fn call(&self, mut builder: reqwest::RequestBuilder) -> Result<Value, ProviderError> {
        let key = self.key();
        if let Some(key) = key {
            builder = builder.header("x-goog-api-key", http::secret_header(key)?);
        }
        let deadline = Instant::now() + self.timeouts.first_byte;
        let (response, _) = http::start_until(builder, deadline, key, |s, h, b| refusal(s, h, b, key)).await?;
        let body = img::read_body(response, JSON_LIMIT, deadline, key).await?;
        img::parse_json(&body)
    }

    async fn start_operation(&self, request: VideoRequest) -> Result<String, ProviderError> {
        img::check_model_name(&request.model)?;
        let url = self.endpoint.url(&format!("/models/{}:predictLongRunning", request.model));
        let answer = self.call(self.client.post(url).json(&request_body(&request))).await?;
        if answer["error"].is_object() {
            return Err(operation_error(&answer["error"], self.key()));
        }
        match answer["name"].as_str() {
            Some(name) if valid_operation(name) => Ok(name.to_string()),
            Some(name) => Err(ProviderError::Protocol(format!(
                "the operation has a malformed name {:?}",
                http::truncate(name, 100)
            ))),
            None => Err(ProviderError::Protocol("the answer names no operation".into())),
        }
    }

    async fn poll_operation(&self, operation: &str) -> Result<VideoStatus, ProviderError> {
        if !valid_operation(operation) {
            return Err(ProviderError::Rejected {
                status: 400,
                message: format!("bad operation name {:?}", http::truncate(operation, 100)),
            });
        }
        let url = self.endpoint.url(&format!("/{operation}"));
        let answer = match self.call(self.client.get(url)).await {
            Ok(answer) => answer,
            // The check did not get through; the operation goes on at Google.
            Err(e) if e.is_retryable() => {
                tracing::info!(error = %e, "video status check failed; polling again");
                return Ok(VideoStatus::Unknown);
            }
            Err(e) => return Err(e),
        };
        read_operation(&answer, self.key())
    }

    async fn download_clip(&self, uri: &str, dest: &Path, max_bytes: u64) -> Result<u64, ProviderError> {
        let key = self.key();
        let deadline = Instant::now() + self.timeouts.first_byte;
        let credential = key.map(|k| ("x-goog-api-key", k));
        let response = self.downloads.open(uri, &self.endpoint.base_url, credential, key, deadline).await?;
        super::save_to_file(response, dest, max_bytes, self.timeouts.idle, key).await
    }
}

impl VideoProvider for VeoVideos {
    fn start(&self, request: VideoRequest) -> BoxFuture<'_, Result<String, ProviderError>> {
        Box::pin(self.start_operation(request))
    }

    fn poll<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<VideoStatus, ProviderError>> {
        Box::pin(self.poll_operation(operation))
    }

    fn download<'a>(
        &'a self,
        uri: &'a str,
        dest: &'a Path,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<u64, ProviderError>> {
        Box::pin(self.download_clip(uri, dest, max_bytes))
    }

    fn poll_interval(&self) -> Duration {
        self.poll_interval
    }
}

pub(crate) fn request_body(request: &VideoRequest) -> Value {
    json!({
        "instances": [{"prompt": request.prompt}],
        "parameters": {
            "aspectRatio": request.aspect.as_str(),
            "resolution": "720p",
            "durationSeconds": request.seconds,
            "sampleCount": 1,
        }
    })
}

/// An operation name that is safe as a relative URL path: at most 512 ASCII letters,
/// digits and `-_./`, its segments neither empty nor `.` nor `..` (so no leading `/`), with
/// an `operations` segment that is not the last.
pub(crate) fn valid_operation(name: &str) -> bool {
    let segments: Vec<&str> = name.split('/').collect();
    name.len() <= 512
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && segments.iter().all(|s| !s.is_empty() && *s != "." && *s != "..")
        && name.contains("/operations/")
}

/// Where an operation stands (an answer of `GET {base}/{name}`).
pub(crate) fn read_operation(op: &Value, key: Option<&str>) -> Result<VideoStatus, ProviderError> {
    if op["error"].is_object() {
        return Err(operation_error(&op["error"], key));
    }
    if op["done"] != true {
        return Ok(VideoStatus::Running { percent: progress(&op["metadata"]) });
    }
    let response = &op["response"]["generateVideoResponse"];
    let samples = response["generatedSamples"].as_array().or_else(|| op["response"]["generatedVideos"].as_array());
    let uri = samples.and_then(|s| s.first()).and_then(|s| s["video"]["uri"].as_str()).map(str::trim);
    if let Some(uri) = uri.filter(|u| !u.is_empty()) {
        return Ok(VideoStatus::Ready { uri: uri.to_string() });
    }
    if response["raiMediaFilteredCount"].as_u64().is_some_and(|n| n > 0) {
        let reasons: Vec<&str> = response["raiMediaFilteredReasons"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).map(str::trim).filter(|r| !r.is_empty()).collect())
            .unwrap_or_default();
        let reasons = if reasons.is_empty() {
            "the video was withheld by the provider's safety filter".to_string()
        } else {
            reasons.join("; ")
        };
        return Err(ProviderError::Safety(http::truncate(&http::redact(&reasons, key), 500)));
    }
    Err(ProviderError::Protocol("the operation finished without a video".into()))
}

/// A progress percentage in the operation's metadata, if it has one.
fn progress(metadata: &Value) -> Option<u8> {
    ["progressPercent", "progressPercentage", "progress"]
        .iter()
        .find_map(|k| metadata[*k].as_f64())
        .filter(|p| p.is_finite())
        .map(|p| p.clamp(0.0, 100.0).round() as u8)
}

/// The HTTP status for a `google.rpc.Code` (as Google's APIs map them); HTTP statuses pass.
fn http_status(code: i64) -> u16 {
    match code {
        1 => 499,
        2 | 13 | 15 => 500,
        3 | 9 | 11 => 400,
        4 => 504,
        5 => 404,
        6 | 10 => 409,
        7 => 403,
        8 => 429,
        12 => 501,
        14 => 503,
        16 => 401,
        100..=599 => code as u16,
        _ => 500,
    }
}

/// The HTTP status for a `google.rpc.Code` name (`RESOURCE_EXHAUSTED`).
fn status_of_name(name: &str) -> Option<u16> {
    let code = match name {
        "CANCELLED" => 1,
        "UNKNOWN" => 2,
        "INVALID_ARGUMENT" => 3,
        "DEADLINE_EXCEEDED" => 4,
        "NOT_FOUND" => 5,
        "ALREADY_EXISTS" => 6,
        "PERMISSION_DENIED" => 7,
        "RESOURCE_EXHAUSTED" => 8,
        "FAILED_PRECONDITION" => 9,
        "ABORTED" => 10,
        "OUT_OF_RANGE" => 11,
        "UNIMPLEMENTED" => 12,
        "INTERNAL" => 13,
        "UNAVAILABLE" => 14,
        "DATA_LOSS" => 15,
        "UNAUTHENTICATED" => 16,
        _ => return None,
    };
    Some(http_status(code))
}

/// Words that only a refusal by the safety system uses (Veo: "… violate the usage
/// guidelines", "… blocked by our safety filters", Responsible AI support codes).
const SAFETY_WORDS: [&str; 6] =
    ["safety", "usage guidelines", "responsible ai", "prohibited content", "content policy", "sensitive words"];

/// Whether an error message clearly says the safety system refused.
fn is_safety(message: &str) -> bool {
    let lower = message.to_lowercase();
    SAFETY_WORDS.iter().any(|w| lower.contains(w))
}

/// An operation's `error {code, message, status}` as a [`ProviderError`].
pub(crate) fn operation_error(error: &Value, key: Option<&str>) -> ProviderError {
    let message = http::truncate(&http::redact(error["message"].as_str().unwrap_or("no details"), key), 500);
    let status = error["code"]
        .as_i64()
        .map(http_status)
        .or_else(|| error["status"].as_str().and_then(status_of_name))
        .unwrap_or(500);
    match status {
        429 => ProviderError::RateLimited { retry_after_secs: None },
        500..=599 => ProviderError::Unavailable { status },
        401 | 403 => ProviderError::Rejected { status, message },
        _ if is_safety(&message) => ProviderError::Safety(message),
        _ => ProviderError::Rejected { status, message },
    }
}

/// A 400 whose message clearly names the safety system is `Safety`; others as usual.
fn refusal(status: u16, _: &HeaderMap, body: &str, key: Option<&str>) -> Option<ProviderError> {
    if status != 400 {
        return None;
    }
    let message = http::error_message(body);
    is_safety(&message).then(|| ProviderError::Safety(http::redact(&message, key)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::video::VideoAspect;

    #[test]
    fn body_shape() {
        let request = VideoRequest {
            model: "veo-3.0-generate-001".into(),
            prompt: "قارب في البحر".into(),
            seconds: 6,
            aspect: VideoAspect::Tall,
        };
        assert_eq!(
            request_body(&request),
            json!({"instances": [{"prompt": "قارب في البحر"}],
                   "parameters": {"aspectRatio": "9:16", "resolution": "720p", "durationSeconds": 6, "sampleCount": 1}})
        );
    }

    #[test]
    fn operation_names() {
        for ok in
            ["models/veo-3.0-generate-001/operations/abc123xyz", "operations/x/operations/y", "a/operations/b_c-d"]
        {
            assert!(valid_operation(ok), "{ok}");
        }
        for bad in [
            "",
            "../../x",
            "models/veo/operations/../../../files",
            "/models/veo/operations/x",
            "models//operations/x",
            "models/./operations/x",
            "models/veo/operations/",
            "models/veo/operations",
            "models/veo/x",
            "models/veo/operations/x?key=1",
            "models/veo/operations/x#y",
            "models/veo/operations/x y",
            "models/veo/operations/x%2F..",
            "https://evil.example/operations/x",
            "models/veo/operations/ف",
        ] {
            assert!(!valid_operation(bad), "{bad}");
        }
        assert!(!valid_operation(&format!("models/veo/operations/{}", "a".repeat(600))));
    }

    #[test]
    fn operations_read() {
        let running = json!({"name": "models/v/operations/o", "done": false});
        assert_eq!(read_operation(&running, None), Ok(VideoStatus::Running { percent: None }));
        let no_done = json!({"name": "models/v/operations/o"});
        assert_eq!(read_operation(&no_done, None), Ok(VideoStatus::Running { percent: None }));
        let with_progress = json!({"name": "n", "metadata": {"progressPercent": 41.6}});
        assert_eq!(read_operation(&with_progress, None), Ok(VideoStatus::Running { percent: Some(42) }));
        let uri = "https://generativelanguage.googleapis.com/v1beta/files/abc:download?alt=media";
        let done = json!({"name": "n", "done": true, "response": {
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
            "generateVideoResponse": {"generatedSamples": [{"video": {"uri": uri}}]}}});
        assert_eq!(read_operation(&done, None), Ok(VideoStatus::Ready { uri: uri.into() }));
        let filtered = json!({"name": "n", "done": true, "response": {"generateVideoResponse": {
            "raiMediaFilteredCount": 1,
            "raiMediaFilteredReasons": ["Unable to generate videos because of a person's likeness."]}}});
        assert_eq!(
            read_operation(&filtered, None),
            Err(ProviderError::Safety("Unable to generate videos because of a person's likeness.".into()))
        );
        let filtered_silently =
            json!({"done": true, "response": {"generateVideoResponse": {"raiMediaFilteredCount": 2}}});
        assert!(matches!(read_operation(&filtered_silently, None), Err(ProviderError::Safety(_))));
        let empty = json!({"done": true, "response": {"generateVideoResponse": {}}});
        assert!(matches!(read_operation(&empty, None), Err(ProviderError::Protocol(_))));
    }

    #[test]
    fn operation_errors() {
        let err = |code: Value, message: &str| operation_error(&json!({"code": code, "message": message}), None);
        assert_eq!(err(json!(8), "Quota exceeded"), ProviderError::RateLimited { retry_after_secs: None });
        assert_eq!(err(json!(429), "Quota exceeded"), ProviderError::RateLimited { retry_after_secs: None });
        assert_eq!(err(json!(13), "Internal error"), ProviderError::Unavailable { status: 500 });
        assert_eq!(err(json!(14), "Try again"), ProviderError::Unavailable { status: 503 });
        assert_eq!(err(json!(503), "Try again"), ProviderError::Unavailable { status: 503 });
        assert_eq!(err(json!(4), "Deadline exceeded"), ProviderError::Unavailable { status: 504 });
        assert_eq!(
            err(json!(3), "durationSeconds must be 8"),
            ProviderError::Rejected { status: 400, message: "durationSeconds must be 8".into() }
        );
        assert!(matches!(
            err(json!(3), "The prompt could not be submitted: it violates the usage guidelines."),
            ProviderError::Safety(_)
        ));
        assert!(matches!(err(json!(400), "Blocked by our safety filters."), ProviderError::Safety(_)));
        assert_eq!(
            err(json!(7), "Requests are blocked by a safety-net rule of this key"),
            ProviderError::Rejected {
                status: 403,
                message: "Requests are blocked by a safety-net rule of this key".into()
            },
            "a key problem is not a safety refusal"
        );
        assert_eq!(
            operation_error(&json!({"status": "RESOURCE_EXHAUSTED", "message": "x"}), None),
            ProviderError::RateLimited { retry_after_secs: None }
        );
        assert_eq!(
            operation_error(&json!({"code": 3, "message": "bad key k-123456 echoed"}), Some("k-123456")),
            ProviderError::Rejected { status: 400, message: "bad key <redacted> echoed".into() }
        );
        let h = HeaderMap::new();
        let blocked = r#"{"error":{"code":400,"message":"Your prompt violates our usage guidelines.","status":"INVALID_ARGUMENT"}}"#;
        assert!(matches!(refusal(400, &h, blocked, None), Some(ProviderError::Safety(_))));
        assert_eq!(refusal(400, &h, r#"{"error":{"message":"bad aspect"}}"#, None), None);
        assert_eq!(refusal(403, &h, blocked, None), None);
    }
}
