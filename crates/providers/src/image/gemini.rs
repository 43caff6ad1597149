//! Gemini 2.5 Flash Image ("Nano Banana", `gemini-2.5-flash-image`):
//! `POST {base}/models/{model}:generateContent` with `x-goog-api-key` (as the chat client).
//!
//! - Body: `{"contents":[{"parts":[{"text":prompt}, (edit) {"inlineData":{...}}]}],
//!   "generationConfig":{"responseModalities":["IMAGE"],"imageConfig":{"aspectRatio":"1:1"}}}`.
//!   An edit sends no `imageConfig` (apis.md §3.4): the model keeps the source's aspect
//!   ratio, and the request's is ignored.
//! - One picture per call: for N pictures, N calls run at once and each picture is yielded as
//!   its call completes. When some calls fail (other than a safety refusal) after another
//!   made a picture, the stream ends after the pictures (partial); when all fail, the
//!   stream's first item is the (first) error. A safety refusal is always reported, after
//!   the pictures of the other calls. `generate` itself only fails before sending (a bad
//!   model name).
//! - Every part of `candidates[0].content.parts` is scanned for `inlineData` (or
//!   `inline_data`); a `data:image/...;base64,` URL inside a text part is accepted too.
//! - No picture and `finishReason` `IMAGE_SAFETY`, `SAFETY`, `PROHIBITED_CONTENT`,
//!   `IMAGE_PROHIBITED_CONTENT`, `BLOCKLIST` or `SPII`, or a `promptFeedback.blockReason` →
//!   `Safety`. No picture otherwise → `Protocol` (with the model's text, if any).

use super::{ImageProvider, ImageRequest, ImageStream};
use crate::image::{self as img, GeneratedImage};
use crate::{http, Endpoint, ProviderError, Timeouts};
use futures_util::future::BoxFuture;
use serde_json::{json, Value};
use tokio::time::Instant;

#[derive(Clone, Debug)]
pub struct GeminiImages {
    client: reqwest::Client,
    endpoint: Endpoint,
    timeouts: Timeouts,
}

impl GeminiImages {
    /// `endpoint.base_url` is usually [`Endpoint::GEMINI_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> GeminiImages {
        GeminiImages::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    /// Shares an HTTP client (connection pool) with other providers.
    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> GeminiImages {
        GeminiImages { client, endpoint, timeouts }
    }

    /// One call, one picture.
    async fn one(self, body: Value, url: String) -> Result<GeneratedImage, ProviderError> {
        let key = self.endpoint.key();
        let deadline = Instant::now() + self.timeouts.first_byte;
        let mut builder = self.client.post(url).json(&body);
        if let Some(key) = key {
            builder = builder.header("x-goog-api-key", http::secret_header(key)?);
        }
        let (response, _) = http::start_until(builder, deadline, key, |_, _, _| None).await?;
        let body = img::read_body(response, img::json_limit(1), deadline, key).await?;
        read_answer(&img::parse_json(&body)?)
    }
}

impl ImageProvider for GeminiImages {
    fn generate(&self, request: ImageRequest) -> BoxFuture<'_, Result<ImageStream, ProviderError>> {
        Box::pin(async move {
            img::check_model_name(&request.model)?;
            let url = self.endpoint.url(&format!("/models/{}:generateContent", request.model));
            let body = request_body(&request);
            let this = self.clone();
            Ok(img::fan_out(request.wanted(), move |_| Box::pin(this.clone().one(body.clone(), url.clone()))))
        })
    }
}

pub(crate) fn request_body(request: &ImageRequest) -> Value {
    let mut parts = vec![json!({"text": request.prompt})];
    let mut config = json!({"responseModalities": ["IMAGE"]});
    match &request.source {
        Some(source) => {
            parts.push(json!({"inlineData": {"mimeType": source.mime, "data": http::base64(&source.data)}}));
        }
        None => config["imageConfig"] = json!({"aspectRatio": request.aspect.as_str()}),
    }
    json!({"contents": [{"parts": parts}], "generationConfig": config})
}

const SAFETY_REASONS: [&str; 6] =
    ["IMAGE_SAFETY", "SAFETY", "PROHIBITED_CONTENT", "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII"];

