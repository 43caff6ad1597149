//! The router: the landing page, the app shell with its six tabs, and system pages.

use crate::features::{account, admin, auth, billing, chat, cv, image, landing, slides, system, video};
use crate::i18n::use_i18n;
use crate::ui::app_layout::AppLayout;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, Lazy, LazyRoute, SsrMode,
};

/// Pages whose code is not in the main bundle: each group's view is a split point,
/// `build-site.sh` cuts the WASM there (`pulse-wasm-split`), and the browser fetches their
/// module only when one of them is opened (on a first load of such a page the server
/// preloads it while the HTML is already on screen). Chat, where most visits start, stays
/// in the main bundle. Pages are grouped by what a visit to one of them goes on to open —
/// each tool with its editor, the signed-out pages, the account's pages — because every
/// split point multiplies the chunks the pages' shared code is cut into (12 points made 111
/// files, a page needing up to 50 of them).
///
/// This is what `#[lazy_route]` generates, but `fallible`: there a module that cannot be
/// fetched (a phone losing its connection as a tab opens) panics and stops the whole app.
/// Here [`lazy_page`] decides what a failed fetch does instead.
macro_rules! lazy_pages {
    ($route:ident, $module:ident, $preload:ident, $view:expr) => {
        pub struct $route;

        #[cfg(feature = "hydrate")]
        #[allow(non_snake_case)]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, preload($preload), fallible)]
        fn $module(_this: $route) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
            Ok($view)
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                #[cfg(feature = "hydrate")]
                {
                    lazy_page::load(|| $module($route)).await
                }
                // (No `prefetch_lazy_fn_on_server`: the page's HTML carries no preloads, see
                // "Paint first" in docs/ARCHITECTURE.md.)
                #[cfg(not(feature = "hydrate"))]
                {
                    $view
                }
            }
            async fn preload() {
                #[cfg(feature = "hydrate")]
                lazy_page::preload(|| $preload()).await
            }
        }
    };
}

/// Whether the page at `path` is drawn by the main bundle alone (chat, the offline page):
/// it needs only the `main` messages (`i18n::wire`). Every other page's code is split off
/// and comes with the `pages` messages; the page's script fetches them at once. (A page
/// said wrongly to be in the main bundle still gets its text: [`lazy_page`] fetches it with
/// the page's code.)
pub fn in_main_bundle(path: &str) -> bool {
    matches!(path.trim_end_matches('/'), "/app" | "/app/chat" | "/offline")
}

/// What a lazy page does when its module cannot be fetched. A page's text (the `pages`
/// messages, `i18n::wire`) is fetched with its module and counts as part of it.
#[cfg(feature = "hydrate")]
mod lazy_page {
    use crate::ui::stream::sleep_ms as sleep;
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;
    use std::future::Future;

    /// The first wait before the module is asked for again while the page hydrates; it
    /// doubles up to [`MAX_WAIT_MS`].
    const FIRST_WAIT_MS: i32 = 1_000;
    const MAX_WAIT_MS: i32 = 16_000;

    /// The router awaits this before it hydrates a page, then builds the page with
    /// [`load`], which must then be ready at once. So while the page hydrates (a first
    /// load, `<html>` without `data-hydrated`) this returns only once the module is here:
    /// meanwhile the server's HTML of the page is on screen and its links and forms work
    /// as plain ones (the shell's script keeps clicks from the router until then), and the
    /// module is asked for again after 1, 2, 4 … 16 s. After hydration a failure returns
    /// at once, and [`load`] handles it.
    pub async fn preload<F, Fut>(fetch: F)
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<(), SplitLoaderError>>,
    {
        // While the page hydrates, asked for in a task of its own: asking for a module and
        // the chunks it needs (20 files for the signed-out pages) is a `fetch` each, which
        // would lengthen the task that hydrates the shell.
        if !hydrated() {
            sleep(0).await;
        }
        let mut wait_ms = FIRST_WAIT_MS;
        while !with_text(fetch()).await && !hydrated() {
            sleep(wait_ms).await;
            wait_ms = (wait_ms * 2).min(MAX_WAIT_MS);
        }
    }

    /// The page's view once its module is here. While the page hydrates, [`preload`] has
    /// already waited for the module. After hydration (a tab opened by a link), a module
    /// that cannot be fetched makes the page load from the server as a whole instead: the
    /// same address, as if there were no JavaScript (offline, the service worker answers
    /// with its offline page; after a deploy, the new release's page).
    pub async fn load<F, Fut>(fetch: F) -> AnyView
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<AnyView, SplitLoaderError>>,
    {
        // Read before any await: the address the router is opening.
        let href = {
            let location = leptos_router::hooks::use_location();
            let search = location.search.get_untracked();
            let query = if search.is_empty() { String::new() } else { format!("?{search}") };
            format!("{}{query}{}", location.pathname.get_untracked(), location.hash.get_untracked())
        };
        let (view, text) = futures_util::future::join(fetch(), crate::i18n::wire::fetch_pages()).await;
        view.ok().filter(|_| text.is_ok()).unwrap_or_else(|| {
            // `replace`: by the time the page arrives the router has pushed this address
            // (or it is the current one, on Back/Forward); one history entry, not two.
            let _ = window().location().replace(&href);
            ().into_any()
        })
    }

