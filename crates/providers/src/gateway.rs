//! Picks the client for a model and walks its fallback chain.
//!
//! [`Gateway::stream`] tries the model asked for; if it fails with a retryable error
//! ([`ProviderError::is_retryable`]: 429, 5xx, timeout, network) **before its first `Text`
//! event** (as the error of `stream()` or as an `Err` item before any text), the next
//! enabled model of its `fallback` list is tried, and so on to the end of the list; then the
//! last error is returned. Other errors (401, 400, protocol) are returned at once. Once text
//! has arrived, everything (errors too) passes through to the caller unchanged.
//!
//! [`Gateway::generate_images`] does the same for image models: the first item of the
//! attempt's [`ImageStream`] decides (a picture → that model answers; a retryable error →
//! the next model; any other error, a safety refusal above all, → returned at once).
//!
//! Video models are not run here (a clip is a long-running operation the app keeps track
//! of): [`Gateway::video_chain`] gives the routes to try, the model asked for and then its
//! enabled fallbacks (their own fallbacks too, breadth first, each model once), and the app
//! starts the clip on the first that accepts it, falling back on a retryable error.
//!
//! Chat, image and video models never mix: [`Gateway::models`], [`Gateway::model`],
//! [`Gateway::default_model`], [`Gateway::stream`] and [`Gateway::reserve_weight_milli`]
//! only know chat models; [`Gateway::image_models`], [`Gateway::image_model`],
//! [`Gateway::default_image_model`] and [`Gateway::generate_images`] only image models;
//! [`Gateway::video_models`], [`Gateway::video_model`], [`Gateway::default_video_model`],
//! [`Gateway::video_route`] and [`Gateway::video_chain`] only video models.

use crate::anthropic::AnthropicProvider;
use crate::catalogue::{Catalogue, ModelKind, ModelSpec, ProviderKind};
use crate::compatible::CompatibleProvider;
use crate::demo::DemoProvider;
use crate::gemini::GeminiProvider;
use crate::image::demo::DemoImages;
use crate::image::gemini::GeminiImages;
use crate::image::openai::OpenAiImages;
use crate::image::replicate::ReplicateImages;
use crate::image::stability::StabilityImages;
use crate::image::{ImageProvider, ImageRequest, ImageStream, MAX_COUNT};
use crate::openai::OpenAiProvider;
use crate::video::replicate::ReplicateVideos;
use crate::video::veo::VeoVideos;
use crate::video::VideoProvider;
pub use crate::video::VideoRoute;
use crate::{http, ChatProvider, ChatRequest, Event, EventStream, ProviderError, ProviderSettings, Timeouts};
use futures_util::stream::{self, StreamExt};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The least `first_byte` that [`Gateway::new`] gives image clients: a picture can take a
/// minute or more, and their whole answer must arrive within it.
pub const IMAGE_FIRST_BYTE_MIN: Duration = Duration::from_secs(180);

