//! Deck to PPTX (PresentationML).
use super::{Deck, DeckImage};
use crate::DocumentError;

/// The deck as a .pptx package.
pub fn deck_pptx(_deck: &Deck, _images: &[DeckImage]) -> Result<Vec<u8>, DocumentError> {
    Err(DocumentError::Internal("not yet".into()))
}
