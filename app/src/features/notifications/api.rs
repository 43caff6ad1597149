//! Notification server functions: the user's list, marking read, the email preference.

use super::NoticesPage;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's notifications older than `before` (the newest when none).
#[server(endpoint = "notices/list", output = crate::web::Json)]
pub async fn list_notices(before: Option<i64>) -> Result<NoticesPage, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::list(&state.db, session.user.id, before).await.map_err(AppError::into_response_status)
}

/// Marks the user's notifications up to `up_to` read; returns how many stay unread.
#[server(endpoint = "notices/read", output = crate::web::Json)]
pub async fn read_notices(up_to: i64) -> Result<i64, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::mark_read(&state.db, session.user.id, up_to).await.map_err(AppError::into_response_status)
}

/// Whether the user gets emails about payments, renewals and a plan's end.
#[server(endpoint = "notices/prefs", output = crate::web::Json)]
pub async fn notice_prefs() -> Result<bool, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::email_pref(&state.db, session.user.id).await.map_err(AppError::into_response_status)
}

#[server(endpoint = "notices/set-prefs", output = crate::web::Json)]
pub async fn set_notice_prefs(email: Option<String>) -> Result<bool, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let on = email.is_some_and(|v| v == "on" || v == "true");
    super::service::set_email_pref(&state.db, session.user.id, on).await.map_err(AppError::into_response_status)?;
    Ok(on)
}
