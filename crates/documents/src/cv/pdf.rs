//! CV to PDF and to SVG pages (the live preview), through one Typst template.
use super::Cv;
use crate::DocumentError;

/// The Typst source of every CV look (classic, modern, compact, ATS).
pub const CV_TEMPLATE: &str = "";

/// The CV as a PDF.
pub fn cv_pdf(_cv: &Cv) -> Result<Vec<u8>, DocumentError> {
    Err(DocumentError::Internal("not yet".into()))
}

/// The CV as one SVG document per page (the live preview, laid out exactly as the PDF).
pub fn cv_svg_pages(_cv: &Cv) -> Result<Vec<String>, DocumentError> {
    Err(DocumentError::Internal("not yet".into()))
}
