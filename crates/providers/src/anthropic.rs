//! Anthropic Messages, streamed: `POST {base}/messages` with `x-api-key`,
//! `anthropic-version: 2023-06-01` and `stream: true`.
//!
//! - `system` is a top-level field; images are `{"type":"image","source":{"type":"base64",…}}`
//!   blocks; `max_tokens` is required.
//! - Text: `content_block_delta` with a `text_delta` (thinking and tool deltas are skipped).
//! - Usage: input from `message_start.message.usage` (`input_tokens` plus the cache counts),
//!   output from the last `message_delta.usage.output_tokens` (cumulative).
//! - Finish: `message_delta.delta.stop_reason`; end: `message_stop`.
//! - `event: error` inside the stream: `overloaded_error` → `Unavailable { 529 }`,
//!   `api_error` → `Unavailable { 500 }`, `rate_limit_error` → `RateLimited`, else `Protocol`.

use crate::http::{self, Decoder, Flow, Queue};
use crate::sse::SseEvent;
use crate::{
    ChatProvider, ChatRequest, Endpoint, Event, EventStream, FinishReason, Part, ProviderError, Role, Timeouts, Usage,
};
use futures_util::future::BoxFuture;
use serde_json::{json, Value};

pub const ANTHROPIC_VERSION: &str = "2023-06-01";

#[derive(Clone, Debug)]
pub struct AnthropicProvider {
    client: reqwest::Client,
    endpoint: Endpoint,
    timeouts: Timeouts,
}

impl AnthropicProvider {
    /// `endpoint.base_url` is usually [`Endpoint::ANTHROPIC_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> AnthropicProvider {
        AnthropicProvider::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> AnthropicProvider {
        AnthropicProvider { client, endpoint, timeouts }
    }

    async fn start(&self, request: ChatRequest) -> Result<EventStream, ProviderError> {
        let key = self.endpoint.key();
        let mut builder = self
            .client
            .post(self.endpoint.url("/messages"))
            .header("anthropic-version", ANTHROPIC_VERSION)
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .json(&request_body(&request));
        if let Some(key) = key {
            builder = builder.header("x-api-key", http::secret_header(key)?);
        }
        let (response, deadline) = http::start(builder, &self.timeouts, key).await?;
        Ok(http::event_stream(response, deadline, self.timeouts.idle, MessagesDecoder::default()))
    }
}

impl ChatProvider for AnthropicProvider {
    fn stream(&self, request: ChatRequest) -> BoxFuture<'_, Result<EventStream, ProviderError>> {
        Box::pin(self.start(request))
    }
}

pub(crate) fn request_body(request: &ChatRequest) -> Value {
    let messages: Vec<Value> = request
        .messages
        .iter()
        .map(|m| {
            let role = match m.role {
                Role::User => "user",
                Role::Assistant => "assistant",
            };
            let has_image = m.parts.iter().any(|p| matches!(p, Part::Image { .. }));
            let content = if has_image && m.role == Role::User {
                let blocks: Vec<Value> = m
                    .parts
                    .iter()
                    .filter_map(|p| match p {
                        // Anthropic refuses empty text blocks.
                        Part::Text(t) if t.is_empty() => None,
                        Part::Text(t) => Some(json!({"type": "text", "text": t})),
                        Part::Image { mime, data } => Some(json!({
                            "type": "image",
                            "source": {"type": "base64", "media_type": mime, "data": http::base64(data)}
                        })),
                    })
                    .collect();
                Value::Array(blocks)
            } else {
                Value::String(m.joined_text())
            };
            json!({"role": role, "content": content})
        })
        .collect();
    let mut body = json!({
        "model": request.model,
        "max_tokens": request.max_output_tokens,
        "messages": messages,
        "stream": true,
    });
    if let Some(system) = request.system.as_deref().filter(|s| !s.is_empty()) {
        body["system"] = json!(system);
    }
    if let Some(t) = request.temperature {
        body["temperature"] = http::temperature(t);
    }
    body
}

