//! CV to DOCX (WordprocessingML).
use super::Cv;
use crate::DocumentError;

/// The CV as a .docx package.
pub fn cv_docx(_cv: &Cv) -> Result<Vec<u8>, DocumentError> {
    Err(DocumentError::Internal("not yet".into()))
}
