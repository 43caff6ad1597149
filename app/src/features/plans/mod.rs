//! The plans users can buy (seeded by the first migration).

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;

pub use model::{Plan, PlanFeature};
