//! The CV maker: saved bilingual CVs, a guided form with a live preview, AI help metered
//! in tokens, and PDF and DOCX exports (the document engine, `pulse_documents::cv`).

pub mod api;
mod editor;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod routes;
mod send;
#[cfg(feature = "ssr")]
pub mod service;

pub use editor::CvEditorPage;
pub use page::CvPage;
pub use send::SendToCv;

/// What the server adds for the CV maker: the AI stream and the preview pages.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("cv").routes(routes::routes)
}
