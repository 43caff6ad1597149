//! Session rows: created on sign-in, checked on every request, extended while used
//! (sliding expiry), revoked on sign-out or "sign out everywhere".

use super::jwt::{self, Claims};
use super::users;
use super::CurrentSession;
use crate::platform::db::Db;
use crate::types::UnixMillis;
use sqlx::Row;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// A used session is extended at most this often (one write per session per interval).
const SLIDE_EVERY_MS: i64 = 60 * 60 * 1000;

/// A new session: its row and the JWT for the cookie.
pub struct Issued {
    pub session_id: String,
    pub jwt: String,
    pub max_age_secs: i64,
}

pub async fn create(
    db: &Db,
    secret: &str,
    user_id: i64,
    Lifetime { days, max_days }: Lifetime,
    user_agent: Option<&str>,
    ip: Option<&str>,
) -> Result<Issued, SessionError> {
    let now = UnixMillis::now().0;
    let id = super::tokens::random_token();
    let expires = now + days.min(max_days) * DAY_MS;
    sqlx::query(
        "INSERT INTO sessions (id, user_id, user_agent, ip, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(user_agent.map(|s| s.chars().take(300).collect::<String>()))
    .bind(ip.map(str::to_string))
    .bind(now)
    .bind(expires)
    .execute(db.pool())
    .await?;
    let jwt = sign(secret, user_id, &id, now, expires)?;
    Ok(Issued { session_id: id, jwt, max_age_secs: (expires - now) / 1000 })
}

fn sign(secret: &str, user_id: i64, sid: &str, now: i64, expires: i64) -> Result<String, SessionError> {
    let claims = Claims { sub: user_id.to_string(), sid: sid.to_string(), iat: now / 1000, exp: expires / 1000 };
    jwt::issue(secret, &claims).map_err(|e| SessionError::Jwt(e.to_string()))
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("jwt: {0}")]
    Jwt(String),
}

/// What the cookie resolved to.
pub struct Resolved {
    pub session: CurrentSession,
    /// A fresh cookie when the session was extended.
    pub renewed: Option<Issued>,
}

/// How long sessions last: `days` of sliding inactivity, and never more than `max_days`
/// after sign-in, however much they are used.
#[derive(Clone, Copy, Debug)]
pub struct Lifetime {
    pub days: i64,
    pub max_days: i64,
}

/// Checks a cookie's JWT and its session row: unrevoked, unexpired, within its absolute
/// lifetime, user active.
pub async fn resolve(db: &Db, secret: &str, token: &str, life: Lifetime) -> Result<Option<Resolved>, SessionError> {
    let Some(claims) = jwt::verify(secret, token) else { return Ok(None) };
    let Ok(user_id) = claims.sub.parse::<i64>() else { return Ok(None) };
    let now = UnixMillis::now().0;
    let row =
        sqlx::query("SELECT user_id, created_at, last_seen_at, expires_at, revoked_at FROM sessions WHERE id = $1")
            .bind(&claims.sid)
            .fetch_optional(db.pool())
            .await?;
    let Some(row) = row else { return Ok(None) };
    let owner: i64 = row.try_get("user_id")?;
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let expires: i64 = row.try_get("expires_at")?;
    let revoked: Option<i64> = row.try_get("revoked_at")?;
    let ends = row.try_get::<i64, _>("created_at")? + life.max_days * DAY_MS;
    if owner != user_id || revoked.is_some() || expires <= now || ends <= now {
        return Ok(None);
    }
    let Some(user) = users::by_id(db, user_id).await? else { return Ok(None) };
    if user.suspended {
        return Ok(None);
    }
    let renewed = if now - last_seen >= SLIDE_EVERY_MS {
        let new_expiry = (now + life.days * DAY_MS).min(ends);
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(new_expiry)
            .bind(&claims.sid)
            .execute(db.pool())
            .await?;
        let jwt = sign(secret, user_id, &claims.sid, now, new_expiry)?;
        Some(Issued { session_id: claims.sid.clone(), jwt, max_age_secs: (new_expiry - now) / 1000 })
    } else {
        None
    };
    Ok(Some(Resolved { session: CurrentSession { user: user.user, session_id: claims.sid }, renewed }))
}

pub async fn revoke(db: &Db, session_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(UnixMillis::now().0)
        .bind(session_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Revokes every session of a user; returns how many were open.
pub async fn revoke_all(db: &Db, user_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(UnixMillis::now().0)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

/// Sessions a user has open now (for the account page).
pub async fn count_open(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2")
        .bind(user_id)
        .bind(UnixMillis::now().0)
        .fetch_one(db.pool())
        .await?
        .try_get("n")
}
