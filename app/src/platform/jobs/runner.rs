//! The worker loop. One runner per process (`pulse serve`, or `pulse serve --role
//! worker` on as many replicas as needed): it claims due jobs of the kinds it knows while
//! each kind has a free slot, runs each on its own task, and watches it — every
//! `check_every` it looks for a cancel or a lost lease, every third of the lease it
//! renews the lease — and ends it with its quota in one transaction. Once a second it
//! also takes back jobs whose worker died (their lease ran out).

use super::store::{self, Ending, LeaseState};
use super::{backoff_ms, JobContext, JobDone, JobError, JobKind, JobRow};
use crate::features::jobs::JobStatus;
use crate::platform::db::WriteTx;
use crate::platform::metering::ledger;
use crate::platform::work;
use crate::platform::AppState;
use crate::types::UnixMillis;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// A runner's settings. The defaults suit production; tests shorten the times.
#[derive(Clone, Debug)]
pub struct RunnerConfig {
    /// Names this process in `lease_owner` (host and a random part by default).
    pub worker_id: String,
    pub lease_ms: i64,
    /// How often an idle runner looks for due jobs queued elsewhere.
    pub poll: Duration,
    /// How often a running job's worker looks for a cancel or a lost lease.
    pub check_every: Duration,
    /// Jobs of one user running at once, across every worker.
    pub per_user_running: i64,
    pub backoff_base_ms: i64,
    pub backoff_cap_ms: i64,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "pulse".into());
        RunnerConfig {
            worker_id: format!("{host}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]),
            lease_ms: 30_000,
            poll: Duration::from_millis(1000),
            check_every: Duration::from_millis(500),
            per_user_running: 2,
            backoff_base_ms: 5_000,
            backoff_cap_ms: 10 * 60 * 1000,
        }
    }
}

impl RunnerConfig {
    /// The defaults with the operator's settings (`JOB_LEASE_SECS`, `JOBS_PER_USER`).
    pub fn from_config(config: &crate::platform::config::Config) -> RunnerConfig {
        RunnerConfig {
            lease_ms: config.job_lease_secs * 1000,
            per_user_running: config.jobs_per_user,
            ..RunnerConfig::default()
        }
    }
}

/// A started runner; dropping it does not stop it, [`Runner::stop`] does.
pub struct Runner {
    task: tokio::task::JoinHandle<()>,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Runner {
    /// Starts claiming jobs of `kinds`.
    pub fn start(state: AppState, kinds: Vec<JobKind>, config: RunnerConfig) -> Runner {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(run(state, kinds, config, stopped));
        Runner { task, stop }
    }

    /// Stops claiming and waits for the jobs in hand to end (each is given `grace`; what
    /// is still running then is dropped and taken again by another worker after its lease).
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        let _ = tokio::time::timeout(grace, self.task).await;
    }

    /// Kills the runner and every job it runs at once, as a crash would: no job is ended,
    /// no lease given back (tests of the lease use this).
    pub fn abort(self) {
        let _ = self.stop.send(true);
        self.task.abort();
    }
}

struct Slot {
    kind: JobKind,
    free: Arc<Semaphore>,
}

