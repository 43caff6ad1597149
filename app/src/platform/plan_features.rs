//! Plan features: what a plan includes beyond its quotas (slides for Pro and Creator, …),
//! read from the plan of the user's current period and checked on the server by every
//! server function and job that uses one. A trial is a Starter period. A refusal is 403
//! with the upgrade offer (`AppError::FeatureLocked`).

use crate::error::{AppError, UPGRADE_URL};
use crate::features::plans::PlanFeature;
use crate::platform::db::Db;
use crate::platform::metering::subscriptions::{self, PlanRights};
use crate::types::UnixMillis;

/// Without a current period a user has no features, and the smallest prompt limit.
const DEFAULT_PROMPT_TOKENS: i64 = 8_000;

/// What a user without a current period may do: nothing beyond the smallest limits.
fn no_rights() -> PlanRights {
    PlanRights {
        features: Vec::new(),
        max_prompt_tokens: DEFAULT_PROMPT_TOKENS,
        max_clip_secs: DEFAULT_CLIP_SECS,
        max_clip_mb: DEFAULT_CLIP_MB,
    }
}

/// The video editor's limits without a current period (Starter's).
const DEFAULT_CLIP_SECS: i64 = 30;
const DEFAULT_CLIP_MB: i64 = 50;

/// What the user's plan lets the video editor do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClipLimits {
    /// The longest clip it makes, in seconds.
    pub max_secs: i64,
    /// The largest upload it takes, in bytes.
    pub max_bytes: i64,
    /// Creator's advanced editors (caption position and size).
    pub advanced: bool,
}

/// The video editor's limits of the user's plan (one read of the plan).
pub async fn clip_limits(db: &Db, user_id: i64) -> Result<ClipLimits, AppError> {
    let r = rights(db, user_id).await?.unwrap_or_else(no_rights);
    Ok(ClipLimits {
        max_secs: r.max_clip_secs,
        max_bytes: r.max_clip_mb * 1024 * 1024,
        advanced: r.features.iter().any(|f| f == PlanFeature::AdvancedEditors.code()),
    })
}

async fn rights(db: &Db, user_id: i64) -> Result<Option<PlanRights>, AppError> {
    subscriptions::current_rights(db, user_id, UnixMillis::now().0)
        .await
        .map_err(crate::platform::db::failed("plan rights"))
}

/// The features of the user's current plan; none without a current period.
pub async fn of_user(db: &Db, user_id: i64) -> Result<Vec<PlanFeature>, AppError> {
    let codes = rights(db, user_id).await?.map(|r| r.features).unwrap_or_default();
    Ok(codes.iter().filter_map(|c| PlanFeature::parse(c)).collect())
}

/// The longest message (estimated tokens) the user's plan lets one turn send.
pub async fn prompt_limit(db: &Db, user_id: i64) -> Result<i64, AppError> {
    Ok(rights(db, user_id).await?.map(|r| r.max_prompt_tokens).unwrap_or(DEFAULT_PROMPT_TOKENS))
}

/// Refuses a message longer than the plan allows: 403 with the upgrade offer when a plan
/// with long prompts would take it, 400 `chat-prompt-too-long` when even that one would not.
pub async fn check_prompt(db: &Db, user_id: i64, tokens: u64) -> Result<(), AppError> {
    // Without a current period the quota refuses the turn anyway; the default limit holds.
    let r = rights(db, user_id).await?.unwrap_or_else(no_rights);
    if tokens as i64 <= r.max_prompt_tokens {
        return Ok(());
    }
    // The upgrade is offered only when a plan on sale would take the message.
    let largest: Option<i64> = sqlx::query_scalar("SELECT MAX(max_prompt_tokens) FROM plans WHERE active = 1")
        .fetch_one(db.pool())
        .await
        .map_err(crate::platform::db::failed("prompt limits"))?;
    if r.features.iter().any(|f| f == PlanFeature::LongPrompts.code()) || tokens as i64 > largest.unwrap_or(0) {
        return Err(AppError::Validation("chat-prompt-too-long".into()));
    }
    Err(AppError::FeatureLocked { feature: PlanFeature::LongPrompts, upgrade_url: UPGRADE_URL.into() })
}

/// Whether the user's current plan includes `feature`.
pub async fn has(db: &Db, user_id: i64, feature: PlanFeature) -> Result<bool, AppError> {
    Ok(of_user(db, user_id).await?.contains(&feature))
}

/// Refuses (403 with the upgrade offer) unless the user's current plan includes `feature`.
pub async fn require(db: &Db, user_id: i64, feature: PlanFeature) -> Result<(), AppError> {
    if has(db, user_id, feature).await? {
        Ok(())
    } else {
        Err(AppError::FeatureLocked { feature, upgrade_url: UPGRADE_URL.into() })
    }
}
