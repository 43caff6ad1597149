//! What the CV pages and the server share.

pub use pulse_documents::cv::{
    Certificate, Cv, CvContent, CvLang, CvLink, CvTemplate, Education, Experience, LanguageLevel, LanguageSkill,
};
use serde::{Deserialize, Serialize};

/// A CV in the user's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvItem {
    pub id: i64,
    pub title: String,
    pub lang: CvLang,
    pub template: CvTemplate,
    pub ats: bool,
    pub updated_at: i64,
}

/// A CV open in the editor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvDoc {
    pub id: i64,
    pub title: String,
    /// Goes up by one on every save; a save names the version it started from.
    pub version: i64,
    pub cv: Cv,
    pub updated_at: i64,
}

/// A save that went through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub version: i64,
    pub updated_at: i64,
}

/// What the AI writes for the user, who then accepts or discards it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AiTask {
    /// The summary, from the entries.
    Summary,
    /// One bullet of one role: a strong verb and a number.
    Bullet { experience: usize, bullet: usize },
}

/// `POST /cv/ai`: the task on the CV as the editor holds it now (maybe not saved yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AiRequest {
    pub cv_id: i64,
    pub task: AiTask,
    pub cv: Cv,
}

/// The events of `POST /cv/ai`'s stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AiEvent {
    Delta { text: String },
    Done { charged: i64 },
    Error { error: crate::error::AppError },
}

/// Where a chat answer goes in a CV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CvTarget {
    Summary,
    /// A new bullet on this role (0 = the first).
    Bullet {
        experience: usize,
    },
}

/// The most CVs a user keeps.
pub const MAX_CVS: i64 = 50;
/// The most bytes of one CV's content (its JSON).
pub const MAX_CONTENT_BYTES: usize = 200_000;

/// A field's `dir`, from its own text (the same rule as the renders): an Arabic CV keeps
/// an English company name left to right, and the reverse.
pub fn dir_of(text: &str, lang: CvLang) -> &'static str {
    use pulse_documents::cv::{text_dir, TextDir};
    let fallback = if lang.is_rtl() { TextDir::Rtl } else { TextDir::Ltr };
    match text_dir(text, fallback) {
        TextDir::Rtl => "rtl",
        TextDir::Ltr => "ltr",
    }
}
