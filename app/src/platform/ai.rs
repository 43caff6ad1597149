//! The AI gateway as the app sees it: the enabled models and a streamed answer from one of
//! them (with the provider crate's fallback chain). Behind a trait so that tests can put
//! scripted providers in its place.

pub use crate::features::image::ImageModel;
pub use crate::features::video::model::VideoModel;
use futures_util::future::BoxFuture;
use pulse_providers::image::{ImageProvider, ImageRequest, ImageStream};
use pulse_providers::video::VideoRoute;
use pulse_providers::{ChatRequest, EventStream, ProviderError};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A model a user can pick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// `provider:model`.
    pub id: String,
    pub name_ar: String,
    pub name_en: String,
    pub vision: bool,
    pub max_context: u32,
    pub max_output: u32,
    /// Plan tokens per 1000 provider tokens.
    pub weight_milli: u64,
    /// The weight a turn reserves at: the highest among this model and the fallbacks that
    /// may answer for it, so that a dearer fallback is charged its full price.
    #[serde(default)]
    pub reserve_weight_milli: u64,
}

impl ModelInfo {
    /// Plan tokens for provider tokens, rounded up.
    pub fn plan_tokens(&self, provider_tokens: u64) -> u64 {
        let milli = u128::from(provider_tokens) * u128::from(self.weight_milli);
        u64::try_from(milli.div_ceil(1000)).unwrap_or(u64::MAX)
    }

    /// Provider tokens that `plan_tokens` pays for, rounded down.
    pub fn provider_tokens_for(&self, plan_tokens: u64) -> u64 {
        (plan_tokens * 1000) / self.weight_milli.max(1)
    }

    /// The same model priced at its reserve weight: what a reservation for a turn on it
    /// must cover, whichever model of its chain ends up answering.
    pub fn at_reserve_weight(&self) -> ModelInfo {
        ModelInfo { weight_milli: self.weight_milli.max(self.reserve_weight_milli), ..self.clone() }
    }
}

pub trait AiGateway: Send + Sync + std::fmt::Debug {
    /// Enabled models, the default first.
    fn models(&self) -> Vec<ModelInfo>;
    /// Streams an answer from `model_id` (or a fallback); says which model answered.
    fn stream(
        &self,
        model_id: &str,
        request: ChatRequest,
    ) -> BoxFuture<'_, Result<(ModelInfo, EventStream), ProviderError>>;

    /// Enabled image models, the default first. By default only the offline demo one
    /// (gateways written for chat tests need not know about images).
    fn image_models(&self) -> Vec<ImageModel> {
        vec![demo_image_model()]
    }

    /// Images from `model_id` (or a fallback) as each arrives; says which model made them.
    fn generate_images(
        &self,
        model_id: &str,
        request: ImageRequest,
    ) -> BoxFuture<'_, Result<(ImageModel, ImageStream), ProviderError>> {
        let known = model_id == demo_image_model().id;
        Box::pin(async move {
            if !known {
                return Err(ProviderError::Rejected { status: 404, message: "unknown model".into() });
            }
            let stream = pulse_providers::image::DemoImages::default().generate(request).await?;
            Ok((demo_image_model(), stream))
        })
    }

    /// Enabled video models, the default first. None by default (gateways written for
    /// chat tests need not know about video); the configured gateway has the offline demo.
    fn video_models(&self) -> Vec<VideoModel> {
        Vec::new()
    }

    /// `model_id` and its enabled fallbacks, in the order to try them.
    fn video_chain(&self, _model_id: &str) -> Vec<VideoRoute> {
        Vec::new()
    }
}

/// The offline image model: a picture drawn from the prompt, the same each time.
pub fn demo_image_model() -> ImageModel {
    ImageModel {
        id: "demo:image".into(),
        name_ar: "الرسّام التجريبي (دون اتصال)".into(),
        name_en: "Demo painter (offline)".into(),
        edits: true,
    }
}

