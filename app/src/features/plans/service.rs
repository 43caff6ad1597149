use super::Plan;
use crate::platform::db::{json_column, Db, DbError};
use crate::types::Fils;
use sqlx::Row;

/// The plans on sale, cheapest first.
pub async fn active_plans(db: &Db) -> Result<Vec<Plan>, DbError> {
    let rows = sqlx::query(
        "SELECT code, name_ar, name_en, price_fils, tokens_per_period, images_per_period, \
                videos_per_period, features \
         FROM plans WHERE active = 1 ORDER BY sort_order, price_fils",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Plan {
                code: r.try_get("code")?,
                name_ar: r.try_get("name_ar")?,
                name_en: r.try_get("name_en")?,
                price: Fils(r.try_get("price_fils")?),
                tokens: r.try_get("tokens_per_period")?,
                images: r.try_get("images_per_period")?,
                videos: r.try_get("videos_per_period")?,
                features: json_column(r, "features"),
            })
        })
        .collect()
}
