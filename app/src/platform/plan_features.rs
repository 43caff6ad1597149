//! Plan features: what a plan includes beyond its quotas (slides for Pro and Creator, …),
//! read from the plan of the user's current period and checked on the server by every
//! server function and job that uses one. A trial is a Starter period. A refusal is 403
//! with the upgrade offer (`AppError::FeatureLocked`).

use crate::error::{AppError, UPGRADE_URL};
use crate::features::plans::PlanFeature;
use crate::platform::db::Db;
use crate::types::UnixMillis;

/// The features of the user's current plan; none without a current period.
pub async fn of_user(db: &Db, user_id: i64) -> Result<Vec<PlanFeature>, AppError> {
    let codes = crate::platform::metering::subscriptions::current_features(db, user_id, UnixMillis::now().0)
        .await
        .map_err(crate::platform::db::failed("plan features"))?;
    Ok(codes.iter().filter_map(|c| PlanFeature::parse(c)).collect())
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
