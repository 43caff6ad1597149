//! Picks the client for a model and walks its fallback chain.
//!
//! [`Gateway::stream`] tries the model asked for; if it fails with a retryable error
//! ([`ProviderError::is_retryable`]: 429, 5xx, timeout, network) **before its first `Text`
//! event** (as the error of `stream()` or as an `Err` item before any text), the next
//! enabled model of its `fallback` list is tried, and so on to the end of the list; then the
//! last error is returned. Other errors (401, 400, protocol) are returned at once. Once text
//! has arrived, everything (errors too) passes through to the caller unchanged.

use crate::anthropic::AnthropicProvider;
use crate::catalogue::{Catalogue, ModelSpec, ProviderKind};
use crate::compatible::CompatibleProvider;
use crate::demo::DemoProvider;
use crate::gemini::GeminiProvider;
use crate::openai::OpenAiProvider;
use crate::{http, ChatProvider, ChatRequest, Event, EventStream, ProviderError, ProviderSettings, Timeouts};
use futures_util::stream::{self, StreamExt};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// The catalogue plus a client for each configured provider. Cheap to clone.
#[derive(Clone)]
pub struct Gateway {
    catalogue: Arc<Catalogue>,
    providers: HashMap<ProviderKind, Arc<dyn ChatProvider>>,
    /// Per-model clients (tests, special cases); they win over `providers`.
    model_providers: HashMap<String, Arc<dyn ChatProvider>>,
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut kinds: Vec<&str> = self.providers.keys().map(|k| k.as_str()).collect();
        kinds.sort_unstable();
        f.debug_struct("Gateway")
            .field("models", &self.catalogue.models().len())
            .field("providers", &kinds)
            .field("model_providers", &self.model_providers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Gateway {
    /// Builds a client for each provider configured in `settings` (one shared HTTP
    /// connection pool) and the demo provider.
    ///
    /// # Panics
    /// Only if the TLS backend cannot be initialised (as `reqwest::Client::new` would).
    pub fn new(catalogue: Catalogue, settings: ProviderSettings, timeouts: Timeouts) -> Gateway {
        let mut gateway = Gateway::empty(catalogue);
        let needs_http = settings.openai.is_some()
            || settings.anthropic.is_some()
            || settings.gemini.is_some()
            || settings.compatible.is_some();
        if needs_http {
            let client = http::http_client(&timeouts);
            if let Some(e) = settings.openai {
                gateway
                    .providers
                    .insert(ProviderKind::OpenAi, Arc::new(OpenAiProvider::with_client(client.clone(), e, timeouts)));
            }
            if let Some(e) = settings.anthropic {
                gateway.providers.insert(
                    ProviderKind::Anthropic,
                    Arc::new(AnthropicProvider::with_client(client.clone(), e, timeouts)),
                );
            }
            if let Some(e) = settings.gemini {
                gateway
                    .providers
                    .insert(ProviderKind::Gemini, Arc::new(GeminiProvider::with_client(client.clone(), e, timeouts)));
            }
            if let Some(e) = settings.compatible {
                gateway
                    .providers
                    .insert(ProviderKind::Compatible, Arc::new(CompatibleProvider::with_client(client, e, timeouts)));
            }
        }
        gateway
    }

    /// Only the demo provider (add others with [`Gateway::with_provider`]).
    pub fn empty(catalogue: Catalogue) -> Gateway {
        let mut providers: HashMap<ProviderKind, Arc<dyn ChatProvider>> = HashMap::new();
        providers.insert(ProviderKind::Demo, Arc::new(DemoProvider::default()));
        Gateway { catalogue: Arc::new(catalogue), providers, model_providers: HashMap::new() }
    }

    /// Uses `provider` for every model of `kind` (and so enables them): fakes in tests, a
    /// paced demo, …
    pub fn with_provider(mut self, kind: ProviderKind, provider: Arc<dyn ChatProvider>) -> Gateway {
        self.providers.insert(kind, provider);
        self
    }

    /// Uses `provider` for the one model `model_id` (and so enables it), whatever its kind.
    pub fn with_model_provider(mut self, model_id: &str, provider: Arc<dyn ChatProvider>) -> Gateway {
        self.model_providers.insert(model_id.to_string(), provider);
        self
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn provider_for(&self, model: &ModelSpec) -> Option<&Arc<dyn ChatProvider>> {
        self.model_providers.get(&model.id).or_else(|| self.providers.get(&model.provider))
    }

    /// A model is enabled when it has a client: its provider is configured (the demo always).
    pub fn is_enabled(&self, model: &ModelSpec) -> bool {
        self.provider_for(model).is_some()
    }

    /// The enabled models, in catalogue order (for the model selector).
    pub fn models(&self) -> Vec<&ModelSpec> {
        self.catalogue.models().iter().filter(|m| self.is_enabled(m)).collect()
    }

    /// An enabled model by id.
    pub fn model(&self, id: &str) -> Option<&ModelSpec> {
        self.catalogue.get(id).filter(|m| self.is_enabled(m))
    }

    /// The highest weight (plan tokens per 1000 provider tokens) among `model_id` and the
    /// enabled fallbacks that [`Gateway::stream`] may answer with instead. Reserving at this
    /// weight means an answer from a dearer fallback is still charged in full, never capped.
    pub fn reserve_weight_milli(&self, model_id: &str) -> Option<u64> {
        let first = self.model(model_id)?;
        let fallbacks = first.fallback.iter().filter_map(|id| self.model(id));
        Some(std::iter::once(first).chain(fallbacks).map(|m| m.weight_milli).max().unwrap_or(first.weight_milli))
    }

    /// The catalogue's default if enabled, else the demo model.
    pub fn default_model(&self) -> &ModelSpec {
        let default = self.catalogue.default_model();
        if self.is_enabled(default) {
            default
        } else {
            self.catalogue.demo()
        }
    }

    /// Streams an answer from `model_id`, falling back as described in the module docs.
    /// `request.model` is ignored (each model's own name is sent) and
    /// `request.max_output_tokens` is capped at each model's `max_output`. Returns the model
    /// that answered (its weight is the one to charge) and its events; the first event is
    /// its first `Text` (unless the answer is empty).
    ///
    /// Errors of its own: unknown id → `Rejected { 404 }`; not enabled, or images for a model
    /// without vision → `Rejected { 400 }`. Fallback models without vision are skipped when
    /// the request has images.
    pub async fn stream(
        &self,
        model_id: &str,
        request: ChatRequest,
    ) -> Result<(ModelSpec, EventStream), ProviderError> {
        let first = self
            .catalogue
            .get(model_id)
            .ok_or_else(|| ProviderError::Rejected { status: 404, message: format!("unknown model {model_id}") })?;
        if !self.is_enabled(first) {
            return Err(ProviderError::Rejected { status: 400, message: format!("model {model_id} is not enabled") });
        }
        let images = request.has_images();
        if images && !first.vision {
            return Err(ProviderError::Rejected {
                status: 400,
                message: format!("model {model_id} does not accept images"),
            });
        }
        let chain = std::iter::once(first).chain(
            first
                .fallback
                .iter()
                .filter_map(|id| self.catalogue.get(id))
                .filter(|m| self.is_enabled(m) && (!images || m.vision)),
        );
        let mut last_error = None;
        for model in chain {
            if let Some(e) = &last_error {
                tracing::warn!(model = %model.id, asked = %model_id, error = %e, "falling back to the next model");
            }
            let Some(provider) = self.provider_for(model) else { continue };
            let mut req = request.clone();
            req.model = model.model.clone();
            req.max_output_tokens = req.max_output_tokens.min(model.max_output);
            match first_text(provider.stream(req).await).await {
                Attempt::Answer(events) => return Ok((model.clone(), events)),
                Attempt::Failed(e) if e.is_retryable() => last_error = Some(e),
                Attempt::Failed(e) => return Err(e),
            }
        }
        Err(last_error.unwrap_or_else(|| ProviderError::Protocol("no model to try".into())))
    }
}

enum Attempt {
    Answer(EventStream),
    Failed(ProviderError),
}

/// Waits for the first `Text` (or the end of an empty answer), holding back what comes
/// before it; an error before the first text fails the attempt.
async fn first_text(started: Result<EventStream, ProviderError>) -> Attempt {
    let mut events = match started {
        Ok(s) => s,
        Err(e) => return Attempt::Failed(e),
    };
    let mut held = Vec::new();
    loop {
        match events.next().await {
            Some(Ok(Event::Text(t))) => {
                held.push(Ok(Event::Text(t)));
                return Attempt::Answer(stream::iter(held).chain(events).boxed());
            }
            Some(Ok(other)) => held.push(Ok(other)),
            Some(Err(e)) => return Attempt::Failed(e),
            None => return Attempt::Answer(stream::iter(held).boxed()),
        }
    }
}
