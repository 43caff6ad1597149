//! Account data: export everything a user has, delete everything a user has.

use crate::error::AppError;
use crate::platform::{audit, AppState};
use sqlx::{Column, Row, TypeInfo};

/// Tables with a user's rows, and the column that names the user. Secrets (token and
/// code hashes, session ids) are left out of the export.
const USER_TABLES: [(&str, &str, &str); 15] = [
    ("users", "id", "id, email, display_name, locale, role, status, phone, created_at, updated_at"),
    ("sessions", "user_id", "user_agent, ip, created_at, last_seen_at, expires_at, revoked_at"),
    ("subscriptions", "user_id", "*"),
    ("payments", "user_id", "*"),
    ("invoices", "user_id", "*"),
    ("addon_grants", "user_id", "*"),
    ("usage_ledger", "user_id", "*"),
    ("conversations", "user_id", "*"),
    ("messages", "user_id", "*"),
    ("files", "owner_id", "id, name, kind, bytes, content_type, status, metadata, created_at, expires_at"),
    ("jobs", "user_id", "*"),
    (
        "api_keys",
        "user_id",
        "id, name, prefix, created_at, expires_at, last_used_at, revoked_at, requests, tokens_charged",
    ),
    ("cv_documents", "user_id", "*"),
    ("slide_decks", "user_id", "*"),
    ("audit_log", "actor_user_id", "action, target_type, target_id, data, created_at"),
];

/// Everything stored about a user, as JSON.
pub async fn export(state: &AppState, user_id: i64) -> Result<serde_json::Value, AppError> {
    let mut out = serde_json::Map::new();
    out.insert("exported_at".into(), crate::types::UnixMillis::now().0.into());
    for (table, column, columns) in USER_TABLES {
        let rows = sqlx::query(&format!("SELECT {columns} FROM {table} WHERE {column} = $1 ORDER BY 1"))
            .bind(user_id)
            .fetch_all(state.db.pool())
            .await
            .map_err(|e| {
                tracing::error!(error = %e, table, "export");
                AppError::Internal
            })?;
        let list: Vec<serde_json::Value> = rows.iter().map(row_to_json).collect();
        out.insert(table.into(), list.into());
    }
    Ok(out.into())
}

fn row_to_json(row: &sqlx::any::AnyRow) -> serde_json::Value {
    let mut obj = serde_json::Map::new();
    for col in row.columns() {
        let name = col.name();
        let value = if let Ok(v) = row.try_get::<Option<i64>, _>(name) {
            v.map(Into::into).unwrap_or(serde_json::Value::Null)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(name) {
            match v {
                Some(s)
                    if col.type_info().name().eq_ignore_ascii_case("text")
                        && (s.starts_with('{') || s.starts_with('[')) =>
                {
                    serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s))
                }
                Some(s) => s.into(),
                None => serde_json::Value::Null,
            }
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(name) {
            v.map(Into::into).unwrap_or(serde_json::Value::Null)
        } else {
            serde_json::Value::Null
        };
        obj.insert(name.to_string(), value);
    }
    obj.into()
}

/// Deletes a user and, through the foreign keys, all their rows.
pub async fn delete_account(state: &AppState, user_id: i64, ip: Option<&str>) -> Result<(), AppError> {
    let db = &state.db;
    // Recorded first: the row keeps the target id; the actor becomes NULL with the user.
    let _ = audit::record(
        db,
        Some(user_id),
        "account.delete",
        Some(("user", user_id.to_string())),
        serde_json::json!({}),
        ip,
    )
    .await;
    // Objects first: once the rows are gone, only the orphan sweep could find them.
    let objects = crate::features::files::service::delete_all_for_user(state, user_id).await?;
    // Sign-in links name the address (and the IP that asked), not the user: delete them too.
    sqlx::query("DELETE FROM login_tokens WHERE email = (SELECT email FROM users WHERE id = $1)")
        .bind(user_id)
        .execute(db.pool())
        .await
        .map_err(crate::platform::db::failed("delete links"))?;
    sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(db.pool()).await.map_err(|e| {
        tracing::error!(error = %e, "delete account");
        AppError::Internal
    })?;
    tracing::info!(user_id, objects, "account deleted");
    Ok(())
}
