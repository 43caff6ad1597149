//! Replicate: a prediction on an official model, `POST {base}/models/{owner}/{name}/predictions`
//! with `Authorization: Bearer <token>`, `Prefer: wait=N` and
//! `{"input":{"prompt","num_outputs","aspect_ratio","output_format":"png"}}`.
//!
//! - The catalogue's model name is `owner/name` (`black-forest-labs/flux-schnell`).
//! - `Prefer: wait=N` asks Replicate to hold the answer until the prediction is done: N is
//!   60 (its maximum), or one second under `timeouts.first_byte` when that is shorter, so
//!   that Replicate answers before we give up.
//! - If the answer is not terminal (`starting`, `processing`), the prediction is polled
//!   every [`ReplicateImages::with_poll_interval`] (default 1 s) until `succeeded`, `failed`
//!   or `canceled`. It is polled at `urls.get` only when that is on the base URL's origin;
//!   else at `{base}/predictions/{id}` (the `id` must be ASCII letters and digits, else
//!   `Protocol`). Canceling likewise uses `urls.cancel` only on the base URL's origin.
//! - One overall [`ReplicateImages::with_deadline`] (default 5 minutes, counted from the
//!   start) bounds the whole generation, polls and downloads together → `Timeout` (a
//!   prediction still running then is canceled, best effort). Each call also waits at most
//!   `timeouts.first_byte`.
//! - `succeeded`: `output` is a URL or a list of URLs (or `data:` URLs); each is downloaded
//!   and yielded in turn (at most `count`; fewer is a partial result). Downloads only go to
//!   the base URL's host and the allowed download hosts
//!   ([`ReplicateImages::with_download_hosts`], by default
//!   [`ReplicateImages::DEFAULT_DOWNLOAD_HOSTS`]); see [`crate::image`]'s "Downloads". The
//!   token is only ever sent to the base URL's own origin: output files on other hosts
//!   (`replicate.delivery`) get no `Authorization`.
//! - `failed` whose error mentions NSFW or safety → `Safety`; other failures →
//!   `Unavailable { 500 }` (the model's run broke; another model may do better); `canceled`
//!   → `Protocol`.
//! - HTTP errors are problem details `{"title","detail","status"}`: the message is `detail`,
//!   else `title`.
//! - No edits: a request with a source image is `Rejected { 400 }`.

use super::{ImageProvider, ImageRequest, ImageStream};
use crate::image::{self as img};
use crate::{http, Endpoint, ProviderError, Timeouts};
use futures_util::future::BoxFuture;
use futures_util::stream::{self, StreamExt};
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::time::Instant;

#[derive(Clone, Debug)]
pub struct ReplicateImages {
    client: reqwest::Client,
    endpoint: Endpoint,
    timeouts: Timeouts,
    poll_interval: Duration,
    deadline: Duration,
    downloads: img::Downloads,
}

