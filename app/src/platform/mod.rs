//! Server-only shared services. Compiled only with the `ssr` feature.

pub mod ai;
pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod documents;
pub mod feature;
pub mod jobs;
pub mod mail;
pub mod metering;
pub mod moderation;
pub mod payments;
pub mod plan_features;
pub mod ratelimit;
pub mod request;
pub mod security;
pub mod sms;
pub mod state;
pub mod storage;
pub mod work;

pub use state::AppState;
