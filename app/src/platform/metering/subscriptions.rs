//! Plan periods: the current one, granting a plan, the trial, expiry.

use super::UsageKind;
use crate::platform::db::Db;
use pulse_clock::add_one_month;
use sqlx::{AnyConnection, Row};

/// The period a user is in now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub subscription_id: i64,
    pub plan_code: String,
    pub status: String,
    pub start: i64,
    pub end: i64,
    pub tokens_limit: i64,
    pub images_limit: i64,
    pub videos_limit: i64,
}

impl Period {
    pub fn limit(&self, kind: UsageKind) -> i64 {
        match kind {
            UsageKind::Tokens => self.tokens_limit,
            UsageKind::Images => self.images_limit,
            UsageKind::Videos => self.videos_limit,
        }
    }
}

/// Trial allowances for new accounts (`TRIAL_*`); `days == 0` means no trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trial {
    pub days: i64,
    pub tokens: i64,
    pub images: i64,
    pub videos: i64,
}

const CURRENT: &str = "SELECT s.id, s.status, s.period_start, s.period_end, s.tokens_limit, s.images_limit, \
     s.videos_limit, p.code FROM subscriptions s JOIN plans p ON p.id = s.plan_id \
     WHERE s.user_id = $1 AND s.status IN ('trial', 'active', 'cancel_at_period_end') \
     AND s.period_start <= $2 AND s.period_end > $2 ORDER BY s.period_start DESC, s.id DESC LIMIT 1";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Period, sqlx::Error> {
    Ok(Period {
        subscription_id: r.try_get("id")?,
        status: r.try_get("status")?,
        start: r.try_get("period_start")?,
        end: r.try_get("period_end")?,
        tokens_limit: r.try_get("tokens_limit")?,
        images_limit: r.try_get("images_limit")?,
        videos_limit: r.try_get("videos_limit")?,
        plan_code: r.try_get("code")?,
    })
}

/// The current period, read on a connection that may be inside a transaction.
pub async fn current_on(conn: &mut AnyConnection, user_id: i64, now: i64) -> Result<Option<Period>, sqlx::Error> {
    let row = sqlx::query(CURRENT).bind(user_id).bind(now).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn current(db: &Db, user_id: i64, now: i64) -> Result<Option<Period>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    current_on(&mut conn, user_id, now).await
}

/// What the plan of a current period grants beyond its quotas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRights {
    /// Feature codes (`slides`, `long_prompts`, …).
    pub features: Vec<String>,
    /// The longest message one turn may send, in estimated tokens.
    pub max_prompt_tokens: i64,
    /// The longest clip the video editor makes, in seconds.
    pub max_clip_secs: i64,
    /// The largest upload the video editor takes, in MB.
    pub max_clip_mb: i64,
}

/// The rights of the plan of the user's current period (`None` without one).
pub async fn current_rights(db: &Db, user_id: i64, now: i64) -> Result<Option<PlanRights>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT p.features, p.max_prompt_tokens, p.max_clip_secs, p.max_clip_mb FROM subscriptions s JOIN plans p ON p.id = s.plan_id \
         WHERE s.user_id = $1 AND s.status IN ('trial', 'active', 'cancel_at_period_end') \
         AND s.period_start <= $2 AND s.period_end > $2 ORDER BY s.period_start DESC, s.id DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| {
        Ok(PlanRights {
            features: crate::platform::db::json_column(&r, "features"),
            max_prompt_tokens: r.try_get("max_prompt_tokens")?,
            max_clip_secs: r.try_get("max_clip_secs")?,
            max_clip_mb: r.try_get("max_clip_mb")?,
        })
    })
    .transpose()
}

