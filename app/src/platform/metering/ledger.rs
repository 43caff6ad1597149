//! The quota ledger. `reserve` checks, inside one transaction that holds the user's
//! lock, that plan limit + this period's add-ons − settled − live reservations covers the
//! request, then records a reservation; `settle` turns it into the real use (never more
//! than was reserved, and never past the limit for a reservation that had lapsed);
//! `release` gives it back. Lapsed reservations (a crashed request) stop counting at
//! their expiry and are marked by the sweeper.
//!
//! The lock: PostgreSQL `SELECT … FOR UPDATE` on the user's row; SQLite `BEGIN
//! IMMEDIATE` (one writer at a time). So no interleaving of concurrent requests can
//! spend past a limit, on either backend.

use super::subscriptions::{current_on, Period};
use super::{Meter, UsageKind, UsageSummary};
use crate::features::usage::UsageLine;
use crate::platform::db::{Backend, Db, WriteTx};
use crate::types::UnixMillis;
use sqlx::{AnyConnection, Row};

/// Reservations lapse after this unless the caller says otherwise.
pub const DEFAULT_TTL_MS: i64 = 10 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The period's allowance does not cover the request (limit 0 without a plan).
    #[error("quota exceeded for {kind:?}: used {used} of {limit}")]
    Quota { kind: UsageKind, limit: i64, used: i64 },
    #[error("invalid amount")]
    InvalidAmount,
    #[error("no such reservation")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A request for quota: at least `min`, at most `max` (equal for items such as images).
#[derive(Clone, Debug)]
pub struct ReserveRequest<'a> {
    pub user_id: i64,
    pub kind: UsageKind,
    pub min: i64,
    pub max: i64,
    pub model: Option<&'a str>,
    pub feature: &'a str,
    pub ttl_ms: i64,
}

impl<'a> ReserveRequest<'a> {
    pub fn exact(user_id: i64, kind: UsageKind, amount: i64, feature: &'a str) -> Self {
        ReserveRequest { user_id, kind, min: amount, max: amount, model: None, feature, ttl_ms: DEFAULT_TTL_MS }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reservation {
    pub id: i64,
    pub user_id: i64,
    pub kind: UsageKind,
    /// What was granted (between the request's min and max).
    pub amount: i64,
    pub period_start: i64,
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    pub amount: i64,
    /// This settlement took the kind past 80 % for the first time this period.
    pub warning_issued: bool,
}

/// A write transaction that holds `user_id`'s lock: every change of that user's quota
/// happens inside one. On PostgreSQL the user's row is locked `FOR UPDATE`; on SQLite the
/// transaction is the one writer. Callers that change their own rows in the same
/// transaction (a job created with its reservation, a job finished with its settlement,
/// a payment's grant) take one, call the `*_in` functions and commit once.
pub async fn lock_user(db: &Db, user_id: i64) -> Result<WriteTx, sqlx::Error> {
    let mut tx = WriteTx::begin(db).await?;
    if tx.backend() == Backend::Postgres {
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE").bind(user_id).execute(tx.conn()).await?;
    }
    Ok(tx)
}

/// Add-ons credited to this period.
async fn addons(
    conn: &mut AnyConnection,
    user_id: i64,
    kind: UsageKind,
    period_start: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS n FROM addon_grants WHERE user_id = $1 AND kind = $2 AND period_start = $3",
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(period_start)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")
}

/// Settled use plus live reservations in this period, leaving out one row if asked.
async fn used(
    conn: &mut AnyConnection,
    user_id: i64,
    kind: UsageKind,
    period_start: i64,
    now: i64,
    except: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN status = 'settled' THEN amount_settled \
                                  WHEN status = 'reserved' AND expires_at > $4 THEN amount_reserved ELSE 0 END), 0) AS BIGINT) AS n \
         FROM usage_ledger WHERE user_id = $1 AND kind = $2 AND period_start = $3 AND id <> $5",
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(period_start)
    .bind(now)
    .bind(except)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")
}

async fn allowance(
    conn: &mut AnyConnection,
    period: &Period,
    user_id: i64,
    kind: UsageKind,
) -> Result<i64, sqlx::Error> {
    Ok(period.limit(kind) + addons(conn, user_id, kind, period.start).await?)
}

/// Reserves quota before a provider is called.
pub async fn reserve(db: &Db, req: &ReserveRequest<'_>) -> Result<Reservation, LedgerError> {
    if req.min <= 0 || req.max < req.min {
        return Err(LedgerError::InvalidAmount);
    }
    let mut tx = lock_user(db, req.user_id).await?;
    match reserve_in(&mut tx, req).await {
        Ok(reservation) => {
            tx.commit().await?;
            Ok(reservation)
        }
        Err(e) => {
            // A refusal (the common case: the quota is used up) returns the connection.
            tx.rollback().await;
            Err(e)
        }
    }
}

