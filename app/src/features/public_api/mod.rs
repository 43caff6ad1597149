//! The public API: personal keys (account page) and OpenAI-compatible endpoints under
//! `/v1`, metered by the same plan through the same metered-work path as the app.

pub mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod openai;
#[cfg(feature = "ssr")]
pub mod openapi;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use model::{ApiKeyView, ApiKeysView, CreatedKey};
pub use page::ApiKeysCard;

/// What the server adds for the API: the `/v1` routes.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("api").routes(openai::routes)
}
