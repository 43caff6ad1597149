//! `GET /account/export`: everything we keep about the signed-in user, as a JSON download.

use crate::platform::auth::SignedIn;
use crate::platform::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

pub fn routes(_: &AppState) -> Router<AppState> {
    Router::new().route("/account/export", get(export_account))
}

async fn export_account(
    State(state): State<AppState>,
    user: Option<SignedIn>,
) -> Result<Response, crate::error::AppError> {
    let Some(SignedIn(session)) = user else {
        return Ok(Redirect::to("/login?next=/app/account").into_response());
    };
    let json = super::service::export(&state, session.user.id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"pulse-data.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    )
        .into_response())
}