impl From<&pulse_providers::ModelSpec> for VideoModel {
    fn from(m: &pulse_providers::ModelSpec) -> Self {
        VideoModel { id: m.id.clone(), name_ar: m.name_ar.clone(), name_en: m.name_en.clone() }
    }
}

impl From<&pulse_providers::ModelSpec> for ImageModel {
    fn from(m: &pulse_providers::ModelSpec) -> Self {
        ImageModel { id: m.id.clone(), name_ar: m.name_ar.clone(), name_en: m.name_en.clone(), edits: m.edits }
    }
}

pub type SharedGateway = Arc<dyn AiGateway>;

/// Only the offline demo model: what the app runs with before any provider is configured.
#[derive(Debug, Default)]
pub struct DemoOnly {
    pub provider: pulse_providers::demo::DemoProvider,
    /// The offline video model (ffmpeg), when this process has one.
    pub video: Option<Arc<dyn pulse_providers::video::VideoProvider>>,
}

/// The offline video model: ffmpeg draws the prompt's words on a moving gradient.
pub fn demo_video_model() -> VideoModel {
    VideoModel {
        id: "demo:video".into(),
        name_ar: "المخرج التجريبي (دون اتصال)".into(),
        name_en: "Demo director (offline)".into(),
    }
}

pub fn demo_model() -> ModelInfo {
    ModelInfo {
        id: "demo:pulse-demo".into(),
        name_ar: "بلس التجريبي (دون اتصال)".into(),
        name_en: "Pulse demo (offline)".into(),
        vision: true,
        max_context: 32_000,
        max_output: 1_000,
        weight_milli: 1000,
        reserve_weight_milli: 1000,
    }
}

impl AiGateway for DemoOnly {
    fn models(&self) -> Vec<ModelInfo> {
        vec![demo_model()]
    }

    fn stream(
        &self,
        model_id: &str,
        request: ChatRequest,
    ) -> BoxFuture<'_, Result<(ModelInfo, EventStream), ProviderError>> {
        use pulse_providers::ChatProvider;
        let known = model_id == demo_model().id;
        Box::pin(async move {
            if !known {
                return Err(ProviderError::Rejected { status: 404, message: "unknown model".into() });
            }
            let stream = self.provider.stream(request).await?;
            Ok((demo_model(), stream))
        })
    }

    fn video_models(&self) -> Vec<VideoModel> {
        self.video.iter().map(|_| demo_video_model()).collect()
    }

    fn video_chain(&self, model_id: &str) -> Vec<VideoRoute> {
        match &self.video {
            Some(provider) if model_id == demo_video_model().id => vec![VideoRoute {
                model_id: demo_video_model().id,
                provider_model: "pulse-demo-video".into(),
                provider: provider.clone(),
            }],
            _ => Vec::new(),
        }
    }
}

impl From<&pulse_providers::ModelSpec> for ModelInfo {
    fn from(m: &pulse_providers::ModelSpec) -> Self {
        ModelInfo {
            id: m.id.clone(),
            name_ar: m.name_ar.clone(),
            name_en: m.name_en.clone(),
            vision: m.vision,
            max_context: m.max_context,
            max_output: m.max_output,
            weight_milli: m.weight_milli,
            reserve_weight_milli: m.weight_milli,
        }
    }
}

/// The provider crate's gateway: the catalogue's enabled models, real clients, fallbacks.
impl AiGateway for pulse_providers::Gateway {
    fn models(&self) -> Vec<ModelInfo> {
        let default = self.default_model().id.clone();
        let mut models: Vec<ModelInfo> = self
            .models()
            .into_iter()
            .map(|spec| ModelInfo {
                reserve_weight_milli: self.reserve_weight_milli(&spec.id).unwrap_or(spec.weight_milli),
                ..ModelInfo::from(spec)
            })
            .collect();
        models.sort_by_key(|m| m.id != default);
        models
    }

