use crate::error::AppError;
use crate::features::auth::SessionUser;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub user: SessionUser,
    pub open_sessions: i64,
}

/// The signed-in user's account.
#[server(endpoint = "account/get", output = crate::web::Json)]
pub async fn get_account() -> Result<AccountView, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let open_sessions = crate::platform::auth::sessions::count_open(&state.db, session.user.id)
        .await
        .map_err(|_| AppError::Internal)?;
    Ok(AccountView { user: session.user, open_sessions })
}

/// Changes the display name and the language.
#[server(endpoint = "account/profile", output = crate::web::Json)]
pub async fn update_profile(display_name: String, locale: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let lang = crate::i18n::Lang::from_tag(&locale).ok_or_else(|| AppError::Validation("error-validation".into()))?;
    let name = display_name.trim();
    if name.chars().count() > 80 {
        return Err(AppError::Validation("account-name-too-long".into()).into_response_status());
    }
    let name = (!name.is_empty()).then_some(name);
    crate::platform::auth::users::update_profile(&state.db, session.user.id, name, lang)
        .await
        .map_err(|_| AppError::Internal)?;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let cookie = crate::i18n::lang_cookie(lang, state.config.is_https());
        if let Ok(v) = http::HeaderValue::from_str(&cookie) {
            res.append_header(http::header::SET_COOKIE, v);
        }
    }
    Ok(())
}

/// Deletes the account and everything in it. `confirm` must repeat the account's email.
#[server(endpoint = "account/delete", output = crate::web::Json)]
pub async fn delete_account(confirm: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    if confirm.trim().to_lowercase() != session.user.email {
        return Err(AppError::Validation("account-delete-mismatch".into()).into_response_status());
    }
    let ip = crate::platform::auth::client_ip();
    super::service::delete_account(&state, session.user.id, ip.as_deref()).await?;
    crate::features::auth::api::clear_session_cookie(&state);
    leptos_axum::redirect("/?deleted=1");
    Ok(())
}
