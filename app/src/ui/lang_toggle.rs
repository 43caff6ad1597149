use crate::i18n::{switch_href, use_i18n, wire::Unavailable};
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Switches between Arabic and English. Without JavaScript it is a link to `/lang/…`
/// (the server sets the cookie and comes back to the same page); once hydrated it
/// switches in place, keeping whatever is on the page. The first switch fetches the other
/// language's messages (`i18n::wire`): meanwhile the link is busy and a second press does
/// nothing. Offline, the page stays as it is and says so; if a deploy came since the page
/// was loaded (its file is another's now), the link is followed.
#[component]
pub fn LangToggle() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let target = move || i18n.lang().other();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    // A switch from elsewhere (the other toggle, the account page) ends this one's error.
    Effect::new(move |_| {
        i18n.lang();
        failed.set(false);
    });
    let href = move || {
        let search = location.search.get();
        let here =
            if search.is_empty() { location.pathname.get() } else { format!("{}?{search}", location.pathname.get()) };
        switch_href(target(), &here)
    };
    view! {
        <span class="lang-switch">
            <a
                class="lang-toggle"
                data-testid="lang-toggle"
                href=href
                hreflang=move || target().code()
                lang=move || target().code()
                aria-label=tr!("lang-toggle-aria")
                aria-busy=move || busy.get().then_some("true")
                aria-disabled=move || busy.get().then_some("true")
                rel="nofollow"
                on:click=move |ev| {
                    ev.prevent_default();
                    if busy.get_untracked() {
                        return;
                    }
                    busy.set(true);
                    failed.set(false);
                    let lang = i18n.lang_untracked().other();
                    let fallback = href();
                    leptos::task::spawn_local(async move {
                        match i18n.switch(lang).await {
                            Ok(()) => {}
                            Err(Unavailable::Offline) => failed.set(true),
                            Err(Unavailable::Stale) => {
                                let _ = window().location().assign(&fallback);
                            }
                        }
                        busy.set(false);
                    });
                }
            >
                {tr!("lang-toggle-label")}
            </a>
            <Show when=move || failed.get()>
                <span class="lang-error" role="alert" data-testid="lang-error" on:click=move |_| failed.set(false)>
                    {tr!("lang-switch-failed")}
                </span>
            </Show>
        </span>
    }
}
