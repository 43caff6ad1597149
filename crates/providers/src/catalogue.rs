//! The model catalogue: which models exist, what they can do, what they cost in plan tokens
//! and where to turn when they fail. TOML; the default ships in the crate (`models.toml`),
//! and a file can replace it (the app passes `MODEL_CATALOGUE`).
//!
//! Each model is of a [`ModelKind`]: `chat` (the default), `image` or `video`. The kinds
//! live side by side but never mix: a fallback is of the same kind, each kind has its own
//! demo model and its own default, and the chat accessors ([`Catalogue::demo`],
//! [`Catalogue::default_model`]) only ever return chat models.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The catalogue shipped with the crate.
pub const BUILTIN_TOML: &str = include_str!("../models.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    #[serde(rename = "openai")]
    OpenAi,
    Anthropic,
    Gemini,
    Compatible,
    /// Replicate (image and video models).
    Replicate,
    /// Stability AI (image models only).
    Stability,
    Demo,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 7] = [
        ProviderKind::OpenAi,
        ProviderKind::Anthropic,
        ProviderKind::Gemini,
        ProviderKind::Compatible,
        ProviderKind::Replicate,
        ProviderKind::Stability,
        ProviderKind::Demo,
    ];

    /// The name used in the catalogue and in model ids.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::OpenAi => "openai",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::Gemini => "gemini",
            ProviderKind::Compatible => "compatible",
            ProviderKind::Replicate => "replicate",
            ProviderKind::Stability => "stability",
            ProviderKind::Demo => "demo",
        }
    }

    pub fn parse(name: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether this provider has a client for models of `kind`: Gemini and the demo serve
    /// every kind; OpenAI chat and images; Anthropic and OpenAI-compatible servers only chat;
    /// Replicate images and videos; Stability only images.
    pub fn serves(self, kind: ModelKind) -> bool {
        match self {
            ProviderKind::Gemini | ProviderKind::Demo => true,
            ProviderKind::OpenAi => matches!(kind, ModelKind::Chat | ModelKind::Image),
            ProviderKind::Anthropic | ProviderKind::Compatible => kind == ModelKind::Chat,
            ProviderKind::Replicate => matches!(kind, ModelKind::Image | ModelKind::Video),
            ProviderKind::Stability => kind == ModelKind::Image,
        }
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a model does: answer in text (`chat`, the default), draw (`image`) or film
/// (`video`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    #[default]
    Chat,
    Image,
    Video,
}

impl ModelKind {
    pub const ALL: [ModelKind; 3] = [ModelKind::Chat, ModelKind::Image, ModelKind::Video];

    /// The name used in the catalogue (`kind = "image"`, `kind = "video"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::Chat => "chat",
            ModelKind::Image => "image",
            ModelKind::Video => "video",
        }
    }

    pub fn parse(name: &str) -> Option<ModelKind> {
        ModelKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One model of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModelSpec {
    /// `provider:model`, e.g. `openai:gpt-5-mini`.
    pub id: String,
    pub name_ar: String,
    pub name_en: String,
    pub provider: ProviderKind,
    /// The provider's own name, sent in requests.
    pub model: String,
    /// Chat, image or video. Chat models are served by [`crate::Gateway::stream`], image
    /// models by [`crate::Gateway::generate_images`], video models through
    /// [`crate::Gateway::video_chain`]; none takes another kind.
    pub kind: ModelKind,
    pub vision: bool,
    /// Image models only: can edit an existing image (a source image with the prompt).
    pub edits: bool,
    /// Tokens (chat models; 1 for image and video models unless the catalogue says
    /// otherwise).
    pub max_context: u32,
    pub max_output: u32,
    /// Plan tokens per 1000 provider tokens (the TOML `weight` × 1000, exact). Image and
    /// video models default to 1.0 (1000); what an image or a clip costs is the app's
    /// business.
    pub weight_milli: u64,
    /// Ids to try, in order, when this model fails before its first token (or image, or
    /// before its clip is started); all of the same kind.
    pub fallback: Vec<String>,
    /// The default model of its kind.
    pub default: bool,
    /// What the provider is estimated to charge us, in fils per unit the plan is charged:
    /// per million plan tokens (chat), per image, per clip. For the admin's cost against
    /// revenue; 0 when not given (the demo models).
    pub cost_fils: u64,
}

impl ModelSpec {
    /// The weight as written in the catalogue (plan tokens per provider token).
    pub fn weight(&self) -> f64 {
        self.weight_milli as f64 / 1000.0
    }

    /// Plan tokens for `provider_tokens` provider tokens, rounded up (1 token at weight
    /// 0.25 costs 1).
    pub fn plan_tokens(&self, provider_tokens: u64) -> u64 {
        let milli = u128::from(provider_tokens) * u128::from(self.weight_milli);
        u64::try_from(milli.div_ceil(1000)).unwrap_or(u64::MAX)
    }

    /// The display name for a language (`ar` → Arabic, anything else English).
    pub fn name(&self, lang: &str) -> &str {
        if lang.starts_with("ar") {
            &self.name_ar
        } else {
            &self.name_en
        }
    }
}

/// Why a catalogue was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("model catalogue {path}: cannot read: {message}")]
    Read { path: PathBuf, message: String },
    #[error("model catalogue: not valid TOML: {0}")]
    Toml(String),
    #[error("model catalogue: no models")]
    Empty,
    #[error("model catalogue: model {id:?}: {problem}")]
    Invalid { id: String, problem: String },
    #[error("model catalogue: model id {0:?} appears more than once")]
    DuplicateId(String),
    #[error(
        "model catalogue: model {id:?}: unknown provider {provider:?} (openai, anthropic, gemini, compatible, replicate, stability or demo)"
    )]
    UnknownProvider { id: String, provider: String },
    #[error("model catalogue: model {id:?}: fallback {fallback:?} is not in the catalogue")]
    UnknownFallback { id: String, fallback: String },
    #[error("model catalogue: model {id:?}: fallback {fallback:?} is not a {kind} model")]
    FallbackKind { id: String, fallback: String, kind: ModelKind },
    #[error("model catalogue: fallback cycle: {}", .0.join(" → "))]
    FallbackCycle(Vec<String>),
    #[error("model catalogue: model {id:?}: weight {weight} must be a number above 0 with at most 3 decimals")]
    BadWeight { id: String, weight: String },
    #[error(
        "model catalogue: no {0} demo model (one model with provider = \"demo\" is required of each kind: chat, image and video)"
    )]
    NoDemo(ModelKind),
    #[error("model catalogue: more than one default model of a kind: {}", .0.join(", "))]
    ManyDefaults(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    #[serde(default)]
    model: Vec<RawModel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    id: String,
    name_ar: String,
    name_en: String,
    provider: String,
    model: String,
    #[serde(default)]
    kind: ModelKind,
    #[serde(default)]
    vision: bool,
    #[serde(default)]
    edits: bool,
    /// Required for chat models; image and video models default to 1.
    max_context: Option<u32>,
    max_output: Option<u32>,
    /// Required for chat models; image and video models default to 1.0.
    weight: Option<f64>,
    #[serde(default)]
    fallback: Vec<String>,
    #[serde(default)]
    default: bool,
    #[serde(default)]
    cost_fils: u64,
}

