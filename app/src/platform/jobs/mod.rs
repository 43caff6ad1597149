//! Durable jobs: metered work that outlives a request.
//!
//! A feature submits a job with its quote ([`submit`]): moderation first, then, in one
//! transaction holding the user's lock, the reservation and the `queued` row — there is
//! never a reservation without its job, nor a job without its reservation. Workers
//! ([`runner`]) claim due jobs (highest plan first, a per-user limit of running jobs,
//! a per-kind limit of concurrent jobs per process), renew their lease while the job
//! runs, and end it in the transaction that settles (success) or releases (final
//! failure, cancel) its quota. A worker that dies leaves its lease to run out; the
//! job is then queued again (and charged once, whichever attempt succeeds), or, after
//! its last attempt, dead. Retries back off exponentially with jitter.
//!
//! Live status: every change bumps the row's `version`; [`events`] polls the table once
//! per process and fans changes out to the owners' event streams.

pub mod events;
pub mod runner;
pub mod store;

use crate::error::AppError;
use crate::features::jobs::{JobStatus, JobView};
use crate::platform::metering::ledger;
use crate::platform::work::{self, Quote, Screen};
use crate::platform::AppState;
use crate::types::UnixMillis;
use futures_util::future::BoxFuture;
use std::sync::Arc;
pub use store::{JobId, JobRow};

/// How long a job's reservation holds when nothing settles it: long enough for its
/// queue wait and every retry. A job always ends by settling or releasing it.
pub const JOB_RESERVATION_TTL_MS: i64 = 24 * 60 * 60 * 1000;
/// At most this many of a user's jobs may be queued or running at once.
pub const MAX_ACTIVE_PER_USER: i64 = 20;

/// A job to start.
#[derive(Clone, Debug)]
pub struct Submit<'a> {
    pub kind: &'static str,
    pub input: serde_json::Value,
    /// What it costs (none for free work such as a CV render).
    pub quote: Option<Quote>,
    /// What moderation reads first.
    pub screen: Option<Screen<'a>>,
    pub max_attempts: i64,
}

/// Priority by plan: Creator before Pro before Starter before a trial.
pub fn priority_of(plan_code: Option<&str>) -> i64 {
    match plan_code {
        Some("creator") => 30,
        Some("pro") => 20,
        Some("starter") => 10,
        _ => 0,
    }
}

/// Screens, reserves and queues. Returns the queued job.
pub async fn submit(state: &AppState, user_id: i64, job: Submit<'_>) -> Result<JobView, AppError> {
    if let Some(screen) = job.screen {
        work::screen(state, user_id, screen).await?;
    }
    let now = UnixMillis::now().0;
    let failed = crate::platform::db::failed("submit job");
    let mut tx = ledger::lock_user(&state.db, user_id).await.map_err(&failed)?;
    let quote = job.quote.map(|q| q.ttl_ms(JOB_RESERVATION_TTL_MS));
    let reservation = make_room(&mut tx, user_id, quote.as_ref()).await?;
    let plan = crate::platform::metering::subscriptions::current_on(tx.conn(), user_id, now).await.map_err(&failed)?;
    let input = job.input.to_string();
    let quote_json = quote.as_ref().map(|q| serde_json::to_string(q).unwrap_or_default());
    let id = store::insert_in(
        &mut tx,
        &store::NewJob {
            kind: job.kind,
            user_id,
            input: &input,
            priority: priority_of(plan.as_ref().map(|p| p.plan_code.as_str())),
            max_attempts: job.max_attempts.max(1),
            quote: quote_json.as_deref(),
            reservation_id: reservation.as_ref().map(|r| r.id),
        },
        now,
    )
    .await
    .map_err(&failed)?;
    let row = store::get_in(tx.conn(), id).await.map_err(&failed)?.ok_or(AppError::Internal)?;
    tx.commit().await.map_err(&failed)?;
    metrics::counter!("pulse_jobs_submitted_total", "kind" => job.kind).increment(1);
    state.jobs.wake();
    Ok(row.view())
}

/// Inside the user's lock: checks the user has room for one more active job and reserves
/// the quote, if any. A refusal rolls the transaction back (its connection stays pooled).
async fn make_room(
    tx: &mut crate::platform::db::WriteTx,
    user_id: i64,
    quote: Option<&Quote>,
) -> Result<Option<ledger::Reservation>, AppError> {
    let active = store::active_count(tx.conn(), user_id).await.map_err(crate::platform::db::failed("active jobs"));
    let refusal = match active {
        Err(e) => e,
        Ok(n) if n >= MAX_ACTIVE_PER_USER => AppError::Validation("jobs-too-many".into()),
        Ok(_) => match quote {
            None => return Ok(None),
            Some(q) => match work::reserve_in(tx, user_id, q).await {
                Ok(r) => return Ok(Some(r)),
                Err(e) => e,
            },
        },
    };
    tx.rollback().await;
    Err(refusal)
}

