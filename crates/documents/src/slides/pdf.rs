//! Deck to PDF and to SVG pages (the live preview), through one Typst template.
use super::{Deck, DeckImage};
use crate::DocumentError;

/// The Typst source of every theme and layout.
pub const DECK_TEMPLATE: &str = "";

/// The deck as a 16:9 PDF, one page per slide.
pub fn deck_pdf(_deck: &Deck, _images: &[DeckImage]) -> Result<Vec<u8>, DocumentError> {
    Err(DocumentError::Internal("not yet".into()))
}

/// One SVG per slide, laid out exactly as the PDF.
pub fn deck_svg_pages(_deck: &Deck, _images: &[DeckImage]) -> Result<Vec<String>, DocumentError> {
    Err(DocumentError::Internal("not yet".into()))
}
