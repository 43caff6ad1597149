use crate::i18n::Lang;
use crate::types::Fils;
use serde::{Deserialize, Serialize};

/// A monthly plan with its quotas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub code: String,
    pub name_ar: String,
    pub name_en: String,
    pub price: Fils,
    pub tokens: i64,
    pub images: i64,
    pub videos: i64,
    /// Feature codes; each has a `feature-<code>` message.
    pub features: Vec<String>,
}

impl Plan {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ar => &self.name_ar,
            Lang::En => &self.name_en,
        }
    }
}

/// What a plan includes beyond its quotas: the `features` of the plans table. A plan's
/// card lists them (`feature-<code>`); the server checks them ([`crate::platform::plan_features`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanFeature {
    Chat,
    Cv,
    Image,
    Video,
    Slides,
    PdfSummary,
    LongPrompts,
    AdvancedEditors,
}

impl PlanFeature {
    pub const ALL: [PlanFeature; 8] = [
        PlanFeature::Chat,
        PlanFeature::Cv,
        PlanFeature::Image,
        PlanFeature::Video,
        PlanFeature::Slides,
        PlanFeature::PdfSummary,
        PlanFeature::LongPrompts,
        PlanFeature::AdvancedEditors,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlanFeature::Chat => "chat",
            PlanFeature::Cv => "cv",
            PlanFeature::Image => "image",
            PlanFeature::Video => "video",
            PlanFeature::Slides => "slides",
            PlanFeature::PdfSummary => "pdf_summary",
            PlanFeature::LongPrompts => "long_prompts",
            PlanFeature::AdvancedEditors => "advanced_editors",
        }
    }

    pub fn parse(code: &str) -> Option<PlanFeature> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}