async fn run(
    state: AppState,
    kinds: Vec<JobKind>,
    config: RunnerConfig,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let config = Arc::new(config);
    let worker: Arc<str> = Arc::from(config.worker_id.as_str());
    let slots: HashMap<&'static str, Slot> =
        kinds.into_iter().map(|k| (k.name, Slot { free: Arc::new(Semaphore::new(k.concurrency)), kind: k })).collect();
    let mut wake = state.jobs.wake_receiver();
    let mut running = tokio::task::JoinSet::new();
    let mut last_reap = std::time::Instant::now() - Duration::from_secs(60);
    tracing::info!(worker = %worker, kinds = ?slots.keys().collect::<Vec<_>>(), "job runner started");
    loop {
        if *stopped.borrow() {
            break;
        }
        while running.try_join_next().is_some() {}
        if last_reap.elapsed() >= Duration::from_secs(1) {
            last_reap = std::time::Instant::now();
            if let Err(e) = reap(&state, &config).await {
                tracing::warn!(error = %e, "taking back lapsed jobs failed");
            }
        }
        let free: Vec<&'static str> =
            slots.iter().filter(|(_, s)| s.free.available_permits() > 0).map(|(name, _)| *name).collect();
        let claimed = if free.is_empty() {
            None
        } else {
            // Each claim has its own lease id: a job this process lost and claimed again is
            // never mistaken for the copy still running.
            let lease = format!("{worker}/{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
            match store::claim(&state.db, &lease, &free, config.per_user_running, config.lease_ms, UnixMillis::now().0)
                .await
            {
                Ok(job) => job,
                Err(e) => {
                    tracing::warn!(error = %e, "claiming a job failed");
                    None
                }
            }
        };
        if let Some(job) = claimed {
            let slot = &slots[job.kind.as_str()];
            let permit = slot.free.clone().try_acquire_owned().expect("a free slot was seen");
            let (state, kind, config, worker) = (state.clone(), slot.kind.clone(), config.clone(), worker.clone());
            running.spawn(async move {
                run_one(&state, &kind, job, &config, worker).await;
                drop(permit);
                state.jobs.wake();
            });
            continue;
        }
        tokio::select! {
            _ = wake.changed() => {}
            _ = tokio::time::sleep(config.poll) => {}
            _ = stopped.changed() => {}
            Some(_) = running.join_next(), if !running.is_empty() => {}
        }
    }
    // Stopping: the jobs in hand finish (the caller bounds how long).
    while running.join_next().await.is_some() {}
    tracing::info!(worker = %worker, "job runner stopped");
}

enum Outcome {
    Ran(Result<JobDone, JobError>),
    Cancelled,
    Lost,
}

async fn run_one(state: &AppState, kind: &JobKind, job: JobRow, config: &RunnerConfig, worker: Arc<str>) {
    let id = job.id();
    // The lease this claim holds (the worker's name and the claim's own id).
    let worker: Arc<str> = Arc::from(job.lease_owner.as_deref().unwrap_or(&worker));
    let started = std::time::Instant::now();
    let ctx = JobContext {
        state: state.clone(),
        job: job.clone(),
        worker: worker.clone(),
        last: Arc::new(std::sync::Mutex::new((job.progress, job.stage.clone()))),
    };
    let mut work = (kind.run)(ctx);
    let mut extended = std::time::Instant::now() - Duration::from_secs(3600);
    let mut check = tokio::time::interval(config.check_every);
    let mut renew = tokio::time::interval(Duration::from_millis((config.lease_ms / 3).max(50) as u64));
    check.tick().await;
    renew.tick().await;
    let outcome = loop {
        tokio::select! {
            done = &mut work => break Outcome::Ran(done),
            _ = check.tick() => match store::lease_state(&state.db, id, &worker).await {
                Ok(LeaseState::Held { cancel_requested: true }) => break Outcome::Cancelled,
                Ok(LeaseState::Lost) => break Outcome::Lost,
                Ok(LeaseState::Held { .. }) => {}
                Err(e) => tracing::warn!(error = %e, job = %id, "looking in on a job failed"),
            },
            _ = renew.tick() => match store::renew(&state.db, id, &worker, config.lease_ms, UnixMillis::now().0).await {
                Ok(true) => {
                    // Work that is alive keeps its quota: the reservation never lapses
                    // under a running job, however long it runs (renewed hourly).
                    if let Some(r) = job.reservation_id.filter(|_| extended.elapsed() >= Duration::from_secs(3600)) {
                        extended = std::time::Instant::now();
                        let until = UnixMillis::now().0 + super::JOB_RESERVATION_TTL_MS;
                        if let Err(e) = ledger::extend(&state.db, r, until).await {
                            tracing::warn!(error = %e, job = %id, "extending a job's reservation failed");
                        }
                    }
                }
                Ok(false) => break Outcome::Lost,
                Err(e) => tracing::warn!(error = %e, job = %id, "renewing a lease failed"),
            },
        }
    };
    // The handler's future is dropped here, whatever it was doing.
    drop(work);
    let status = match &outcome {
        Outcome::Ran(Ok(_)) => "succeeded",
        Outcome::Ran(Err(JobError::Retry(_))) => "retry",
        Outcome::Ran(Err(JobError::Fail(_))) => "failed",
        Outcome::Cancelled => "cancelled",
        Outcome::Lost => "lost",
    };
    metrics::counter!("pulse_jobs_ended_total", "kind" => kind.name, "outcome" => status).increment(1);
    metrics::histogram!("pulse_job_seconds", "kind" => kind.name).record(started.elapsed().as_secs_f64());
    if let Outcome::Lost = outcome {
        tracing::warn!(job = %id, kind = kind.name, "lease lost: another worker has the job");
        return;
    }
    if let Err(e) = end(state, &job, outcome, config, &worker).await {
        // The lease runs out and the job is taken again; its quota is still held.
        tracing::error!(error = %e, job = %id, "ending a job failed");
    }
}

/// Ends the job and settles or releases its quota in one transaction.
async fn end(
    state: &AppState,
    job: &JobRow,
    outcome: Outcome,
    config: &RunnerConfig,
    worker: &str,
) -> Result<(), crate::error::AppError> {
    let failed = crate::platform::db::failed("end job");
    let now = UnixMillis::now().0;
    let mut tx = ledger::lock_user(&state.db, job.user_id).await.map_err(&failed)?;
    // A cancel asked while the run was ending wins over another attempt or a failure.
    let cancel_asked =
        store::get_in(tx.conn(), job.id()).await.map_err(&failed)?.is_some_and(|r| r.cancel_requested != 0);
    let outcome = match outcome {
        Outcome::Ran(Err(_)) if cancel_asked => Outcome::Cancelled,
        other => other,
    };
    let result_json;
    // What happens to the quota once the row has changed.
    enum Quota {
        Release,
        Keep,
    }
    let (ending, quota) = match &outcome {
        Outcome::Ran(Ok(done)) => {
            result_json = done.result_json.as_ref().map(|v| v.to_string());
            // The charge is what the ledger grants (never more than was reserved).
            let charge = match job.reservation_id {
                Some(r) if done.used > 0 => {
                    let settled = work::settle_in(&mut tx, r, done.used).await?;
                    settled.amount
                }
                Some(r) => {
                    work::release_in(&mut tx, r).await?;
                    0
                }
                None => 0,
            };
            (
                Ending::Succeeded {
                    result_json: result_json.as_deref(),
                    result_file: done.result_file.as_deref(),
                    charge,
                },
                Quota::Keep,
            )
        }
        Outcome::Ran(Err(JobError::Retry(key))) if job.attempts < job.max_attempts => (
            Ending::Retry {
                error: key,
                run_after: now + backoff_ms(job.attempts, config.backoff_base_ms, config.backoff_cap_ms),
            },
            Quota::Keep,
        ),
        Outcome::Ran(Err(JobError::Retry(key))) => {
            (Ending::Ended { status: JobStatus::Dead, error: Some(key) }, Quota::Release)
        }
        Outcome::Ran(Err(JobError::Fail(key))) => {
            (Ending::Ended { status: JobStatus::Failed, error: Some(key) }, Quota::Release)
        }
        Outcome::Cancelled => (Ending::Ended { status: JobStatus::Cancelled, error: None }, Quota::Release),
        Outcome::Lost => return Ok(()),
    };
    if !store::end_in(&mut tx, job.id(), worker, &ending, now).await.map_err(&failed)? {
        // Taken by another worker meanwhile: its run decides (and the settle above, if
        // any, is rolled back with this transaction).
        tx.rollback().await;
        return Ok(());
    }
    if let (Quota::Release, Some(r)) = (quota, job.reservation_id) {
        work::release_in(&mut tx, r).await?;
    }
    if let Ending::Succeeded { .. } | Ending::Ended { status: JobStatus::Failed | JobStatus::Dead, .. } = &ending {
        notify_end(&mut tx, job, &ending, now).await.map_err(&failed)?;
    }
    tx.commit().await.map_err(&failed)?;
    Ok(())
}

/// Takes back running jobs whose lease ran out: queued again after a back-off, or, when
/// that was the last attempt (or a cancel was asked), ended with the quota released.
async fn reap(state: &AppState, config: &RunnerConfig) -> Result<(), crate::error::AppError> {
    let failed = crate::platform::db::failed("reap jobs");
    let now = UnixMillis::now().0;
    for job in store::lapsed(&state.db, now, 100).await.map_err(&failed)? {
        let mut tx = ledger::lock_user(&state.db, job.user_id).await.map_err(&failed)?;
        let (ended, release) = if job.cancel_requested != 0 {
            (store::end_unheld_in(&mut tx, job.id(), JobStatus::Cancelled, None, now).await.map_err(&failed)?, true)
        } else if job.attempts >= job.max_attempts {
            let key = Some("job-error-worker-lost");
            (store::end_unheld_in(&mut tx, job.id(), JobStatus::Dead, key, now).await.map_err(&failed)?, true)
        } else {
            let run_after = now + backoff_ms(job.attempts, config.backoff_base_ms, config.backoff_cap_ms);
            (store::requeue_lapsed_in(&mut tx, job.id(), run_after, now).await.map_err(&failed)?, false)
        };
        if ended && release {
            if let Some(r) = job.reservation_id {
                work::release_in(&mut tx, r).await?;
            }
            if job.cancel_requested == 0 {
                let ending = Ending::Ended { status: JobStatus::Dead, error: Some("job-error-worker-lost") };
                notify_end(&mut tx, &job, &ending, now).await.map_err(&failed)?;
            }
        }
        tx.commit().await.map_err(&failed)?;
        if ended {
            tracing::warn!(job = job.id, kind = %job.kind, attempts = job.attempts, "took back a job whose worker stopped");
        }
    }
    Ok(())
}

/// The owner's notification of a job that ended (done, or failed for good), in the
/// transaction that ends it: one per ending, whichever worker got there.
async fn notify_end(tx: &mut WriteTx, job: &JobRow, ending: &Ending<'_>, now: i64) -> Result<(), sqlx::Error> {
    use crate::features::notifications::{service, NoticeData, NoticeKind};
    let (kind, error) = match ending {
        Ending::Succeeded { .. } => (NoticeKind::JobDone, None),
        Ending::Ended { error, .. } => (NoticeKind::JobFailed, error.map(str::to_string)),
        Ending::Retry { .. } => return Ok(()),
    };
    let data = NoticeData { job_kind: Some(job.kind.clone()), error, ..NoticeData::default() };
    // The row's version differs for every run (a retry after a failure is a new run).
    let key = format!("job:{}:{}:{}", job.id, kind.as_str(), job.version);
    service::add_in(tx.conn(), job.user_id, kind, &key, &data, now).await.map(|_| ())
}
