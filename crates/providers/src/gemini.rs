//! Google Gemini, streamed: `POST {base}/models/{model}:streamGenerateContent?alt=sse` with
//! `x-goog-api-key`.
//!
//! - `systemInstruction`, `contents` with roles `user`/`model`, images as `inlineData`,
//!   `generationConfig.maxOutputTokens` (and `temperature`).
//! - Text: `candidates[0].content.parts[].text` (thought parts skipped).
//! - Usage: `usageMetadata` holds running totals on each chunk; the last one counts. Input is
//!   `promptTokenCount` (+ `toolUsePromptTokenCount`), output `candidatesTokenCount` +
//!   `thoughtsTokenCount`.
//! - Finish: `finishReason` (`STOP`, `MAX_TOKENS`, `SAFETY`/`PROHIBITED_CONTENT`/… →
//!   `ContentFilter`); a prompt blocked by `promptFeedback.blockReason` → `ContentFilter`.
//! - There is no terminator: the connection closing after a finish reason ends the answer.

use crate::http::{self, Decoder, Flow, Queue};
use crate::sse::SseEvent;
use crate::{
    ChatProvider, ChatRequest, Endpoint, Event, EventStream, FinishReason, Part, ProviderError, Role, Timeouts, Usage,
};
use futures_util::future::BoxFuture;
use serde_json::{json, Value};

#[derive(Clone, Debug)]
pub struct GeminiProvider {
    client: reqwest::Client,
    endpoint: Endpoint,
    timeouts: Timeouts,
}

impl GeminiProvider {
    /// `endpoint.base_url` is usually [`Endpoint::GEMINI_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> GeminiProvider {
        GeminiProvider::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> GeminiProvider {
        GeminiProvider { client, endpoint, timeouts }
    }

    async fn start(&self, request: ChatRequest) -> Result<EventStream, ProviderError> {
        if request.model.is_empty() || !request.model.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)) {
            return Err(ProviderError::Rejected {
                status: 400,
                message: format!("bad model name {:?}", request.model),
            });
        }
        let key = self.endpoint.key();
        let url = self.endpoint.url(&format!("/models/{}:streamGenerateContent?alt=sse", request.model));
        let mut builder =
            self.client.post(url).header(reqwest::header::ACCEPT, "text/event-stream").json(&request_body(&request));
        if let Some(key) = key {
            builder = builder.header("x-goog-api-key", http::secret_header(key)?);
        }
        let (response, deadline) = http::start(builder, &self.timeouts, key).await?;
        Ok(http::event_stream(response, deadline, self.timeouts.idle, GeminiDecoder::default()))
    }
}

impl ChatProvider for GeminiProvider {
    fn stream(&self, request: ChatRequest) -> BoxFuture<'_, Result<EventStream, ProviderError>> {
        Box::pin(self.start(request))
    }
}

pub(crate) fn request_body(request: &ChatRequest) -> Value {
    let contents: Vec<Value> = request
        .messages
        .iter()
        .map(|m| {
            let role = match m.role {
                Role::User => "user",
                Role::Assistant => "model",
            };
            let parts: Vec<Value> = m
                .parts
                .iter()
                .filter_map(|p| match p {
                    Part::Text(t) if t.is_empty() => None,
                    Part::Text(t) => Some(json!({"text": t})),
                    Part::Image { mime, data } => {
                        Some(json!({"inlineData": {"mimeType": mime, "data": http::base64(data)}}))
                    }
                })
                .collect();
            json!({"role": role, "parts": parts})
        })
        .collect();
    let mut config = json!({"maxOutputTokens": request.max_output_tokens});
    if let Some(t) = request.temperature {
        config["temperature"] = http::temperature(t);
    }
    let mut body = json!({"contents": contents, "generationConfig": config});
    if let Some(system) = request.system.as_deref().filter(|s| !s.is_empty()) {
        body["systemInstruction"] = json!({"parts": [{"text": system}]});
    }
    body
}

#[derive(Default)]
pub(crate) struct GeminiDecoder {
    usage: Option<Usage>,
    finish: Option<FinishReason>,
}

fn finish_reason(reason: &str) -> FinishReason {
    match reason {
        "STOP" => FinishReason::Stop,
        "MAX_TOKENS" => FinishReason::Length,
        "SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" | "IMAGE_SAFETY" => {
            FinishReason::ContentFilter
        }
        _ => FinishReason::Other,
    }
}

impl Decoder for GeminiDecoder {
    fn on_event(&mut self, event: SseEvent, out: &mut Queue) -> Flow {
        let value: Value = match serde_json::from_str(event.data.trim()) {
            Ok(v) => v,
            Err(e) => {
                out.push_back(Err(ProviderError::Protocol(format!("unreadable chunk: {e}"))));
                return Flow::Failed;
            }
        };
        if value["error"].is_object() {
            let error = &value["error"];
            let message = error["message"].as_str().unwrap_or("no details");
            let e = match error["code"].as_u64() {
                Some(429) => ProviderError::RateLimited { retry_after_secs: None },
                Some(code @ 500..=599) => ProviderError::Unavailable { status: code as u16 },
                _ => http::in_stream_error(error["status"].as_str().unwrap_or(""), message),
            };
            out.push_back(Err(e));
            return Flow::Failed;
        }
        let candidate = &value["candidates"][0];
        if let Some(parts) = candidate["content"]["parts"].as_array() {
            for part in parts {
                if part["thought"] == true {
                    continue;
                }
                if let Some(text) = part["text"].as_str().filter(|t| !t.is_empty()) {
                    out.push_back(Ok(Event::Text(text.to_string())));
                }
            }
        }
        if let Some(reason) = candidate["finishReason"].as_str() {
            self.finish = Some(finish_reason(reason));
        } else if candidate.is_null() && value["promptFeedback"]["blockReason"].is_string() {
            self.finish = Some(FinishReason::ContentFilter);
        }
        let meta = &value["usageMetadata"];
        if meta.is_object() {
            let n = |field: &str| meta[field].as_u64().unwrap_or(0);
            self.usage = Some(Usage {
                input_tokens: n("promptTokenCount") + n("toolUsePromptTokenCount"),
                output_tokens: n("candidatesTokenCount") + n("thoughtsTokenCount"),
            });
        }
        Flow::Continue
    }

    fn is_complete(&self) -> bool {
        self.finish.is_some()
    }

    fn finish(&mut self, out: &mut Queue) {
        if let Some(u) = self.usage.take() {
            out.push_back(Ok(Event::Usage(u)));
        }
        out.push_back(Ok(Event::Finished(self.finish.unwrap_or(FinishReason::Other))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Message;

    #[test]
    fn body_shape() {
        let request = ChatRequest {
            model: "gemini-2.5-flash".into(),
            system: Some("Be brief.".into()),
            messages: vec![
                Message {
                    role: Role::User,
                    parts: vec![
                        Part::Text("What is it?".into()),
                        Part::Image { mime: "image/webp".into(), data: vec![0] },
                    ],
                },
                Message::text(Role::Assistant, "A cat."),
            ],
            max_output_tokens: 512,
            temperature: Some(0.5),
        };
        assert_eq!(
            request_body(&request),
            json!({
                "systemInstruction": {"parts": [{"text": "Be brief."}]},
                "contents": [
                    {"role": "user", "parts": [{"text": "What is it?"}, {"inlineData": {"mimeType": "image/webp", "data": "AA=="}}]},
                    {"role": "model", "parts": [{"text": "A cat."}]}
                ],
                "generationConfig": {"maxOutputTokens": 512, "temperature": 0.5}
            })
        );
    }
}
