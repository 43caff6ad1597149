//! The router: pages and server functions from the app, plus health, readiness, the
//! language switch and static files. Metrics are not here: they are served on the
//! internal `METRICS_ADDR` listener ([`crate::telemetry::metrics_router`]).

use crate::http_layers;
use app::i18n::Lang;
use app::platform::AppState;
use app::{admin_shell, shell, AdminApp, App};
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
    app::i18n::wire::prepare_in_background();
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/lang/{code}", get(switch_language))
        .route("/i18n/{file}", get(messages_file));
    // Each feature's own routes, as it registers them.
    for feature in app::features::all() {
        if let Some(routes) = feature.routes {
            router = router.merge(routes(&state));
        }
    }
    let router = router
        .nest_service(&pkg_path, ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        // The admin console: its own app, shell and bundle.
        .leptos_routes_with_context(&state, admin_route_list(), context.clone(), {
            let options = options.clone();
            move || admin_shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth_layer::rate_limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth_layer::session))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth_layer::csrf))
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(canonical_path));
    http_layers::apply(router, &state)
}

/// `/login/` → 308 `/login` (the query kept): one address per page. The router knows
/// pages only without the slash, so these answered the right page with a 404 status.
async fn canonical_path(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = req.uri().path();
    if matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD)
        && path.len() > 1
        && path.ends_with('/')
    {
        let trimmed = path.trim_end_matches('/');
        // Never `//host`: a browser reads that as another site.
        if !trimmed.is_empty() && is_safe_local_path(trimmed) {
            let target = match req.uri().query() {
                Some(q) => format!("{trimmed}?{q}"),
                None => trimmed.to_string(),
            };
            return Redirect::permanent(&target).into_response();
        }
    }
    next.run(req).await
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

/// The admin console's page routes, generated once per process (as [`route_list`]).
/// Every server function is listed as excluded: the main app's routes registered them
/// already, and a second registration would clash.
fn admin_route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            let server_fns = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_string()).collect();
            leptos_axum::generate_route_list_with_exclusions(AdminApp, Some(server_fns))
        })
        .clone()
}

/// A worker's router: only health and readiness (its metrics are on `METRICS_ADDR`, as
/// the web role's are).
pub fn probe_router(state: AppState) -> Router {
    crate::telemetry::metrics_handle();
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).with_state(state)
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

/// `/i18n/ar.main.3f9a….bin`: a language's messages (one of its two files) for the browser (`app::i18n::wire`).
async fn messages_file(Path(name): Path<String>, headers: axum::http::HeaderMap) -> Response {
    app::i18n::wire::response(&name, &headers)
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
