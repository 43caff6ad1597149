pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::AccountPage;
