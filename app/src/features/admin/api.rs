//! The admin's server functions. Each checks the role on the server first
//! (`require_admin`: 401 signed out, 403 for anyone but an admin) and stays a few lines.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn admin() -> Result<(crate::platform::AppState, super::service::Actor), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_admin()?;
    Ok((state, super::service::Actor { id: session.user.id, ip: crate::platform::auth::client_ip() }))
}

#[cfg(feature = "ssr")]
fn status(e: AppError) -> AppError {
    e.into_response_status()
}

/// The dashboard over Amman days `from..=to` (`YYYY-MM-DD`; empty: the last 30 days),
/// its charts drawn in `lang`.
#[server(endpoint = "admin/dashboard", output = crate::web::Json)]
pub async fn admin_dashboard(from: String, to: String, lang: String) -> Result<Dashboard, AppError> {
    let (state, _) = admin()?;
    let lang = crate::i18n::Lang::from_tag(&lang).unwrap_or_default();
    super::service::dashboard(&state, &from, &to, lang).await.map_err(status)
}

#[server(endpoint = "admin/users", output = crate::web::Json)]
pub async fn admin_users(query: String, after: Option<i64>) -> Result<Page<UserRow>, AppError> {
    let (state, _) = admin()?;
    super::service::users_page(&state, &query, after).await.map_err(status)
}

#[server(endpoint = "admin/user", output = crate::web::Json)]
pub async fn admin_user(id: i64) -> Result<UserDetail, AppError> {
    let (state, actor) = admin()?;
    super::service::user_detail(&state, actor.id, id).await.map_err(status)
}

/// Suspends a user; their sessions end at once.
#[server(endpoint = "admin/suspend", output = crate::web::Json)]
pub async fn admin_suspend(id: i64) -> Result<(), AppError> {
    let (state, actor) = admin()?;
    super::service::suspend(&state, &actor, id).await.map_err(status)
}

#[server(endpoint = "admin/unsuspend", output = crate::web::Json)]
pub async fn admin_unsuspend(id: i64) -> Result<(), AppError> {
    let (state, actor) = admin()?;
    super::service::unsuspend(&state, &actor, id).await.map_err(status)
}

#[server(endpoint = "admin/set-role", output = crate::web::Json)]
pub async fn admin_set_role(id: i64, role: String) -> Result<(), AppError> {
    let (state, actor) = admin()?;
    super::service::set_role(&state, &actor, id, &role).await.map_err(status)
}

#[server(endpoint = "admin/delete-user", output = crate::web::Json)]
pub async fn admin_delete_user(id: i64) -> Result<(), AppError> {
    let (state, actor) = admin()?;
    super::service::delete_user(&state, &actor, id).await.map_err(status)
}

#[server(endpoint = "admin/subscriptions", output = crate::web::Json)]
pub async fn admin_subscriptions(current: bool, after: Option<i64>) -> Result<Page<SubscriptionRow>, AppError> {
    let (state, _) = admin()?;
    super::service::subscriptions_page(&state, current, after).await.map_err(status)
}

/// `which`: `failed` (failed and dead) or `active` (queued and running).
#[server(endpoint = "admin/jobs", output = crate::web::Json)]
pub async fn admin_jobs(which: String, after: Option<i64>) -> Result<Page<AdminJob>, AppError> {
    let (state, _) = admin()?;
    super::service::jobs_page(&state, &which, after).await.map_err(status)
}

#[server(endpoint = "admin/job-retry", output = crate::web::Json)]
pub async fn admin_job_retry(id: i64) -> Result<(), AppError> {
    let (state, actor) = admin()?;
    super::service::retry_job(&state, &actor, id).await.map_err(status)
}

#[server(endpoint = "admin/job-cancel", output = crate::web::Json)]
pub async fn admin_job_cancel(id: i64) -> Result<(), AppError> {
    let (state, actor) = admin()?;
    super::service::cancel_job(&state, &actor, id).await.map_err(status)
}

#[server(endpoint = "admin/moderation", output = crate::web::Json)]
pub async fn admin_moderation(unreviewed: bool, after: Option<i64>) -> Result<Page<ModerationRow>, AppError> {
    let (state, _) = admin()?;
    super::service::moderation_page(&state, unreviewed, after).await.map_err(status)
}

#[server(endpoint = "admin/moderation-review", output = crate::web::Json)]
pub async fn admin_review_moderation(id: i64) -> Result<(), AppError> {
    let (state, actor) = admin()?;
    super::service::review_moderation(&state, &actor, id).await.map_err(status)
}

#[server(endpoint = "admin/audit", output = crate::web::Json)]
pub async fn admin_audit(filter: AuditFilter, after: Option<i64>) -> Result<Page<AuditRow>, AppError> {
    let (state, _) = admin()?;
    super::service::audit_page(&state, &filter, after).await.map_err(status)
}
