//! Pulse AI Studio: the Leptos application shared by the server (SSR) and the browser
//! (hydration). Features live in vertical slices under `features/`; shared widgets in
//! `ui/`; server-only services in `platform/` (behind the `ssr` feature).
#![recursion_limit = "256"]

pub mod error;
pub mod features;
pub mod i18n;
pub mod routes;
pub mod shell;
pub mod types;
pub mod ui;
pub mod web;

#[cfg(feature = "ssr")]
pub mod platform;

pub use routes::{AdminApp, App};
pub use shell::{admin_shell, shell};

/// For the unit tests that read the crate's own code.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::{Path, PathBuf};

    /// The `.rs` files under `src/` (`dir` relative to it, `""` for all), at any depth.
    pub fn rust_files(dir: &str) -> Vec<PathBuf> {
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir)];
        let mut files = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    files.push(path);
                }
            }
        }
        files
    }
}