/// One of the user's jobs.
pub async fn get_for_user(state: &AppState, user_id: i64, id: JobId) -> Result<JobView, AppError> {
    let row = store::get(&state.db, id).await.map_err(crate::platform::db::failed("job"))?;
    row.filter(|r| r.user_id == user_id).map(|r| r.view()).ok_or(AppError::NotFound)
}

/// The user's newest jobs.
pub async fn list_for_user(state: &AppState, user_id: i64, limit: i64) -> Result<Vec<JobView>, AppError> {
    let rows = store::list_for_user(&state.db, user_id, limit).await.map_err(crate::platform::db::failed("jobs"))?;
    Ok(rows.iter().map(JobRow::view).collect())
}

/// Cancels a job of the user's: a queued one at once (its quota released in the same
/// transaction); a running one is asked to stop, which its worker sees within a second
/// and then releases. `owner`: `None` for an admin acting on anyone's job.
pub async fn cancel(state: &AppState, owner: Option<i64>, id: JobId) -> Result<JobView, AppError> {
    let failed = crate::platform::db::failed("cancel job");
    let row = store::get(&state.db, id).await.map_err(&failed)?.ok_or(AppError::NotFound)?;
    if owner.is_some_and(|u| u != row.user_id) {
        return Err(AppError::NotFound);
    }
    let now = UnixMillis::now().0;
    let mut tx = ledger::lock_user(&state.db, row.user_id).await.map_err(&failed)?;
    let row = store::get_in(tx.conn(), id).await.map_err(&failed)?.ok_or(AppError::NotFound)?;
    match row.status() {
        JobStatus::Queued | JobStatus::Running => {
            // A queued job ends here; if a worker claimed it meanwhile (its claim commits
            // while this waits on the row), nothing changes and the running job is asked
            // to stop instead — its worker then releases the quota.
            let ended = row.status() == JobStatus::Queued
                && store::end_unheld_in(&mut tx, id, JobStatus::Cancelled, None, now).await.map_err(&failed)?;
            if ended {
                if let Some(r) = row.reservation_id {
                    work::release_in(&mut tx, r).await?;
                }
            } else if !store::request_cancel_in(&mut tx, id, now).await.map_err(&failed)? {
                tx.rollback().await;
                return Err(AppError::Validation("job-not-cancellable".into()));
            }
        }
        _ => {
            tx.rollback().await;
            return Err(AppError::Validation("job-not-cancellable".into()));
        }
    }
    let row = store::get_in(tx.conn(), id).await.map_err(&failed)?.ok_or(AppError::NotFound)?;
    tx.commit().await.map_err(&failed)?;
    Ok(row.view())
}

/// Queues a failed, cancelled or dead job again, reserving its quote anew.
/// `owner`: `None` for an admin.
pub async fn retry(state: &AppState, owner: Option<i64>, id: JobId) -> Result<JobView, AppError> {
    let failed = crate::platform::db::failed("retry job");
    let row = store::get(&state.db, id).await.map_err(&failed)?.ok_or(AppError::NotFound)?;
    if owner.is_some_and(|u| u != row.user_id) {
        return Err(AppError::NotFound);
    }
    if !row.status().can_retry() {
        return Err(AppError::Validation("job-not-retryable".into()));
    }
    let now = UnixMillis::now().0;
    let mut tx = ledger::lock_user(&state.db, row.user_id).await.map_err(&failed)?;
    let quote: Option<Quote> = row.quote.as_deref().and_then(|q| serde_json::from_str(q).ok());
    let reservation = make_room(&mut tx, row.user_id, quote.as_ref()).await?;
    if !store::requeue_for_retry_in(&mut tx, id, reservation.map(|r| r.id), now).await.map_err(&failed)? {
        tx.rollback().await;
        return Err(AppError::Validation("job-not-retryable".into()));
    }
    let row = store::get_in(tx.conn(), id).await.map_err(&failed)?.ok_or(AppError::NotFound)?;
    tx.commit().await.map_err(&failed)?;
    state.jobs.wake();
    Ok(row.view())
}

/// Why a job's run failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobError {
    /// Worth another attempt (a provider was busy, a network failed); a message key.
    Retry(String),
    /// Final whatever the attempt (bad input, refused); a message key.
    Fail(String),
}

