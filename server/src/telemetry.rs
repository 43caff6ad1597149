//! Logs (JSON by default, one line per event, with the request id of the request it
//! belongs to) and Prometheus metrics, which have a listener of their own
//! (`METRICS_ADDR`, loopback by default): the app port never serves them.

use app::platform::config::LogFormat;
use axum::{http::header, response::IntoResponse, routing::get, Router};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Installs the log subscriber once. `RUST_LOG` tunes the levels (default `info`).
pub fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true).with_current_span(true).with_span_list(false))
            .try_init(),
        LogFormat::Pretty => registry.with(fmt::layer().compact()).try_init(),
    };
    let _ = result;
}

/// The process-wide metrics recorder (installed on first use).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0])
                .expect("static buckets are valid")
                .build_recorder();
            let handle = recorder.handle();
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// The internal listener's router: `GET /metrics` in the Prometheus text format, and
/// nothing else. Served on `METRICS_ADDR` by every role ([`crate::serve`]), never merged
/// into the app's router.
pub fn metrics_router() -> Router {
    metrics_handle(); // installs the recorder before the first request
    Router::new().route("/metrics", get(metrics))
}

async fn metrics() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], metrics_handle().render())
}

/// Binds `METRICS_ADDR` and serves [`metrics_router`] on it until the task is aborted.
/// Returns the address it listens on (the real port when the setting asked for port 0).
pub async fn serve_metrics(
    addr: std::net::SocketAddr,
) -> std::io::Result<(std::net::SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, metrics_router()).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    Ok((local, task))
}
