use super::Plan;
use crate::error::AppError;
use leptos::prelude::*;

/// The plans on sale, for the pricing cards.
#[server(endpoint = "plans/list")]
pub async fn list_plans() -> Result<Vec<Plan>, AppError> {
    let state = crate::platform::state::app_state()?;
    super::service::active_plans(&state.db).await.map_err(|e| {
        tracing::error!(error = %e, "listing plans failed");
        AppError::Unavailable.into_response_status()
    })
}
