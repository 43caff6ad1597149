//! The audit log: who did what, when, from where.

use super::db::Db;
use crate::types::UnixMillis;

pub async fn record(
    db: &Db,
    actor: Option<i64>,
    action: &str,
    target: Option<(&str, String)>,
    data: serde_json::Value,
    ip: Option<&str>,
) -> Result<(), sqlx::Error> {
    let (target_type, target_id) = match target {
        Some((t, id)) => (Some(t.to_string()), Some(id)),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, action, target_type, target_id, data, ip, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(actor)
    .bind(action)
    .bind(target_type)
    .bind(target_id)
    .bind(data.to_string())
    .bind(ip.map(str::to_string))
    .bind(UnixMillis::now().0)
    .execute(db.pool())
    .await?;
    Ok(())
}
