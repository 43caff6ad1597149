use super::Plan;
use crate::error::AppError;
use leptos::prelude::*;

/// The plans on sale, for the pricing cards.
#[server(endpoint = "plans/list", output = crate::web::Json)]
pub async fn list_plans() -> Result<Vec<Plan>, AppError> {
    let state = crate::platform::state::app_state()?;
    super::service::active_plans(&state.db).await.map_err(|e| {
        tracing::error!(error = %e, "listing plans failed");
        AppError::Unavailable.into_response_status()
    })
}

/// The features the signed-in user's current plan includes (none without a plan), so that
/// pages can show a locked tool with the upgrade offer. The server checks again on use.
#[server(endpoint = "plans/mine", output = crate::web::Json)]
pub async fn my_features() -> Result<Vec<super::PlanFeature>, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    crate::platform::plan_features::of_user(&state.db, session.user.id).await.map_err(AppError::into_response_status)
}
