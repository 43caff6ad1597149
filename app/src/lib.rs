//! Pulse AI Studio: the Leptos application shared by the server (SSR) and the browser
//! (hydration). Features live in vertical slices under `features/`; shared widgets in
//! `ui/`; server-only services in `platform/` (behind the `ssr` feature).
#![recursion_limit = "256"]

pub mod error;
pub mod features;
pub mod i18n;
pub mod routes;
pub mod shell;
pub mod types;
pub mod ui;
pub mod web;

#[cfg(feature = "ssr")]
pub mod platform;

pub use routes::{AdminApp, App};
pub use shell::{admin_shell, shell};
