use super::icons::{Icon, SvgIcon};
use super::lang_toggle::LangToggle;
use crate::tr;
use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_location};

/// The six tabs, in order.
pub const TABS: [(&str, &str, Icon); 6] = [
    ("chat", "nav-chat", Icon::Chat),
    ("cv", "nav-cv", Icon::Cv),
    ("slides", "nav-slides", Icon::Slides),
    ("image", "nav-image", Icon::Image),
    ("video", "nav-video", Icon::Video),
    ("account", "nav-account", Icon::Account),
];

/// The app shell: a sidebar on the start side on wide screens, a bottom tab bar with a
/// slim top bar on phones.
#[component]
pub fn AppLayout() -> impl IntoView {
    let location = use_location();
    // The user's live stream (job progress, later notifications): one per page.
    crate::features::notifications::NoticesLive::provide();
    crate::features::jobs::JobsLive::provide();
    view! {
        <div class="app-shell">
            <a class="skip-link" href="#main">{tr!("skip-to-content")}</a>
            <header class="app-topbar">
                <a class="brand" href="/">
                    <img src="/icons/icon.svg" alt="" width="28" height="28" />
                    <span>{tr!("app-short-name")}</span>
                </a>
                <crate::features::jobs::JobsBadge />
                <LangToggle />
            </header>
            <crate::features::notifications::NoticeBell />
            <nav class="app-nav" aria-label=tr!("nav-main")>
                <a class="brand nav-brand" href="/">
                    <img src="/icons/icon.svg" alt="" width="32" height="32" />
                    <span>{tr!("app-name")}</span>
                </a>
                <ul>
                    {TABS.into_iter().map(|(slug, label, icon)| {
                        let href = format!("/app/{slug}");
                        let current = {
                            let href = href.clone();
                            move || {
                                let path = location.pathname.get();
                                let here = path == href || (slug == "chat" && (path == "/app" || path == "/app/"));
                                here.then_some("page")
                            }
                        };
                        view! {
                            <li>
                                <a href=href data-testid=format!("nav-{slug}") aria-current=current>
                                    <SvgIcon icon />
                                    <span>{tr!(label)}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="nav-footer"><crate::features::jobs::JobsBadge labelled=true /><LangToggle /></div>
            </nav>
            <main id="main" class="app-main">
                <Outlet />
            </main>
        </div>
    }
}
