//! Metering: plan periods, the quota ledger (reserve → settle | release), warnings.
//! The ledger in the database is the authority; meters are computed from the same query.

pub mod ledger;
pub mod subscriptions;

pub use crate::features::usage::{Meter, UsageKind, UsageSummary};
