//! The files service: uploads through quarantine, files the tools make, owner-checked
//! downloads, deletes, the storage a user uses, and the sweeper that cleans up.

use super::{FileKind, FileView, FilesView};
use crate::error::AppError;
use crate::platform::storage::inspect::{self, Checked, Rejection, Sniffed};
use crate::platform::storage::{Download, ObjectKey, StorageError, QUARANTINE_PREFIX, TEMP_PREFIX, USERS_PREFIX};
use crate::platform::{audit, db::Db, AppState};
use crate::types::UnixMillis;
use futures_util::{Stream, StreamExt};
use sqlx::Row;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;

/// Objects in quarantine longer than this, and unreferenced objects older than this, are
/// removed by the sweeper (an upload in progress is never that old).
pub const GRACE_MS: i64 = 60 * 60 * 1000;

/// A new random file id: 128 bits, hex.
pub fn new_file_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Why an upload did not become a file.
#[derive(Debug)]
pub enum UploadError {
    /// Something about the upload itself; nothing was kept.
    Rejected(Rejection),
    /// Our side failed (database, storage).
    Failed(AppError),
}

impl From<Rejection> for UploadError {
    fn from(r: Rejection) -> Self {
        UploadError::Rejected(r)
    }
}

fn internal(what: &'static str) -> impl Fn(StorageError) -> UploadError {
    move |e| {
        tracing::error!(error = %e, what, "upload");
        UploadError::Failed(AppError::Unavailable)
    }
}

/// A file on local disk that is removed when dropped, whatever happens.
struct Spool {
    path: PathBuf,
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Streams an upload into a file on disk while sniffing its type from the first bytes and
/// enforcing the size limit of that type (and of the user's remaining storage). Memory use
/// is one chunk, whatever the size.
async fn spool<S, E>(state: &AppState, body: &mut S, room: u64) -> Result<(Spool, Sniffed, u64), UploadError>
where
    S: Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let settings = &state.config.storage;
    let dir = state.config.data_dir.join("tmp");
    tokio::fs::create_dir_all(&dir).await.map_err(|e| internal("spool dir")(e.into()))?;
    let spool = Spool { path: dir.join(format!("upload-{}", new_file_id())) };
    let mut file = tokio::fs::File::create(&spool.path).await.map_err(|e| internal("spool")(e.into()))?;

    let mut head = Vec::with_capacity(inspect::SNIFF_BYTES);
    // The type, the size limit in force, and whether that limit is the user's storage.
    let mut sniffed: Option<(Sniffed, u64, bool)> = None;
    let mut written: u64 = 0;
    let mut ended = false;
    while !ended {
        let chunk = match body.next().await {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                // The body was cut short (the client went away, or a malformed form).
                tracing::info!(error = %e, "upload stream ended early");
                return Err(Rejection::Corrupt.into());
            }
            None => {
                ended = true;
                axum::body::Bytes::new()
            }
        };
        let data: &[u8] = if sniffed.is_none() {
            head.extend_from_slice(&chunk);
            if head.len() < inspect::SNIFF_BYTES && !ended {
                continue;
            }
            if head.is_empty() {
                return Err(Rejection::Empty.into());
            }
            let s = inspect::sniff(&head).ok_or(Rejection::Unsupported)?;
            let kind_limit = inspect::max_bytes(settings, s.media);
            sniffed = Some((s, kind_limit.min(room), room < kind_limit));
            &head
        } else {
            &chunk
        };
        let (_, limit, storage_bound) = sniffed.expect("sniffed above");
        if written + data.len() as u64 > limit {
            return Err(if storage_bound { Rejection::QuotaFull } else { Rejection::TooLarge }.into());
        }
        file.write_all(data).await.map_err(|e| internal("spool write")(e.into()))?;
        written += data.len() as u64;
    }
    file.flush().await.map_err(|e| internal("spool flush")(e.into()))?;
    drop(file);
    let (s, _, _) = sniffed.ok_or(Rejection::Empty)?;
    if written == 0 {
        return Err(Rejection::Empty.into());
    }
    Ok((spool, s, written))
}

