//! AI providers behind one interface per kind of model.
//!
//! - Chat: [`ChatProvider`]; `stream` returns the answer as [`Event`]s.
//!   [`demo::DemoProvider`] is the offline default (deterministic bilingual text, paced);
//!   real clients (OpenAI Chat Completions, Anthropic Messages, Gemini
//!   `streamGenerateContent?alt=sse`, OpenAI-compatible servers) are in their own modules.
//! - Images: [`image::ImageProvider`]; `generate` returns the pictures as they arrive
//!   (OpenAI Images, Gemini "Nano Banana", Replicate, Stability, and the offline
//!   [`image::demo::DemoImages`]).
//! - Videos: [`video::VideoProvider`], a long-running operation (`start`, `poll`,
//!   `download` to a file; [`video::wait_until_ready`] polls to the end): Veo 3 through the
//!   Gemini API ([`video::VeoVideos`]) and Replicate ([`video::ReplicateVideos`]). The
//!   offline video demo needs ffmpeg, so it lives in the app and is registered with
//!   [`Gateway::with_video_provider`].
//! - [`catalogue`]: the model catalogue (TOML), each model of kind `chat`, `image` or
//!   `video`, and [`gateway`]: picks the client for a model and walks the fallback chain when
//!   a provider fails before the first token (or the first image); for a video model it
//!   gives the chain of routes to try ([`Gateway::video_chain`]).
//!
//! Dropping an [`EventStream`] or an [`image::ImageStream`] cancels the provider request
//! (the HTTP body is dropped).

pub mod anthropic;
pub mod catalogue;
pub mod compatible;
mod config;
pub mod demo;
pub mod gateway;
pub mod gemini;
mod http;
pub mod image;
pub mod openai;
mod sse;
pub mod video;

pub use catalogue::{Catalogue, CatalogueError, ModelKind, ModelSpec, ProviderKind};
pub use config::{Endpoint, ProviderSettings, Timeouts};
pub use gateway::Gateway;
pub use video::VideoRoute;

use futures_util::future::BoxFuture;
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use std::pin::Pin;

/// Who said a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    User,
    Assistant,
}

/// One piece of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// An image for vision models: its checked content type and bytes.
    Image {
        mime: String,
        data: Vec<u8>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub role: Role,
    pub parts: Vec<Part>,
}

impl Message {
    pub fn text(role: Role, text: impl Into<String>) -> Message {
        Message { role, parts: vec![Part::Text(text.into())] }
    }

    /// The text parts joined.
    pub fn joined_text(&self) -> String {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Text(t) => Some(t.as_str()),
                Part::Image { .. } => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// What is sent to a provider.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatRequest {
    /// The provider's own model name (`gpt-5-mini`, `claude-sonnet-4-5`, …).
    pub model: String,
    pub system: Option<String>,
    pub messages: Vec<Message>,
    pub max_output_tokens: u32,
    pub temperature: Option<f32>,
}

impl ChatRequest {
    /// True if any message carries an image (only vision models can take it).
    pub fn has_images(&self) -> bool {
        self.messages.iter().any(|m| m.parts.iter().any(|p| matches!(p, Part::Image { .. })))
    }
}

/// Tokens as the provider counted them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FinishReason {
    /// The model finished.
    Stop,
    /// `max_output_tokens` was reached.
    Length,
    /// The provider's own filter stopped it.
    ContentFilter,
    Other,
}

/// One step of a streamed answer. `Usage` may come before or after `Finished`, or never
/// (then the caller counts locally with [`estimate_tokens`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Text(String),
    Usage(Usage),
    Finished(FinishReason),
}

/// Why a provider call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// No answer (or no next chunk) in time.
    #[error("provider timed out")]
    Timeout,
    /// HTTP 429.
    #[error("provider rate limited (retry after {retry_after_secs:?} s)")]
    RateLimited { retry_after_secs: Option<u64> },
    /// HTTP 5xx (including Anthropic's 529 overloaded).
    #[error("provider unavailable (HTTP {status})")]
    Unavailable { status: u16 },
    /// Any other HTTP error (bad key, bad request, refused content): retrying elsewhere
    /// would not help the user, or would hide a configuration problem.
    #[error("provider refused (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    /// Could not connect, or the connection broke.
    #[error("network: {0}")]
    Network(String),
    /// The provider answered something we could not read (including an error event inside
    /// the stream).
    #[error("protocol: {0}")]
    Protocol(String),
    /// The provider's safety system refused the prompt or its result (an image model's
    /// content filter). Never retried elsewhere: falling back to another provider must not
    /// be a way around one provider's safety system.
    #[error("refused by the provider's safety system: {0}")]
    Safety(String),
}

impl ProviderError {
    /// Worth trying the next model of the fallback chain (before the first token only).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ProviderError::Timeout
                | ProviderError::RateLimited { .. }
                | ProviderError::Unavailable { .. }
                | ProviderError::Network(_)
        )
    }
}

pub type EventStream = Pin<Box<dyn Stream<Item = Result<Event, ProviderError>> + Send>>;

/// One provider's client.
pub trait ChatProvider: Send + Sync + std::fmt::Debug {
    /// Starts a streamed answer. Errors before the stream starts come back here; errors
    /// during the stream come as an `Err` item, after which the stream ends.
    fn stream(&self, request: ChatRequest) -> BoxFuture<'_, Result<EventStream, ProviderError>>;
}

/// A local token count for when a stream breaks before the provider reports usage, and
/// for previews: about 4 characters per token for Latin text and 2 for Arabic (Arabic
/// letters cost more tokens in the common tokenizers), at least 1 for non-empty text.
pub fn estimate_tokens(text: &str) -> u64 {
    let (mut latin, mut other) = (0u64, 0u64);
    for c in text.chars() {
        if c.is_ascii() {
            latin += 1;
        } else {
            other += 1;
        }
    }
    let n = latin.div_ceil(4) + other.div_ceil(2);
    if n == 0 && !text.is_empty() {
        1
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_are_positive_and_heavier_for_arabic() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("a"), 1);
        assert_eq!(estimate_tokens("hello world!"), 3);
        assert!(estimate_tokens("مرحبا بالعالم") > estimate_tokens("hello world!"));
    }

    #[test]
    fn only_transient_failures_fall_back() {
        assert!(ProviderError::RateLimited { retry_after_secs: None }.is_retryable());
        assert!(ProviderError::Unavailable { status: 503 }.is_retryable());
        assert!(ProviderError::Timeout.is_retryable());
        assert!(!ProviderError::Rejected { status: 401, message: "bad key".into() }.is_retryable());
        assert!(!ProviderError::Protocol("x".into()).is_retryable());
        assert!(!ProviderError::Safety("x".into()).is_retryable());
    }
}
