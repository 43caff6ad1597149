//! What the slide pages and the server share.

pub use pulse_documents::slides::{Deck, DeckLang, Layout, Slide, Theme};
use serde::{Deserialize, Serialize};

/// A deck in the user's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeckItem {
    pub id: i64,
    pub title: String,
    pub lang: DeckLang,
    pub theme: Theme,
    pub slides: usize,
    pub updated_at: i64,
}

/// A deck open in the editor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeckDoc {
    pub id: i64,
    pub version: i64,
    pub deck: Deck,
    pub updated_at: i64,
}

/// `POST /slides/outline`: what the AI outline is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutlineRequest {
    pub topic: String,
    #[serde(default)]
    pub audience: String,
    pub count: u32,
    pub lang: DeckLang,
    #[serde(default)]
    pub tone: String,
    /// Make it from this conversation of the user's (chat's "make slides").
    #[serde(default)]
    pub conversation: Option<i64>,
}

/// The events of `POST /slides/outline`'s stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OutlineEvent {
    Delta { text: String },
    Done { deck_id: i64, charged: i64 },
    Error { error: crate::error::AppError },
}

pub const MIN_SLIDES: u32 = 3;
pub const MAX_SLIDES: u32 = 20;
/// The most decks a user keeps.
pub const MAX_DECKS: i64 = 50;
/// The most slides one deck may grow to in the editor.
pub const MAX_DECK_SLIDES: usize = 60;
