//! The slide maker (Pro and Creator): an AI outline from a topic or a conversation,
//! editing, four themes, a live preview, PPTX and PDF exports (`pulse_documents::slides`).

pub mod api;
mod editor;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

pub use editor::SlidesEditorPage;
pub use page::SlidesPage;

/// What the server adds for the slide maker: the outline stream and the preview pages.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("slides").routes(routes::routes)
}
