//! Plans in use: meters, cost previews, granting plans (admin).

pub mod api;
mod model;

pub use model::{Meter, MeterLevel, UsageKind, UsageLine, UsageSummary};
