//! Sign-in by email magic link.

pub mod api;
mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use model::{Role, SessionUser};
pub use page::LoginPage;