/// A checked catalogue: ids unique, providers known (and able to serve the model's kind),
/// fallbacks existing, of the same kind and acyclic, weights positive, a demo model of each
/// kind present, at most one default per kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    models: Vec<ModelSpec>,
}

impl Catalogue {
    /// The catalogue shipped with the crate (checked by the crate's tests).
    pub fn builtin() -> Catalogue {
        Catalogue::from_toml(BUILTIN_TOML).expect("the shipped models.toml is valid")
    }

    /// The file at `path`, or the built-in catalogue when `None`.
    pub fn load(path: Option<&Path>) -> Result<Catalogue, CatalogueError> {
        match path {
            None => Ok(Catalogue::builtin()),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| CatalogueError::Read { path: path.to_path_buf(), message: e.to_string() })?;
                Catalogue::from_toml(&text)
            }
        }
    }

    pub fn from_toml(text: &str) -> Result<Catalogue, CatalogueError> {
        let raw: RawCatalogue = toml::from_str(text).map_err(|e| CatalogueError::Toml(e.to_string()))?;
        let mut models = Vec::with_capacity(raw.model.len());
        let mut seen = HashSet::new();
        for m in raw.model {
            models.push(check_model(m, &mut seen)?);
        }
        if models.is_empty() {
            return Err(CatalogueError::Empty);
        }
        let kinds: HashMap<&str, ModelKind> = models.iter().map(|m| (m.id.as_str(), m.kind)).collect();
        for m in &models {
            for f in &m.fallback {
                match kinds.get(f.as_str()) {
                    None => return Err(CatalogueError::UnknownFallback { id: m.id.clone(), fallback: f.clone() }),
                    Some(&k) if k != m.kind => {
                        return Err(CatalogueError::FallbackKind {
                            id: m.id.clone(),
                            fallback: f.clone(),
                            kind: m.kind,
                        })
                    }
                    Some(_) => {}
                }
            }
        }
        if let Some(cycle) = find_cycle(&models) {
            return Err(CatalogueError::FallbackCycle(cycle));
        }
        for kind in ModelKind::ALL {
            let of_kind = || models.iter().filter(move |m| m.kind == kind);
            if !of_kind().any(|m| m.provider == ProviderKind::Demo) {
                return Err(CatalogueError::NoDemo(kind));
            }
            let defaults: Vec<String> = of_kind().filter(|m| m.default).map(|m| m.id.clone()).collect();
            if defaults.len() > 1 {
                return Err(CatalogueError::ManyDefaults(defaults));
            }
        }
        Ok(Catalogue { models })
    }

    /// All models of every kind, in catalogue order.
    pub fn models(&self) -> &[ModelSpec] {
        &self.models
    }

    /// The models of one kind, in catalogue order.
    pub fn models_of(&self, kind: ModelKind) -> Vec<&ModelSpec> {
        self.models.iter().filter(|m| m.kind == kind).collect()
    }

    /// A model of any kind by id.
    pub fn get(&self, id: &str) -> Option<&ModelSpec> {
        self.models.iter().find(|m| m.id == id)
    }

    /// The chat model marked `default`, else the chat demo model.
    pub fn default_model(&self) -> &ModelSpec {
        self.default_of(ModelKind::Chat)
    }

    /// The (first) chat demo model; every catalogue has one.
    pub fn demo(&self) -> &ModelSpec {
        self.demo_of(ModelKind::Chat)
    }

    /// The image model marked `default`, else the image demo model.
    pub fn default_image_model(&self) -> &ModelSpec {
        self.default_of(ModelKind::Image)
    }

    /// The (first) image demo model; every catalogue has one.
    pub fn image_demo(&self) -> &ModelSpec {
        self.demo_of(ModelKind::Image)
    }

    /// The video model marked `default`, else the video demo model.
    pub fn default_video_model(&self) -> &ModelSpec {
        self.default_of(ModelKind::Video)
    }

    /// The (first) video demo model; every catalogue has one.
    pub fn video_demo(&self) -> &ModelSpec {
        self.demo_of(ModelKind::Video)
    }

    fn default_of(&self, kind: ModelKind) -> &ModelSpec {
        self.models.iter().find(|m| m.kind == kind && m.default).unwrap_or_else(|| self.demo_of(kind))
    }

    fn demo_of(&self, kind: ModelKind) -> &ModelSpec {
        self.models
            .iter()
            .find(|m| m.kind == kind && m.provider == ProviderKind::Demo)
            .expect("validated: a demo model of each kind exists")
    }
}

