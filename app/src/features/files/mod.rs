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
