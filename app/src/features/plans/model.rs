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
