//! The Pulse AI Studio server: configuration, start-up, the router with its non-page
//! routes (health, language switch, static files), the middleware stack, and the
//! internal metrics listener (`METRICS_ADDR`).
//! Pages and server functions come from the `app` crate.

pub mod auth_layer;
pub mod http_layers;
pub mod listen;
pub mod routes;
pub mod telemetry;

use app::platform::{config::Config, db::Db, AppState};

/// Why the server could not start; printed as it is, never as a panic.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] app::platform::config::ConfigError),
    #[error("{0}")]
    Database(#[from] app::platform::db::DbError),
    #[error("cannot connect to Redis (REDIS_URL): {0}")]
    Redis(String),
    #[error("mail: {0}")]
    Mail(#[from] app::platform::mail::MailError),
    #[error("payment gateway: {0}")]
    Payments(String),
    #[error("model catalogue: {0}")]
    Models(String),
    #[error("object storage: {0}")]
    Storage(String),
    #[error("cannot read the Leptos settings: {0}")]
    Leptos(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
}

/// Connects the database, runs the migrations and assembles the shared state.
pub async fn build_state(config: Config) -> Result<AppState, StartError> {
    app::platform::security::install_tls_provider();
    let db = Db::connect(&config.database_url, config.db_max_connections).await?;
    db.migrate().await?;
    let mut leptos_options =
        leptos::config::get_configuration(None).map_err(|e| StartError::Leptos(e.to_string()))?.leptos_options;
    leptos_options.site_addr = config.site_addr;
    // The build script writes hash.txt beside the binary; use the hashed names then,
    // so the binary also runs without LEPTOS_HASH_FILES set.
    if !leptos_options.hash_files && std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        let beside_exe = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join("hash.txt")));
        leptos_options.hash_files = beside_exe.is_some_and(|p| p.exists());
    }
    let redis_url = config.redis_url.clone();
    let storage = app::platform::storage::Storage::connect(&config.storage)
        .await
        .map_err(|e| StartError::Storage(e.to_string()))?;
    if let app::platform::storage::Storage::S3(s3) = &storage {
        // A wrong bucket, region or credential stops the start, not the first upload.
        let probe = s3.client().head_bucket().bucket(s3.bucket()).send();
        match tokio::time::timeout(std::time::Duration::from_secs(15), probe).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                return Err(StartError::Storage(format!(
                    "cannot reach bucket `{}`: {}",
                    s3.bucket(),
                    aws_error_text(&e)
                )))
            }
            Err(_) => return Err(StartError::Storage(format!("bucket `{}` did not answer in 15 s", s3.bucket()))),
        }
    }
    let ai = app::platform::ai::gateway_from_config(&config).map_err(|e| StartError::Models(e.to_string()))?;
    app::platform::payments::driver_from_config(&config).map_err(|e| StartError::Payments(e.to_string()))?;
    if let Some(origin) = app::platform::payments::gateway_origin(&config) {
        app::platform::security::set_payment_origin(&origin);
    }
    app::platform::security::set_media_origins(&config.storage.backend.link_origins());
    let mut state = AppState::new(leptos_options, config, db, storage)?;
    state.ai = ai;
    if let Some(url) = redis_url {
        let limiter =
            app::platform::ratelimit::RateLimiter::redis(&url).await.map_err(|e| StartError::Redis(e.to_string()))?;
        state.rate_limiter = std::sync::Arc::new(limiter);
    }
    Ok(state)
}

fn aws_error_text<E: std::fmt::Debug, R: std::fmt::Debug>(e: &aws_sdk_s3::error::SdkError<E, R>) -> String {
    match e {
        aws_sdk_s3::error::SdkError::ServiceError(se) => format!("{:?}", se.raw()).chars().take(200).collect(),
        other => format!("{other}"),
    }
}

/// What a process does: serve the app (`web`), run the background work (`worker`: the
/// sweepers, and jobs as they come; it still answers health and readiness), or both
/// (`all`, the default: one process on a laptop). Every role serves `/metrics` on the
/// internal `METRICS_ADDR` listener, never on the app port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Web,
    Worker,
    All,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "web" => Some(Role::Web),
            "worker" => Some(Role::Worker),
            "all" => Some(Role::All),
            _ => None,
        }
    }
}

/// Runs the server until SIGTERM or Ctrl-C, then drains open requests.
pub async fn serve(state: AppState, role: Role) -> Result<(), StartError> {
    let addr = state.config.site_addr;
    let listener = listen::bind(addr).await.map_err(|source| StartError::Bind { addr: addr.to_string(), source })?;
    // The internal metrics listener. In production a port that cannot be had stops the
    // start (metrics must not go missing unnoticed); on a laptop, where several servers
    // may run at once (`make run`, Playwright's two, a test's worker), the app runs on
    // without /metrics.
    let metrics_addr = state.config.metrics_addr;
    let metrics_server = match telemetry::serve_metrics(metrics_addr).await {
        Ok((local, task)) => {
            tracing::info!(addr = %local, "metrics on http://{local}/metrics");
            Some(task)
        }
        Err(source) if state.config.mode == app::platform::config::Mode::Dev => {
            tracing::warn!(addr = %metrics_addr, error = %source, "no metrics listener (METRICS_ADDR taken?)");
            None
        }
        Err(source) => return Err(StartError::Bind { addr: format!("{metrics_addr} (METRICS_ADDR)"), source }),
    };
    let db = state.db.clone();
    // The worker side: every feature's sweepers and job kinds.
    let background = (role != Role::Web).then(|| start_background(&state));
    let router = match role {
        Role::Worker => routes::probe_router(state),
        Role::Web | Role::All => routes::app_router(state),
    };
    tracing::info!(%addr, ?role, "listening on http://{addr}");
    listen::serve(listener, router, shutdown_signal()).await;
    if let Some((sweeper, runner)) = background {
        sweeper.abort();
        // Jobs in hand get a while to finish; what is still running then is taken again
        // by another worker once its lease runs out.
        runner.stop(std::time::Duration::from_secs(20)).await;
    }
    if let Some(task) = metrics_server {
        task.abort();
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Starts the sweepers and the job runner with what every feature registered.
pub fn start_background(state: &AppState) -> (tokio::task::JoinHandle<()>, app::platform::jobs::runner::Runner) {
    use app::platform::jobs::runner::{Runner, RunnerConfig};
    let features = app::features::all();
    let sweepers = features.iter().flat_map(|f| f.sweepers.clone()).collect();
    let kinds = features.into_iter().flat_map(|f| f.jobs).collect();
    let sweeper = tokio::spawn(app::platform::feature::sweep_forever(state.clone(), sweepers));
    let runner = Runner::start(state.clone(), kinds, RunnerConfig::from_config(&state.config));
    (sweeper, runner)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received, finishing open requests");
}