/// Takes an upload from a stream: name check, streamed spooling with type and size limits,
/// a row and an object in quarantine, the content check, then the move to the user's area.
/// Anything refused is deleted and said with a [`Rejection`].
/// Every refusal is counted and written to the audit log with its reason.
pub async fn upload<S, E>(state: &AppState, user_id: i64, raw_name: &str, body: &mut S) -> Result<FileView, UploadError>
where
    S: Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let result = upload_checked(state, user_id, raw_name, body).await;
    match &result {
        Ok(_) => metrics::counter!("pulse_uploads_total", "result" => "accepted").increment(1),
        Err(UploadError::Rejected(r)) => {
            metrics::counter!("pulse_uploads_total", "result" => r.code()).increment(1);
            let _ = audit::record(
                &state.db,
                Some(user_id),
                "file.upload_rejected",
                None,
                serde_json::json!({ "reason": r.code() }),
                None,
            )
            .await;
        }
        Err(UploadError::Failed(_)) => metrics::counter!("pulse_uploads_total", "result" => "failed").increment(1),
    }
    result
}

async fn upload_checked<S, E>(
    state: &AppState,
    user_id: i64,
    raw_name: &str,
    body: &mut S,
) -> Result<FileView, UploadError>
where
    S: Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let name = inspect::clean_file_name(raw_name)?;
    let quota = state.config.storage.user_quota_bytes;
    let used = used_bytes(&state.db, user_id).await.map_err(UploadError::Failed)? as u64;
    if used >= quota {
        return Err(Rejection::QuotaFull.into());
    }
    let (spool, sniffed, bytes) = spool(state, body, quota - used).await?;

    let id = new_file_id();
    let quarantine = ObjectKey::quarantine(&id);
    let now = UnixMillis::now().0;
    // The row first: an object in quarantine always has a row the sweeper can find.
    let inserted = sqlx::query(
        "INSERT INTO files (id, owner_id, kind, storage_key, bytes, content_type, status, metadata, created_at, name) \
         SELECT $1, $2, 'upload', $3, $4, $5, 'quarantine', '{}', $6, $7 \
         WHERE (SELECT CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM files WHERE owner_id = $2) + $4 <= $8",
    )
    .bind(&id)
    .bind(user_id)
    .bind(quarantine.as_str())
    .bind(bytes as i64)
    .bind(sniffed.mime)
    .bind(now)
    .bind(&name)
    .bind(quota as i64)
    .execute(state.db.pool())
    .await
    .map_err(|e| UploadError::Failed(crate::platform::db::failed("insert")(e)))?;
    if inserted.rows_affected() == 0 {
        return Err(Rejection::QuotaFull.into());
    }

    let outcome = async {
        state.storage.put_file(&quarantine, &spool.path, sniffed.mime).await.map_err(internal("quarantine put"))?;
        // The check reads the spooled copy: the same bytes that are in quarantine.
        let checked = inspect::check(&spool.path, sniffed, &state.config.storage).await?;
        let key = ObjectKey::user_file(user_id, &id);
        state.storage.copy(&quarantine, &key).await.map_err(internal("accept copy"))?;
        Ok::<_, UploadError>((key, checked))
    }
    .await;

    match outcome {
        Ok((key, checked)) => {
            let metadata = serde_json::to_string(&checked).unwrap_or_else(|_| "{}".into());
            sqlx::query("UPDATE files SET storage_key = $1, status = 'ready', metadata = $2 WHERE id = $3")
                .bind(key.as_str())
                .bind(&metadata)
                .bind(&id)
                .execute(state.db.pool())
                .await
                .map_err(|e| UploadError::Failed(crate::platform::db::failed("accept")(e)))?;
            if let Err(e) = state.storage.delete(&quarantine).await {
                tracing::warn!(error = %e, "quarantine copy left for the sweeper");
            }
            tracing::info!(user_id, file_id = %id, bytes, mime = sniffed.mime, "upload accepted");
            Ok(view(id, name, FileKind::Upload, sniffed.mime.to_string(), bytes as i64, now, &checked))
        }
        Err(err) => {
            let _ = state.storage.delete(&quarantine).await;
            let _ = sqlx::query("DELETE FROM files WHERE id = $1").bind(&id).execute(state.db.pool()).await;
            if let UploadError::Rejected(r) = &err {
                tracing::info!(
                    user_id,
                    reason = r.code(),
                    mime = sniffed.mime,
                    bytes,
                    "upload refused after its check"
                );
            }
            Err(err)
        }
    }
}

fn view(
    id: String,
    name: String,
    kind: FileKind,
    content_type: String,
    bytes: i64,
    created: i64,
    checked: &Checked,
) -> FileView {
    FileView {
        id,
        name,
        kind,
        content_type,
        bytes,
        created_at: UnixMillis(created),
        width: checked.width,
        height: checked.height,
        duration_secs: checked.duration_secs,
    }
}

