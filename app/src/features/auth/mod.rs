//! Sign-in by email magic link.

pub mod api;
mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

/// What the server adds for sign-in: the link's landing route.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("auth").routes(routes::routes)
}

pub use model::{Role, SessionUser};
pub use page::LoginPage;
