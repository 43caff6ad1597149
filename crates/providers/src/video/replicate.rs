//! A Replicate video model (`wan-video/wan-2.2-t2v-fast`), a prediction polled until done,
//! with `Authorization: Bearer <token>` on every call to the API:
//!
//! - **Start**: `POST {base}/models/{owner}/{name}/predictions` (the base URL includes the
//!   version, `…/v1`; the catalogue's model name is `owner/name`, each part checked) with
//!   `{"input":{"prompt","duration","aspect_ratio"}}`, and no `Prefer: wait` (a clip takes
//!   minutes). The prediction's `id` (ASCII letters and digits, else `Protocol`) is the
//!   operation.
//! - **Poll**: `GET {base}/predictions/{id}` (an id that is not letters and digits is
//!   refused, `Rejected { 400 }`, before any request). `starting` / `processing` →
//!   `Running`; `succeeded` → `Ready` with `output` (a URL, or the first of a list);
//!   `failed` → `Safety` if its error mentions NSFW, safety or sensitive content, else
//!   `Rejected { 422 }`; `canceled` → `Rejected { 409 }`.
//! - **Download**: the output URL only from the base URL's host or the allowed hosts
//!   ([`ReplicateVideos::with_download_hosts`], by default
//!   [`ReplicateVideos::DEFAULT_DOWNLOAD_HOSTS`]); see [`crate::image`]'s "Downloads". The
//!   token never goes to another origin. The body is streamed to the file.
//! - HTTP errors are problem details `{"title","detail","status"}`: the message is `detail`,
//!   else `title`; 429 → `RateLimited`, 5xx → `Unavailable` as usual. Each call waits at
//!   most `timeouts.first_byte` for its whole answer; a download waits `first_byte` for its
//!   headers and `idle` for each chunk.

use super::{VideoProvider, VideoRequest, VideoStatus};
use crate::image::replicate as rep;
use crate::image::{self as img};
use crate::{http, Endpoint, ProviderError, Timeouts};
use futures_util::future::BoxFuture;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;
use tokio::time::Instant;

/// The most bytes of a JSON answer (a prediction, its logs included).
const JSON_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct ReplicateVideos {
    client: reqwest::Client,
    endpoint: Endpoint,
    timeouts: Timeouts,
    poll_interval: Duration,
    downloads: img::Downloads,
}

impl ReplicateVideos {
    /// Where output files may be downloaded from, besides the base URL's host.
    pub const DEFAULT_DOWNLOAD_HOSTS: [&'static str; 2] = ["replicate.delivery", "*.replicate.delivery"];

    /// `endpoint.base_url` is usually [`Endpoint::REPLICATE_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> ReplicateVideos {
        ReplicateVideos::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    /// Shares an HTTP client (connection pool) with other providers.
    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> ReplicateVideos {
        let hosts = ReplicateVideos::DEFAULT_DOWNLOAD_HOSTS.map(str::to_string).to_vec();
        ReplicateVideos {
            client,
            downloads: img::Downloads::new(&timeouts, hosts).of("video"),
            endpoint,
            timeouts,
            poll_interval: Duration::from_secs(5),
        }
    }

    /// How long to wait between polls (default 5 s).
    pub fn with_poll_interval(mut self, interval: Duration) -> ReplicateVideos {
        self.poll_interval = interval;
        self
    }

    /// Replaces the hosts output files may be downloaded from (the base URL's host always
    /// may), with the rules of
    /// [`crate::image::replicate::ReplicateImages::with_download_hosts`]. Default:
    /// [`ReplicateVideos::DEFAULT_DOWNLOAD_HOSTS`].
    pub fn with_download_hosts(mut self, hosts: Vec<String>) -> ReplicateVideos {
        self.downloads = self.downloads.with_hosts(hosts);
        self
    }

    /// The hosts output files may be downloaded from, besides the base URL's host.
    pub fn download_hosts(&self) -> &[String] {
        self.downloads.hosts()
    }

    fn key(&self) -> Option<&str> {
        self.endpoint.key()
    }

    /// Sends a call to the API with the token; its JSON answer.
    async fn call(&self, mut builder: reqwest::RequestBuilder) -> Result<Value, ProviderError> {
        let key = self.key();
        if let Some(key) = key {
            builder = builder.header(reqwest::header::AUTHORIZATION, http::secret_header(&format!("Bearer {key}"))?);
        }
        let deadline = Instant::now() + self.timeouts.first_byte;
        let (response, _) = http::start_until(builder, deadline, key, |s, h, b| rep::problem(s, h, b, key)).await?;
        let body = img::read_body(response, JSON_LIMIT, deadline, key).await?;
        img::parse_json(&body)
    }

    async fn start_prediction(&self, request: VideoRequest) -> Result<String, ProviderError> {
        let (owner, name) = rep::split_model(&request.model)?;
        let url = self.endpoint.url(&format!("/models/{owner}/{name}/predictions"));
        let prediction = self.call(self.client.post(url).json(&request_body(&request))).await?;
        rep::prediction_id(&prediction).map(str::to_string)
    }

    async fn poll_prediction(&self, id: &str) -> Result<VideoStatus, ProviderError> {
        if !rep::valid_id(id) {
            return Err(ProviderError::Rejected {
                status: 400,
                message: format!("bad prediction id {:?}", http::truncate(id, 100)),
            });
        }
        let url = self.endpoint.url(&format!("/predictions/{id}"));
        let prediction = match self.call(self.client.get(url)).await {
            Ok(prediction) => prediction,
            // The check did not get through; the prediction goes on at Replicate.
            Err(e) if e.is_retryable() => {
                tracing::info!(error = %e, "video status check failed; polling again");
                return Ok(VideoStatus::Unknown);
            }
            Err(e) => return Err(e),
        };
        read_prediction(&prediction, self.key())
    }

    async fn download_output(&self, uri: &str, dest: &Path, max_bytes: u64) -> Result<u64, ProviderError> {
        let key = self.key();
        let deadline = Instant::now() + self.timeouts.first_byte;
        let bearer = key.map(|k| format!("Bearer {k}"));
        let credential = bearer.as_deref().map(|b| (reqwest::header::AUTHORIZATION.as_str(), b));
        let response = self.downloads.open(uri, &self.endpoint.base_url, credential, key, deadline).await?;
        super::save_to_file(response, dest, max_bytes, self.timeouts.idle, key).await
    }
}

impl VideoProvider for ReplicateVideos {
    fn start(&self, request: VideoRequest) -> BoxFuture<'_, Result<String, ProviderError>> {
        Box::pin(self.start_prediction(request))
    }