fn check_model(m: RawModel, seen: &mut HashSet<String>) -> Result<ModelSpec, CatalogueError> {
    let invalid = |problem: &str| CatalogueError::Invalid { id: m.id.clone(), problem: problem.to_string() };
    let provider = ProviderKind::parse(&m.provider)
        .ok_or_else(|| CatalogueError::UnknownProvider { id: m.id.clone(), provider: m.provider.clone() })?;
    match m.id.split_once(':') {
        Some((prefix, rest)) if prefix == provider.as_str() && !rest.is_empty() => {}
        _ => return Err(invalid(&format!("the id must be \"{provider}:<name>\""))),
    }
    if m.id.chars().any(char::is_whitespace) {
        return Err(invalid("the id has spaces"));
    }
    if m.model.trim().is_empty() {
        return Err(invalid("`model` is empty"));
    }
    if m.name_ar.trim().is_empty() || m.name_en.trim().is_empty() {
        return Err(invalid("`name_ar` and `name_en` are required"));
    }
    if !provider.serves(m.kind) {
        return Err(invalid(&format!("provider {provider} has no {} models", m.kind)));
    }
    if m.edits && m.kind != ModelKind::Image {
        return Err(invalid("`edits` is for image models"));
    }
    let (max_context, max_output, weight) = match (m.kind, m.max_context, m.max_output, m.weight) {
        (ModelKind::Chat, Some(c), Some(o), Some(w)) => (c, o, w),
        (ModelKind::Chat, ..) => return Err(invalid("`max_context`, `max_output` and `weight` are required")),
        (ModelKind::Image | ModelKind::Video, c, o, w) => (c.unwrap_or(1), o.unwrap_or(1), w.unwrap_or(1.0)),
    };
    if max_output == 0 || max_context == 0 || max_output > max_context {
        return Err(invalid("need 0 < max_output <= max_context"));
    }
    let milli = weight * 1000.0;
    if !milli.is_finite() || milli.round() < 1.0 || (milli - milli.round()).abs() > 1e-6 {
        return Err(CatalogueError::BadWeight { id: m.id.clone(), weight: weight.to_string() });
    }
    let mut fallback_seen = HashSet::new();
    if let Some(dup) = m.fallback.iter().find(|f| !fallback_seen.insert(f.as_str())) {
        return Err(invalid(&format!("fallback {dup:?} is listed twice")));
    }
    if !seen.insert(m.id.clone()) {
        return Err(CatalogueError::DuplicateId(m.id));
    }
    Ok(ModelSpec {
        id: m.id,
        name_ar: m.name_ar,
        name_en: m.name_en,
        provider,
        model: m.model,
        kind: m.kind,
        vision: m.vision,
        edits: m.edits,
        max_context,
        max_output,
        weight_milli: milli.round() as u64,
        fallback: m.fallback,
        default: m.default,
        cost_fils: m.cost_fils,
    })
}

