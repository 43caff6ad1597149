//! Billing: buying plans and add-ons through the configured gateway (or the offline
//! sandbox), applying what gateways tell us exactly once, the account's plan, renewal,
//! cancellation, payment history and invoices.

pub mod api;
#[cfg(feature = "ssr")]
pub mod invoice;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

/// What the server adds for billing: gateway notices and returns, the payment widget,
/// invoices.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("billing").routes(routes::routes)
}