impl ReplicateImages {
    /// Where output files may be downloaded from, besides the base URL's host (see
    /// [`ReplicateImages::with_download_hosts`]).
    pub const DEFAULT_DOWNLOAD_HOSTS: [&'static str; 2] = ["replicate.delivery", "*.replicate.delivery"];

    /// `endpoint.base_url` is usually [`Endpoint::REPLICATE_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> ReplicateImages {
        ReplicateImages::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    /// Shares an HTTP client (connection pool) with other providers.
    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> ReplicateImages {
        let hosts = ReplicateImages::DEFAULT_DOWNLOAD_HOSTS.map(str::to_string).to_vec();
        ReplicateImages {
            client,
            downloads: img::Downloads::new(&timeouts, hosts),
            endpoint,
            timeouts,
            poll_interval: Duration::from_secs(1),
            deadline: Duration::from_secs(5 * 60),
        }
    }

    /// Replaces the hosts output files may be downloaded from (the base URL's host always
    /// may). Each entry is an exact host (`replicate.delivery`), an exact `host:port`
    /// (`127.0.0.1:8080`), or `*.suffix` for every subdomain of `suffix`. Downloads are
    /// `https` only, except from the base URL's origin or an exact `host:port` entry's.
    /// Default: [`ReplicateImages::DEFAULT_DOWNLOAD_HOSTS`].
    pub fn with_download_hosts(mut self, hosts: Vec<String>) -> ReplicateImages {
        self.downloads = self.downloads.with_hosts(hosts);
        self
    }

    /// The hosts output files may be downloaded from, besides the base URL's host.
    pub fn download_hosts(&self) -> &[String] {
        self.downloads.hosts()
    }

    /// How long to wait between two polls of an unfinished prediction (default 1 s).
    pub fn with_poll_interval(mut self, interval: Duration) -> ReplicateImages {
        self.poll_interval = interval;
        self
    }

    /// How long a whole generation may take, polls and downloads included (default 5
    /// minutes); then `Timeout`.
    pub fn with_deadline(mut self, deadline: Duration) -> ReplicateImages {
        self.deadline = deadline;
        self
    }

    fn key(&self) -> Option<&str> {
        self.endpoint.key()
    }

    /// Adds the bearer token if `url` is on the base URL's origin.
    fn authorize(&self, builder: reqwest::RequestBuilder, url: &str) -> Result<reqwest::RequestBuilder, ProviderError> {
        let ours = reqwest::Url::parse(url).is_ok_and(|u| img::same_origin(&u, &self.endpoint.base_url));
        match self.key() {
            Some(key) if ours => {
                Ok(builder.header(reqwest::header::AUTHORIZATION, http::secret_header(&format!("Bearer {key}"))?))
            }
            _ => Ok(builder),
        }
    }

    /// One call's deadline: `first_byte` from now, but not past the overall deadline.
    fn call_deadline(&self, overall: Instant) -> Instant {
        (Instant::now() + self.timeouts.first_byte).min(overall)
    }

    async fn send(&self, builder: reqwest::RequestBuilder, overall: Instant) -> Result<Value, ProviderError> {
        let key = self.key();
        let deadline = self.call_deadline(overall);
        let (response, _) = http::start_until(builder, deadline, key, |s, h, b| problem(s, h, b, key)).await?;
        let body = img::read_body(response, img::json_limit(usize::from(img::MAX_COUNT)), deadline, key).await?;
        img::parse_json(&body)
    }

    async fn start(&self, request: ImageRequest) -> Result<ImageStream, ProviderError> {
        if request.source.is_some() {
            return Err(img::no_edits("Replicate"));
        }
        let (owner, name) = split_model(&request.model)?;
        let overall = Instant::now() + self.deadline;
        let count = request.wanted();
        let url = self.endpoint.url(&format!("/models/{owner}/{name}/predictions"));
        let wait = self.timeouts.first_byte.as_secs().saturating_sub(1).clamp(1, 60);
        let builder = self
            .authorize(self.client.post(&url), &url)?
            .header("prefer", format!("wait={wait}"))
            .json(&request_body(&request));
        let mut prediction = self.send(builder, overall).await?;
        loop {
            match prediction["status"].as_str().unwrap_or("") {
                "succeeded" => break,
                "failed" => return Err(failure(&prediction)),
                "canceled" => return Err(ProviderError::Protocol("the prediction was canceled".into())),
                _ => {}
            }
            let poll = self.prediction_url(&prediction, "get", "")?;
            let next = Instant::now() + self.poll_interval;
            if next >= overall {
                tokio::time::sleep_until(overall).await;
                self.cancel(&prediction);
                return Err(ProviderError::Timeout);
            }
            tokio::time::sleep_until(next).await;
            let builder = self.authorize(self.client.get(&poll), &poll)?;
            prediction = match self.send(builder, overall).await {
                Err(ProviderError::Timeout) => {
                    self.cancel(&prediction);
                    return Err(ProviderError::Timeout);
                }
                other => other?,
            };
        }
        let urls = outputs(&prediction["output"]);
        if urls.is_empty() {
            return Err(ProviderError::Protocol("the prediction succeeded without an image".into()));
        }
        let this = self.clone();
        let images = stream::iter(urls.into_iter().take(count.into())).then(move |url| {
            let this = this.clone();
            async move {
                let deadline = this.call_deadline(overall);
                this.downloads.fetch(&url, &this.endpoint.base_url, this.key(), deadline).await
            }
        });
        Ok(img::until_error(images))
    }

    /// The prediction's `urls.<which>` if it is on the base URL's origin (and has no user
    /// info), else `{base}/predictions/{id}{tail}` (the id checked).
    fn prediction_url(&self, prediction: &Value, which: &str, tail: &str) -> Result<String, ProviderError> {
        if let Some(url) = prediction["urls"][which].as_str() {
            let ours = reqwest::Url::parse(url).is_ok_and(|u| {
                img::same_origin(&u, &self.endpoint.base_url) && u.username().is_empty() && u.password().is_none()
            });
            if ours {
                return Ok(url.to_string());
            }
            tracing::warn!(which, "replicate: a prediction URL not on the API's origin; using its id instead");
        }
        let id = prediction_id(prediction)?;
        Ok(self.endpoint.url(&format!("/predictions/{id}{tail}")))
    }

    /// Cancels a prediction we gave up on, in the background (so that it stops costing).
    fn cancel(&self, prediction: &Value) {
        let Ok(url) = self.prediction_url(prediction, "cancel", "/cancel") else { return };
        let Ok(builder) = self.authorize(self.client.post(&url), &url) else { return };
        tokio::spawn(async move {
            let _ = tokio::time::timeout(Duration::from_secs(10), builder.send()).await;
        });
    }
}

impl ImageProvider for ReplicateImages {
    fn generate(&self, request: ImageRequest) -> BoxFuture<'_, Result<ImageStream, ProviderError>> {
        Box::pin(self.start(request))
    }
}

