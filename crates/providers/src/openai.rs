//! OpenAI Chat Completions, streamed: `POST {base}/chat/completions` with `stream: true`
//! and `stream_options.include_usage`. The same wire format serves OpenAI-compatible servers
//! ([`crate::compatible`]), which differ only in the output-limit field and an optional key.
//!
//! - System prompt: a first `system` message. Images: `image_url` parts with a `data:` URL.
//! - Text: `choices[0].delta.content`; finish: `choices[0].finish_reason`; usage: the chunk
//!   with `usage` (OpenAI sends it last, with `choices: []`); end: `data: [DONE]`.
//! - Lenient: `choices` null or missing, `usage` missing, unknown fields, no `[DONE]` after
//!   a finish reason.

use crate::http::{self, Decoder, Flow, Queue};
use crate::sse::SseEvent;
use crate::{
    ChatProvider, ChatRequest, Endpoint, Event, EventStream, FinishReason, Part, ProviderError, Role, Timeouts, Usage,
};
use futures_util::future::BoxFuture;
use serde::Deserialize;
use serde_json::{json, Value};

/// The OpenAI API itself.
#[derive(Clone, Debug)]
pub struct OpenAiProvider {
    inner: ChatCompletions,
}

impl OpenAiProvider {
    /// `endpoint.base_url` is usually [`Endpoint::OPENAI_BASE_URL`].
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> OpenAiProvider {
        OpenAiProvider::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    /// Shares an HTTP client (connection pool) with other providers.
    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> OpenAiProvider {
        OpenAiProvider { inner: ChatCompletions { client, endpoint, timeouts, flavor: Flavor::OpenAi } }
    }
}

impl ChatProvider for OpenAiProvider {
    fn stream(&self, request: ChatRequest) -> BoxFuture<'_, Result<EventStream, ProviderError>> {
        Box::pin(self.inner.stream(request))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// `max_completion_tokens`, key required.
    OpenAi,
    /// `max_tokens`, key optional.
    Compatible,
}

#[derive(Clone, Debug)]
pub(crate) struct ChatCompletions {
    pub client: reqwest::Client,
    pub endpoint: Endpoint,
    pub timeouts: Timeouts,
    pub flavor: Flavor,
}

impl ChatCompletions {
    pub async fn stream(&self, request: ChatRequest) -> Result<EventStream, ProviderError> {
        let key = self.endpoint.key();
        let mut builder = self
            .client
            .post(self.endpoint.url("/chat/completions"))
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .json(&request_body(&request, self.flavor));
        if let Some(key) = key {
            builder = builder.header(reqwest::header::AUTHORIZATION, http::secret_header(&format!("Bearer {key}"))?);
        }
        let (response, deadline) = http::start(builder, &self.timeouts, key).await?;
        Ok(http::event_stream(response, deadline, self.timeouts.idle, ChunkDecoder::default()))
    }
}

/// The JSON body of a streamed Chat Completions request.
pub(crate) fn request_body(request: &ChatRequest, flavor: Flavor) -> Value {
    let mut messages = Vec::new();
    if let Some(system) = request.system.as_deref().filter(|s| !s.is_empty()) {
        messages.push(json!({"role": "system", "content": system}));
    }
    for m in &request.messages {
        let role = match m.role {
            Role::User => "user",
            Role::Assistant => "assistant",
        };
        let has_image = m.parts.iter().any(|p| matches!(p, Part::Image { .. }));
        let content = if has_image && m.role == Role::User {
            let parts: Vec<Value> = m
                .parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) => json!({"type": "text", "text": t}),
                    Part::Image { mime, data } => json!({
                        "type": "image_url",
                        "image_url": {"url": format!("data:{mime};base64,{}", http::base64(data))}
                    }),
                })
                .collect();
            Value::Array(parts)
        } else {
            Value::String(m.joined_text())
        };
        messages.push(json!({"role": role, "content": content}));
    }
    let mut body = json!({
        "model": request.model,
        "messages": messages,
        "stream": true,
        "stream_options": {"include_usage": true},
    });
    let limit = match flavor {
        Flavor::OpenAi => "max_completion_tokens",
        Flavor::Compatible => "max_tokens",
    };
    body[limit] = json!(request.max_output_tokens);
    if let Some(t) = request.temperature {
        body["temperature"] = http::temperature(t);
    }
    body
}