/// Keeps bytes a tool made (an image, a video, a PDF) as a file of the user. With
/// `expires_at` the file is temporary and the sweeper deletes it then.
pub async fn save_bytes(
    state: &AppState,
    user_id: i64,
    kind: FileKind,
    name: &str,
    content_type: &str,
    bytes: Vec<u8>,
    expires_at: Option<UnixMillis>,
) -> Result<FileView, AppError> {
    let id = new_file_id();
    let key = if expires_at.is_some() { ObjectKey::temporary(&id) } else { ObjectKey::user_file(user_id, &id) };
    let size = bytes.len() as i64;
    state.storage.put_bytes(&key, bytes, content_type).await.map_err(|e| {
        tracing::error!(error = %e, "save file");
        AppError::Unavailable
    })?;
    let made = Made { id, key, user_id, kind, name, content_type, size, expires_at, checked: &Checked::default() };
    insert_made(state, made).await
}

/// Keeps a file a tool made on local disk (a rendered video) as a file of the user,
/// with what its check found (size, duration). The file is streamed to storage, never
/// read whole into memory.
pub async fn save_file(
    state: &AppState,
    user_id: i64,
    kind: FileKind,
    name: &str,
    content_type: &str,
    path: &std::path::Path,
    checked: &Checked,
) -> Result<FileView, AppError> {
    let size = tokio::fs::metadata(path).await.map_err(|e| {
        tracing::error!(error = %e, "save file: stat");
        AppError::Internal
    })?;
    let id = new_file_id();
    let key = ObjectKey::user_file(user_id, &id);
    state.storage.put_file(&key, path, content_type).await.map_err(|e| {
        tracing::error!(error = %e, "save file");
        AppError::Unavailable
    })?;
    let made = Made { id, key, user_id, kind, name, content_type, size: size.len() as i64, expires_at: None, checked };
    insert_made(state, made).await
}

/// A stored object a tool made, before its row exists.
struct Made<'a> {
    id: String,
    key: ObjectKey,
    user_id: i64,
    kind: FileKind,
    name: &'a str,
    content_type: &'a str,
    size: i64,
    expires_at: Option<UnixMillis>,
    checked: &'a Checked,
}

/// The row of a stored object a tool made; without it the object is deleted again.
async fn insert_made(state: &AppState, made: Made<'_>) -> Result<FileView, AppError> {
    let now = UnixMillis::now().0;
    let metadata = serde_json::to_string(made.checked).unwrap_or_else(|_| "{}".into());
    let inserted = sqlx::query(
        "INSERT INTO files (id, owner_id, kind, storage_key, bytes, content_type, status, metadata, created_at, expires_at, name) \
         VALUES ($1, $2, $3, $4, $5, $6, 'ready', $7, $8, $9, $10)",
    )
    .bind(&made.id)
    .bind(made.user_id)
    .bind(made.kind.as_str())
    .bind(made.key.as_str())
    .bind(made.size)
    .bind(made.content_type)
    .bind(&metadata)
    .bind(now)
    .bind(made.expires_at.map(|t| t.0))
    .bind(made.name)
    .execute(state.db.pool())
    .await;
    if let Err(e) = inserted {
        let _ = state.storage.delete(&made.key).await;
        return Err(crate::platform::db::failed("save")(e));
    }
    Ok(view(made.id, made.name.to_string(), made.kind, made.content_type.to_string(), made.size, now, made.checked))
}

/// Bytes a user keeps (accepted files and uploads being checked).
pub async fn used_bytes(db: &Db, user_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar::<_, i64>("SELECT CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM files WHERE owner_id = $1")
        .bind(user_id)
        .fetch_one(db.pool())
        .await
        .map_err(crate::platform::db::failed("used"))
}

const FILE_COLUMNS: &str = "id, name, kind, content_type, bytes, created_at, metadata, storage_key";

fn row_to_view(row: &sqlx::any::AnyRow) -> (FileView, String) {
    let checked: Checked = serde_json::from_str(&row.get::<String, _>("metadata")).unwrap_or_default();
    let v = view(
        row.get("id"),
        row.get("name"),
        FileKind::parse(&row.get::<String, _>("kind")).unwrap_or(FileKind::Upload),
        row.get("content_type"),
        row.get("bytes"),
        row.get("created_at"),
        &checked,
    );
    (v, row.get("storage_key"))
}