/// `owner/name`, each part safe in a URL path.
pub(crate) fn split_model(model: &str) -> Result<(&str, &str), ProviderError> {
    match model.split_once('/') {
        Some((owner, name)) if img::check_model_name(owner).is_ok() && img::check_model_name(name).is_ok() => {
            Ok((owner, name))
        }
        _ => Err(ProviderError::Rejected {
            status: 400,
            message: format!("bad Replicate model {model:?} (expected owner/name)"),
        }),
    }
}

pub(crate) fn request_body(request: &ImageRequest) -> Value {
    json!({
        "input": {
            "prompt": request.prompt,
            "num_outputs": request.wanted(),
            "aspect_ratio": request.aspect.as_str(),
            "output_format": "png",
        }
    })
}

/// Whether a prediction id is safe in a URL path: 1 to 128 ASCII letters and digits.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A prediction's `id`: ASCII letters and digits only (it goes into a URL path).
pub(crate) fn prediction_id(prediction: &Value) -> Result<&str, ProviderError> {
    match prediction["id"].as_str() {
        Some(id) if valid_id(id) => Ok(id),
        Some(_) => Err(ProviderError::Protocol("a prediction with a malformed id".into())),
        None => Err(ProviderError::Protocol("a prediction without an id".into())),
    }
}

/// The output URLs: a string or a list of strings.
pub(crate) fn outputs(output: &Value) -> Vec<String> {
    match output {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// A `failed` prediction's error.
fn failure(prediction: &Value) -> ProviderError {
    let error = match &prediction["error"] {
        Value::String(s) => s.clone(),
        Value::Null => "no details".to_string(),
        other => other.to_string(),
    };
    let lower = error.to_ascii_lowercase();
    if lower.contains("nsfw") || lower.contains("safety") {
        return ProviderError::Safety(http::truncate(&error, 500));
    }
    tracing::warn!(error = %http::truncate(&error, 500), "replicate: the prediction failed");
    ProviderError::Unavailable { status: 500 }
}

/// Problem details: a client error's message from `detail`, else `title`.
pub(crate) fn problem(status: u16, _: &HeaderMap, body: &str, key: Option<&str>) -> Option<ProviderError> {
    if !(400..500).contains(&status) || status == 429 || status == 408 {
        return None;
    }
    let value: Value = serde_json::from_str(body).ok()?;
    let message = value["detail"].as_str().or(value["title"].as_str())?;
    Some(ProviderError::Rejected { status, message: http::truncate(&http::redact(message, key), 500) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::Aspect;

    #[test]
    fn body_models_outputs_and_failures() {
        let request = ImageRequest {
            model: "black-forest-labs/flux-schnell".into(),
            prompt: "p".into(),
            count: 3,
            aspect: Aspect::Portrait,
            source: None,
        };
        assert_eq!(
            request_body(&request),
            json!({"input": {"prompt": "p", "num_outputs": 3, "aspect_ratio": "4:5", "output_format": "png"}})
        );
        assert_eq!(split_model("black-forest-labs/flux-schnell").unwrap(), ("black-forest-labs", "flux-schnell"));
        for bad in ["flux", "a/b/c", "../x", "a/"] {
            assert!(matches!(split_model(bad), Err(ProviderError::Rejected { status: 400, .. })), "{bad}");
        }
        assert_eq!(outputs(&json!("https://x/a.png")), vec!["https://x/a.png"]);
        assert_eq!(outputs(&json!(["https://x/a.png", "https://x/b.png"])).len(), 2);
        assert!(outputs(&Value::Null).is_empty());
        assert_eq!(prediction_id(&json!({"id": "gm3qorzdhgbfurvjtvhg6dckhu"})), Ok("gm3qorzdhgbfurvjtvhg6dckhu"));
        for bad in [json!({"id": "../x"}), json!({"id": ""}), json!({"id": "a b"}), json!({"id": 7}), json!({})] {
            assert!(matches!(prediction_id(&bad), Err(ProviderError::Protocol(_))), "{bad}");
        }
        assert!(matches!(
            failure(&json!({"error": "NSFW content detected. Try a different prompt."})),
            ProviderError::Safety(_)
        ));
        assert_eq!(failure(&json!({"error": "CUDA out of memory"})), ProviderError::Unavailable { status: 500 });
        let h = HeaderMap::new();
        assert_eq!(
            problem(
                422,
                &h,
                r#"{"title":"Input validation failed","detail":"- input.num_outputs: Must be <= 4","status":422}"#,
                None
            ),
            Some(ProviderError::Rejected { status: 422, message: "- input.num_outputs: Must be <= 4".into() })
        );
        assert_eq!(
            problem(401, &h, r#"{"title":"Unauthenticated","status":401}"#, None),
            Some(ProviderError::Rejected { status: 401, message: "Unauthenticated".into() })
        );
        assert_eq!(problem(429, &h, r#"{"detail":"slow down"}"#, None), None);
    }
}
