pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

/// What the server adds for the account: the data export.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("account").routes(routes::routes)
}

pub use page::AccountPage;
