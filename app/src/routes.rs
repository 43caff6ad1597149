//! The router: the landing page, the app shell with its six tabs, and system pages.

use crate::features::{account, admin, auth, billing, chat, cv, image, landing, slides, system, video};
use crate::i18n::use_i18n;
use crate::ui::app_layout::AppLayout;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    lazy_route, path, Lazy, LazyRoute, SsrMode,
};

/// Pages whose code is not in the main bundle: `#[lazy_route]` makes their view a split
/// point, `build-site.sh` cuts the WASM there (`pulse-wasm-split`), and the browser fetches
/// their module only when one of them is opened (on a first load of such a page the server
/// preloads it while the HTML is already on screen). Chat, where most visits start, stays
/// in the main bundle. Pages are grouped by what a visit to one of them goes on to open —
/// each tool with its editor, the signed-out pages, the account's pages — because every
/// split point multiplies the chunks the pages' shared code is cut into (12 points made 111
/// files, a page needing up to 50 of them).
macro_rules! lazy_pages {
    ($route:ident, $view:expr) => {
        pub struct $route;
        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> AnyView {
                $view
            }
        }
    };
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

lazy_pages!(PublicPages, {
    match current_path().as_str() {
        "/login" => auth::LoginPage().into_any(),
        "/auth/verify" => auth::VerifyPage().into_any(),
        _ => landing::LandingPage().into_any(),
    }
});
lazy_pages!(AccountPages, {
    let path = current_path();
    if path.starts_with("/pay/sandbox/") {
        billing::page::SandboxPage().into_any()
    } else if path.ends_with("/notifications") {
        crate::features::notifications::NotificationsPage().into_any()
    } else {
        account::AccountPage().into_any()
    }
});
lazy_pages!(CvPages, if has_param("id") { cv::CvEditorPage().into_any() } else { cv::CvPage().into_any() });
lazy_pages!(
    SlidesPages,
    if has_param("id") { slides::SlidesEditorPage().into_any() } else { slides::SlidesPage().into_any() }
);
lazy_pages!(ImagePages, image::ImagePage().into_any());
lazy_pages!(VideoPages, video::VideoPage().into_any());

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
