//! How a feature plugs into the server: one [`Feature`] each, listed by
//! `features::all()`. The server merges every feature's routes, runs every job kind on
//! its workers and every sweeper on its schedule, and names none of them itself.

use super::jobs::JobKind;
use super::AppState;
use futures_util::future::BoxFuture;
use std::time::Duration;

/// What a feature adds to the server.
pub struct Feature {
    pub name: &'static str,
    /// Its plain routes (pages and server functions come from the app's router). Routes
    /// that do work for a caller put themselves behind `ratelimit::limited`.
    pub routes: Option<fn(&AppState) -> axum::Router<AppState>>,
    /// The job kinds its workers run.
    pub jobs: Vec<JobKind>,
    /// Housekeeping run by the worker role.
    pub sweepers: Vec<Sweeper>,
}

impl Feature {
    pub fn new(name: &'static str) -> Feature {
        Feature { name, routes: None, jobs: Vec::new(), sweepers: Vec::new() }
    }

    pub fn routes(mut self, routes: fn(&AppState) -> axum::Router<AppState>) -> Feature {
        self.routes = Some(routes);
        self
    }

    pub fn job(mut self, kind: JobKind) -> Feature {
        self.jobs.push(kind);
        self
    }

    pub fn sweeper(mut self, sweeper: Sweeper) -> Feature {
        self.sweepers.push(sweeper);
        self
    }
}

/// A sweeper's run: given the state and the time (Unix ms), how many rows it changed.
pub type SweepFn = fn(AppState, i64) -> BoxFuture<'static, Result<u64, String>>;

/// Housekeeping on a schedule.
#[derive(Clone)]
pub struct Sweeper {
    pub name: &'static str,
    pub every: Duration,
    pub run: SweepFn,
}

impl Sweeper {
    pub fn new(name: &'static str, every: Duration, run: SweepFn) -> Sweeper {
        Sweeper { name, every, run }
    }
}

/// Runs every sweeper on its schedule until the task is dropped.
pub async fn sweep_forever(state: AppState, sweepers: Vec<Sweeper>) {
    let tick = sweepers.iter().map(|s| s.every).min().unwrap_or(Duration::from_secs(60)).min(Duration::from_secs(60));
    let mut last: Vec<Option<std::time::Instant>> = vec![None; sweepers.len()];
    let mut interval = tokio::time::interval(tick);
    loop {
        interval.tick().await;
        for (i, sweeper) in sweepers.iter().enumerate() {
            if last[i].is_some_and(|at| at.elapsed() + Duration::from_millis(50) < sweeper.every) {
                continue;
            }
            last[i] = Some(std::time::Instant::now());
            let now = crate::types::UnixMillis::now().0;
            match (sweeper.run)(state.clone(), now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sweeper = sweeper.name, changed = n, "swept"),
                Err(e) => tracing::warn!(sweeper = sweeper.name, error = %e, "sweeping failed"),
            }
        }
    }
}
