//! The admin console (role `admin`, checked on the server by every server function and
//! route): the dashboard, users, subscriptions, payments, jobs, moderation events and the
//! audit log. `pulse admin …` (the server binary) does the same from a shell.

pub mod api;
#[cfg(feature = "ssr")]
pub mod charts;
#[cfg(feature = "ssr")]
pub mod cli;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::{
    AdminLayout, AuditPage, DashboardPage, JobsPage, ModerationPage, PaymentsPage, SubscriptionsPage, UserPage,
    UsersPage,
};

use crate::error::AppError;
use crate::tr;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminStats {
    pub users: i64,
    pub open_sessions: i64,
}

/// What the server adds for the admin: the audit log's CSV export.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("admin").routes(routes::routes)
}

/// The role check every admin page starts with (and two figures for scripts).
#[server(endpoint = "admin/overview", output = crate::web::Json)]
pub async fn admin_overview() -> Result<AdminStats, AppError> {
    use sqlx::Row;
    let state = crate::platform::state::app_state()?;
    crate::platform::auth::require_admin()?;
    let now = crate::types::UnixMillis::now().0;
    let count = |sql: &'static str| {
        let db = state.db.clone();
        async move {
            sqlx::query(sql)
                .bind(now)
                .fetch_one(db.pool())
                .await
                .and_then(|r| r.try_get::<i64, _>("n"))
                .map_err(|_| AppError::Internal)
        }
    };
    Ok(AdminStats {
        users: count("SELECT COUNT(*) AS n FROM users WHERE created_at <= $1").await?,
        open_sessions: count("SELECT COUNT(*) AS n FROM sessions WHERE revoked_at IS NULL AND expires_at > $1").await?,
    })
}

#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <main class="system-page" id="main" data-testid="forbidden">
            <p class="system-code">{403}</p>
            <h1>{tr!("forbidden-title")}</h1>
            <p>{tr!("forbidden-body")}</p>
            <a class="button primary" href="/" rel="external">{tr!("notfound-home")}</a>
        </main>
    }
}
