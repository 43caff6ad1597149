//! What the document tools (CV, slides) share around the engine: renders run on the
//! blocking pool, recent previews are kept per (document, version), and titles become
//! safe file names.

use crate::error::AppError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Rendered preview pages (SVG), one entry per saved version.
pub type Pages = Arc<Vec<String>>;

/// Recent previews by (document id, version); the editor asks for each page of a version.
#[derive(Default)]
pub struct PreviewCache(Mutex<HashMap<(i64, i64), Pages>>);

impl PreviewCache {
    /// At most this many versions are kept (then the cache starts over).
    const MAX: usize = 64;

    pub fn get(&self, id: i64, version: i64) -> Option<Pages> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&(id, version)).cloned()
    }

    pub fn put(&self, id: i64, version: i64, pages: Pages) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert((id, version), pages);
    }
}

/// Runs a render (CPU-bound, tens of milliseconds) on the blocking pool.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, pulse_documents::DocumentError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f).await.map_err(|_| AppError::Internal)?.map_err(|e| {
        tracing::error!(error = %e, "document render");
        AppError::Internal
    })
}

/// A title as a file name: no path separators or control characters; `fallback` if empty.
pub fn file_name(title: &str, fallback: &str) -> String {
    let name: String =
        title.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '-' } else { c }).collect();
    let name = name.trim().trim_matches('.').trim().to_string();
    if name.is_empty() {
        fallback.to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_become_safe_file_names() {
        assert_eq!(super::file_name("سيرتي / 2026", "CV"), "سيرتي - 2026");
        assert_eq!(super::file_name("..", "CV"), "CV");
    }
}