/// The user's files, newest first, with storage use and limits.
pub async fn list(state: &AppState, user_id: i64) -> Result<FilesView, AppError> {
    let now = UnixMillis::now().0;
    let rows = sqlx::query(&format!(
        "SELECT {FILE_COLUMNS} FROM files WHERE owner_id = $1 AND status = 'ready' \
         AND (expires_at IS NULL OR expires_at > $2) ORDER BY created_at DESC, id LIMIT 500"
    ))
    .bind(user_id)
    .bind(now)
    .fetch_all(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("list"))?;
    let s = &state.config.storage;
    Ok(FilesView {
        files: rows.iter().map(|r| row_to_view(r).0).collect(),
        used_bytes: used_bytes(&state.db, user_id).await?,
        quota_bytes: s.user_quota_bytes as i64,
        max_image_bytes: s.max_image_bytes as i64,
        max_video_bytes: s.max_video_bytes as i64,
        max_doc_bytes: s.max_doc_bytes as i64,
    })
}

/// A ready file of this user, or `NotFound` — also when it belongs to someone else, so
/// that nobody learns which ids exist.
pub async fn find_owned(state: &AppState, user_id: i64, file_id: &str) -> Result<(FileView, ObjectKey), AppError> {
    if file_id.len() != 32 || !file_id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let row = sqlx::query(&format!(
        "SELECT {FILE_COLUMNS} FROM files WHERE id = $1 AND owner_id = $2 AND status = 'ready' \
         AND (expires_at IS NULL OR expires_at > $3)"
    ))
    .bind(file_id)
    .bind(user_id)
    .bind(UnixMillis::now().0)
    .fetch_optional(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("find"))?
    .ok_or(AppError::NotFound)?;
    let (v, key) = row_to_view(&row);
    let key = ObjectKey::parse(&key).map_err(|_| AppError::Internal)?;
    Ok((v, key))
}

/// A signed link to a file of this user: shown in the browser (`inline`) or saved.
pub async fn download_url(state: &AppState, user_id: i64, file_id: &str, inline: bool) -> Result<String, AppError> {
    let (file, key) = find_owned(state, user_id, file_id).await?;
    // Only images and videos are shown inline; documents are always saved.
    let inline = inline && file.media() != "doc";
    let download = Download {
        filename: file.name.clone(),
        content_type: file.content_type.clone(),
        inline,
        ttl_secs: state.config.storage.download_ttl_secs,
    };
    state.storage.signed_url(&key, &download, UnixMillis::now().0).await.map_err(|e| {
        tracing::error!(error = %e, "sign download");
        AppError::Unavailable
    })
}

/// The bytes of an image of this user's (images only: they are small enough to hold).
pub async fn image_bytes(state: &AppState, user_id: i64, file_id: &str) -> Result<(FileView, Vec<u8>), AppError> {
    let (file, key) = find_owned(state, user_id, file_id).await?;
    if file.media() != "image" {
        return Err(AppError::NotFound);
    }
    let bytes = state.storage.get_bytes(&key).await.map_err(|e| {
        tracing::error!(error = %e, "read image");
        AppError::Unavailable
    })?;
    Ok((file, bytes))
}

/// Deletes a file of this user (object first, then the row).
pub async fn delete(state: &AppState, user_id: i64, file_id: &str) -> Result<(), AppError> {
    let (_, key) = find_owned(state, user_id, file_id).await?;
    state.storage.delete(&key).await.map_err(|e| {
        tracing::error!(error = %e, "delete object");
        AppError::Unavailable
    })?;
    sqlx::query("DELETE FROM files WHERE id = $1 AND owner_id = $2")
        .bind(file_id)
        .bind(user_id)
        .execute(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("delete"))?;
    Ok(())
}

