//! Usage server functions: the meters, a cost preview, dismissing a warning, and the
//! admin's plan grant.

use super::{CostPreview, UsageKind, UsageSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's period, meters and history.
#[server(endpoint = "usage/summary", output = crate::web::Json)]
pub async fn get_usage() -> Result<UsageSummary, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    crate::platform::metering::ledger::summary(&state.db, session.user.id, crate::types::UnixMillis::now().0)
        .await
        .map_err(|_| AppError::Internal.into_response_status())
}

/// What an action will cost before it runs: "1 of your 27 remaining images".
#[server(endpoint = "usage/preview", output = crate::web::Json)]
pub async fn preview_cost(kind: UsageKind, amount: i64) -> Result<CostPreview, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let quote = crate::platform::work::Quote::exact(kind, amount, "preview");
    crate::platform::work::preview(&state.db, session.user.id, &quote).await.map_err(AppError::into_response_status)
}

/// Hides the 80 % banner of a kind for the rest of the period.
#[server(endpoint = "usage/dismiss-warning", output = crate::web::Json)]
pub async fn dismiss_warning(kind: UsageKind) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    crate::platform::metering::ledger::dismiss_warning(&state.db, session.user.id, kind)
        .await
        .map_err(|_| AppError::Internal.into_response_status())
}

/// Admin: starts a one-month period of a plan for a user (until payments land).
#[server(endpoint = "admin/grant-plan", output = crate::web::Json)]
pub async fn admin_grant_plan(email: String, plan: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let admin = crate::platform::auth::require_admin()?;
    let ip = crate::platform::auth::client_ip();
    super::service::grant_plan(&state, &email, &plan, Some(admin.user.id), ip.as_deref())
        .await
        .map(|_| ())
        .map_err(AppError::into_response_status)
}
