//! Shared widgets.

pub mod app_layout;
pub mod autosave;
pub mod empty_state;
pub mod icons;
pub mod lang_toggle;
pub mod locked;
pub mod markdown;
pub mod meters;
pub mod page_title;
pub mod plan_card;
pub mod static_html;
#[cfg(feature = "hydrate")]
pub mod stream;
#[cfg(feature = "hydrate")]
pub mod upload;

/// Loads `url` as a whole new page (not through the client-side router): for pages the
/// server answers itself, such as a payment gateway's or our widget page.
pub fn load_page(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Err(e) = leptos::prelude::window().location().assign(url) {
        leptos::logging::error!("could not open {url}: {e:?}");
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}
