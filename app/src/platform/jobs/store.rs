//! The `jobs` table: its only home. Every change bumps `version` and `updated_at`
//! (the live status reads them), except lease renewals, which nobody watches.

use crate::features::jobs::{JobStatus, JobView};
use crate::platform::db::{Backend, Db, WriteTx};
use sqlx::{AnyConnection, Row};

/// A job's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct JobId(pub i64);

impl std::fmt::Display for JobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

const COLUMNS: &str = "id, kind, user_id, input, priority, status, attempts, max_attempts, run_after, lease_owner, \
     lease_expires_at, cancel_requested, progress, stage, result_json, result_file, error, quote, reservation_id, \
     charge, version, created_at, updated_at, started_at, finished_at";

/// A row of `jobs`.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub user_id: i64,
    /// JSON, the kind's own shape.
    pub input: String,
    pub priority: i64,
    pub status: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_after: i64,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<i64>,
    pub cancel_requested: i64,
    pub progress: i64,
    pub stage: Option<String>,
    pub result_json: Option<String>,
    pub result_file: Option<String>,
    pub error: Option<String>,
    /// JSON of the [`crate::platform::work::Quote`] a retry reserves again.
    pub quote: Option<String>,
    pub reservation_id: Option<i64>,
    pub charge: i64,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

impl JobRow {
    pub fn id(&self) -> JobId {
        JobId(self.id)
    }

    pub fn status(&self) -> JobStatus {
        JobStatus::parse(&self.status).unwrap_or(JobStatus::Failed)
    }

    pub fn view(&self) -> JobView {
        JobView {
            id: self.id,
            kind: self.kind.clone(),
            status: self.status(),
            progress: self.progress,
            stage: self.stage.clone(),
            error: self.error.clone(),
            result_file: self.result_file.clone(),
            charge: self.charge,
            attempts: self.attempts,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

/// A job to insert.
#[derive(Clone, Debug)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub user_id: i64,
    pub input: &'a str,
    pub priority: i64,
    pub max_attempts: i64,
    pub quote: Option<&'a str>,
    pub reservation_id: Option<i64>,
}

pub async fn insert_in(tx: &mut WriteTx, job: &NewJob<'_>, now: i64) -> Result<JobId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO jobs (kind, user_id, input, priority, status, max_attempts, run_after, quote, reservation_id, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $6, $6) RETURNING id",
    )
    .bind(job.kind)
    .bind(job.user_id)
    .bind(job.input)
    .bind(job.priority)
    .bind(job.max_attempts)
    .bind(now)
    .bind(job.quote)
    .bind(job.reservation_id)
    .fetch_one(tx.conn())
    .await?;
    Ok(JobId(id))
}

/// The user's jobs still queued or running.
pub async fn active_count(conn: &mut AnyConnection, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE user_id = $1 AND status IN ('queued', 'running')")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

async fn running_count(conn: &mut AnyConnection, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE user_id = $1 AND status = 'running'")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// Takes the next job of one of `kinds` that is due, highest priority first, from a user
/// with fewer than `per_user` jobs running, and leases it to `worker`.
///
/// PostgreSQL: `FOR UPDATE SKIP LOCKED`, so workers on many replicas never wait on or
/// take the same row; the per-user count is then checked again under an advisory lock
/// on the user, so two replicas cannot both start that user's last free slot. SQLite:
/// the claim is one `BEGIN IMMEDIATE` transaction, the single writer.
pub async fn claim(
    db: &Db,
    worker: &str,
    kinds: &[&str],
    per_user: i64,
    lease_ms: i64,
    now: i64,
) -> Result<Option<JobRow>, sqlx::Error> {
    if kinds.is_empty() {
        return Ok(None);
    }
    let mut skipped_users: Vec<i64> = Vec::new();
    for _ in 0..4 {
        let mut tx = WriteTx::begin(db).await?;
        let kind_params: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 3)).collect();
        let skip_params: Vec<String> = (0..skipped_users.len()).map(|i| format!("${}", i + 3 + kinds.len())).collect();
        let skip_clause = if skip_params.is_empty() {
            String::new()
        } else {
            format!(" AND j.user_id NOT IN ({})", skip_params.join(", "))
        };
        let lock = if tx.backend() == Backend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
        let sql = format!(
            "SELECT j.id, j.user_id FROM jobs j WHERE j.status = 'queued' AND j.run_after <= $1 AND j.kind IN ({}){} \
             AND (SELECT COUNT(*) FROM jobs r WHERE r.user_id = j.user_id AND r.status = 'running') < $2 \
             ORDER BY j.priority DESC, j.run_after, j.id LIMIT 1{}",
            kind_params.join(", "),
            skip_clause,
            lock
        );
        let mut q = sqlx::query(&sql).bind(now).bind(per_user);
        for k in kinds {
            q = q.bind(*k);
        }
        for u in &skipped_users {
            q = q.bind(*u);
        }
        let Some(row) = q.fetch_optional(tx.conn()).await? else {
            tx.rollback().await;
            return Ok(None);
        };
        let id: i64 = row.try_get("id")?;
        let user_id: i64 = row.try_get("user_id")?;
        if tx.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(user_id).execute(tx.conn()).await?;
            if running_count(tx.conn(), user_id).await? >= per_user {
                tx.rollback().await;
                skipped_users.push(user_id);
                continue;
            }
        }
        let sql = format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = $1, lease_expires_at = $2, \
             heartbeat_at = $3, started_at = COALESCE(started_at, $3), error = NULL, updated_at = $3, \
             version = version + 1 WHERE id = $4 RETURNING {COLUMNS}"
        );
        let job: JobRow =
            sqlx::query_as(&sql).bind(worker).bind(now + lease_ms).bind(now).bind(id).fetch_one(tx.conn()).await?;
        tx.commit().await?;
        return Ok(Some(job));
    }
    Ok(None)
}

