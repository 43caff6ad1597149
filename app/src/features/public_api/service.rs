//! Personal API keys: the `api_keys` table's home. A secret is `pulse_sk_` and 32 random
//! bytes (base64url); only its SHA-256 is stored, so a leaked database leaks no key.

use super::{ApiKeyView, CreatedKey};
use crate::error::AppError;
use crate::platform::auth::{tokens, users};
use crate::platform::{audit, AppState};
use crate::types::UnixMillis;
use sqlx::Row;

pub const SECRET_PREFIX: &str = "pulse_sk_";
/// Keys a user may hold at once.
pub const MAX_KEYS: i64 = 20;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const COLUMNS: &str = "id, name, prefix, created_at, expires_at, last_used_at, requests, tokens_charged";

/// A row of `api_keys` as its owner sees it.
#[derive(Clone, Debug, sqlx::FromRow)]
struct KeyRow {
    id: i64,
    name: String,
    prefix: String,
    created_at: i64,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
    requests: i64,
    tokens_charged: i64,
}

impl From<KeyRow> for ApiKeyView {
    fn from(r: KeyRow) -> Self {
        ApiKeyView {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            created_at: r.created_at,
            expires_at: r.expires_at,
            last_used_at: r.last_used_at,
            requests: r.requests,
            tokens_charged: r.tokens_charged,
        }
    }
}

/// The user's keys that still work (revoked and expired ones are gone from the list).
pub async fn list(state: &AppState, user_id: i64) -> Result<Vec<ApiKeyView>, AppError> {
    let rows: Vec<KeyRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL \
         AND (expires_at IS NULL OR expires_at > $2) ORDER BY id DESC"
    ))
    .bind(user_id)
    .bind(UnixMillis::now().0)
    .fetch_all(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("api keys"))?;
    Ok(rows.into_iter().map(ApiKeyView::from).collect())
}

/// Makes a key: `name` (1–60 characters), lasting `expires_days` if given (1–365).
pub async fn create(
    state: &AppState,
    user_id: i64,
    name: &str,
    expires_days: Option<i64>,
    ip: Option<&str>,
) -> Result<CreatedKey, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::Validation("api-key-name-invalid".into()));
    }
    if expires_days.is_some_and(|d| !(1..=365).contains(&d)) {
        return Err(AppError::Validation("api-key-expiry-invalid".into()));
    }
    let now = UnixMillis::now().0;
    let failed = crate::platform::db::failed("create api key");
    // Counted and inserted in one write transaction (the user's lock), so parallel
    // requests cannot pass the limit together.
    let mut tx = crate::platform::metering::ledger::lock_user(&state.db, user_id).await.map_err(&failed)?;
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
    )
    .bind(user_id)
    .bind(now)
    .fetch_one(tx.conn())
    .await
    .map_err(&failed)?;
    if held >= MAX_KEYS {
        tx.rollback().await;
        return Err(AppError::Validation("api-key-too-many".into()));
    }
    let secret = format!("{SECRET_PREFIX}{}", tokens::random_token());
    let prefix: String = secret.chars().take(SECRET_PREFIX.len() + 6).collect();
    let expires_at = expires_days.map(|d| now + d * DAY_MS);
    let row: KeyRow = sqlx::query_as(&format!(
        "INSERT INTO api_keys (user_id, name, prefix, secret_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(user_id)
    .bind(name)
    .bind(&prefix)
    .bind(tokens::sha256_hex(&secret))
    .bind(now)
    .bind(expires_at)
    .fetch_one(tx.conn())
    .await
    .map_err(&failed)?;
    tx.commit().await.map_err(&failed)?;
    let key = ApiKeyView::from(row);
    let _ = audit::record(
        &state.db,
        Some(user_id),
        "api_key.create",
        Some(("api_key", key.id.to_string())),
        serde_json::json!({ "name": name, "prefix": prefix, "expires_at": expires_at }),
        ip,
    )
    .await;
    Ok(CreatedKey { key, secret })
}

/// Revokes one of the user's keys: it stops working at once.
pub async fn revoke(state: &AppState, user_id: i64, id: i64, ip: Option<&str>) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(UnixMillis::now().0)
        .bind(id)
        .bind(user_id)
        .execute(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("revoke api key"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let _ = audit::record(
        &state.db,
        Some(user_id),
        "api_key.revoke",
        Some(("api_key", id.to_string())),
        serde_json::json!({}),
        ip,
    )
    .await;
    Ok(())
}

/// Who is calling with a key.
#[derive(Clone, Debug)]
pub struct ApiCaller {
    pub key_id: i64,
    pub user_id: i64,
}

/// The caller of `secret`, or `Unauthorized` (unknown, revoked, expired, or the user is
/// suspended). Marks the key used (at most once a minute).
pub async fn authenticate(state: &AppState, secret: &str) -> Result<ApiCaller, AppError> {
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 200 {
        return Err(AppError::Unauthorized);
    }
    let now = UnixMillis::now().0;
    let row =
        sqlx::query("SELECT id, user_id, expires_at, revoked_at, last_used_at FROM api_keys WHERE secret_hash = $1")
            .bind(tokens::sha256_hex(secret))
            .fetch_optional(state.db.pool())
            .await
            .map_err(crate::platform::db::failed("api key"))?
            .ok_or(AppError::Unauthorized)?;
    let (key_id, user_id): (i64, i64) = (row.get("id"), row.get("user_id"));
    let expired = row.get::<Option<i64>, _>("expires_at").is_some_and(|e| e <= now);
    if row.get::<Option<i64>, _>("revoked_at").is_some() || expired {
        return Err(AppError::Unauthorized);
    }
    let user = users::by_id(&state.db, user_id).await.map_err(crate::platform::db::failed("api user"))?;
    if user.is_none_or(|u| u.suspended) {
        return Err(AppError::Unauthorized);
    }
    if row.get::<Option<i64>, _>("last_used_at").is_none_or(|t| now - t > 60_000) {
        let _ = sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(key_id)
            .execute(state.db.pool())
            .await;
    }
    Ok(ApiCaller { key_id, user_id })
}

/// Counts a finished request against its key (shown on the account page).
pub async fn record_use(state: &AppState, key_id: i64, plan_tokens: i64) {
    let done =
        sqlx::query("UPDATE api_keys SET requests = requests + 1, tokens_charged = tokens_charged + $1 WHERE id = $2")
            .bind(plan_tokens)
            .bind(key_id)
            .execute(state.db.pool())
            .await;
    if let Err(e) = done {
        tracing::warn!(error = %e, key_id, "api key usage not counted");
    }
}
