//! Sign-in by email magic link.

pub mod api;
mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

/// What the server adds for sign-in: the confirmation's POST, and every hour old sign-in
/// links are deleted.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    use crate::platform::feature::{Feature, Sweeper};
    Feature::new("auth").routes(routes::routes).sweeper(Sweeper::new(
        "old sign-in links",
        std::time::Duration::from_secs(3600),
        |state, now| Box::pin(async move { service::purge_links(&state.db, now).await.map_err(|e| e.to_string()) }),
    ))
}

pub use model::{LinkCheck, Role, SessionUser};
pub use page::{LoginPage, VerifyPage};
