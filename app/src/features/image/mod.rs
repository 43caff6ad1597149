//! The image studio: images from a prompt (or a change to one of the user's images) with
//! any configured model or the offline demo, metered per image; the gallery; and the
//! editor, a separate WASM module (`crates/image-editor`) fetched only when it opens.

pub mod api;
mod editor_host;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

pub use model::ImageModel;
pub use page::ImagePage;

/// What the server adds for the image studio: the generation stream.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("image").routes(routes::routes)
}
