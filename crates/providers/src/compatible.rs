//! OpenAI-compatible servers (Ollama, vLLM, llama.cpp `llama-server`, …): the Chat
//! Completions wire format of [`crate::openai`] at another base URL (`http://localhost:11434/v1`),
//! with `max_tokens` instead of `max_completion_tokens` and the key optional (sent as a
//! Bearer token only when set). Parsing is lenient: no usage chunk (then no `Usage` event),
//! no `[DONE]` after a finish reason, `choices: null`, and unknown fields (`timings`) are all
//! fine.

use crate::openai::{ChatCompletions, Flavor};
use crate::{http, ChatProvider, ChatRequest, Endpoint, EventStream, ProviderError, Timeouts};
use futures_util::future::BoxFuture;

#[derive(Clone, Debug)]
pub struct CompatibleProvider {
    inner: ChatCompletions,
}

impl CompatibleProvider {
    pub fn new(endpoint: Endpoint, timeouts: Timeouts) -> CompatibleProvider {
        CompatibleProvider::with_client(http::http_client(&timeouts), endpoint, timeouts)
    }

    pub fn with_client(client: reqwest::Client, endpoint: Endpoint, timeouts: Timeouts) -> CompatibleProvider {
        CompatibleProvider { inner: ChatCompletions { client, endpoint, timeouts, flavor: Flavor::Compatible } }
    }
}

impl ChatProvider for CompatibleProvider {
    fn stream(&self, request: ChatRequest) -> BoxFuture<'_, Result<EventStream, ProviderError>> {
        Box::pin(self.inner.stream(request))
    }
}