#[derive(Default)]
pub(crate) struct MessagesDecoder {
    usage: Option<Usage>,
    stop: Option<FinishReason>,
}

fn stop_reason(reason: &str) -> FinishReason {
    match reason {
        "end_turn" | "stop_sequence" => FinishReason::Stop,
        "max_tokens" | "model_context_window_exceeded" => FinishReason::Length,
        "refusal" => FinishReason::ContentFilter,
        _ => FinishReason::Other,
    }
}

fn input_tokens(usage: &Value) -> Option<u64> {
    let input = usage["input_tokens"].as_u64()?;
    Some(
        input
            + usage["cache_creation_input_tokens"].as_u64().unwrap_or(0)
            + usage["cache_read_input_tokens"].as_u64().unwrap_or(0),
    )
}

impl Decoder for MessagesDecoder {
    fn on_event(&mut self, event: SseEvent, out: &mut Queue) -> Flow {
        let value: Value = match serde_json::from_str(event.data.trim()) {
            Ok(v) => v,
            Err(e) => {
                out.push_back(Err(ProviderError::Protocol(format!("unreadable event: {e}"))));
                return Flow::Failed;
            }
        };
        let kind = value["type"].as_str().unwrap_or(event.event.as_str());
        match kind {
            "message_start" => {
                let usage = &value["message"]["usage"];
                self.usage = Some(Usage {
                    input_tokens: input_tokens(usage).unwrap_or(0),
                    output_tokens: usage["output_tokens"].as_u64().unwrap_or(0),
                });
            }
            "content_block_delta" => {
                let delta = &value["delta"];
                if delta["type"] == "text_delta" {
                    if let Some(text) = delta["text"].as_str().filter(|t| !t.is_empty()) {
                        out.push_back(Ok(Event::Text(text.to_string())));
                    }
                }
            }
            "message_delta" => {
                if let Some(reason) = value["delta"]["stop_reason"].as_str() {
                    self.stop = Some(stop_reason(reason));
                }
                let usage = &value["usage"];
                let mut u = self.usage.unwrap_or_default();
                if let Some(output) = usage["output_tokens"].as_u64() {
                    u.output_tokens = output;
                }
                if let Some(input) = input_tokens(usage) {
                    u.input_tokens = input;
                }
                self.usage = Some(u);
            }
            "message_stop" => return Flow::Done,
            "error" => {
                let error = &value["error"];
                let message = error["message"].as_str().unwrap_or("no details");
                out.push_back(Err(http::in_stream_error(error["type"].as_str().unwrap_or(""), message)));
                return Flow::Failed;
            }
            // ping, content_block_start/stop, and anything newer.
            _ => {}
        }
        Flow::Continue
    }

    fn is_complete(&self) -> bool {
        self.stop.is_some()
    }

    fn finish(&mut self, out: &mut Queue) {
        if let Some(u) = self.usage.take() {
            out.push_back(Ok(Event::Usage(u)));
        }
        out.push_back(Ok(Event::Finished(self.stop.unwrap_or(FinishReason::Stop))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Message;

    #[test]
    fn body_shape() {
        let request = ChatRequest {
            model: "claude-sonnet-4-5".into(),
            system: Some("كن موجزًا".into()),
            messages: vec![
                Message {
                    role: Role::User,
                    parts: vec![Part::Image { mime: "image/jpeg".into(), data: vec![255] }, Part::Text("صف".into())],
                },
                Message::text(Role::Assistant, "صورة"),
            ],
            max_output_tokens: 64,
            temperature: None,
        };
        assert_eq!(
            request_body(&request),
            json!({
                "model": "claude-sonnet-4-5",
                "max_tokens": 64,
                "system": "كن موجزًا",
                "stream": true,
                "messages": [
                    {"role": "user", "content": [
                        {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/w=="}},
                        {"type": "text", "text": "صف"}
                    ]},
                    {"role": "assistant", "content": "صورة"}
                ]
            })
        );
    }
}
