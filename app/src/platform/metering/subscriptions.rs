//! Plan periods: the current one, granting a plan, the trial, expiry.

use super::calendar::add_one_month;
use super::UsageKind;
use crate::platform::db::Db;
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

#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    #[error("no plan with code `{0}` (use starter, pro or creator)")]
    UnknownPlan(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Starts a one-month period of `plan_code` now, ending the user's current period.
pub async fn grant_plan(db: &Db, user_id: i64, plan_code: &str, source: &str, now: i64) -> Result<Period, GrantError> {
    let plan = sqlx::query(
        "SELECT id, tokens_per_period, images_per_period, videos_per_period FROM plans WHERE code = $1 AND active = 1",
    )
    .bind(plan_code)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| GrantError::UnknownPlan(plan_code.to_string()))?;
    let plan_id: i64 = plan.try_get("id")?;
    let limits: [i64; 3] =
        [plan.try_get("tokens_per_period")?, plan.try_get("images_per_period")?, plan.try_get("videos_per_period")?];
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "UPDATE subscriptions SET status = 'expired', period_end = $1, updated_at = $1 \
         WHERE user_id = $2 AND status IN ('trial', 'active', 'cancel_at_period_end') AND period_end > $1",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO subscriptions (user_id, plan_id, status, period_start, period_end, source, created_at, updated_at, \
         tokens_limit, images_limit, videos_limit) VALUES ($1, $2, 'active', $3, $4, $5, $3, $3, $6, $7, $8)",
    )
    .bind(user_id)
    .bind(plan_id)
    .bind(now)
    .bind(add_one_month(now))
    .bind(source)
    .bind(limits[0])
    .bind(limits[1])
    .bind(limits[2])
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(current(db, user_id, now).await?.expect("the period just granted"))
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
    let Some(period) = current(db, user_id, now).await? else { return Ok(None) };
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
    .execute(db.pool())
    .await?;
    Ok(Some(period))
}