/// What a successful run made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobDone {
    /// What to charge against the reservation (never more than it holds; 0 releases it).
    pub used: i64,
    pub result_json: Option<serde_json::Value>,
    /// A file of the owner's that the job stored.
    pub result_file: Option<String>,
}

/// What a running job can reach: the state, its row, and its progress reporter.
#[derive(Clone)]
pub struct JobContext {
    pub state: AppState,
    pub job: JobRow,
    worker: Arc<str>,
    last: Arc<std::sync::Mutex<(i64, Option<String>)>>,
}

impl JobContext {
    /// The job's input, in the kind's own shape.
    pub fn input<T: serde::de::DeserializeOwned>(&self) -> Result<T, JobError> {
        serde_json::from_str(&self.job.input).map_err(|_| JobError::Fail("job-error-input".into()))
    }

    /// Reports progress (0–100) and the current step (a `job-stage-…` key). Unchanged
    /// figures are not written again.
    pub async fn progress(&self, percent: i64, stage: Option<&str>) {
        let percent = percent.clamp(0, 100);
        {
            let mut last = self.last.lock().expect("progress lock");
            if last.0 == percent && last.1.as_deref() == stage {
                return;
            }
            *last = (percent, stage.map(str::to_string));
        }
        if let Err(e) =
            store::set_progress(&self.state.db, self.job.id(), &self.worker, percent, stage, UnixMillis::now().0).await
        {
            tracing::warn!(error = %e, job = self.job.id, "progress not saved");
        }
    }
}

/// The future a job kind's handler returns.
pub type JobFuture = BoxFuture<'static, Result<JobDone, JobError>>;

/// A kind of job: its name, how many may run at once in one process (an ffmpeg job
/// takes a core), and its handler. Dropping the handler's future must stop its work
/// (a child process is spawned with `kill_on_drop`): that is how cancel and a lost
/// lease stop it.
#[derive(Clone)]
pub struct JobKind {
    pub name: &'static str,
    pub concurrency: usize,
    pub run: Arc<dyn Fn(JobContext) -> JobFuture + Send + Sync>,
}

impl JobKind {
    pub fn new<F>(name: &'static str, concurrency: usize, run: F) -> JobKind
    where
        F: Fn(JobContext) -> JobFuture + Send + Sync + 'static,
    {
        JobKind { name, concurrency: concurrency.max(1), run: Arc::new(run) }
    }
}

impl std::fmt::Debug for JobKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobKind").field("name", &self.name).field("concurrency", &self.concurrency).finish()
    }
}

/// The process's job machinery shared through the state: the wake-up for idle workers
/// and the live-status hub.
#[derive(Debug)]
pub struct Jobs {
    wake: tokio::sync::watch::Sender<u64>,
    pub events: events::Hub,
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs { wake: tokio::sync::watch::Sender::new(0), events: events::Hub::default() }
    }
}

impl Jobs {
    /// A job was queued or a slot freed: idle workers of this process look at once
    /// (workers elsewhere find it at their next poll). A wake-up is never lost: a worker
    /// busy at that moment sees it when it next waits.
    pub fn wake(&self) {
        self.wake.send_modify(|n| *n = n.wrapping_add(1));
    }

    pub(crate) fn wake_receiver(&self) -> tokio::sync::watch::Receiver<u64> {
        self.wake.subscribe()
    }
}

/// The delay before attempt `attempt + 1` after `attempt` failed: `base × 2^(attempt-1)`,
/// at most `cap`, plus up to half again at random (so retries of many jobs spread out).
pub fn backoff_ms(attempt: i64, base_ms: i64, cap_ms: i64) -> i64 {
    use rand::Rng;
    let exp = attempt.clamp(1, 30) - 1;
    let delay = base_ms.saturating_mul(1i64 << exp).min(cap_ms).max(0);
    delay + rand::rng().random_range(0..=delay / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_stops_at_its_cap() {
        for attempt in 1..=5 {
            let base = 1000 * (1 << (attempt - 1));
            for _ in 0..50 {
                let d = backoff_ms(attempt, 1000, 60_000);
                assert!((base..=base + base / 2).contains(&d), "attempt {attempt}: {d}");
            }
        }
        assert!(backoff_ms(20, 1000, 60_000) <= 90_000);
    }

    #[test]
    fn creators_go_first() {
        assert!(priority_of(Some("creator")) > priority_of(Some("pro")));
        assert!(priority_of(Some("pro")) > priority_of(Some("starter")));
        assert!(priority_of(Some("starter")) > priority_of(None));
    }
}
