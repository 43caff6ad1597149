//! Plans in use: meters, cost previews, granting plans (admin).

pub mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod service;

pub use model::{CostPreview, Meter, MeterLevel, UsageKind, UsageLine, UsageSummary};
