//! Server-only shared services. Compiled only with the `ssr` feature.

pub mod config;
pub mod db;
pub mod security;
pub mod state;

pub use state::AppState;
