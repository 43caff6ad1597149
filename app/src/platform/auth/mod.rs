//! Sign-in: magic-link tokens, sessions (a signed JWT in a cookie naming a session row,
//! so sessions can be revoked), users and roles, the client IP.

pub mod jwt;
pub mod sessions;
pub mod tokens;
pub mod users;

use crate::error::AppError;
use crate::features::auth::SessionUser;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "pulse_session";

/// The signed-in user of this request, put into the request by the session middleware.
#[derive(Clone, Debug)]
pub struct CurrentSession {
    pub user: SessionUser,
    pub session_id: String,
}

/// The client address of this request, put into the request by the server.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

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
    let secure = if secure { "; Secure" } else { "" };
    match jwt {
        Some(token) => {
            format!("{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}")
        }
        None => format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}"),
    }
}

/// Reads a cookie out of a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k.trim() == name).then(|| v.trim())
    })
}
