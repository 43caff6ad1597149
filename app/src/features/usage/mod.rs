//! Plans in use: meters, cost previews, granting plans (admin).

pub mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod service;

pub use model::{CostPreview, Meter, MeterLevel, UsageKind, UsageLine, UsageSummary};

/// What the server adds for plans in use: every minute, lapsed reservations are marked
/// expired and finished periods closed.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    use crate::platform::feature::{Feature, Sweeper};
    use crate::platform::metering::{ledger, subscriptions};
    let minute = std::time::Duration::from_secs(60);
    Feature::new("usage")
        .sweeper(Sweeper::new("lapsed reservations", minute, |state, now| {
            Box::pin(async move { ledger::sweep_expired(&state.db, now).await.map_err(|e| e.to_string()) })
        }))
        .sweeper(Sweeper::new("finished periods", minute, |state, now| {
            Box::pin(async move { subscriptions::expire_finished(&state.db, now).await.map_err(|e| e.to_string()) })
        }))
}
