//! System pages: not found, offline.

use crate::i18n::{message, Lang};
use crate::tr;
use crate::ui::icons::{Icon, SvgIcon};
use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any unknown address, with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <crate::ui::page_title::PageTitle key="notfound-title" />
        <main class="system-page" id="main" data-testid="not-found">
            <p class="system-code">{404}</p>
            <h1>{tr!("notfound-title")}</h1>
            <p>{tr!("notfound-body")}</p>
            <a class="button primary" href="/" rel="external">{tr!("notfound-home")}</a>
        </main>
    }
}

/// The page the service worker shows when the network is gone. It carries both
/// languages, because it is cached once and shown whatever language is chosen later.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let block = |lang: Lang| {
        view! {
            <section lang=lang.code() dir=lang.dir() class="offline-block">
                <h1>{message(lang, "offline-title")}</h1>
                <p>{message(lang, "offline-body")}</p>
                <a class="button primary" href="/">{message(lang, "offline-retry")}</a>
            </section>
        }
    };
    view! {
        <Title text=message(Lang::Ar, "offline-title") />
        <main class="system-page offline" id="main" data-testid="offline">
            <div class="empty-icon"><SvgIcon icon=Icon::Offline /></div>
            {block(Lang::Ar)}
            {block(Lang::En)}
        </main>
    }
}
