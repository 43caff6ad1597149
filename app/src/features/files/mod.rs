//! Files: what a user uploaded or a tool made for them. Uploads are streamed, checked in
//! quarantine and only then kept; downloads go through short-lived signed links after an
//! owner check; the account page lists them with the storage they use.

pub mod api;
mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;

pub use model::{FileKind, FileView, FilesView};

/// What the server adds for files: upload and download routes; every minute expired and
/// stuck files are removed, every hour objects that no row points at.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    use crate::platform::feature::{Feature, Sweeper};
    use std::time::Duration;
    fn sweep(orphans: bool) -> crate::platform::feature::SweepFn {
        if orphans {
            |state, now| Box::pin(async move { files_swept(service::sweep(&state, now, true).await) })
        } else {
            |state, now| Box::pin(async move { files_swept(service::sweep(&state, now, false).await) })
        }
    }
    fn files_swept(r: Result<service::SweepReport, crate::error::AppError>) -> Result<u64, String> {
        r.map(|r| (r.expired + r.stale_quarantine + r.orphans) as u64).map_err(|e| e.to_string())
    }
    Feature::new("files")
        .routes(routes::routes)
        .sweeper(Sweeper::new("files", Duration::from_secs(60), sweep(false)))
        .sweeper(Sweeper::new("orphan objects", Duration::from_secs(3600), sweep(true)))
}

/// Codes `/files/upload` sends back in `?upload_error=` (one per upload refusal, plus
/// `failed` for our own failures).
pub const UPLOAD_ERROR_CODES: [&str; 12] = [
    "no-file",
    "empty",
    "bad-name",
    "unsupported",
    "too-large",
    "corrupt",
    "too-many-pixels",
    "too-long",
    "bad-codec",
    "quota-full",
    "cannot-check",
    "failed",
];

/// The message key for an upload error code; unknown codes read as a generic failure.
pub fn upload_error_key(code: &str) -> String {
    let code = if UPLOAD_ERROR_CODES.contains(&code) { code } else { "failed" };
    format!("upload-error-{code}")
}
