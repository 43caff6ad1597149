//! Chat: conversations with any configured model, streamed, metered to the token.

pub mod api;
#[cfg(feature = "hydrate")]
mod client;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::ChatPage;