/// Deletes every object of a user (before the account's rows go). What cannot be deleted
/// now is found by the orphan sweep later, since its row is gone.
pub async fn delete_all_for_user(state: &AppState, user_id: i64) -> Result<usize, AppError> {
    let keys: Vec<String> = sqlx::query_scalar("SELECT storage_key FROM files WHERE owner_id = $1")
        .bind(user_id)
        .fetch_all(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("user keys"))?;
    let mut deleted = 0;
    let listed = state.storage.list(&ObjectKey::user_prefix(user_id)).await.unwrap_or_default();
    for key in keys.iter().cloned().chain(listed.into_iter().map(|m| m.key)) {
        if let Ok(key) = ObjectKey::parse(&key) {
            match state.storage.delete(&key).await {
                Ok(()) => deleted += 1,
                Err(e) => tracing::warn!(error = %e, key = %key, "object left for the orphan sweep"),
            }
        }
    }
    sqlx::query("DELETE FROM files WHERE owner_id = $1")
        .bind(user_id)
        .execute(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("user rows"))?;
    Ok(deleted)
}

/// Spool files left by a crash mid-upload, and the video studio's work folders left by a
/// crash mid-job (a job's folder lives at most its render or poll time, well under the grace).
async fn sweep_spool_dir(dir: &std::path::Path, older_than_ms: i64) {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else { return };
    while let Ok(Some(entry)) = entries.next_entry().await {
        let old = entry
            .metadata()
            .await
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .is_some_and(|d| (d.as_millis() as i64) < older_than_ms);
        let name = entry.file_name().to_string_lossy().into_owned();
        if old && name.starts_with("upload-") {
            let _ = tokio::fs::remove_file(entry.path()).await;
        } else if old && name.starts_with("video-") {
            let _ = tokio::fs::remove_dir_all(entry.path()).await;
        }
    }
}

/// What one sweep removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub expired: usize,
    pub stale_quarantine: usize,
    pub orphans: usize,
}

/// Removes expired temporary files, uploads stuck in quarantine (a crash mid-check), and,
/// with `orphans`, objects no row points at (older than the grace period, so uploads in
/// flight are safe).
pub async fn sweep(state: &AppState, now_ms: i64, orphans: bool) -> Result<SweepReport, AppError> {
    let mut report = SweepReport::default();
    let stale = sqlx::query(
        "SELECT id, storage_key, status FROM files \
         WHERE (expires_at IS NOT NULL AND expires_at <= $1) OR (status <> 'ready' AND created_at < $2) LIMIT 1000",
    )
    .bind(now_ms)
    .bind(now_ms - GRACE_MS)
    .fetch_all(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("sweep"))?;
    for row in &stale {
        let id: String = row.get("id");
        let status: String = row.get("status");
        if let Ok(key) = ObjectKey::parse(&row.get::<String, _>("storage_key")) {
            if let Err(e) = state.storage.delete(&key).await {
                tracing::warn!(error = %e, "sweep: object not deleted; will retry");
                continue;
            }
        }
        sqlx::query("DELETE FROM files WHERE id = $1")
            .bind(&id)
            .execute(state.db.pool())
            .await
            .map_err(crate::platform::db::failed("sweep"))?;
        if status == "ready" {
            report.expired += 1;
        } else {
            report.stale_quarantine += 1;
        }
    }
    if orphans {
        let mut candidates = Vec::new();
        for prefix in [QUARANTINE_PREFIX, TEMP_PREFIX, USERS_PREFIX] {
            let listed = state.storage.list(prefix).await.map_err(|e| {
                tracing::warn!(error = %e, "sweep: cannot list objects");
                AppError::Unavailable
            })?;
            candidates.extend(listed.into_iter().filter(|m| m.modified_ms < now_ms - GRACE_MS));
        }
        for chunk in candidates.chunks(200) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT storage_key FROM files WHERE storage_key IN ({})", placeholders.join(", "));
            let mut q = sqlx::query_scalar::<_, String>(&sql);
            for m in chunk {
                q = q.bind(m.key.clone());
            }
            let known: std::collections::HashSet<String> = q
                .fetch_all(state.db.pool())
                .await
                .map_err(crate::platform::db::failed("sweep known"))?
                .into_iter()
                .collect();
            for m in chunk.iter().filter(|m| !known.contains(&m.key)) {
                if let Ok(key) = ObjectKey::parse(&m.key) {
                    if state.storage.delete(&key).await.is_ok() {
                        report.orphans += 1;
                    }
                }
            }
        }
        if let crate::platform::storage::Storage::Local(local) = &state.storage {
            let _ = local.sweep_partials(now_ms - GRACE_MS).await;
        }
        sweep_spool_dir(&state.config.data_dir.join("tmp"), now_ms - GRACE_MS).await;
    }
    if report != SweepReport::default() {
        tracing::info!(?report, "files swept");
    }
    Ok(report)
}