/// What a running job's worker learns when it looks in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaseState {
    Held {
        cancel_requested: bool,
    },
    /// Another worker took it (this one was too slow to renew) or it ended elsewhere.
    Lost,
}

pub async fn lease_state(db: &Db, id: JobId, worker: &str) -> Result<LeaseState, sqlx::Error> {
    let row = sqlx::query("SELECT status, lease_owner, cancel_requested FROM jobs WHERE id = $1")
        .bind(id.0)
        .fetch_optional(db.pool())
        .await?;
    Ok(match row {
        Some(r)
            if r.try_get::<String, _>("status")? == "running"
                && r.try_get::<Option<String>, _>("lease_owner")?.as_deref() == Some(worker) =>
        {
            LeaseState::Held { cancel_requested: r.try_get::<i64, _>("cancel_requested")? != 0 }
        }
        _ => LeaseState::Lost,
    })
}

/// Extends the lease; false when it is no longer this worker's.
pub async fn renew(db: &Db, id: JobId, worker: &str, lease_ms: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET lease_expires_at = $1, heartbeat_at = $2 WHERE id = $3 AND status = 'running' AND lease_owner = $4",
    )
    .bind(now + lease_ms)
    .bind(now)
    .bind(id.0)
    .bind(worker)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_progress(
    db: &Db,
    id: JobId,
    worker: &str,
    progress: i64,
    stage: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET progress = $1, stage = $2, updated_at = $3, version = version + 1 \
         WHERE id = $4 AND status = 'running' AND lease_owner = $5",
    )
    .bind(progress.clamp(0, 100))
    .bind(stage)
    .bind(now)
    .bind(id.0)
    .bind(worker)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How a running job ends.
#[derive(Clone, Debug)]
pub enum Ending<'a> {
    Succeeded {
        result_json: Option<&'a str>,
        result_file: Option<&'a str>,
        charge: i64,
    },
    /// Queued again after `run_after` (another attempt).
    Retry {
        error: &'a str,
        run_after: i64,
    },
    /// `failed`, `dead` or `cancelled`.
    Ended {
        status: JobStatus,
        error: Option<&'a str>,
    },
}