/// The catalogue plus a client for each configured provider. Cheap to clone.
#[derive(Clone)]
pub struct Gateway {
    catalogue: Arc<Catalogue>,
    providers: HashMap<ProviderKind, Arc<dyn ChatProvider>>,
    /// Per-model clients (tests, special cases); they win over `providers`.
    model_providers: HashMap<String, Arc<dyn ChatProvider>>,
    /// The same for image models.
    image_providers: HashMap<ProviderKind, Arc<dyn ImageProvider>>,
    image_model_providers: HashMap<String, Arc<dyn ImageProvider>>,
    /// The same for video models (no demo by default: the app registers its own).
    video_providers: HashMap<ProviderKind, Arc<dyn VideoProvider>>,
    video_model_providers: HashMap<String, Arc<dyn VideoProvider>>,
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut kinds: Vec<&str> = self.providers.keys().map(|k| k.as_str()).collect();
        kinds.sort_unstable();
        let mut image_kinds: Vec<&str> = self.image_providers.keys().map(|k| k.as_str()).collect();
        image_kinds.sort_unstable();
        let mut video_kinds: Vec<&str> = self.video_providers.keys().map(|k| k.as_str()).collect();
        video_kinds.sort_unstable();
        f.debug_struct("Gateway")
            .field("models", &self.catalogue.models().len())
            .field("providers", &kinds)
            .field("model_providers", &self.model_providers.keys().collect::<Vec<_>>())
            .field("image_providers", &image_kinds)
            .field("image_model_providers", &self.image_model_providers.keys().collect::<Vec<_>>())
            .field("video_providers", &video_kinds)
            .field("video_model_providers", &self.video_model_providers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Gateway {
    /// Builds a client for each provider configured in `settings` (one shared HTTP
    /// connection pool) and the chat and image demo providers: chat clients for OpenAI,
    /// Anthropic, Gemini and the compatible server; image clients for OpenAI, Gemini,
    /// Replicate and Stability; video clients for Gemini (Veo) and Replicate. Image and video
    /// clients get `timeouts` with `first_byte` raised to at least [`IMAGE_FIRST_BYTE_MIN`]
    /// (see [`Gateway::with_timeouts`] to choose it). No video demo is registered (it needs
    /// ffmpeg; the app adds it with [`Gateway::with_video_provider`]).
    ///
    /// # Panics
    /// Only if the TLS backend cannot be initialised (as `reqwest::Client::new` would).
    pub fn new(catalogue: Catalogue, settings: ProviderSettings, timeouts: Timeouts) -> Gateway {
        let images = Timeouts { first_byte: timeouts.first_byte.max(IMAGE_FIRST_BYTE_MIN), ..timeouts };
        Gateway::with_timeouts(catalogue, settings, timeouts, images)
    }

    /// [`Gateway::new`] with the image (and video) clients' timeouts given: each image HTTP
    /// call, and each start or poll of a clip, waits at most `image_timeouts.first_byte` for
    /// its whole answer; a clip's download waits that long for its headers and
    /// `image_timeouts.idle` for each chunk.
    ///
    /// # Panics
    /// Only if the TLS backend cannot be initialised (as `reqwest::Client::new` would).
    pub fn with_timeouts(
        catalogue: Catalogue,
        settings: ProviderSettings,
        timeouts: Timeouts,
        image_timeouts: Timeouts,
    ) -> Gateway {
        let mut gateway = Gateway::empty(catalogue);
        let needs_http = settings.openai.is_some()
            || settings.anthropic.is_some()
            || settings.gemini.is_some()
            || settings.compatible.is_some()
            || settings.replicate.is_some()
            || settings.stability.is_some();
        if needs_http {
            let client = http::http_client(&timeouts);
            let images = &mut gateway.image_providers;
            if let Some(e) = &settings.openai {
                images.insert(
                    ProviderKind::OpenAi,
                    Arc::new(OpenAiImages::with_client(client.clone(), e.clone(), image_timeouts)),
                );
            }
            if let Some(e) = &settings.gemini {
                images.insert(
                    ProviderKind::Gemini,
                    Arc::new(GeminiImages::with_client(client.clone(), e.clone(), image_timeouts)),
                );
                gateway.video_providers.insert(
                    ProviderKind::Gemini,
                    Arc::new(VeoVideos::with_client(client.clone(), e.clone(), image_timeouts)),
                );
            }
            if let Some(e) = settings.replicate {
                gateway.video_providers.insert(
                    ProviderKind::Replicate,
                    Arc::new(ReplicateVideos::with_client(client.clone(), e.clone(), image_timeouts)),
                );
                images.insert(
                    ProviderKind::Replicate,
                    Arc::new(ReplicateImages::with_client(client.clone(), e, image_timeouts)),
                );
            }
            if let Some(e) = settings.stability {
                images.insert(
                    ProviderKind::Stability,
                    Arc::new(StabilityImages::with_client(client.clone(), e, image_timeouts)),
                );
            }
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

    /// Only the demo providers, chat and image (add others with [`Gateway::with_provider`],
    /// [`Gateway::with_image_provider`] and [`Gateway::with_video_provider`]; there is no
    /// video demo until one is added).
    pub fn empty(catalogue: Catalogue) -> Gateway {
        let mut providers: HashMap<ProviderKind, Arc<dyn ChatProvider>> = HashMap::new();
        providers.insert(ProviderKind::Demo, Arc::new(DemoProvider::default()));
        let mut image_providers: HashMap<ProviderKind, Arc<dyn ImageProvider>> = HashMap::new();
        image_providers.insert(ProviderKind::Demo, Arc::new(DemoImages::default()));
        Gateway {
            catalogue: Arc::new(catalogue),
            providers,
            model_providers: HashMap::new(),
            image_providers,
            image_model_providers: HashMap::new(),
            video_providers: HashMap::new(),
            video_model_providers: HashMap::new(),
        }
    }

    /// Uses `provider` for every model of `kind` (and so enables them): fakes in tests, a
    /// paced demo, …
    pub fn with_provider(mut self, kind: ProviderKind, provider: Arc<dyn ChatProvider>) -> Gateway {
        self.providers.insert(kind, provider);
        self
    }

    /// Uses `provider` for the one chat model `model_id` (and so enables it), whatever its
    /// provider.
    pub fn with_model_provider(mut self, model_id: &str, provider: Arc<dyn ChatProvider>) -> Gateway {
        self.model_providers.insert(model_id.to_string(), provider);
        self
    }

    /// Uses `provider` for every image model of `kind` (and so enables them).
    pub fn with_image_provider(mut self, kind: ProviderKind, provider: Arc<dyn ImageProvider>) -> Gateway {
        self.image_providers.insert(kind, provider);
        self
    }

    /// Uses `provider` for the one image model `model_id` (and so enables it), whatever its
    /// provider.
    pub fn with_image_model_provider(mut self, model_id: &str, provider: Arc<dyn ImageProvider>) -> Gateway {
        self.image_model_providers.insert(model_id.to_string(), provider);
        self
    }

    /// Uses `provider` for every video model of `kind` (and so enables them): the app's
    /// offline demo for [`ProviderKind::Demo`], fakes in tests.
    pub fn with_video_provider(mut self, kind: ProviderKind, provider: Arc<dyn VideoProvider>) -> Gateway {
        self.video_providers.insert(kind, provider);
        self
    }

    /// Uses `provider` for the one video model `model_id` (and so enables it), whatever its
    /// provider.
    pub fn with_video_model_provider(mut self, model_id: &str, provider: Arc<dyn VideoProvider>) -> Gateway {
        self.video_model_providers.insert(model_id.to_string(), provider);
        self
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn provider_for(&self, model: &ModelSpec) -> Option<&Arc<dyn ChatProvider>> {
        if model.kind != ModelKind::Chat {
            return None;
        }
        self.model_providers.get(&model.id).or_else(|| self.providers.get(&model.provider))
    }

    fn image_provider_for(&self, model: &ModelSpec) -> Option<&Arc<dyn ImageProvider>> {
        if model.kind != ModelKind::Image {
            return None;
        }
        self.image_model_providers.get(&model.id).or_else(|| self.image_providers.get(&model.provider))
    }

    fn video_provider_for(&self, model: &ModelSpec) -> Option<&Arc<dyn VideoProvider>> {
        if model.kind != ModelKind::Video {
            return None;
        }
        self.video_model_providers.get(&model.id).or_else(|| self.video_providers.get(&model.provider))
    }

    /// A model (of any kind) is enabled when it has a client of its kind: its provider is
    /// configured (the chat and image demos always; the video demo once the app adds it).
    pub fn is_enabled(&self, model: &ModelSpec) -> bool {
        match model.kind {
            ModelKind::Chat => self.provider_for(model).is_some(),
            ModelKind::Image => self.image_provider_for(model).is_some(),
            ModelKind::Video => self.video_provider_for(model).is_some(),
        }
    }

    /// The enabled chat models, in catalogue order (for the model selector).
    pub fn models(&self) -> Vec<&ModelSpec> {
        self.catalogue.models().iter().filter(|m| m.kind == ModelKind::Chat && self.is_enabled(m)).collect()
    }

    /// An enabled chat model by id.
    pub fn model(&self, id: &str) -> Option<&ModelSpec> {
        self.catalogue.get(id).filter(|m| m.kind == ModelKind::Chat && self.is_enabled(m))
    }

    /// The enabled image models, in catalogue order (for the image studio).
    pub fn image_models(&self) -> Vec<&ModelSpec> {
        self.catalogue.models().iter().filter(|m| m.kind == ModelKind::Image && self.is_enabled(m)).collect()
    }

    /// An enabled image model by id.
    pub fn image_model(&self, id: &str) -> Option<&ModelSpec> {
        self.catalogue.get(id).filter(|m| m.kind == ModelKind::Image && self.is_enabled(m))
    }

    /// The catalogue's default image model if enabled, else the image demo model.
    pub fn default_image_model(&self) -> &ModelSpec {
        let default = self.catalogue.default_image_model();
        if self.is_enabled(default) {
            default
        } else {
            self.catalogue.image_demo()
        }
    }

    /// The enabled video models, in catalogue order (for the video studio).
    pub fn video_models(&self) -> Vec<&ModelSpec> {
        self.catalogue.models().iter().filter(|m| m.kind == ModelKind::Video && self.is_enabled(m)).collect()
    }

    /// An enabled video model by id.
    pub fn video_model(&self, id: &str) -> Option<&ModelSpec> {
        self.catalogue.get(id).filter(|m| m.kind == ModelKind::Video && self.is_enabled(m))
    }

    /// The catalogue's default video model if enabled, else the first enabled video demo
    /// model, else `None` (no video model can run: no key and no demo).
    pub fn default_video_model(&self) -> Option<&ModelSpec> {
        let default = self.catalogue.default_video_model();
        if self.is_enabled(default) {
            return Some(default);
        }
        self.catalogue
            .models()
            .iter()
            .find(|m| m.kind == ModelKind::Video && m.provider == ProviderKind::Demo && self.is_enabled(m))
    }

    /// How to run the one enabled video model `id`; `None` if it is unknown, not a video
    /// model or not enabled.
    pub fn video_route(&self, id: &str) -> Option<VideoRoute> {
        let model = self.video_model(id)?;
        let provider = self.video_provider_for(model)?;
        Some(VideoRoute { model_id: model.id.clone(), provider_model: model.model.clone(), provider: provider.clone() })
    }

    /// The routes to try for a clip of `id`: the model itself, then its fallbacks in order,
    /// then their own fallbacks (breadth first), each model once, leaving out those that are
    /// not enabled (their fallbacks are still followed). Empty if `id` is unknown, not a
    /// video model or not enabled. Fall back to the next route only on a retryable error
    /// ([`ProviderError::is_retryable`]) before the clip is started, never after a `Safety`
    /// refusal.
    pub fn video_chain(&self, id: &str) -> Vec<VideoRoute> {
        let Some(first) = self.video_model(id) else {
            return Vec::new();
        };
        let mut seen: HashSet<&str> = HashSet::from([first.id.as_str()]);
        let mut queue: VecDeque<&ModelSpec> = VecDeque::from([first]);
        let mut routes = Vec::new();
        while let Some(model) = queue.pop_front() {
            if let Some(route) = self.video_route(&model.id) {
                routes.push(route);
            }
            for f in &model.fallback {
                if let Some(next) = self.catalogue.get(f).filter(|m| m.kind == ModelKind::Video) {
                    if seen.insert(next.id.as_str()) {
                        queue.push_back(next);
                    }
                }
            }
        }
        routes
    }

    /// The highest weight (plan tokens per 1000 provider tokens) among `model_id` and the
    /// enabled fallbacks that [`Gateway::stream`] may answer with instead. Reserving at this
    /// weight means an answer from a dearer fallback is still charged in full, never capped.
    pub fn reserve_weight_milli(&self, model_id: &str) -> Option<u64> {
        let first = self.model(model_id)?;
        let fallbacks = first.fallback.iter().filter_map(|id| self.model(id));
        Some(std::iter::once(first).chain(fallbacks).map(|m| m.weight_milli).max().unwrap_or(first.weight_milli))
    }

    /// The catalogue's default chat model if enabled, else the chat demo model.
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
    /// Errors of its own: unknown id (or an image model's) → `Rejected { 404 }`; not enabled,
    /// or images for a model without vision → `Rejected { 400 }`. Fallback models without
    /// vision are skipped when the request has images.
    pub async fn stream(
        &self,
        model_id: &str,
        request: ChatRequest,
    ) -> Result<(ModelSpec, EventStream), ProviderError> {
        let first = self
            .catalogue
            .get(model_id)
            .filter(|m| m.kind == ModelKind::Chat)
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
                .filter(|m| m.kind == ModelKind::Chat && self.is_enabled(m) && (!images || m.vision)),
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

    /// Makes pictures with the image model `model_id`, falling back as described in the
    /// module docs. `request.model` is ignored (each model's own name is sent); with a
    /// `source` (an edit) `count` is set to 1. Returns the model that answered (the app
    /// records it) and its pictures, starting with the first; fewer than asked is a partial
    /// result, and an error after the first picture ends the stream as an `Err` item.
    ///
    /// Errors of its own: unknown id (or a chat model's) → `Rejected { 404 }`; not enabled,
    /// a `count` outside 1..=4, or a source image for a model without `edits` →
    /// `Rejected { 400 }`. Fallback models without `edits` are skipped for an edit.
    /// A `Safety` refusal is returned at once, never retried on another model.
    pub async fn generate_images(
        &self,
        model_id: &str,
        mut request: ImageRequest,
    ) -> Result<(ModelSpec, ImageStream), ProviderError> {
        let first = self
            .catalogue
            .get(model_id)
            .filter(|m| m.kind == ModelKind::Image)
            .ok_or_else(|| ProviderError::Rejected { status: 404, message: format!("unknown model {model_id}") })?;
        if !self.is_enabled(first) {
            return Err(ProviderError::Rejected { status: 400, message: format!("model {model_id} is not enabled") });
        }
        if !(1..=MAX_COUNT).contains(&request.count) {
            return Err(ProviderError::Rejected {
                status: 400,
                message: format!("between 1 and {MAX_COUNT} images, not {}", request.count),
            });
        }
        let edit = request.source.is_some();
        if edit {
            if !first.edits {
                return Err(ProviderError::Rejected {
                    status: 400,
                    message: format!("model {model_id} cannot edit images"),
                });
            }
            request.count = 1;
        }
        let chain = std::iter::once(first).chain(
            first
                .fallback
                .iter()
                .filter_map(|id| self.catalogue.get(id))
                .filter(|m| m.kind == ModelKind::Image && self.is_enabled(m) && (!edit || m.edits)),
        );
        let mut last_error = None;
        for model in chain {
            if let Some(e) = &last_error {
                tracing::warn!(model = %model.id, asked = %model_id, error = %e, "images: falling back to the next model");
            }
            let Some(provider) = self.image_provider_for(model) else { continue };
            let mut req = request.clone();
            req.model = model.model.clone();
            let failed = match provider.generate(req).await {
                Err(e) => e,
                Ok(mut images) => match images.next().await {
                    Some(Ok(image)) => {
                        return Ok((model.clone(), stream::once(async { Ok(image) }).chain(images).boxed()))
                    }
                    Some(Err(e)) => e,
                    None => ProviderError::Protocol("the provider returned no image".into()),
                },
            };
            if !failed.is_retryable() {
                return Err(failed);
            }
            last_error = Some(failed);
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
