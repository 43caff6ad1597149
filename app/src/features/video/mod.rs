//! The video studio: clips from a prompt (Veo 3, a Replicate model, or the offline ffmpeg
//! demo), and the user's own clips cut with burned-in captions. Both are durable jobs
//! with live progress; a generated clip costs one video of the plan, an edit nothing.

pub mod api;
#[cfg(feature = "ssr")]
mod demo;
#[cfg(feature = "ssr")]
pub mod media;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::VideoPage;

/// What the server adds for the video studio: its two job kinds.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("video").job(service::generate_kind()).job(service::edit_kind())
}