/// Ends a job this worker holds, inside the transaction that settles or releases its
/// quota; false (and nothing changed) when the lease is no longer this worker's.
pub async fn end_in(
    tx: &mut WriteTx,
    id: JobId,
    worker: &str,
    ending: &Ending<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let held = "WHERE id = $1 AND status = 'running' AND lease_owner = $2";
    let done = match ending {
        Ending::Succeeded { result_json, result_file, charge } => {
            sqlx::query(&format!(
                "UPDATE jobs SET status = 'succeeded', progress = 100, result_json = $3, result_file = $4, charge = $5, \
                 lease_owner = NULL, lease_expires_at = NULL, finished_at = $6, updated_at = $6, version = version + 1 {held}"
            ))
            .bind(id.0)
            .bind(worker)
            .bind(*result_json)
            .bind(*result_file)
            .bind(*charge)
            .bind(now)
            .execute(tx.conn())
            .await?
        }
        Ending::Retry { error, run_after } => {
            sqlx::query(&format!(
                "UPDATE jobs SET status = 'queued', error = $3, run_after = $4, lease_owner = NULL, \
                 lease_expires_at = NULL, updated_at = $5, version = version + 1 {held}"
            ))
            .bind(id.0)
            .bind(worker)
            .bind(*error)
            .bind(*run_after)
            .bind(now)
            .execute(tx.conn())
            .await?
        }
        Ending::Ended { status, error } => {
            sqlx::query(&format!(
                "UPDATE jobs SET status = $3, error = $4, lease_owner = NULL, lease_expires_at = NULL, finished_at = $5, \
                 updated_at = $5, version = version + 1 {held}"
            ))
            .bind(id.0)
            .bind(worker)
            .bind(status.as_str())
            .bind(*error)
            .bind(now)
            .execute(tx.conn())
            .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// One row, read inside a transaction.
pub async fn get_in(conn: &mut AnyConnection, id: JobId) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1")).bind(id.0).fetch_optional(conn).await
}

pub async fn get(db: &Db, id: JobId) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1")).bind(id.0).fetch_optional(db.pool()).await
}

/// The user's newest jobs.
pub async fn list_for_user(db: &Db, user_id: i64, limit: i64) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM jobs WHERE user_id = $1 ORDER BY id DESC LIMIT $2"))
        .bind(user_id)
        .bind(limit)
        .fetch_all(db.pool())
        .await
}

/// The jobs of these ids (in no particular order); ids that do not exist are left out.
pub async fn get_many(db: &Db, ids: &[i64]) -> Result<Vec<JobRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id IN ({})", marks.join(", "));
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(db.pool()).await
}

/// Jobs changed at or after `since` (the live status polls this).
pub async fn changed_since(db: &Db, since: i64) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM jobs WHERE updated_at >= $1 ORDER BY updated_at, id LIMIT 1000"))
        .bind(since)
        .fetch_all(db.pool())
        .await
}

/// Running jobs whose lease ran out: their worker died or hung.
pub async fn lapsed(db: &Db, now: i64, limit: i64) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM jobs WHERE status = 'running' AND lease_expires_at < $1 ORDER BY id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Puts a running job whose lease ran out back in the queue (no worker holds it).
pub async fn requeue_lapsed_in(tx: &mut WriteTx, id: JobId, run_after: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET status = 'queued', run_after = $1, error = 'job-error-worker-lost', lease_owner = NULL, \
         lease_expires_at = NULL, updated_at = $2, version = version + 1 \
         WHERE id = $3 AND status = 'running' AND lease_expires_at < $2",
    )
    .bind(run_after)
    .bind(now)
    .bind(id.0)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a job no worker holds (queued, or running with a lapsed lease): cancelled by its
/// owner, or dead after its last attempt's worker died.
pub async fn end_unheld_in(
    tx: &mut WriteTx,
    id: JobId,
    status: JobStatus,
    error: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET status = $1, error = $2, lease_owner = NULL, lease_expires_at = NULL, finished_at = $3, \
         updated_at = $3, version = version + 1 \
         WHERE id = $4 AND (status = 'queued' OR (status = 'running' AND lease_expires_at < $3))",
    )
    .bind(status.as_str())
    .bind(error)
    .bind(now)
    .bind(id.0)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Asks the worker of a running job to stop (it looks in every half second).
pub async fn request_cancel_in(tx: &mut WriteTx, id: JobId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET cancel_requested = 1, updated_at = $1, version = version + 1 \
         WHERE id = $2 AND status = 'running'",
    )
    .bind(now)
    .bind(id.0)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A job that ended without a result, queued again from scratch with a new reservation.
pub async fn requeue_for_retry_in(
    tx: &mut WriteTx,
    id: JobId,
    reservation_id: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET status = 'queued', attempts = 0, run_after = $1, progress = 0, stage = NULL, error = NULL, \
         cancel_requested = 0, reservation_id = $2, charge = 0, finished_at = NULL, updated_at = $1, \
         version = version + 1 WHERE id = $3 AND status IN ('failed', 'cancelled', 'dead')",
    )
    .bind(now)
    .bind(reservation_id)
    .bind(id.0)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}
