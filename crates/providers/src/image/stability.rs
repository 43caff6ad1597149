//! Stability AI Stable Image: `POST {base}/stable-image/generate/{model}` (model `core`, so
//! `…/v2beta/stable-image/generate/core`), `authorization: Bearer <key>`, `accept: image/*`,
//! a multipart form (`prompt`, `output_format`=`png`, `aspect_ratio`).
//!
//! - One picture per call: N pictures are N calls at once, as for Gemini (see
//!   [`crate::image::gemini`]): pictures as their calls complete; a failure after another
//!   call made a picture leaves a partial result; all failing → the first error as the
//!   stream's first item; a safety refusal is always reported.
//! - The answer is the picture's bytes. A `finish-reason: CONTENT_FILTERED` header (or, if
//!   the server answers JSON after all, `finish_reason`) → `Safety`.
//! - Errors are JSON `{"name","errors":[...]}` whatever the `accept`: the status is checked
//!   first. 403 is the content moderation → `Safety`.
//! - No edits: a request with a source image is `Rejected { 400 }`.

use super::{ImageProvider, ImageRequest, ImageStream};
use crate::image::{self as img, GeneratedImage};
use crate::{http, Endpoint, ProviderError, Timeouts};
use futures_util::future::BoxFuture;
use reqwest::header::HeaderMap;
use serde_json::Value;
use tokio::time::Instant;

#[derive(Clone, Debug)]
pub struct StabilityImages {
    client: reqwest::Client,
    endpoint: Endpoint,
    timeouts: Timeouts,
}

impl StabilityImages {
    /// `endpoint.base_url` is usually [`Endpoint::STABILITY_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> StabilityImages {
        StabilityImages::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    /// Shares an HTTP client (connection pool) with other providers.
    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> StabilityImages {
        StabilityImages { client, endpoint, timeouts }
    }

    /// One call, one picture.
    async fn one(self, url: String, prompt: String, aspect: &'static str) -> Result<GeneratedImage, ProviderError> {
        let key = self.endpoint.key();
        let deadline = Instant::now() + self.timeouts.first_byte;
        let form = reqwest::multipart::Form::new()
            .text("prompt", prompt)
            .text("output_format", "png")
            .text("aspect_ratio", aspect);
        let mut builder = self.client.post(url).header(reqwest::header::ACCEPT, "image/*").multipart(form);
        if let Some(key) = key {
            builder = builder.header(reqwest::header::AUTHORIZATION, http::secret_header(&format!("Bearer {key}"))?);
        }
        let (response, _) = http::start_until(builder, deadline, key, |s, h, b| error(s, h, b, key)).await?;
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let finish = header("finish-reason");
        let json = header("content-type").is_some_and(|t| t.starts_with("application/json"));
        if finish.as_deref() == Some("CONTENT_FILTERED") {
            return Err(ProviderError::Safety("CONTENT_FILTERED".into()));
        }
        if json {
            let body = img::read_body(response, img::json_limit(1), deadline, key).await?;
            let value = img::parse_json(&body)?;
            if value["finish_reason"] == "CONTENT_FILTERED" {
                return Err(ProviderError::Safety("CONTENT_FILTERED".into()));
            }
            return match value["image"].as_str() {
                Some(b64) => img::decode_base64(b64),
                None => Err(ProviderError::Protocol("no image in the answer".into())),
            };
        }
        let body = img::read_body(response, img::MAX_IMAGE_BYTES, deadline, key).await?;
        GeneratedImage::from_bytes(body)
    }
}

impl ImageProvider for StabilityImages {
    fn generate(&self, request: ImageRequest) -> BoxFuture<'_, Result<ImageStream, ProviderError>> {
        Box::pin(async move {
            if request.source.is_some() {
                return Err(img::no_edits("Stability"));
            }
            img::check_model_name(&request.model)?;
            let url = self.endpoint.url(&format!("/stable-image/generate/{}", request.model));
            let (this, prompt, aspect) = (self.clone(), request.prompt.clone(), request.aspect.as_str());
            Ok(img::fan_out(request.wanted(), move |_| Box::pin(this.clone().one(url.clone(), prompt.clone(), aspect))))
        })
    }
}

/// `{"name","errors":[...]}` → the errors joined; 403 (content moderation) → `Safety`.
fn error(status: u16, _: &HeaderMap, body: &str, key: Option<&str>) -> Option<ProviderError> {
    if !(400..500).contains(&status) || status == 429 || status == 408 {
        return None;
    }
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let errors: Vec<&str> =
        value["errors"].as_array().map(|e| e.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let message = if errors.is_empty() {
        value["message"]
            .as_str()
            .or(value["name"].as_str())
            .map(str::to_string)
            .unwrap_or_else(|| http::error_message(body))
    } else {
        errors.join("; ")
    };
    let message = http::truncate(&http::redact(&message, key), 500);
    Some(if status == 403 { ProviderError::Safety(message) } else { ProviderError::Rejected { status, message } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies() {
        let h = HeaderMap::new();
        let moderated = r#"{"id":"abc","name":"content_moderation","errors":["Your request was flagged by our content moderation system."]}"#;
        assert!(matches!(error(403, &h, moderated, None), Some(ProviderError::Safety(m)) if m.contains("moderation")));
        let bad = r#"{"id":"abc","name":"bad_request","errors":["prompt: is required", "aspect_ratio: invalid"]}"#;
        assert_eq!(
            error(400, &h, bad, None),
            Some(ProviderError::Rejected { status: 400, message: "prompt: is required; aspect_ratio: invalid".into() })
        );
        assert_eq!(error(500, &h, bad, None), None);
        assert_eq!(error(429, &h, bad, None), None);
    }
}
