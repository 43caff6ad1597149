//! Sign-in server functions: thin — read the request, call the service, map errors.

use crate::error::AppError;
use leptos::prelude::*;

/// Sends a sign-in link to `email`. The same answer whether or not an account exists.
#[server(endpoint = "auth/request-link", output = crate::web::Json)]
pub async fn request_login_link(email: String, next: Option<String>, lang: Option<String>) -> Result<(), AppError> {
    use crate::i18n::Lang;
    let state = crate::platform::state::app_state()?;
    let lang = lang.as_deref().and_then(Lang::from_tag).unwrap_or_else(|| {
        use_context::<http::request::Parts>().map(|p| crate::i18n::negotiate_headers(&p.headers)).unwrap_or_default()
    });
    let ip = crate::platform::auth::client_ip();
    // The browser's login nonce: kept if it has one, else a new one, sent back as a cookie.
    let nonce = login_nonce(state.config.is_https()).unwrap_or_else(crate::platform::auth::tokens::random_token);
    let result =
        super::service::request_link(&state, &email, next.as_deref(), lang, ip.as_deref(), &nonce, &state.mailer).await;
    if result.is_ok() {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            let cookie = crate::platform::auth::login_nonce_cookie(Some(&nonce), state.config.is_https());
            if let Ok(v) = http::HeaderValue::from_str(&cookie) {
                res.append_header(http::header::SET_COOKIE, v);
            }
        }
    }
    if let Err(AppError::RateLimited { retry_after_secs }) = &result {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(*retry_after_secs));
        }
    }
    // A plain form post (no JavaScript yet, e.g. a slow phone) comes back to the sign-in
    // page with the outcome in the address; script calls are not redirected.
    let back = match &result {
        Ok(()) => format!("/login?sent={}", crate::web::encode_component(email.trim())),
        Err(e) => format!("/login?form_error={}", e.message_key()),
    };
    if crate::platform::request::plain_form() {
        leptos_axum::redirect(&back);
        return result;
    }
    result.map_err(AppError::into_response_status)
}

/// This browser's login nonce cookie, when it has a well-formed one.
#[cfg(feature = "ssr")]
fn login_nonce(secure: bool) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let cookies = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
    crate::platform::auth::cookie_value(cookies, crate::platform::auth::login_nonce_cookie_name(secure))
        .filter(|n| crate::platform::auth::tokens::looks_like_token(n))
        .map(str::to_string)
}

/// What a sign-in link would do, without using it: the confirmation page asks this.
#[server(endpoint = "auth/check-link", output = crate::web::Json)]
pub async fn check_link(token: String) -> Result<super::LinkCheck, AppError> {
    let state = crate::platform::state::app_state()?;
    let nonce = login_nonce(state.config.is_https());
    Ok(match super::service::peek_link(&state, token.trim(), nonce.as_deref()).await? {
        Ok(peek) => super::LinkCheck::Ready { email_hint: peek.email_hint, same_browser: peek.same_browser },
        Err(problem) => super::LinkCheck::Problem(problem.code().to_string()),
    })
}

/// Signs out of this browser.
#[server(endpoint = "auth/sign-out", output = crate::web::Json)]
pub async fn sign_out() -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    if let Some(session) = crate::platform::auth::current_session() {
        crate::platform::auth::sessions::revoke(&state.db, &session.session_id)
            .await
            .map_err(|_| AppError::Internal)?;
        let ip = crate::platform::auth::client_ip();
        let _ = crate::platform::audit::record(
            &state.db,
            Some(session.user.id),
            "auth.sign_out",
            Some(("session", session.session_id.clone())),
            serde_json::json!({}),
            ip.as_deref(),
        )
        .await;
    }
    clear_session_cookie(&state);
    leptos_axum::redirect("/");
    Ok(())
}

/// Signs out of every browser and device.
#[server(endpoint = "auth/sign-out-everywhere", output = crate::web::Json)]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let n = crate::platform::auth::sessions::revoke_all(&state.db, session.user.id)
        .await
        .map_err(|_| AppError::Internal)?;
    let ip = crate::platform::auth::client_ip();
    let _ = crate::platform::audit::record(
        &state.db,
        Some(session.user.id),
        "auth.sign_out",
        Some(("user", session.user.id.to_string())),
        serde_json::json!({ "everywhere": true, "sessions": n }),
        ip.as_deref(),
    )
    .await;
    clear_session_cookie(&state);
    leptos_axum::redirect("/login?signed_out=everywhere");
    Ok(n)
}

/// Removes the session cookie and tells the browser to drop this site's caches and
/// stored pages (the service worker keeps copies of visited pages for offline use; on a
/// shared phone the next person must not see them).
#[cfg(feature = "ssr")]
pub fn clear_session_cookie(state: &crate::platform::AppState) {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::HeaderName::from_static("clear-site-data"),
            http::HeaderValue::from_static("\"cache\", \"storage\""),
        );
        let cookie = crate::platform::auth::session_cookie(None, 0, state.config.is_https());
        if let Ok(v) = http::HeaderValue::from_str(&cookie) {
            res.append_header(http::header::SET_COOKIE, v);
        }
    }
}
