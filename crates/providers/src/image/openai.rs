//! OpenAI Images (`gpt-image-1`): `POST {base}/images/generations` with
//! `{"model","prompt","n","size","quality":"medium","output_format":"png"}`, and for an
//! edit `POST {base}/images/edits` as multipart (`model`, `prompt`, the `image` file, `n`=1,
//! `size`=`auto`, `quality`, `output_format`). `Authorization: Bearer <key>`.
//!
//! - Size from the aspect: 1:1 → `1024x1024`; 4:5 and 9:16 → `1024x1536` (portrait);
//!   16:9 → `1536x1024` (landscape). The API has no closer sizes. An edit sends `auto`
//!   instead (the model keeps the source's shape; the aspect is ignored).
//! - The answer has every picture at once: `data[].b64_json` (or `data[].url`, downloaded,
//!   for models that answer with URLs). Fewer than `n` is a partial result. URLs are only
//!   downloaded from the base URL's host and the allowed download hosts
//!   ([`OpenAiImages::with_download_hosts`], by default
//!   [`OpenAiImages::DEFAULT_DOWNLOAD_HOSTS`]); see [`crate::image`]'s "Downloads".
//! - A safety refusal is a 400 whose `error.code` is `moderation_blocked` or
//!   `content_policy_violation`, or whose message mentions the "safety system" → `Safety`.

use super::{ImageProvider, ImageRequest, ImageStream};
use crate::image::{self as img, Aspect, SourceImage};
use crate::{http, Endpoint, ProviderError, Timeouts};
use futures_util::future::BoxFuture;
use futures_util::stream::{self, StreamExt};
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use tokio::time::Instant;

#[derive(Clone, Debug)]
pub struct OpenAiImages {
    client: reqwest::Client,
    endpoint: Endpoint,
    timeouts: Timeouts,
    downloads: img::Downloads,
}

impl OpenAiImages {
    /// Where `data[].url` pictures may be downloaded from, besides the base URL's host:
    /// Azure blob storage (DALL·E's URLs) and OpenAI's own subdomains.
    pub const DEFAULT_DOWNLOAD_HOSTS: [&'static str; 2] = ["*.blob.core.windows.net", "*.openai.com"];

    /// `endpoint.base_url` is usually [`Endpoint::OPENAI_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> OpenAiImages {
        OpenAiImages::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    /// Shares an HTTP client (connection pool) with other providers.
    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> OpenAiImages {
        let hosts = OpenAiImages::DEFAULT_DOWNLOAD_HOSTS.map(str::to_string).to_vec();
        OpenAiImages { client, downloads: img::Downloads::new(&timeouts, hosts), endpoint, timeouts }
    }

    /// Replaces the hosts `data[].url` pictures may be downloaded from (the base URL's host
    /// always may). Each entry is an exact host, an exact `host:port` (`127.0.0.1:8080`),
    /// or `*.suffix` for every subdomain of `suffix`. Downloads are `https` only, except
    /// from the base URL's origin or an exact `host:port` entry's. Default:
    /// [`OpenAiImages::DEFAULT_DOWNLOAD_HOSTS`].
    pub fn with_download_hosts(mut self, hosts: Vec<String>) -> OpenAiImages {
        self.downloads = self.downloads.with_hosts(hosts);
        self
    }

    /// The hosts `data[].url` pictures may be downloaded from, besides the base URL's host.
    pub fn download_hosts(&self) -> &[String] {
        self.downloads.hosts()
    }

    async fn start(&self, request: ImageRequest) -> Result<ImageStream, ProviderError> {
        let key = self.endpoint.key();
        let deadline = Instant::now() + self.timeouts.first_byte;
        let n = request.wanted();
        let mut builder = match &request.source {
            None => self.client.post(self.endpoint.url("/images/generations")).json(&generation_body(&request)),
            Some(source) => {
                self.client.post(self.endpoint.url("/images/edits")).multipart(edit_form(&request, source)?)
            }
        };
        if let Some(key) = key {
            builder = builder.header(reqwest::header::AUTHORIZATION, http::secret_header(&format!("Bearer {key}"))?);
        }
        let (response, _) = http::start_until(builder, deadline, key, |s, h, b| safety_refusal(s, h, b, key)).await?;
        let body = img::read_body(response, img::json_limit(n.into()), deadline, key).await?;
        let value = img::parse_json(&body)?;
        let items: Vec<Value> = value["data"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            return Err(ProviderError::Protocol("no image in the answer".into()));
        }
        let (downloads, base) = (self.downloads.clone(), self.endpoint.base_url.clone());
        let key = key.map(str::to_string);
        let images = stream::iter(items.into_iter().take(n.into())).then(move |item| {
            let (downloads, base, key) = (downloads.clone(), base.clone(), key.clone());
            async move {
                if let Some(b64) = item["b64_json"].as_str() {
                    img::decode_base64(b64)
                } else if let Some(url) = item["url"].as_str() {
                    downloads.fetch(url, &base, key.as_deref(), deadline).await
                } else {
                    Err(ProviderError::Protocol("an image entry has neither b64_json nor url".into()))
                }
            }
        });
        Ok(img::until_error(images))
    }
}

impl ImageProvider for OpenAiImages {
    fn generate(&self, request: ImageRequest) -> BoxFuture<'_, Result<ImageStream, ProviderError>> {
        Box::pin(self.start(request))
    }
}