/// The picture of a `generateContent` answer (200), or why there is none.
pub(crate) fn read_answer(value: &Value) -> Result<GeneratedImage, ProviderError> {
    if value["error"].is_object() {
        let error = &value["error"];
        let message = error["message"].as_str().unwrap_or("no details");
        return Err(match error["code"].as_u64() {
            Some(429) => ProviderError::RateLimited { retry_after_secs: None },
            Some(code @ 500..=599) => ProviderError::Unavailable { status: code as u16 },
            _ => http::in_stream_error(error["status"].as_str().unwrap_or(""), message),
        });
    }
    let candidate = &value["candidates"][0];
    let parts = candidate["content"]["parts"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut texts = Vec::new();
    for part in parts {
        let inline = if part["inlineData"].is_object() { &part["inlineData"] } else { &part["inline_data"] };
        if let Some(data) = inline["data"].as_str() {
            return img::decode_base64(data);
        }
        if let Some(text) = part["text"].as_str() {
            if let Some(image) = text.split_whitespace().find_map(img::data_url) {
                return image;
            }
            if part["thought"] != true {
                texts.push(text.trim());
            }
        }
    }
    let reason = candidate["finishReason"].as_str().unwrap_or("");
    if SAFETY_REASONS.contains(&reason) {
        let message = candidate["finishMessage"].as_str().map(|m| format!("{reason}: {m}"));
        return Err(ProviderError::Safety(http::truncate(&message.unwrap_or_else(|| reason.to_string()), 500)));
    }
    if let Some(block) = value["promptFeedback"]["blockReason"].as_str() {
        let message = value["promptFeedback"]["blockReasonMessage"].as_str().map(|m| format!("{block}: {m}"));
        return Err(ProviderError::Safety(http::truncate(&message.unwrap_or_else(|| block.to_string()), 500)));
    }
    let said = texts.join(" ");
    Err(ProviderError::Protocol(if said.is_empty() {
        format!("no image in the answer (finish reason {reason:?})")
    } else {
        format!("no image in the answer: {}", http::truncate(&said, 300))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::{Aspect, SourceImage};

    #[test]
    fn body_shape() {
        let mut request = ImageRequest {
            model: "gemini-2.5-flash-image".into(),
            prompt: "موزة ترتدي بدلة".into(),
            count: 1,
            aspect: Aspect::Wide,
            source: None,
        };
        assert_eq!(
            request_body(&request),
            json!({"contents": [{"parts": [{"text": "موزة ترتدي بدلة"}]}],
                   "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": {"aspectRatio": "16:9"}}})
        );
        request.source = Some(SourceImage { mime: "image/png".into(), data: vec![0] });
        assert_eq!(
            request_body(&request)["contents"][0]["parts"][1],
            json!({"inlineData": {"mimeType": "image/png", "data": "AA=="}})
        );
        assert_eq!(
            request_body(&request)["generationConfig"],
            json!({"responseModalities": ["IMAGE"]}),
            "an edit keeps the source's aspect ratio"
        );
    }

    #[test]
    fn answers() {
        let png = &http::base64(&crate::image::tests::tiny_png(2, 2));
        let with =
            |parts: Value, reason: &str| json!({"candidates": [{"content": {"parts": parts}, "finishReason": reason}]});
        let ok = with(json!([{"text": "Here you go"}, {"inlineData": {"mimeType": "image/png", "data": png}}]), "STOP");
        assert_eq!(read_answer(&ok).unwrap().mime, "image/png");
        let snake = with(json!([{"inline_data": {"mime_type": "image/png", "data": png}}]), "STOP");
        assert!(read_answer(&snake).is_ok());
        let in_text = with(json!([{"text": format!("here: data:image/png;base64,{png}")}]), "STOP");
        assert!(read_answer(&in_text).is_ok());
        for reason in ["IMAGE_SAFETY", "SAFETY", "PROHIBITED_CONTENT"] {
            assert!(matches!(read_answer(&with(json!([]), reason)), Err(ProviderError::Safety(_))), "{reason}");
        }
        let blocked = json!({"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}});
        assert_eq!(read_answer(&blocked), Err(ProviderError::Safety("PROHIBITED_CONTENT".into())));
        let text_only = with(json!([{"text": "I can't draw that."}]), "STOP");
        assert!(matches!(read_answer(&text_only), Err(ProviderError::Protocol(m)) if m.contains("I can't draw that.")));
    }
}
