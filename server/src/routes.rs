//! The router: pages and server functions from the app, plus health, metrics, the
//! language switch and static files.

use crate::http_layers;
use app::i18n::Lang;
use app::platform::AppState;
use app::{shell, App};
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Json, Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use serde::Deserialize;
use std::sync::OnceLock;
use std::time::Duration;
use tower_http::services::ServeDir;

pub fn app_router(state: AppState) -> Router {
    crate::telemetry::metrics_handle(); // installs the recorder before the first request
    let routes = route_list();
    let options = state.leptos_options.clone();
    let pkg_dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let pkg_path = format!("/{}", options.site_pkg_dir);

    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/lang/{code}", get(switch_language))
        .route("/auth/verify", get(verify_link))
        .route("/account/export", get(export_account))
        .merge(app::features::files::routes::routes(&state))
        .merge(app::features::chat::routes::routes())
        .merge(app::features::billing::routes::routes())
        .nest_service(&pkg_path, ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth_layer::rate_limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth_layer::session))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth_layer::csrf))
        .with_state(state.clone());
    http_layers::apply(router, &state)
}

/// The app's page routes, generated once per process.
///
/// `generate_route_list` renders the app with a *process-wide* flag set that parks every
/// resource first polled meanwhile on a future that never wakes (leptos_server 0.8.8,
/// leptos-rs/leptos#4773). Generating the list again while another router serves pages —
/// as parallel tests do, each building its own app — left a page request hanging for good.
/// Once per process, before any router exists, nothing can be rendering at that moment.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// A worker's router: only health, readiness and metrics.
pub fn probe_router(state: AppState) -> Router {
    crate::telemetry::metrics_handle();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
}

async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Ready when the database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(3), state.db.ping()).await {
        Ok(Ok(())) => Json(serde_json::json!({ "status": "ready", "database": "ok" })).into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable", "database": "error" })))
                .into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "database": "timeout" })),
        )
            .into_response(),
    }
}

async fn metrics() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], crate::telemetry::metrics_handle().render())
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// `/auth/verify?token=…`: the link in the sign-in email. Signs in and goes on, or shows
/// the sign-in page with a friendly explanation and the form to send a new link.
async fn verify_link(
    State(state): State<AppState>,
    Query(q): Query<TokenQuery>,
    headers: axum::http::HeaderMap,
    ip: Option<axum::Extension<app::platform::auth::ClientIp>>,
) -> Response {
    use app::features::auth::service::verify_link;
    let token = q.token.unwrap_or_default();
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let ip = ip.map(|axum::Extension(ip)| ip.0);
    match verify_link(&state, token.trim(), ua, ip.as_deref()).await {
        Ok(Ok(signed_in)) => {
            let cookie = app::platform::auth::session_cookie(
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
        Ok(Err(problem)) => Redirect::to(&format!("/login?error={}", problem.code())).into_response(),
        Err(e) => (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), e.to_string())
            .into_response(),
    }
}

/// `/account/export`: everything we keep about the signed-in user, as a JSON download.
async fn export_account(
    State(state): State<AppState>,
    session: Option<axum::Extension<app::platform::auth::CurrentSession>>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return Redirect::to("/login?next=/app/account").into_response();
    };
    match app::features::account::service::export(&state, session.user.id).await {
        Ok(json) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"pulse-data.json\""),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&json).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    }
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// `/lang/en?next=/app/chat`: the no-JavaScript way to switch language. Remembers the
/// choice in a cookie and goes back to the page (same-site paths only).
async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let lang = Lang::from_tag(&code).unwrap_or_default();
    let next = q.next.filter(|n| is_safe_local_path(n)).unwrap_or_else(|| "/".into());
    let cookie = app::i18n::lang_cookie(lang, state.config.is_https());
    let mut res = Redirect::to(&next).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// A path on this site: starts with one `/`, no scheme, no `//` or `/\` (which browsers
/// treat as another host), no control characters.
pub fn is_safe_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control())
        && path.len() <= 2048
}

#[cfg(test)]
mod tests {
    use super::is_safe_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_safe_local_path("/app/chat?x=1"));
        assert!(is_safe_local_path("/"));
        assert!(!is_safe_local_path("//evil.example"));
        assert!(!is_safe_local_path("/\\evil.example"));
        assert!(!is_safe_local_path("https://evil.example"));
        assert!(!is_safe_local_path("javascript:alert(1)"));
        assert!(!is_safe_local_path("/a\nb"));
    }
}
