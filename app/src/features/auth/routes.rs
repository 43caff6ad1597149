//! `GET /auth/verify?token=…`: the link in the sign-in email.

use crate::platform::auth::ClientIp;
use crate::platform::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

pub fn routes(_: &AppState) -> Router<AppState> {
    Router::new().route("/auth/verify", get(verify_link))
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// Signs in and goes on, or shows the sign-in page with a friendly explanation and the
/// form to send a new link.
async fn verify_link(
    State(state): State<AppState>,
    Query(q): Query<TokenQuery>,
    headers: HeaderMap,
    ip: Option<ClientIp>,
) -> Result<Response, crate::error::AppError> {
    let token = q.token.unwrap_or_default();
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let ip = ip.map(|ip| ip.0);
    Ok(match super::service::verify_link(&state, token.trim(), ua, ip.as_deref()).await? {
        Ok(signed_in) => {
            let cookie = crate::platform::auth::session_cookie(
                Some(&signed_in.jwt),
                signed_in.max_age_secs,
                state.config.is_https(),
            );
            let mut res = Redirect::to(&signed_in.next).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(problem) => Redirect::to(&format!("/login?error={}", problem.code())).into_response(),
    })
}