    fn stream(
        &self,
        model_id: &str,
        request: ChatRequest,
    ) -> BoxFuture<'_, Result<(ModelInfo, EventStream), ProviderError>> {
        let model_id = model_id.to_string();
        Box::pin(async move {
            let (spec, stream) = pulse_providers::Gateway::stream(self, &model_id, request).await?;
            Ok((ModelInfo::from(&spec), stream))
        })
    }

    fn image_models(&self) -> Vec<ImageModel> {
        let default = self.default_image_model().id.clone();
        let mut models: Vec<ImageModel> =
            pulse_providers::Gateway::image_models(self).into_iter().map(ImageModel::from).collect();
        models.sort_by_key(|m| m.id != default);
        models
    }

    fn generate_images(
        &self,
        model_id: &str,
        request: ImageRequest,
    ) -> BoxFuture<'_, Result<(ImageModel, ImageStream), ProviderError>> {
        let model_id = model_id.to_string();
        Box::pin(async move {
            let (spec, stream) = pulse_providers::Gateway::generate_images(self, &model_id, request).await?;
            Ok((ImageModel::from(&spec), stream))
        })
    }

    fn video_models(&self) -> Vec<VideoModel> {
        let default = self.default_video_model().map(|m| m.id.clone());
        let enabled = pulse_providers::Gateway::video_models(self);
        // The offline demo stands in only while no real model is configured: a plan's
        // video is never spent on a gradient when Veo is there.
        let real = enabled.iter().any(|m| m.provider != pulse_providers::ProviderKind::Demo);
        let mut models: Vec<VideoModel> = enabled
            .into_iter()
            .filter(|m| !real || m.provider != pulse_providers::ProviderKind::Demo)
            .map(VideoModel::from)
            .collect();
        models.sort_by_key(|m| Some(&m.id) != default.as_ref());
        models
    }

    fn video_chain(&self, model_id: &str) -> Vec<VideoRoute> {
        if !AiGateway::video_models(self).iter().any(|m| m.id == model_id) {
            return Vec::new();
        }
        pulse_providers::Gateway::video_chain(self, model_id)
    }
}

/// The offline chat model at `DEMO_PACE_MS` between chunks.
fn demo_chat(config: &crate::platform::config::Config) -> pulse_providers::demo::DemoProvider {
    pulse_providers::demo::DemoProvider { pace: std::time::Duration::from_millis(config.demo_pace_ms) }
}

/// The gateway the configuration asks for: the catalogue (`MODEL_CATALOGUE` or the
/// built-in one) with every provider that has its key or URL.
pub fn gateway_from_config(
    config: &crate::platform::config::Config,
) -> Result<SharedGateway, pulse_providers::CatalogueError> {
    let catalogue = pulse_providers::Catalogue::load(config.model_catalogue.as_deref())?;
    let mut gateway =
        pulse_providers::Gateway::new(catalogue, config.providers.clone(), pulse_providers::Timeouts::default())
            .with_provider(pulse_providers::ProviderKind::Demo, Arc::new(demo_chat(config)));
    // The offline video model runs ffmpeg here, so the app brings it (when ffmpeg runs).
    if crate::features::video::service::ffmpeg_runs(&config.storage.ffmpeg) {
        gateway = gateway.with_video_provider(
            pulse_providers::ProviderKind::Demo,
            Arc::new(crate::features::video::service::demo_provider(config)),
        );
    } else {
        tracing::warn!(ffmpeg = %config.storage.ffmpeg, "ffmpeg does not run: no offline video model, no video edits");
    }
    Ok(Arc::new(gateway))
}

#[cfg(test)]
mod tests {
    /// `DEMO_PACE_MS` reaches the server's own gateway (it used to reach only the demo-only
    /// gateway the tests build, so the real server always paced the demo at 40 ms).
    #[test]
    fn the_offline_chat_model_keeps_the_configured_pace() {
        let mut config = crate::platform::config::Config::for_tests("sqlite::memory:", std::env::temp_dir());
        config.demo_pace_ms = 700;
        assert_eq!(super::demo_chat(&config).pace, std::time::Duration::from_millis(700));
    }
}
