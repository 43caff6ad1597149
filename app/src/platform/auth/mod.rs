//! Sign-in: magic-link tokens, sessions (a signed JWT in a cookie naming a session row,
//! so sessions can be revoked), users and roles, the client IP.

pub mod jwt;
pub mod sessions;
pub mod tokens;
pub mod users;

use crate::error::AppError;
use crate::features::auth::SessionUser;

/// Name of the session cookie over plain http (development).
pub const SESSION_COOKIE: &str = "pulse_session";
/// Name of the session cookie over https: the `__Host-` prefix makes the browser refuse
/// it unless it is `Secure`, for this host only (no `Domain`) and for `Path=/`, so a
/// sibling subdomain cannot plant or shadow it.
pub const SESSION_COOKIE_HTTPS: &str = "__Host-pulse_session";

/// The session cookie's name for this deployment.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SESSION_COOKIE_HTTPS
    } else {
        SESSION_COOKIE
    }
}

/// The signed-in user of this request, put into the request by the session middleware.
#[derive(Clone, Debug)]
pub struct CurrentSession {
    pub user: SessionUser,
    pub session_id: String,
}

/// The client address of this request, put into the request by the server.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

/// The signed-in user, as a route's extractor: `SignedIn(session)` answers 401 for a
/// visitor; `Option<SignedIn>` lets the route decide (a page sends them to sign in).
#[derive(Clone, Debug)]
pub struct SignedIn(pub CurrentSession);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Self, AppError> {
        parts.extensions.get::<CurrentSession>().cloned().map(SignedIn).ok_or(AppError::Unauthorized)
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for SignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<CurrentSession>().cloned().map(SignedIn))
    }
}

/// A signed-in admin, as a route's extractor: 401 for a visitor, 403 for a user.
#[derive(Clone, Debug)]
pub struct AdminUser(pub CurrentSession);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for AdminUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Self, AppError> {
        let session = parts.extensions.get::<CurrentSession>().cloned().ok_or(AppError::Unauthorized)?;
        if !session.user.is_admin() {
            return Err(AppError::Forbidden);
        }
        Ok(AdminUser(session))
    }
}

/// The client address, as a route's extractor (absent only outside a real connection).
impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<ClientIp>().cloned())
    }
}

/// The signed-in user inside a server function or a server-rendered page.
pub fn current_session() -> Option<CurrentSession> {
    leptos::prelude::use_context::<http::request::Parts>()?.extensions.get::<CurrentSession>().cloned()
}

/// The client IP inside a server function.
pub fn client_ip() -> Option<String> {
    leptos::prelude::use_context::<http::request::Parts>()?.extensions.get::<ClientIp>().map(|ip| ip.0.clone())
}

/// The signed-in user, or 401.
pub fn require_user() -> Result<CurrentSession, AppError> {
    current_session().ok_or_else(|| AppError::Unauthorized.into_response_status())
}

/// A signed-in admin, or 401/403.
pub fn require_admin() -> Result<CurrentSession, AppError> {
    let session = require_user()?;
    if session.user.is_admin() {
        Ok(session)
    } else {
        Err(AppError::Forbidden.into_response_status())
    }
}

/// The `Set-Cookie` value for a session cookie (or for removing it, with `None`).
pub fn session_cookie(jwt: Option<&str>, max_age_secs: i64, secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    match jwt {
        Some(token) => format!("{name}={token}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}"),
        None => format!("{name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}"),
    }
}

/// The cookie that binds a sign-in link to the browser that asked for it (`__Host-`
/// over https, like the session's).
pub const LOGIN_NONCE_COOKIE: &str = "pulse_login";
pub const LOGIN_NONCE_COOKIE_HTTPS: &str = "__Host-pulse_login";

pub fn login_nonce_cookie_name(secure: bool) -> &'static str {
    if secure {
        LOGIN_NONCE_COOKIE_HTTPS
    } else {
        LOGIN_NONCE_COOKIE
    }
}

/// `Set-Cookie` for the login nonce (lives as long as a link), or removing it with `None`.
pub fn login_nonce_cookie(nonce: Option<&str>, secure: bool) -> String {
    let name = login_nonce_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    let (value, age) = match nonce {
        Some(n) => (n, crate::features::auth::service::LINK_TTL_MS / 1000),
        None => ("", 0),
    };
    format!("{name}={value}; Path=/; Max-Age={age}; HttpOnly; SameSite=Lax{secure}")
}

pub use crate::web::cookie_value;
