//! One data-access layer over SQLite (the default) and PostgreSQL (production).
//!
//! Queries are written once in portable SQL with `$1` placeholders (SQLite accepts them
//! too) and run through sqlx's `Any` driver; only the DDL differs, so each backend has its
//! own migration folder with the same schema. Integers are BIGINT/INTEGER (64-bit),
//! times are Unix milliseconds, money is integer fils.

use sqlx::{
    any::{AnyPoolOptions, AnyRow},
    AnyPool,
};
use std::{path::Path, time::Duration};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported DATABASE_URL (use sqlite: or postgres://): {0}")]
    UnsupportedUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("cannot connect to the database at {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Query(#[from] sqlx::Error),
}

/// A pool on either backend.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Connects (creating the SQLite file and its folder when needed) and checks the
    /// connection, so an unreachable database is reported at start-up.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or_else(|| DbError::UnsupportedUrl(super::config::redact_url(url)))?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { max_connections.max(2) } else { max_connections })
            .acquire_timeout(Duration::from_secs(8))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        use sqlx::Executor;
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 10000",
                            "PRAGMA synchronous = NORMAL",
                        ] {
                            conn.execute(pragma).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|source| DbError::Connect { url: super::config::redact_url(&url), source })?;
        Ok(Db { pool, backend })
    }

    /// Brings the schema up to date. Runs at every start; already applied steps are skipped.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => sqlx::migrate!("../migrations/postgres").run(&self.pool).await?,
        }
        Ok(())
    }

    /// Readiness: one round trip.
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes sure the folder of a SQLite file exists and the file is created on first use.
fn prepare_sqlite_url(url: &str) -> Result<String, DbError> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|source| DbError::Folder { path: parent.display().to_string(), source })?;
        }
    }
    let query = if query.split('&').any(|p| p.starts_with("mode=")) {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// A write transaction: `BEGIN IMMEDIATE` on SQLite (it takes the one writer's lock at
/// once, so two of them never deadlock upgrading a read lock), `BEGIN` on PostgreSQL.
/// Dropped without `commit` (an error, a cancelled request), its connection is closed
/// rather than returned to the pool, which rolls the transaction back.
pub struct WriteTx {
    conn: Option<sqlx::pool::PoolConnection<sqlx::Any>>,
    backend: Backend,
}

impl WriteTx {
    pub async fn begin(db: &Db) -> Result<WriteTx, sqlx::Error> {
        use sqlx::Executor;
        let mut conn = db.pool().acquire().await?;
        let begin = match db.backend() {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if let Err(e) = conn.execute(begin).await {
            drop(conn.detach());
            return Err(e);
        }
        Ok(WriteTx { conn: Some(conn), backend: db.backend() })
    }

    pub fn conn(&mut self) -> &mut sqlx::AnyConnection {
        self.conn.as_mut().expect("an open transaction")
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        use sqlx::Executor;
        let mut conn = self.conn.take().expect("an open transaction");
        match conn.execute("COMMIT").await {
            Ok(_) => Ok(()),
            Err(e) => {
                drop(conn.detach());
                Err(e)
            }
        }
    }

    /// Gives up the transaction and returns the connection to the pool. Idempotent; the
    /// transaction is over afterwards (a helper holding `&mut` can end it on a refusal).
    pub async fn rollback(&mut self) {
        use sqlx::Executor;
        if let Some(mut conn) = self.conn.take() {
            if conn.execute("ROLLBACK").await.is_err() {
                drop(conn.detach());
            }
        }
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn.detach());
        }
    }
}

/// Reads a JSON text column.
pub fn json_column<T: serde::de::DeserializeOwned + Default>(row: &AnyRow, col: &str) -> T {
    use sqlx::Row;
    row.try_get::<String, _>(col).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Maps a query failure to the app's internal error, logging what was being done. One
/// helper for every service: `.map_err(db::failed("list files"))`.
pub fn failed(what: &'static str) -> impl Fn(sqlx::Error) -> crate::error::AppError {
    move |e| {
        tracing::error!(error = %e, what, "database");
        crate::error::AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode() {
        let dir = std::env::temp_dir().join(format!("pulse-dbtest-{}", std::process::id()));
        let url = format!("sqlite://{}/a/b.db", dir.display());
        let prepared = prepare_sqlite_url(&url).unwrap();
        assert!(prepared.ends_with("/a/b.db?mode=rwc"));
        assert!(dir.join("a").is_dir());
        assert_eq!(prepare_sqlite_url("sqlite::memory:").unwrap(), "sqlite://:memory:?mode=rwc");
        assert_eq!(prepare_sqlite_url("sqlite://x.db?mode=ro").unwrap(), "sqlite://x.db?mode=ro");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn backends_by_scheme() {
        assert_eq!(Backend::of_url("sqlite://a.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgresql://h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("mysql://h/db"), None);
    }
}