    fn poll<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<VideoStatus, ProviderError>> {
        Box::pin(self.poll_prediction(operation))
    }

    fn download<'a>(
        &'a self,
        uri: &'a str,
        dest: &'a Path,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<u64, ProviderError>> {
        Box::pin(self.download_output(uri, dest, max_bytes))
    }

    fn poll_interval(&self) -> Duration {
        self.poll_interval
    }
}

pub(crate) fn request_body(request: &VideoRequest) -> Value {
    json!({
        "input": {
            "prompt": request.prompt,
            "duration": request.seconds,
            "aspect_ratio": request.aspect.as_str(),
        }
    })
}

/// Where a prediction stands.
pub(crate) fn read_prediction(prediction: &Value, key: Option<&str>) -> Result<VideoStatus, ProviderError> {
    match prediction["status"].as_str().unwrap_or("") {
        "starting" | "processing" => Ok(VideoStatus::Running { percent: None }),
        "succeeded" => match rep::outputs(&prediction["output"]).into_iter().find(|u| !u.trim().is_empty()) {
            Some(uri) => Ok(VideoStatus::Ready { uri: uri.trim().to_string() }),
            None => Err(ProviderError::Protocol("the prediction succeeded without a video".into())),
        },
        "failed" => Err(failure(&prediction["error"], key)),
        "canceled" => Err(ProviderError::Rejected { status: 409, message: "the prediction was canceled".into() }),
        other => {
            Err(ProviderError::Protocol(format!("a prediction in an unknown state {:?}", http::truncate(other, 50))))
        }
    }
}

/// A `failed` prediction's error.
fn failure(error: &Value, key: Option<&str>) -> ProviderError {
    let error = match error {
        Value::String(s) if !s.trim().is_empty() => s.trim().to_string(),
        Value::Null | Value::String(_) => "the prediction failed".to_string(),
        other => other.to_string(),
    };
    let message = http::truncate(&http::redact(&error, key), 500);
    let lower = message.to_lowercase();
    if ["nsfw", "safety", "sensitive"].iter().any(|w| lower.contains(w)) {
        return ProviderError::Safety(message);
    }
    ProviderError::Rejected { status: 422, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::video::VideoAspect;

    #[test]
    fn body_and_predictions() {
        let request = VideoRequest {
            model: "wan-video/wan-2.2-t2v-fast".into(),
            prompt: "p".into(),
            seconds: 4,
            aspect: VideoAspect::Wide,
        };
        assert_eq!(request_body(&request), json!({"input": {"prompt": "p", "duration": 4, "aspect_ratio": "16:9"}}));
        let read = |v: Value| read_prediction(&v, None);
        assert_eq!(read(json!({"status": "starting"})), Ok(VideoStatus::Running { percent: None }));
        assert_eq!(read(json!({"status": "processing"})), Ok(VideoStatus::Running { percent: None }));
        assert_eq!(
            read(json!({"status": "succeeded", "output": "https://replicate.delivery/x/out.mp4"})),
            Ok(VideoStatus::Ready { uri: "https://replicate.delivery/x/out.mp4".into() })
        );
        assert_eq!(
            read(json!({"status": "succeeded", "output": ["https://replicate.delivery/a.mp4", "https://b"]})),
            Ok(VideoStatus::Ready { uri: "https://replicate.delivery/a.mp4".into() })
        );
        assert!(matches!(read(json!({"status": "succeeded", "output": []})), Err(ProviderError::Protocol(_))));
        assert_eq!(
            read(json!({"status": "failed", "error": "CUDA out of memory"})),
            Err(ProviderError::Rejected { status: 422, message: "CUDA out of memory".into() })
        );
        for text in ["NSFW content detected", "The input was flagged as sensitive.", "Failed the safety check"] {
            assert!(
                matches!(read(json!({"status": "failed", "error": text})), Err(ProviderError::Safety(_))),
                "{text}"
            );
        }
        assert!(matches!(read(json!({"status": "canceled"})), Err(ProviderError::Rejected { status: 409, .. })));
        assert!(matches!(read(json!({"status": "weird"})), Err(ProviderError::Protocol(_))));
    }
}
