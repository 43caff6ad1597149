//! Chat: conversations with any configured model, streamed, metered to the token.

pub mod api;
#[cfg(feature = "hydrate")]
mod client;
#[cfg(feature = "ssr")]
pub mod document;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod stops;

pub use page::ChatPage;

/// What the server adds for chat: the streamed and the plain-form turn; answers left
/// streaming by a process that died are closed every minute.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    use crate::platform::feature::{Feature, Sweeper};
    Feature::new("chat").routes(routes::routes).sweeper(Sweeper::new(
        "abandoned answers",
        std::time::Duration::from_secs(60),
        |state, now| {
            Box::pin(async move {
                service::sweep_abandoned(&state.db, now, state.config.chat_turn_secs).await.map_err(|e| e.to_string())
            })
        },
    ))
}