#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    #[error("no plan with code `{0}` (use starter, pro or creator)")]
    UnknownPlan(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Starts a one-month period of `plan_code` now, ending the user's current period.
pub async fn grant_plan(db: &Db, user_id: i64, plan_code: &str, source: &str, now: i64) -> Result<Period, GrantError> {
    let on_sale: Option<i64> = sqlx::query_scalar("SELECT id FROM plans WHERE code = $1 AND active = 1")
        .bind(plan_code)
        .fetch_optional(db.pool())
        .await?;
    on_sale.ok_or_else(|| GrantError::UnknownPlan(plan_code.to_string()))?;
    let mut tx = db.pool().begin().await?;
    end_current_in(&mut tx, user_id, now, true).await?;
    start_period_in(&mut tx, user_id, plan_code, now, source, now).await?;
    tx.commit().await?;
    Ok(current(db, user_id, now).await?.expect("the period just granted"))
}

/// Ends the user's period running at `now` (a grant or an upgrade replaces it) and, with
/// `and_queued`, renewals queued after it too (an admin's grant replaces everything),
/// inside the caller's transaction.
pub async fn end_current_in(
    conn: &mut AnyConnection,
    user_id: i64,
    now: i64,
    and_queued: bool,
) -> Result<u64, sqlx::Error> {
    let which = if and_queued { "" } else { " AND period_start <= $1" };
    let done = sqlx::query(&format!(
        "UPDATE subscriptions SET status = 'expired', period_end = $1, updated_at = $1 \
         WHERE user_id = $2 AND status IN ('trial', 'active', 'cancel_at_period_end') AND period_end > $1{which}"
    ))
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Records a one-month period of `plan_code` from `start`, with a snapshot of the plan's
/// limits (a later change of the plan never alters it), inside the caller's transaction.
/// A plan taken off sale still starts here: it may have been paid for before.
pub async fn start_period_in(
    conn: &mut AnyConnection,
    user_id: i64,
    plan_code: &str,
    start: i64,
    source: &str,
    now: i64,
) -> Result<(), GrantError> {
    let plan =
        sqlx::query("SELECT id, tokens_per_period, images_per_period, videos_per_period FROM plans WHERE code = $1")
            .bind(plan_code)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| GrantError::UnknownPlan(plan_code.to_string()))?;
    sqlx::query(
        "INSERT INTO subscriptions (user_id, plan_id, status, period_start, period_end, source, created_at, updated_at, \
         tokens_limit, images_limit, videos_limit) VALUES ($1, $2, 'active', $3, $4, $5, $6, $6, $7, $8, $9)",
    )
    .bind(user_id)
    .bind(plan.try_get::<i64, _>("id")?)
    .bind(start)
    .bind(add_one_month(start))
    .bind(source)
    .bind(now)
    .bind(plan.try_get::<i64, _>("tokens_per_period")?)
    .bind(plan.try_get::<i64, _>("images_per_period")?)
    .bind(plan.try_get::<i64, _>("videos_per_period")?)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// When the time already paid for ends (renewals queue after it); also undoes a
/// cancellation, since paying again means staying. Inside the caller's transaction.
pub async fn paid_until_and_resume_in(conn: &mut AnyConnection, user_id: i64, now: i64) -> Result<i64, sqlx::Error> {
    let paid_until: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(period_end) FROM subscriptions WHERE user_id = $1 \
         AND status IN ('active', 'cancel_at_period_end') AND period_end > $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE subscriptions SET status = 'active', updated_at = $1 \
         WHERE user_id = $2 AND status = 'cancel_at_period_end' AND period_end > $1",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(paid_until.unwrap_or(now).max(now))
}

/// Gives a new account its trial (a Starter period with the trial's limits).
pub async fn start_trial(db: &Db, user_id: i64, trial: Trial, now: i64) -> Result<(), sqlx::Error> {
    if trial.days <= 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO subscriptions (user_id, plan_id, status, period_start, period_end, source, created_at, updated_at, \
         tokens_limit, images_limit, videos_limit) \
         SELECT $1, id, 'trial', $2, $3, 'trial', $2, $2, $4, $5, $6 FROM plans WHERE code = 'starter'",
    )
    .bind(user_id)
    .bind(now)
    .bind(now + trial.days * 86_400_000)
    .bind(trial.tokens)
    .bind(trial.images)
    .bind(trial.videos)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Marks finished periods expired (the sweeper). Returns how many.
pub async fn expire_finished(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE subscriptions SET status = 'expired', updated_at = $1 \
         WHERE status IN ('trial', 'active', 'cancel_at_period_end') AND period_end <= $1",
    )
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Credits an add-on to the current period (it lapses with the period).
pub async fn grant_addon(
    db: &Db,
    user_id: i64,
    kind: UsageKind,
    amount: i64,
    payment_id: Option<i64>,
    granted_by: Option<i64>,
    now: i64,
) -> Result<Option<Period>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    grant_addon_in(&mut conn, user_id, kind, amount, payment_id, granted_by, now).await
}

/// [`grant_addon`] inside the caller's transaction (a payment's); `None` when the user has
/// no current period to credit.
pub async fn grant_addon_in(
    conn: &mut AnyConnection,
    user_id: i64,
    kind: UsageKind,
    amount: i64,
    payment_id: Option<i64>,
    granted_by: Option<i64>,
    now: i64,
) -> Result<Option<Period>, sqlx::Error> {
    let Some(period) = current_on(&mut *conn, user_id, now).await? else { return Ok(None) };
    sqlx::query(
        "INSERT INTO addon_grants (user_id, kind, amount, period_start, period_end, payment_id, granted_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(amount)
    .bind(period.start)
    .bind(period.end)
    .bind(payment_id)
    .bind(granted_by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Some(period))
}