    /// Whether the module and the page's text are both here (fetched at the same time).
    async fn with_text(module: impl Future<Output = Result<(), SplitLoaderError>>) -> bool {
        let (module, text) = futures_util::future::join(module, crate::i18n::wire::fetch_pages()).await;
        module.is_ok() && text.is_ok()
    }

    fn hydrated() -> bool {
        document().document_element().is_some_and(|html| html.has_attribute("data-hydrated"))
    }
}

/// The matched route has this parameter (`/app/cv/:id` against `/app/cv`).
fn has_param(name: &str) -> bool {
    leptos_router::hooks::use_params_map().with_untracked(|p| p.get(name).is_some())
}

/// The path without a trailing slash (the router matches `/login/` as `/login`).
fn current_path() -> String {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    match path.trim_end_matches('/') {
        "" => "/".to_string(),
        trimmed => trimmed.to_string(),
    }
}

lazy_pages!(PublicPages, __public_pages_view, __preload_public_pages, {
    match current_path().as_str() {
        "/login" => auth::LoginPage().into_any(),
        "/auth/verify" => auth::VerifyPage().into_any(),
        _ => landing::LandingPage().into_any(),
    }
});
lazy_pages!(AccountPages, __account_pages_view, __preload_account_pages, {
    let path = current_path();
    if path.starts_with("/pay/sandbox/") {
        billing::page::SandboxPage().into_any()
    } else if path.ends_with("/notifications") {
        crate::features::notifications::NotificationsPage().into_any()
    } else {
        account::AccountPage().into_any()
    }
});
lazy_pages!(
    CvPages,
    __cv_pages_view,
    __preload_cv_pages,
    if has_param("id") { cv::CvEditorPage().into_any() } else { cv::CvPage().into_any() }
);
lazy_pages!(
    SlidesPages,
    __slides_pages_view,
    __preload_slides_pages,
    if has_param("id") { slides::SlidesEditorPage().into_any() } else { slides::SlidesPage().into_any() }
);
lazy_pages!(ImagePages, __image_pages_view, __preload_image_pages, image::ImagePage().into_any());
lazy_pages!(VideoPages, __video_pages_view, __preload_video_pages, video::VideoPage().into_any());

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let _ = use_i18n();
    view! {
        <crate::ui::page_title::MetaDescription />
        <Router>
            <Routes fallback=system::NotFoundPage>
                <Route path=path!("/") view={Lazy::<PublicPages>::new()} ssr=SsrMode::Async />
                <Route path=path!("/offline") view=system::OfflinePage />
                <Route path=path!("/login") view={Lazy::<PublicPages>::new()} />
                // The email's link: a confirmation page; its button POSTs to /auth/verify.
                <Route path=path!("/auth/verify") view={Lazy::<PublicPages>::new()} ssr=SsrMode::Async />
                <Route path=path!("/pay/sandbox/:order") view={Lazy::<AccountPages>::new()} ssr=SsrMode::Async />
                // Chat and account resolve their data before the first byte: they then work
                // in full without JavaScript (the plain chat form, uploads, sessions).
                <ParentRoute path=path!("/app") view=AppLayout>
                    <Route path=path!("") view=chat::ChatPage ssr=SsrMode::Async />
                    <Route path=path!("chat") view=chat::ChatPage ssr=SsrMode::Async />
                    <Route path=path!("cv") view={Lazy::<CvPages>::new()} />
                    <Route path=path!("cv/:id") view={Lazy::<CvPages>::new()} />
                    <Route path=path!("slides") view={Lazy::<SlidesPages>::new()} />
                    <Route path=path!("slides/:id") view={Lazy::<SlidesPages>::new()} />
                    <Route path=path!("image") view={Lazy::<ImagePages>::new()} />
                    <Route path=path!("video") view={Lazy::<VideoPages>::new()} />
                    <Route path=path!("account") view={Lazy::<AccountPages>::new()} ssr=SsrMode::Async />
                    <Route path=path!("notifications") view={Lazy::<AccountPages>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The admin console (`/admin/*`): its own app, served with its own shell and hydrated by
/// its own bundle (`frontend-admin`), so that none of it weighs on the pages every user
/// loads. Links between it and the main app are full page loads (`rel="external"`).
#[component]
pub fn AdminApp() -> impl IntoView {
    provide_meta_context();
    let _ = use_i18n();
    view! {
        <crate::ui::page_title::MetaDescription />
        <Router>
            <Routes fallback=system::NotFoundPage>
                <ParentRoute path=path!("/admin") view=admin::AdminLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=admin::DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("users") view=admin::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("users/:id") view=admin::UserPage ssr=SsrMode::Async />
                    <Route path=path!("subscriptions") view=admin::SubscriptionsPage ssr=SsrMode::Async />
                    <Route path=path!("payments") view=admin::PaymentsPage ssr=SsrMode::Async />
                    <Route path=path!("jobs") view=admin::JobsPage ssr=SsrMode::Async />
                    <Route path=path!("moderation") view=admin::ModerationPage ssr=SsrMode::Async />
                    <Route path=path!("audit") view=admin::AuditPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
