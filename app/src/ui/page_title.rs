//! The document title and description. On the server they are plain strings computed
//! while the page renders: leptos_meta writes the head after the body has streamed,
//! outside the request's reactive arena, where reading a signal is not allowed. In the
//! browser they follow the language.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

fn compose(page: String, app: String) -> String {
    if page.is_empty() {
        app
    } else {
        format!("{page} · {app}")
    }
}

/// `<title>`: "<page> · Pulse AI Studio" (`key` "" for the app name alone).
#[component]
pub fn PageTitle(#[prop(into)] key: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || compose(if key.is_empty() { String::new() } else { i18n.t(&key) }, i18n.t("app-name"));
    #[cfg(feature = "ssr")]
    let text = text();
    view! { <Title text /> }
}

/// `<meta name="description">` in the page's language.
#[component]
pub fn MetaDescription() -> impl IntoView {
    let i18n = use_i18n();
    let content = move || i18n.t("meta-description");
    #[cfg(feature = "ssr")]
    let content = content();
    view! { <Meta name="description" content /> }
}
