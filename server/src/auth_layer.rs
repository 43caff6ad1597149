//! Per-request security: the client IP, CSRF protection for every state-changing
//! request, the session cookie, and the page guard for `/app/*`.

use app::platform::auth::{self, sessions, ClientIp};
use app::platform::AppState;
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use std::net::SocketAddr;

/// Paths that receive cross-site POSTs by design: payment gateways (verified by
/// signature) and the public API (a Bearer key, never a cookie, so nothing to forge).
const CSRF_EXEMPT: [&str; 3] = ["/webhooks/", "/pay/return/", "/v1/"];

/// CSRF: a state-changing request must come from our own pages. Browsers say so with
/// `Sec-Fetch-Site: same-origin`; where that header is missing we require an `Origin`
/// (or, failing that, a `Referer`) whose host is the one the request was sent to.
pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || CSRF_EXEMPT.iter().any(|p| req.uri().path().starts_with(p))
        || same_origin(&req, &state.config.public_url)
    {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "refused a cross-site or unlabelled state-changing request");
    let lang = app::i18n::negotiate_headers(req.headers());
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        app::i18n::message(lang, "error-csrf"),
    )
        .into_response()
}

fn header_str(req: &Request, name: header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Whether a request demonstrably comes from a page of this site.
pub fn same_origin(req: &Request, public_url: &str) -> bool {
    if let Some(site) = header_str(req, header::HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin";
    }
    let host = header_str(req, header::HOST);
    let source = header_str(req, header::ORIGIN).filter(|o| *o != "null").or_else(|| header_str(req, header::REFERER));
    match source {
        Some(src) => {
            let src_host = authority_of(src);
            src_host.is_some() && (src_host == host || src_host == authority_of(public_url))
        }
        None => false,
    }
}

fn authority_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Puts the client IP and the signed-in session (if any) into the request, renews a
/// sliding session's cookie, clears a cookie that no longer names a valid session, and
/// sends visitors of `/app/*` pages who are not signed in to `/login`.
pub async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if is_static(req.uri().path()) {
        return next.run(req).await;
    }
    let ip = client_ip(&req, state.config.trust_proxy_headers);
    if let Some(ip) = ip {
        req.extensions_mut().insert(ClientIp(ip));
    }
    let secure = state.config.is_https();
    let token = header_str(&req, header::COOKIE)
        .and_then(|c| auth::cookie_value(c, auth::session_cookie_name(secure)))
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let mut set_cookie = None;
    if let Some(token) = token {
        match sessions::resolve(&state.db, &state.config.jwt_secret, &token, state.config.session_lifetime()).await {
            Ok(Some(mut resolved)) => {
                if let Some(renewed) = resolved.renewed {
                    set_cookie = Some(auth::session_cookie(Some(&renewed.jwt), renewed.max_age_secs, secure));
                }
                // ADMIN_EMAILS is the one source of the admin role: an address taken off
                // the list is a user again on its next request.
                let ip = req.extensions().get::<ClientIp>().map(|ip| ip.0.clone());
                if let Err(e) =
                    app::features::auth::service::sync_role(&state, &mut resolved.session.user, ip.as_deref()).await
                {
                    tracing::error!(error = %e, "role check failed");
                    return StatusCode::SERVICE_UNAVAILABLE.into_response();
                }
                req.extensions_mut().insert(resolved.session);
            }
            Ok(None) => set_cookie = Some(auth::session_cookie(None, 0, secure)),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    }
    let signed_in = req.extensions().get::<auth::CurrentSession>().is_some();
    let path = req.uri().path();
    if !signed_in && *req.method() == Method::GET && (path == "/app" || path.starts_with("/app/")) {
        let here = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/app/chat");
        let target = format!("/login?next={}", app::web::encode_path(here));
        let mut res = Redirect::to(&target).into_response();
        if let Some(c) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
            res.headers_mut().append(header::SET_COOKIE, c);
        }
        return res;
    }
    // Over https the session cookie is `__Host-pulse_session`; one still named
    // `pulse_session` (from before the prefix) is removed, not left to linger.
    let stale =
        secure && header_str(&req, header::COOKIE).and_then(|c| auth::cookie_value(c, auth::SESSION_COOKIE)).is_some();
    let mut res = next.run(req).await;
    if let Some(c) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    if stale {
        let clear = format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure", auth::SESSION_COOKIE);
        if let Ok(v) = HeaderValue::from_str(&clear) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Files and probes that never need to know who is asking (no database work for them).
fn is_static(path: &str) -> bool {
    ["/pkg/", "/fonts/", "/icons/", "/objects/"].iter().any(|p| path.starts_with(p))
        || ["/favicon.ico", "/manifest.webmanifest", "/sw.js", "/healthz", "/readyz"].contains(&path)
}

/// The peer address, or behind a trusted proxy the address the proxy saw.
fn client_ip(req: &Request<Body>, trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        let viewer = header_str(req, header::HeaderName::from_static("cloudfront-viewer-address"));
        let forwarded = header_str(req, header::HeaderName::from_static("x-forwarded-for"));
        if let Some(ip) = proxied_client_ip(viewer, forwarded) {
            return Some(ip);
        }
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ci| ci.0.ip().to_string())
}

/// CloudFront's `CloudFront-Viewer-Address` (`ip:port`, set by CloudFront itself) when
/// present; otherwise the right-most `X-Forwarded-For` entry, the one our own load
/// balancer appended. Entries further left are whatever the client sent, so a client
/// could forge them to dodge per-IP limits.
pub fn proxied_client_ip(viewer: Option<&str>, forwarded: Option<&str>) -> Option<String> {
    if let Some(v) = viewer.map(str::trim).filter(|v| !v.is_empty()) {
        // `203.0.113.7:4431` or `2001:db8::1:4431`: the port follows the last colon.
        let ip = v.rsplit_once(':').map(|(ip, _)| ip).unwrap_or(v).trim_matches(['[', ']']);
        if ip.parse::<std::net::IpAddr>().is_ok() {
            return Some(ip.to_string());
        }
    }
    forwarded
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .filter(|v| v.parse::<std::net::IpAddr>().is_ok())
        .map(str::to_string)
}

/// Server functions (registered by the framework under `/api/`) share the per-caller
/// limit that features put on their own routes with `ratelimit::limited`.
pub async fn rate_limit(state: State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    app::platform::ratelimit::limit(state, req, next).await
}
