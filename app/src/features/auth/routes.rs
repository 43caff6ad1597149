//! `POST /auth/verify`: the sign-in confirmation page's button. The link in the email
//! opens a page (`GET /auth/verify?token=…`, `VerifyPage`) that asks "Sign in as sa…@…?";
//! only this POST, which passes the same-origin check like every state change, uses the
//! token. So a page elsewhere cannot sign a visitor into someone else's account, and a
//! mail scanner that opens links uses nothing up.

use crate::platform::auth::ClientIp;
use crate::platform::AppState;
use axum::extract::{Form, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub fn routes(_: &AppState) -> Router<AppState> {
    Router::new().route("/auth/verify", post(verify_link))
}

#[derive(Deserialize)]
struct TokenForm {
    token: Option<String>,
}

/// Signs in and goes on, or back to the sign-in page with a friendly explanation and the
/// form to send a new link.
async fn verify_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: Option<ClientIp>,
    Form(form): Form<TokenForm>,
) -> Result<Response, crate::error::AppError> {
    let token = form.token.unwrap_or_default();
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let ip = ip.map(|ip| ip.0);
    Ok(match super::service::verify_link(&state, token.trim(), ua, ip.as_deref()).await? {
        Ok(signed_in) => {
            let secure = state.config.is_https();
            let cookie = crate::platform::auth::session_cookie(Some(&signed_in.jwt), signed_in.max_age_secs, secure);
            let mut res = Redirect::to(&signed_in.next).into_response();
            for c in [cookie, crate::platform::auth::login_nonce_cookie(None, secure)] {
                if let Ok(v) = HeaderValue::from_str(&c) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(problem) => Redirect::to(&format!("/login?error={}", problem.code())).into_response(),
    })
}
