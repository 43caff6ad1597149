//! The middleware every response passes: request id and trace span, metrics,
//! compression, security headers and cache headers.

use app::platform::{security, AppState};
use axum::{
    body::Body,
    extract::{MatchedPath, Request},
    http::{header, HeaderName, HeaderValue},
    middleware::{self, Next},
    response::Response,
    Router,
};
use std::time::Instant;
use tower::{Layer, ServiceBuilder, ServiceExt};
use tower_http::{
    compression::{
        predicate::{DefaultPredicate, NotForContentType, Predicate},
        CompressionLayer, CompressionLevel,
    },
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn apply(router: Router, state: &AppState) -> Router {
    let default_csp = HeaderValue::from_str(&security::content_security_policy(None, security::live_reload_port()))
        .expect("the policy is ASCII");
    let hsts = state.config.is_https();
    let router = router.layer(middleware::from_fn(cache_headers)).layer(
        ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, default_csp))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ))
            .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
            .layer(SetResponseHeaderLayer::overriding(
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(self)"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            )),
    );
    let router = if hsts {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router
        .layer(middleware::from_fn(compress))
        .layer(middleware::from_fn(track_metrics))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &Request<Body>| {
                            let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                        })
                        .on_request(())
                        .on_response(
                            tower_http::trace::DefaultOnResponse::new()
                                .level(tracing::Level::INFO)
                                .latency_unit(tower_http::LatencyUnit::Millis),
                        ),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone())),
        )
}

/// Compresses every response but an event stream. An event stream is never compressed,
/// but tower-http's compressed body holds its encoders' state inline (about 3.5 KB:
/// brotli's), and an open stream kept it for its whole life: 35 MB at 10,000 open chat
/// streams. So the response is made first, and only one that is not an event stream
/// goes through the compression layer (with the request's `Accept-Encoding`).
async fn compress(req: Request, next: Next) -> Response {
    let accept: Vec<HeaderValue> = req.headers().get_all(header::ACCEPT_ENCODING).iter().cloned().collect();
    let res = next.run(req).await;
    let event_stream = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if event_stream {
        return res;
    }
    let mut asked = Request::new(Body::empty());
    for value in accept {
        asked.headers_mut().append(header::ACCEPT_ENCODING, value);
    }
    let mut made = Some(res);
    let compression = CompressionLayer::new()
        .quality(CompressionLevel::Precise(5))
        // woff2 is compressed already; squeezing it again only costs CPU.
        .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("font/woff2")))
        .layer(tower::service_fn(move |_: Request| {
            std::future::ready(Ok::<_, std::convert::Infallible>(made.take().unwrap_or_default()))
        }));
    match compression.oneshot(asked).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

/// Counts requests and their latency by route pattern (never by raw path, to keep the
/// number of series bounded).
async fn track_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| route_family(req.uri().path()).to_string());
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    res
}

fn route_family(path: &str) -> &'static str {
    if path.starts_with("/pkg/") {
        "/pkg/*"
    } else if path.starts_with("/fonts/") || path.starts_with("/icons/") {
        "/static/*"
    } else if path.starts_with("/api/") {
        "/api/*"
    } else if path.starts_with("/app") {
        "/app/*"
    } else {
        "other"
    }
}

/// Long caching for content-hashed and versioned files, revalidation for everything else.
async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) || !res.status().is_success() && res.status().as_u16() != 304 {
        if !res.headers().contains_key(header::CACHE_CONTROL) {
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        return res;
    }
    let value = cache_policy(&path);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// The Cache-Control for a path.
pub fn cache_policy(path: &str) -> &'static str {
    // The bundles and the messages files (`/i18n/ar.main.3f9a….bin`) carry their content's hash.
    let hashed_pkg = (path.starts_with("/pkg/") || path.starts_with("/i18n/"))
        && is_hashed_name(path.rsplit('/').next().unwrap_or(""));
    if hashed_pkg || path.starts_with("/fonts/") {
        "public, max-age=31536000, immutable"
    } else if path == "/sw.js" {
        "no-cache"
    } else if path.starts_with("/icons/") || path == "/favicon.ico" || path == "/manifest.webmanifest" {
        "public, max-age=86400"
    } else if path.starts_with("/pkg/") {
        "no-cache"
    } else {
        "private, no-cache"
    }
}

/// `pulse.3f9a…b2.wasm`: a name with a content hash between the stem and the extension.
fn is_hashed_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && {
        let hash = parts[parts.len() - 2];
        hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }
}
