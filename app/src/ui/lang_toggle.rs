use crate::i18n::use_i18n;
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Switches between Arabic and English. Without JavaScript it is a link to `/lang/…`
/// (the server sets the cookie and comes back to the same page); once hydrated it
/// switches in place, keeping whatever is on the page.
#[component]
pub fn LangToggle() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let target = move || i18n.lang().other();
    let href = move || {
        let search = location.search.get();
        let here =
            if search.is_empty() { location.pathname.get() } else { format!("{}?{search}", location.pathname.get()) };
        format!("/lang/{}?next={}", target().code(), crate::web::encode_path(&here))
    };
    view! {
        <a
            class="lang-toggle"
            data-testid="lang-toggle"
            href=href
            hreflang=move || target().code()
            lang=move || target().code()
            aria-label=tr!("lang-toggle-aria")
            rel="nofollow"
            on:click=move |ev| {
                ev.prevent_default();
                i18n.set_lang(i18n.lang_untracked().other());
            }
        >
            {tr!("lang-toggle-label")}
        </a>
    }
}
