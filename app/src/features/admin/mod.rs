//! The admin area (role `admin`). Everything here is checked on the server too.

use crate::error::AppError;
use crate::i18n::{format_number, use_i18n};
use crate::tr;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminStats {
    pub users: i64,
    pub open_sessions: i64,
}

#[server(endpoint = "admin/overview")]
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

/// `/admin`: a 403 page for everyone but admins.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| admin_overview());
    view! {
        <crate::ui::page_title::PageTitle key="admin-title" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <main class="app-main" id="main" data-testid="admin">
                            <h1>{tr!("admin-title")}</h1>
                            <dl class="stats">
                                <div><dt>{tr!("admin-users")}</dt><dd>{move || format_number(o.users, i18n.lang())}</dd></div>
                                <div><dt>{tr!("admin-sessions")}</dt><dd>{move || format_number(o.open_sessions, i18n.lang())}</dd></div>
                            </dl>
                            <crate::features::billing::page::AdminPayments />
                        </main>
                    }.into_any(),
                    Err(_) => view! { <Forbidden /> }.into_any(),
                }
            })}
        </Suspense>
    }
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
            <a class="button primary" href="/">{tr!("notfound-home")}</a>
        </main>
    }
}
