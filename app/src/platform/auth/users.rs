//! Users: found or created by email on sign-in, roles from `ADMIN_EMAILS`.

use crate::features::auth::{Role, SessionUser};
use crate::i18n::Lang;
use crate::platform::db::Db;
use crate::types::UnixMillis;
use sqlx::{any::AnyRow, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub user: SessionUser,
    pub suspended: bool,
}

const COLUMNS: &str = "id, email, display_name, locale, role, status";

fn from_row(r: &AnyRow) -> Result<UserRow, sqlx::Error> {
    let locale: String = r.try_get("locale")?;
    let role: String = r.try_get("role")?;
    let status: String = r.try_get("status")?;
    Ok(UserRow {
        user: SessionUser {
            id: r.try_get("id")?,
            email: r.try_get("email")?,
            display_name: r.try_get("display_name")?,
            locale: Lang::from_tag(&locale).unwrap_or_default(),
            role: Role::parse(&role),
        },
        suspended: status == "suspended",
    })
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1")).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE email = $1"))
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The user with this (lower-cased) email, created with `locale` on first sign-in.
/// Returns whether it was created.
pub async fn find_or_create(db: &Db, email: &str, locale: Lang) -> Result<(UserRow, bool), sqlx::Error> {
    if let Some(u) = by_email(db, email).await? {
        return Ok((u, false));
    }
    let now = UnixMillis::now().0;
    let inserted = sqlx::query(
        "INSERT INTO users (email, locale, role, status, created_at, updated_at) VALUES ($1, $2, 'user', 'active', $3, $3) \
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(email)
    .bind(locale.code())
    .bind(now)
    .execute(db.pool())
    .await?;
    let user = by_email(db, email).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok((user, inserted.rows_affected() == 1))
}

pub async fn set_role(db: &Db, id: i64, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(UnixMillis::now().0)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Whether the user was made admin in the admin console (rather than by `ADMIN_EMAILS`).
pub async fn admin_from_console(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let flag: Option<i64> = sqlx::query_scalar("SELECT admin_from_console FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(flag == Some(1))
}

/// The admin console's role change: an admin made here is marked so that `ADMIN_EMAILS`
/// does not take the role back.
pub async fn set_role_from_console(db: &Db, id: i64, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = $1, admin_from_console = $2, updated_at = $3 WHERE id = $4")
        .bind(role.as_str())
        .bind(i64::from(role == Role::Admin))
        .bind(UnixMillis::now().0)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn set_status(db: &Db, id: i64, suspended: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(if suspended { "suspended" } else { "active" })
        .bind(UnixMillis::now().0)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn update_profile(db: &Db, id: i64, display_name: Option<&str>, locale: Lang) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET display_name = $1, locale = $2, updated_at = $3 WHERE id = $4")
        .bind(display_name.map(str::to_string))
        .bind(locale.code())
        .bind(UnixMillis::now().0)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}