/// The `size` for an aspect ratio.
pub fn size(aspect: Aspect) -> &'static str {
    match aspect {
        Aspect::Square => "1024x1024",
        Aspect::Portrait | Aspect::Story => "1024x1536",
        Aspect::Wide => "1536x1024",
    }
}

pub(crate) fn generation_body(request: &ImageRequest) -> Value {
    json!({
        "model": request.model,
        "prompt": request.prompt,
        "n": request.wanted(),
        "size": size(request.aspect),
        "quality": "medium",
        "output_format": "png",
    })
}

fn edit_form(request: &ImageRequest, source: &SourceImage) -> Result<reqwest::multipart::Form, ProviderError> {
    let file_name = match source.mime.as_str() {
        "image/jpeg" => "image.jpg",
        "image/webp" => "image.webp",
        _ => "image.png",
    };
    let image = reqwest::multipart::Part::bytes(source.data.clone())
        .file_name(file_name)
        .mime_str(&source.mime)
        .map_err(|_| ProviderError::Rejected { status: 400, message: format!("bad image type {:?}", source.mime) })?;
    Ok(reqwest::multipart::Form::new()
        .text("model", request.model.clone())
        .text("prompt", request.prompt.clone())
        .part("image", image)
        .text("n", "1")
        // The model keeps the source's shape; an aspect-derived size would crop or stretch it.
        .text("size", "auto")
        .text("quality", "medium")
        .text("output_format", "png"))
}

/// A 400 from the safety system → `Safety` with its message.
fn safety_refusal(status: u16, _: &HeaderMap, body: &str, key: Option<&str>) -> Option<ProviderError> {
    if status != 400 {
        return None;
    }
    let value: Value = serde_json::from_str(body).ok()?;
    let error = &value["error"];
    let code = error["code"].as_str().unwrap_or("");
    let message = error["message"].as_str().unwrap_or("");
    let refused = matches!(code, "moderation_blocked" | "content_policy_violation")
        || message.to_ascii_lowercase().contains("safety system");
    refused.then(|| ProviderError::Safety(http::redact(&http::error_message(body), key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_body() {
        let request = ImageRequest {
            model: "gpt-image-1".into(),
            prompt: "قطة".into(),
            count: 2,
            aspect: Aspect::Story,
            source: None,
        };
        assert_eq!(
            generation_body(&request),
            json!({"model": "gpt-image-1", "prompt": "قطة", "n": 2, "size": "1024x1536", "quality": "medium", "output_format": "png"})
        );
        assert_eq!(size(Aspect::Square), "1024x1024");
        assert_eq!(size(Aspect::Portrait), "1024x1536");
        assert_eq!(size(Aspect::Wide), "1536x1024");
    }

    #[test]
    fn safety_refusals() {
        let h = HeaderMap::new();
        let blocked = r#"{"error":{"message":"Your request was rejected as a result of our safety system.","type":"image_generation_user_error","code":"moderation_blocked"}}"#;
        assert!(
            matches!(safety_refusal(400, &h, blocked, None), Some(ProviderError::Safety(m)) if m.contains("safety system"))
        );
        let policy = r#"{"error":{"message":"This request has been blocked.","code":"content_policy_violation"}}"#;
        assert!(matches!(safety_refusal(400, &h, policy, None), Some(ProviderError::Safety(_))));
        let other = r#"{"error":{"message":"Invalid size","code":"invalid_value"}}"#;
        assert_eq!(safety_refusal(400, &h, other, None), None);
        assert_eq!(safety_refusal(401, &h, blocked, None), None);
    }
}