/// [`reserve`] inside a transaction from [`lock_user`] for `req.user_id`.
pub async fn reserve_in(tx: &mut WriteTx, req: &ReserveRequest<'_>) -> Result<Reservation, LedgerError> {
    if req.min <= 0 || req.max < req.min {
        return Err(LedgerError::InvalidAmount);
    }
    let now = UnixMillis::now().0;
    let Some(period) = current_on(tx.conn(), req.user_id, now).await? else {
        return Err(LedgerError::Quota { kind: req.kind, limit: 0, used: 0 });
    };
    let limit = allowance(tx.conn(), &period, req.user_id, req.kind).await?;
    let used = used(tx.conn(), req.user_id, req.kind, period.start, now, -1).await?;
    let remaining = limit - used;
    if remaining < req.min {
        return Err(LedgerError::Quota { kind: req.kind, limit, used });
    }
    let amount = req.max.min(remaining);
    let expires_at = now + req.ttl_ms.max(1000);
    let id: i64 = sqlx::query(
        "INSERT INTO usage_ledger (user_id, kind, status, amount_reserved, amount_settled, model, feature, period_start, \
         created_at, expires_at) VALUES ($1, $2, 'reserved', $3, 0, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(req.user_id)
    .bind(req.kind.as_str())
    .bind(amount)
    .bind(req.model.map(str::to_string))
    .bind(req.feature)
    .bind(period.start)
    .bind(now)
    .bind(expires_at)
    .fetch_one(tx.conn())
    .await?
    .try_get("id")?;
    Ok(Reservation { id, user_id: req.user_id, kind: req.kind, amount, period_start: period.start, expires_at })
}

/// The user a reservation belongs to (to take that user's lock).
pub async fn owner_of(db: &Db, reservation_id: i64) -> Result<i64, LedgerError> {
    let head = sqlx::query("SELECT user_id FROM usage_ledger WHERE id = $1")
        .bind(reservation_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(LedgerError::NotFound)?;
    Ok(head.try_get("user_id")?)
}

/// Records what was really used. Idempotent: settling twice keeps the first figure.
pub async fn settle(db: &Db, reservation_id: i64, actual: i64) -> Result<Settled, LedgerError> {
    let user_id = owner_of(db, reservation_id).await?;
    let mut tx = lock_user(db, user_id).await?;
    let settled = settle_in(&mut tx, reservation_id, actual).await?;
    tx.commit().await?;
    Ok(settled)
}

/// [`settle`] inside a transaction from [`lock_user`] for the reservation's owner.
pub async fn settle_in(lock: &mut WriteTx, reservation_id: i64, actual: i64) -> Result<Settled, LedgerError> {
    let actual = actual.max(0);
    let now = UnixMillis::now().0;
    let row = sqlx::query(
        "SELECT user_id, status, kind, amount_reserved, amount_settled, period_start, expires_at FROM usage_ledger \
         WHERE id = $1",
    )
    .bind(reservation_id)
    .fetch_optional(lock.conn())
    .await?
    .ok_or(LedgerError::NotFound)?;
    let user_id: i64 = row.try_get("user_id")?;
    let status: String = row.try_get("status")?;
    let kind = UsageKind::parse(&row.try_get::<String, _>("kind")?).ok_or(LedgerError::NotFound)?;
    let reserved: i64 = row.try_get("amount_reserved")?;
    let period_start: i64 = row.try_get("period_start")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    if status == "settled" {
        return Ok(Settled { amount: row.try_get("amount_settled")?, warning_issued: false });
    }
    let period = current_on(lock.conn(), user_id, now).await?.filter(|p| p.start == period_start);
    let limit = match &period {
        Some(p) => allowance(lock.conn(), p, user_id, kind).await?,
        None => 0,
    };
    let amount = if status == "reserved" && expires_at > now {
        actual.min(reserved)
    } else {
        // The reservation lapsed (or was released) and its room may have gone to others:
        // charge only what is still free, never past the limit.
        let others = used(lock.conn(), user_id, kind, period_start, now, reservation_id).await?;
        actual.min(reserved).min((limit - others).max(0))
    };
    sqlx::query("UPDATE usage_ledger SET status = 'settled', amount_settled = $1, settled_at = $2 WHERE id = $3")
        .bind(amount)
        .bind(now)
        .bind(reservation_id)
        .execute(lock.conn())
        .await?;
    let mut warning_issued = false;
    if limit > 0 {
        let total = used(lock.conn(), user_id, kind, period_start, now, -1).await?;
        if total * 5 >= limit * 4 {
            let inserted = sqlx::query(
                "INSERT INTO usage_warnings (user_id, kind, period_start, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(user_id)
            .bind(kind.as_str())
            .bind(period_start)
            .bind(now)
            .execute(lock.conn())
            .await?;
            warning_issued = inserted.rows_affected() == 1;
            // The bell: at 80 % and at 100 %, once each per meter and period.
            use crate::features::notifications::{service, NoticeData, NoticeKind};
            let data = NoticeData { meter: Some(kind.as_str().to_string()), ..NoticeData::default() };
            let user_key = format!("quota:{}:{period_start}", kind.as_str());
            service::add_in(lock.conn(), user_id, NoticeKind::Quota80, &format!("{user_key}:80"), &data, now).await?;
            if total >= limit {
                service::add_in(lock.conn(), user_id, NoticeKind::Quota100, &format!("{user_key}:100"), &data, now)
                    .await?;
            }
        }
    }
    Ok(Settled { amount, warning_issued })
}

/// Gives a reservation back (the provider failed, the request was refused later).
/// Idempotent: only a reservation still open is released.
pub async fn release(db: &Db, reservation_id: i64) -> Result<(), LedgerError> {
    sqlx::query(RELEASE).bind(UnixMillis::now().0).bind(reservation_id).execute(db.pool()).await?;
    Ok(())
}

/// [`release`] inside an open transaction.
pub async fn release_in(tx: &mut WriteTx, reservation_id: i64) -> Result<(), LedgerError> {
    sqlx::query(RELEASE).bind(UnixMillis::now().0).bind(reservation_id).execute(tx.conn()).await?;
    Ok(())
}

const RELEASE: &str =
    "UPDATE usage_ledger SET status = 'released', settled_at = $1 WHERE id = $2 AND status IN ('reserved', 'expired')";

/// Keeps an open reservation from lapsing until at least `until` (work that is still
/// alive, such as a running job, extends what it holds). A lapsed one is left alone: its
/// room may have gone to others.
pub async fn extend(db: &Db, reservation_id: i64, until: i64) -> Result<(), LedgerError> {
    sqlx::query(
        "UPDATE usage_ledger SET expires_at = $1 WHERE id = $2 AND status = 'reserved' AND expires_at < $1 \
         AND expires_at > $3",
    )
    .bind(until)
    .bind(reservation_id)
    .bind(UnixMillis::now().0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Marks lapsed reservations expired (they already stopped counting at their expiry).
pub async fn sweep_expired(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE usage_ledger SET status = 'expired' WHERE status = 'reserved' AND expires_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

/// The meters of the current period and its history, from the same figures `reserve` uses.
pub async fn summary(db: &Db, user_id: i64, now: i64) -> Result<UsageSummary, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let Some(period) = current_on(&mut conn, user_id, now).await? else {
        return Ok(UsageSummary {
            plan_code: None,
            status: None,
            period_start: None,
            period_end: None,
            meters: UsageKind::ALL.into_iter().map(|kind| Meter { kind, used: 0, limit: 0 }).collect(),
            history: vec![],
            unseen_warnings: vec![],
        });
    };
    let mut meters = Vec::new();
    for kind in UsageKind::ALL {
        let limit = allowance(&mut conn, &period, user_id, kind).await?;
        let used = used(&mut conn, user_id, kind, period.start, now, -1).await?;
        meters.push(Meter { kind, used, limit });
    }
    let rows = sqlx::query(
        "SELECT kind, amount_settled, feature, model, settled_at FROM usage_ledger \
         WHERE user_id = $1 AND period_start = $2 AND status = 'settled' AND amount_settled > 0 \
         ORDER BY settled_at DESC, id DESC LIMIT 50",
    )
    .bind(user_id)
    .bind(period.start)
    .fetch_all(&mut *conn)
    .await?;
    let history = rows
        .iter()
        .filter_map(|r| {
            Some(UsageLine {
                at: r.try_get("settled_at").ok()?,
                kind: UsageKind::parse(&r.try_get::<String, _>("kind").ok()?)?,
                amount: r.try_get("amount_settled").ok()?,
                feature: r.try_get("feature").ok()?,
                model: r.try_get("model").ok()?,
            })
        })
        .collect();
    let unseen = sqlx::query(
        "SELECT kind FROM usage_warnings WHERE user_id = $1 AND period_start = $2 AND seen_at IS NULL ORDER BY kind",
    )
    .bind(user_id)
    .bind(period.start)
    .fetch_all(&mut *conn)
    .await?;
    let unseen_warnings =
        unseen.iter().filter_map(|r| UsageKind::parse(&r.try_get::<String, _>("kind").ok()?)).collect();
    Ok(UsageSummary {
        unseen_warnings,
        plan_code: Some(period.plan_code.clone()),
        status: Some(period.status.clone()),
        period_start: Some(period.start),
        period_end: Some(period.end),
        meters,
        history,
    })
}

/// The user dismissed the 80 % banner of a kind for this period.
pub async fn dismiss_warning(db: &Db, user_id: i64, kind: UsageKind) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE usage_warnings SET seen_at = $1 WHERE user_id = $2 AND kind = $3 AND seen_at IS NULL")
        .bind(UnixMillis::now().0)
        .bind(user_id)
        .bind(kind.as_str())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// What `amount` of `kind` would leave, without reserving anything.
pub async fn preview(
    db: &Db,
    user_id: i64,
    kind: UsageKind,
    amount: i64,
) -> Result<crate::features::usage::CostPreview, sqlx::Error> {
    let meter = summary(db, user_id, UnixMillis::now().0).await?.meter(kind);
    let remaining = meter.remaining();
    Ok(crate::features::usage::CostPreview { kind, amount, remaining, allowed: amount > 0 && amount <= remaining })
}