/// A cycle in the fallback graph, as the ids along it (first repeated at the end).
fn find_cycle(models: &[ModelSpec]) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let index: HashMap<&str, usize> = models.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect();
    let mut marks = vec![Mark::New; models.len()];
    fn visit(
        i: usize,
        models: &[ModelSpec],
        index: &HashMap<&str, usize>,
        marks: &mut [Mark],
        path: &mut Vec<usize>,
    ) -> Option<Vec<String>> {
        marks[i] = Mark::OnPath;
        path.push(i);
        for f in &models[i].fallback {
            let j = index[f.as_str()];
            match marks[j] {
                Mark::OnPath => {
                    let start = path.iter().position(|&p| p == j).unwrap_or(0);
                    let mut cycle: Vec<String> = path[start..].iter().map(|&p| models[p].id.clone()).collect();
                    cycle.push(models[j].id.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(c) = visit(j, models, index, marks, path) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks[i] = Mark::Done;
        None
    }
    for i in 0..models.len() {
        if marks[i] == Mark::New {
            if let Some(c) = visit(i, models, &index, &mut marks, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(id: &str, provider: &str, extra: &str) -> String {
        let name = id.split_once(':').map(|x| x.1).unwrap_or(id);
        format!(
            "[[model]]\nid = \"{id}\"\nname_ar = \"ن\"\nname_en = \"N\"\nprovider = \"{provider}\"\nmodel = \"{name}\"\n\
             max_context = 1000\nmax_output = 100\nweight = 1.0\n{extra}\n"
        )
    }

    /// An image model: no token fields.
    fn image(id: &str, provider: &str, extra: &str) -> String {
        let name = id.split_once(':').map(|x| x.1).unwrap_or(id);
        format!(
            "[[model]]\nid = \"{id}\"\nkind = \"image\"\nname_ar = \"ص\"\nname_en = \"I\"\nprovider = \"{provider}\"\n\
             model = \"{name}\"\n{extra}\n"
        )
    }

    /// A video model: no token fields.
    fn video(id: &str, provider: &str, extra: &str) -> String {
        image(id, provider, extra).replace("kind = \"image\"", "kind = \"video\"")
    }

    /// A demo model of each kind, then `rest`.
    fn with_demo(rest: &str) -> String {
        format!(
            "{}{}{}{rest}",
            model("demo:d", "demo", ""),
            image("demo:img", "demo", "edits = true"),
            video("demo:vid", "demo", "")
        )
    }

    #[test]
    fn the_shipped_catalogue_is_valid_and_complete() {
        let c = Catalogue::builtin();
        for id in [
            "openai:gpt-5",
            "openai:gpt-5-mini",
            "openai:gpt-4o",
            "openai:gpt-4o-mini",
            "anthropic:claude-sonnet-4-5",
            "anthropic:claude-haiku-4-5",
            "gemini:gemini-2.5-pro",
            "gemini:gemini-2.5-flash",
            "compatible:llama3.1",
            "demo:pulse-demo",
        ] {
            assert!(c.get(id).is_some(), "{id} missing");
        }
        assert_eq!(c.default_model().id, "openai:gpt-5-mini");
        assert_eq!(c.demo().id, "demo:pulse-demo");
        for id in [
            "gemini:gemini-2.5-flash-image",
            "openai:gpt-image-1",
            "replicate:black-forest-labs/flux-schnell",
            "stability:core",
            "demo:image",
        ] {
            let m = c.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(m.kind, ModelKind::Image, "{id}");
            assert!(!m.name_ar.is_empty() && !m.name_en.is_empty());
        }
        assert_eq!(c.default_image_model().id, "gemini:gemini-2.5-flash-image");
        assert_eq!(c.image_demo().id, "demo:image");
        assert!(c.image_demo().edits && c.get("openai:gpt-image-1").unwrap().edits);
        assert!(!c.get("stability:core").unwrap().edits);
        assert_eq!(c.get("replicate:black-forest-labs/flux-schnell").unwrap().model, "black-forest-labs/flux-schnell");
        assert!(c.models_of(ModelKind::Chat).iter().all(|m| m.kind == ModelKind::Chat && !m.edits));
        assert_eq!(
            ModelKind::ALL.iter().map(|&k| c.models_of(k).len()).sum::<usize>(),
            c.models().len(),
            "every model is of one kind"
        );
        for m in c.models() {
            assert!(m.fallback.iter().all(|f| c.get(f).unwrap().provider != ProviderKind::Demo), "{}", m.id);
        }
        assert_eq!(c.get("openai:gpt-4o-mini").unwrap().weight_milli, 300);
        let videos: Vec<&str> = c.models_of(ModelKind::Video).iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            videos,
            [
                "gemini:veo-3.0-generate-001",
                "gemini:veo-3.0-fast-generate-001",
                "replicate:wan-video/wan-2.2-t2v-fast",
                "demo:video"
            ]
        );
        for id in &videos {
            let m = c.get(id).unwrap();
            assert!(!m.name_ar.is_empty() && !m.name_en.is_empty() && !m.edits && !m.vision, "{id}");
            assert!(m.fallback.iter().all(|f| c.get(f).unwrap().kind == ModelKind::Video), "{id}");
        }
        assert_eq!(c.default_video_model().id, "gemini:veo-3.0-generate-001");
        assert_eq!(c.video_demo().id, "demo:video");
        assert_eq!(c.video_demo().model, "pulse-demo-video");
        let veo = c.get("gemini:veo-3.0-generate-001").unwrap();
        assert_eq!(
            (veo.name_ar.as_str(), veo.name_en.as_str(), veo.model.as_str()),
            ("فيو 3", "Veo 3", "veo-3.0-generate-001")
        );
        assert_eq!(veo.fallback, ["gemini:veo-3.0-fast-generate-001", "replicate:wan-video/wan-2.2-t2v-fast"]);
        assert_eq!(
            c.get("gemini:veo-3.0-fast-generate-001").unwrap().fallback,
            ["replicate:wan-video/wan-2.2-t2v-fast"]
        );
        assert_eq!(c.get("replicate:wan-video/wan-2.2-t2v-fast").unwrap().model, "wan-video/wan-2.2-t2v-fast");
        assert_eq!(Catalogue::load(None).unwrap(), c);
    }

    #[test]
    fn weights_are_exact_and_round_up() {
        let c = Catalogue::from_toml(&with_demo(&model("openai:a", "openai", "").replace("1.0", "0.25"))).unwrap();
        let m = c.get("openai:a").unwrap();
        assert_eq!(m.weight_milli, 250);
        assert_eq!(m.weight(), 0.25);
        assert_eq!(m.plan_tokens(0), 0);
        assert_eq!(m.plan_tokens(1), 1);
        assert_eq!(m.plan_tokens(4), 1);
        assert_eq!(m.plan_tokens(5), 2);
        assert_eq!(m.plan_tokens(u64::MAX), u64::MAX.div_ceil(4));
        let c =
            Catalogue::from_toml(&with_demo(&model("openai:b", "openai", "").replace("weight = 1.0", "weight = 4")))
                .unwrap();
        assert_eq!(c.get("openai:b").unwrap().plan_tokens(1000), 4000);
    }

    #[test]
    fn validation_errors_are_clear() {
        let err = |toml: &str| Catalogue::from_toml(toml).unwrap_err();
        assert_eq!(
            err(&with_demo(&model("openai:a", "openai", "").repeat(2))),
            CatalogueError::DuplicateId("openai:a".into())
        );
        assert_eq!(
            err(&with_demo(&model("mistral:a", "mistral", ""))),
            CatalogueError::UnknownProvider { id: "mistral:a".into(), provider: "mistral".into() }
        );
        assert_eq!(
            err(&with_demo(&model("openai:a", "openai", "fallback = [\"openai:zz\"]"))),
            CatalogueError::UnknownFallback { id: "openai:a".into(), fallback: "openai:zz".into() }
        );
        let cycle = err(&with_demo(&format!(
            "{}{}{}",
            model("openai:a", "openai", "fallback = [\"openai:b\"]"),
            model("openai:b", "openai", "fallback = [\"openai:c\"]"),
            model("openai:c", "openai", "fallback = [\"openai:a\"]"),
        )));
        assert_eq!(
            cycle,
            CatalogueError::FallbackCycle(vec![
                "openai:a".into(),
                "openai:b".into(),
                "openai:c".into(),
                "openai:a".into()
            ])
        );
        assert_eq!(cycle.to_string(), "model catalogue: fallback cycle: openai:a → openai:b → openai:c → openai:a");
        assert!(matches!(
            err(&with_demo(&model("openai:a", "openai", "fallback = [\"openai:a\"]"))),
            CatalogueError::FallbackCycle(_)
        ));
        for w in ["0", "-1", "0.0001", "nan"] {
            assert_eq!(
                err(&with_demo(&model("openai:a", "openai", "").replace("weight = 1.0", &format!("weight = {w}")))),
                CatalogueError::BadWeight { id: "openai:a".into(), weight: w.parse::<f64>().unwrap().to_string() },
                "{w}"
            );
        }
        assert_eq!(
            err(&format!("{}{}", model("openai:a", "openai", ""), image("demo:i", "demo", ""))),
            CatalogueError::NoDemo(ModelKind::Chat)
        );
        assert_eq!(
            err(&format!("{}{}", model("demo:d", "demo", ""), image("openai:i", "openai", ""))),
            CatalogueError::NoDemo(ModelKind::Image)
        );
        assert_eq!(
            err(&model("demo:d", "demo", "")).to_string(),
            "model catalogue: no image demo model (one model with provider = \"demo\" is required of each kind: chat, image and video)"
        );
        assert_eq!(
            err(&format!("{}{}", model("demo:d", "demo", ""), image("demo:i", "demo", ""))),
            CatalogueError::NoDemo(ModelKind::Video)
        );
        assert_eq!(
            err(&format!("{}{}", model("demo:d", "demo", ""), image("demo:i", "demo", ""))).to_string(),
            "model catalogue: no video demo model (one model with provider = \"demo\" is required of each kind: chat, image and video)"
        );
        assert_eq!(err(""), CatalogueError::Empty);
        assert_eq!(
            err(&with_demo(&format!(
                "{}{}",
                model("openai:a", "openai", "default = true"),
                model("openai:b", "openai", "default = true")
            ))),
            CatalogueError::ManyDefaults(vec!["openai:a".into(), "openai:b".into()])
        );
        assert!(matches!(err(&with_demo(&model("anthropic:a", "openai", ""))), CatalogueError::Invalid { .. }));
        assert!(matches!(err(&with_demo(&model("openai:a", "openai", "fallbak = []"))), CatalogueError::Toml(_)));
        assert!(matches!(
            err(&with_demo(&model("openai:a", "openai", "").replace("max_output = 100", "max_output = 5000"))),
            CatalogueError::Invalid { .. }
        ));
    }

    #[test]
    fn image_models_have_their_own_rules() {
        let err = |toml: &str| Catalogue::from_toml(toml).unwrap_err();
        // Token fields are optional for image models, required for chat models.
        let c = Catalogue::from_toml(&with_demo(&image("replicate:owner/name", "replicate", ""))).unwrap();
        let m = c.get("replicate:owner/name").unwrap();
        assert_eq!(
            (m.kind, m.max_context, m.max_output, m.weight_milli, m.edits),
            (ModelKind::Image, 1, 1, 1000, false)
        );
        assert_eq!(m.model, "owner/name");
        assert!(matches!(
            err(&with_demo(&model("openai:a", "openai", "").replace("weight = 1.0\n", ""))),
            CatalogueError::Invalid { .. }
        ));
        // A fallback is of the same kind.
        assert_eq!(
            err(&with_demo(&image("openai:i", "openai", "fallback = [\"demo:d\"]"))),
            CatalogueError::FallbackKind { id: "openai:i".into(), fallback: "demo:d".into(), kind: ModelKind::Image }
        );
        assert!(matches!(
            err(&with_demo(&model("openai:a", "openai", "fallback = [\"demo:img\"]"))),
            CatalogueError::FallbackKind { kind: ModelKind::Chat, .. }
        ));
        // One default per kind.
        let c = Catalogue::from_toml(&with_demo(&format!(
            "{}{}",
            model("openai:a", "openai", "default = true"),
            image("openai:i", "openai", "default = true")
        )))
        .unwrap();
        assert_eq!((c.default_model().id.as_str(), c.default_image_model().id.as_str()), ("openai:a", "openai:i"));
        assert_eq!(
            err(&with_demo(&format!(
                "{}{}",
                image("openai:i", "openai", "default = true"),
                image("gemini:j", "gemini", "default = true")
            ))),
            CatalogueError::ManyDefaults(vec!["openai:i".into(), "gemini:j".into()])
        );
        // Providers serve only the kinds they have clients for; `edits` is for images.
        assert!(matches!(err(&with_demo(&image("anthropic:i", "anthropic", ""))), CatalogueError::Invalid { .. }));
        assert!(matches!(err(&with_demo(&model("stability:c", "stability", ""))), CatalogueError::Invalid { .. }));
        assert!(matches!(
            err(&with_demo(&model("openai:a", "openai", "edits = true"))),
            CatalogueError::Invalid { .. }
        ));
        assert!(matches!(err(&with_demo(&model("openai:v", "openai", "kind = \"movie\""))), CatalogueError::Toml(_)));
        assert_eq!(ModelKind::parse("image"), Some(ModelKind::Image));
        assert_eq!(ModelKind::parse("video"), Some(ModelKind::Video));
        assert_eq!(ModelKind::ALL.map(ModelKind::as_str), ["chat", "image", "video"]);
        assert_eq!(ProviderKind::parse("stability"), Some(ProviderKind::Stability));
        assert_eq!(ProviderKind::Replicate.as_str(), "replicate");
    }

    #[test]
    fn video_models_have_their_own_rules() {
        let err = |toml: &str| Catalogue::from_toml(toml).unwrap_err();
        let c = Catalogue::from_toml(&with_demo(&format!(
            "{}{}",
            video("gemini:veo", "gemini", "fallback = [\"replicate:own/clip\"]\ndefault = true"),
            video("replicate:own/clip", "replicate", "")
        )))
        .unwrap();
        let m = c.get("gemini:veo").unwrap();
        assert_eq!((m.kind, m.max_context, m.max_output, m.weight_milli), (ModelKind::Video, 1, 1, 1000));
        assert_eq!((c.default_video_model().id.as_str(), c.video_demo().id.as_str()), ("gemini:veo", "demo:vid"));
        assert_eq!(c.default_model().id, "demo:d", "a video default is not the chat default");
        assert_eq!(c.default_image_model().id, "demo:img");
        // Who serves videos: Gemini, Replicate and the demo; not OpenAI, Anthropic, a
        // compatible server or Stability.
        for (kind, serves) in [
            (ProviderKind::Gemini, true),
            (ProviderKind::Replicate, true),
            (ProviderKind::Demo, true),
            (ProviderKind::OpenAi, false),
            (ProviderKind::Anthropic, false),
            (ProviderKind::Compatible, false),
            (ProviderKind::Stability, false),
        ] {
            assert_eq!(kind.serves(ModelKind::Video), serves, "{kind}");
        }
        assert!(ProviderKind::Replicate.serves(ModelKind::Image) && !ProviderKind::Replicate.serves(ModelKind::Chat));
        assert!(ProviderKind::OpenAi.serves(ModelKind::Chat) && ProviderKind::OpenAi.serves(ModelKind::Image));
        for p in ["openai", "anthropic", "compatible", "stability"] {
            let id = format!("{p}:v");
            assert!(matches!(err(&with_demo(&video(&id, p, ""))), CatalogueError::Invalid { .. }), "{p}");
        }
        // Fallbacks stay within the kind.
        assert_eq!(
            err(&with_demo(&video("gemini:veo", "gemini", "fallback = [\"demo:img\"]"))),
            CatalogueError::FallbackKind {
                id: "gemini:veo".into(),
                fallback: "demo:img".into(),
                kind: ModelKind::Video
            }
        );
        assert!(matches!(
            err(&with_demo(&image("gemini:i", "gemini", "fallback = [\"demo:vid\"]"))),
            CatalogueError::FallbackKind { kind: ModelKind::Image, .. }
        ));
        assert!(matches!(
            err(&with_demo(&video("gemini:veo", "gemini", "edits = true"))),
            CatalogueError::Invalid { .. }
        ));
        assert!(matches!(
            err(&with_demo(&format!(
                "{}{}",
                video("gemini:a", "gemini", "fallback = [\"gemini:b\"]"),
                video("gemini:b", "gemini", "fallback = [\"gemini:a\"]")
            ))),
            CatalogueError::FallbackCycle(_)
        ));
        assert_eq!(
            err(&with_demo(&format!(
                "{}{}",
                video("gemini:a", "gemini", "default = true"),
                video("replicate:o/b", "replicate", "default = true")
            ))),
            CatalogueError::ManyDefaults(vec!["gemini:a".into(), "replicate:o/b".into()])
        );
    }

    #[test]
    fn no_default_means_the_demo_and_files_load() {
        let text = with_demo(&model("openai:a", "openai", ""));
        let c = Catalogue::from_toml(&text).unwrap();
        assert_eq!(c.default_model().id, "demo:d");
        assert_eq!(c.default_image_model().id, "demo:img");
        assert_eq!(c.default_video_model().id, "demo:vid");
        let dir = std::env::temp_dir().join(format!("pulse-catalogue-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("models.toml");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(Catalogue::load(Some(&path)).unwrap(), c);
        assert!(matches!(Catalogue::load(Some(&dir.join("missing.toml"))), Err(CatalogueError::Read { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