#[derive(Deserialize)]
struct Chunk {
    #[serde(default)]
    choices: Option<Vec<Choice>>,
    #[serde(default)]
    usage: Option<ChunkUsage>,
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default)]
    index: Option<u32>,
    #[serde(default)]
    delta: Option<Delta>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Delta {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
struct ChunkUsage {
    #[serde(default)]
    prompt_tokens: Option<u64>,
    #[serde(default)]
    completion_tokens: Option<u64>,
}

/// Reads Chat Completions chunks. Usage and the finish reason are held and sent last
/// (`Usage`, then `Finished`) when `[DONE]` comes or the connection closes after a finish
/// reason.
#[derive(Default)]
pub(crate) struct ChunkDecoder {
    finish: Option<FinishReason>,
    usage: Option<Usage>,
}

pub(crate) fn finish_reason(reason: &str) -> FinishReason {
    match reason {
        "stop" | "eos" | "end_turn" => FinishReason::Stop,
        "length" | "max_tokens" => FinishReason::Length,
        "content_filter" => FinishReason::ContentFilter,
        _ => FinishReason::Other,
    }
}

impl Decoder for ChunkDecoder {
    fn on_event(&mut self, event: SseEvent, out: &mut Queue) -> Flow {
        let data = event.data.trim();
        if data == "[DONE]" {
            return Flow::Done;
        }
        if data.is_empty() {
            return Flow::Continue;
        }
        let value: Value = match serde_json::from_str(data) {
            Ok(v) => v,
            Err(e) => {
                out.push_back(Err(ProviderError::Protocol(format!("unreadable chunk: {e}"))));
                return Flow::Failed;
            }
        };
        if event.event == "error" || !value["error"].is_null() {
            let error = if value["error"].is_object() { &value["error"] } else { &value };
            let kind = error["type"].as_str().or(error["code"].as_str()).unwrap_or("");
            let message = error["message"].as_str().or(value["error"].as_str()).unwrap_or("no details");
            out.push_back(Err(http::in_stream_error(kind, message)));
            return Flow::Failed;
        }
        let chunk: Chunk = match serde_json::from_value(value) {
            Ok(c) => c,
            Err(e) => {
                out.push_back(Err(ProviderError::Protocol(format!("unexpected chunk: {e}"))));
                return Flow::Failed;
            }
        };
        for choice in chunk.choices.unwrap_or_default().into_iter().filter(|c| c.index.unwrap_or(0) == 0) {
            if let Some(text) = choice.delta.and_then(|d| d.content).filter(|t| !t.is_empty()) {
                out.push_back(Ok(Event::Text(text)));
            }
            if let Some(reason) = choice.finish_reason {
                self.finish = Some(finish_reason(&reason));
            }
        }
        if let Some(u) = chunk.usage {
            self.usage = Some(Usage {
                input_tokens: u.prompt_tokens.unwrap_or(0),
                output_tokens: u.completion_tokens.unwrap_or(0),
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
        // `[DONE]` without a finish reason: the server said it is done.
        out.push_back(Ok(Event::Finished(self.finish.unwrap_or(FinishReason::Stop))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Message;

    #[test]
    fn body_shape() {
        let request = ChatRequest {
            model: "gpt-5-mini".into(),
            system: Some("Be brief.".into()),
            messages: vec![
                Message {
                    role: Role::User,
                    parts: vec![
                        Part::Text("ما هذا؟".into()),
                        Part::Image { mime: "image/png".into(), data: vec![1, 2, 3] },
                    ],
                },
                Message::text(Role::Assistant, "قطة"),
            ],
            max_output_tokens: 100,
            temperature: Some(0.2),
        };
        let body = request_body(&request, Flavor::OpenAi);
        assert_eq!(
            body,
            json!({
                "model": "gpt-5-mini",
                "messages": [
                    {"role": "system", "content": "Be brief."},
                    {"role": "user", "content": [
                        {"type": "text", "text": "ما هذا؟"},
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AQID"}}
                    ]},
                    {"role": "assistant", "content": "قطة"}
                ],
                "stream": true,
                "stream_options": {"include_usage": true},
                "max_completion_tokens": 100,
                "temperature": 0.2
            })
        );
        let compat = request_body(&request, Flavor::Compatible);
        assert_eq!(compat["max_tokens"], 100);
        assert!(compat.get("max_completion_tokens").is_none());
    }
}
