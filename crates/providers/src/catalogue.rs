//! The model catalogue: which models exist, what they can do, what they cost in plan tokens
//! and where to turn when they fail. TOML; the default ships in the crate (`models.toml`),
//! and a file can replace it (the app passes `MODEL_CATALOGUE`).

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
    Demo,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 5] = [
        ProviderKind::OpenAi,
        ProviderKind::Anthropic,
        ProviderKind::Gemini,
        ProviderKind::Compatible,
        ProviderKind::Demo,
    ];

    /// The name used in the catalogue and in model ids.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::OpenAi => "openai",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::Gemini => "gemini",
            ProviderKind::Compatible => "compatible",
            ProviderKind::Demo => "demo",
        }
    }

    pub fn parse(name: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for ProviderKind {
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
    pub vision: bool,
    pub max_context: u32,
    pub max_output: u32,
    /// Plan tokens per 1000 provider tokens (the TOML `weight` × 1000, exact).
    pub weight_milli: u64,
    /// Ids to try, in order, when this model fails before its first token.
    pub fallback: Vec<String>,
    pub default: bool,
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
        "model catalogue: model {id:?}: unknown provider {provider:?} (openai, anthropic, gemini, compatible or demo)"
    )]
    UnknownProvider { id: String, provider: String },
    #[error("model catalogue: model {id:?}: fallback {fallback:?} is not in the catalogue")]
    UnknownFallback { id: String, fallback: String },
    #[error("model catalogue: fallback cycle: {}", .0.join(" → "))]
    FallbackCycle(Vec<String>),
    #[error("model catalogue: model {id:?}: weight {weight} must be a number above 0 with at most 3 decimals")]
    BadWeight { id: String, weight: String },
    #[error("model catalogue: no demo model (one model with provider = \"demo\" is required)")]
    NoDemo,
    #[error("model catalogue: more than one default model: {}", .0.join(", "))]
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
    vision: bool,
    max_context: u32,
    max_output: u32,
    weight: f64,
    #[serde(default)]
    fallback: Vec<String>,
    #[serde(default)]
    default: bool,
}

/// A checked catalogue: ids unique, providers known, fallbacks existing and acyclic, weights
/// positive, a demo model present, at most one default.
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
        for m in &models {
            for f in &m.fallback {
                if !seen.contains(f.as_str()) {
                    return Err(CatalogueError::UnknownFallback { id: m.id.clone(), fallback: f.clone() });
                }
            }
        }
        if let Some(cycle) = find_cycle(&models) {
            return Err(CatalogueError::FallbackCycle(cycle));
        }
        if !models.iter().any(|m| m.provider == ProviderKind::Demo) {
            return Err(CatalogueError::NoDemo);
        }
        let defaults: Vec<String> = models.iter().filter(|m| m.default).map(|m| m.id.clone()).collect();
        if defaults.len() > 1 {
            return Err(CatalogueError::ManyDefaults(defaults));
        }
        Ok(Catalogue { models })
    }

    /// All models, in catalogue order.
    pub fn models(&self) -> &[ModelSpec] {
        &self.models
    }

    pub fn get(&self, id: &str) -> Option<&ModelSpec> {
        self.models.iter().find(|m| m.id == id)
    }

    /// The model marked `default`, else the (first) demo model.
    pub fn default_model(&self) -> &ModelSpec {
        self.models.iter().find(|m| m.default).unwrap_or_else(|| self.demo())
    }

    /// The (first) demo model; every catalogue has one.
    pub fn demo(&self) -> &ModelSpec {
        self.models.iter().find(|m| m.provider == ProviderKind::Demo).expect("validated: a demo model exists")
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
    if m.max_output == 0 || m.max_context == 0 || m.max_output > m.max_context {
        return Err(invalid("need 0 < max_output <= max_context"));
    }
    let milli = m.weight * 1000.0;
    if !milli.is_finite() || milli.round() < 1.0 || (milli - milli.round()).abs() > 1e-6 {
        return Err(CatalogueError::BadWeight { id: m.id.clone(), weight: m.weight.to_string() });
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
        vision: m.vision,
        max_context: m.max_context,
        max_output: m.max_output,
        weight_milli: milli.round() as u64,
        fallback: m.fallback,
        default: m.default,
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

    fn with_demo(rest: &str) -> String {
        format!("{}{rest}", model("demo:d", "demo", ""))
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
        for m in c.models() {
            assert!(m.fallback.iter().all(|f| c.get(f).unwrap().provider != ProviderKind::Demo), "{}", m.id);
        }
        assert_eq!(c.get("openai:gpt-4o-mini").unwrap().weight_milli, 300);
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
        assert_eq!(err(&model("openai:a", "openai", "")), CatalogueError::NoDemo);
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
    fn no_default_means_the_demo_and_files_load() {
        let text = with_demo(&model("openai:a", "openai", ""));
        let c = Catalogue::from_toml(&text).unwrap();
        assert_eq!(c.default_model().id, "demo:d");
        let dir = std::env::temp_dir().join(format!("pulse-catalogue-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("models.toml");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(Catalogue::load(Some(&path)).unwrap(), c);
        assert!(matches!(Catalogue::load(Some(&dir.join("missing.toml"))), Err(CatalogueError::Read { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
