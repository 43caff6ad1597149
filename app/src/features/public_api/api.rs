//! API-key server functions for the account page.

use super::{ApiKeysView, CreatedKey};
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's keys and the API's base URL.
#[server(endpoint = "api-keys/list", output = crate::web::Json)]
pub async fn list_api_keys() -> Result<ApiKeysView, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let keys = super::service::list(&state, session.user.id).await.map_err(AppError::into_response_status)?;
    Ok(ApiKeysView { keys, base_url: format!("{}/v1", state.config.public_url) })
}

/// Makes a key; its secret is in the answer and nowhere else, ever.
#[server(endpoint = "api-keys/create", output = crate::web::Json)]
pub async fn create_api_key(name: String, expires_days: Option<String>) -> Result<CreatedKey, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let days = match expires_days.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(d.parse::<i64>().map_err(|_| AppError::Validation("api-key-expiry-invalid".into()))?),
    };
    let ip = crate::platform::auth::client_ip();
    super::service::create(&state, session.user.id, &name, days, ip.as_deref())
        .await
        .map_err(AppError::into_response_status)
}

/// Revokes a key at once.
#[server(endpoint = "api-keys/revoke", output = crate::web::Json)]
pub async fn revoke_api_key(id: i64) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let ip = crate::platform::auth::client_ip();
    super::service::revoke(&state, session.user.id, id, ip.as_deref()).await.map_err(AppError::into_response_status)
}
