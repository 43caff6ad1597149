//! The router: the landing page, the app shell with its six tabs, and system pages.

use crate::features::{account, admin, auth, billing, chat, cv, image, landing, slides, system, video};
use crate::i18n::use_i18n;
use crate::ui::app_layout::AppLayout;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let _ = use_i18n();
    view! {
        <crate::ui::page_title::MetaDescription />
        <Router>
            <Routes fallback=system::NotFoundPage>
                <Route path=path!("/") view=landing::LandingPage ssr=SsrMode::Async />
                <Route path=path!("/offline") view=system::OfflinePage />
                <Route path=path!("/login") view=auth::LoginPage />
                // The email's link: a confirmation page; its button POSTs to /auth/verify.
                <Route path=path!("/auth/verify") view=auth::VerifyPage ssr=SsrMode::Async />
                <Route path=path!("/pay/sandbox/:order") view=billing::page::SandboxPage ssr=SsrMode::Async />
                // Chat and account resolve their data before the first byte: they then work
                // in full without JavaScript (the plain chat form, uploads, sessions).
                <ParentRoute path=path!("/app") view=AppLayout>
                    <Route path=path!("") view=chat::ChatPage ssr=SsrMode::Async />
                    <Route path=path!("chat") view=chat::ChatPage ssr=SsrMode::Async />
                    <Route path=path!("cv") view=cv::CvPage />
                    <Route path=path!("cv/:id") view=cv::CvEditorPage />
                    <Route path=path!("slides") view=slides::SlidesPage />
                    <Route path=path!("slides/:id") view=slides::SlidesEditorPage />
                    <Route path=path!("image") view=image::ImagePage />
                    <Route path=path!("video") view=video::VideoPage />
                    <Route path=path!("account") view=account::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("notifications") view=crate::features::notifications::NotificationsPage />
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
