//! The local backend: objects are files under one folder (default `./data/objects`).
//! Writes go to a temporary file first and are renamed into place, so a reader never
//! sees half an object. Download links are signed by [`Signer`] and served by the app.

use super::signing::{LinkError, SignedQuery, Signer};
use super::{Download, ObjectKey, ObjectMeta, StorageError};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

#[derive(Debug)]
pub struct LocalStore {
    root: PathBuf,
    signer: Signer,
}

/// Writes in progress live here; never listed.
const PARTIAL_DIR: &str = ".partial";

impl LocalStore {
    pub fn new(root: &Path, signing_key: &str) -> Result<LocalStore, StorageError> {
        std::fs::create_dir_all(root.join(PARTIAL_DIR))?;
        Ok(LocalStore { root: root.to_path_buf(), signer: Signer::new(signing_key) })
    }

    /// The file behind a key (the key's grammar keeps it inside the root).
    pub fn path_of(&self, key: &ObjectKey) -> PathBuf {
        self.root.join(key.as_str())
    }

    fn partial_path(&self) -> PathBuf {
        self.root.join(PARTIAL_DIR).join(uuid::Uuid::new_v4().simple().to_string())
    }

    async fn place(&self, partial: &Path, key: &ObjectKey) -> Result<(), StorageError> {
        let dest = self.path_of(key);
        if let Some(parent) = dest.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        match tokio::fs::rename(partial, &dest).await {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = tokio::fs::remove_file(partial).await;
                Err(e.into())
            }
        }
    }

    pub async fn put_file(&self, key: &ObjectKey, src: &Path) -> Result<(), StorageError> {
        let partial = self.partial_path();
        if let Err(e) = tokio::fs::copy(src, &partial).await {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(e.into());
        }
        self.place(&partial, key).await
    }

    pub async fn put_bytes(&self, key: &ObjectKey, bytes: &[u8]) -> Result<(), StorageError> {
        let partial = self.partial_path();
        let written = async {
            let mut f = tokio::fs::File::create(&partial).await?;
            f.write_all(bytes).await?;
            f.sync_all().await
        }
        .await;
        if let Err(e) = written {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(e.into());
        }
        self.place(&partial, key).await
    }

    pub async fn get_bytes(&self, key: &ObjectKey) -> Result<Vec<u8>, StorageError> {
        tokio::fs::read(self.path_of(key)).await.map_err(not_found)
    }

    pub async fn download_to(&self, key: &ObjectKey, dest: &Path) -> Result<u64, StorageError> {
        tokio::fs::copy(self.path_of(key), dest).await.map_err(not_found)
    }

    pub async fn head(&self, key: &ObjectKey) -> Result<Option<ObjectMeta>, StorageError> {
        match tokio::fs::metadata(self.path_of(key)).await {
            Ok(m) if m.is_file() => Ok(Some(meta(key.as_str().to_string(), &m))),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn copy(&self, from: &ObjectKey, to: &ObjectKey) -> Result<(), StorageError> {
        let partial = self.partial_path();
        if let Err(e) = tokio::fs::copy(self.path_of(from), &partial).await {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(not_found(e));
        }
        self.place(&partial, to).await
    }

    pub async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        match tokio::fs::remove_file(self.path_of(key)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Walks the folder; keys use `/` whatever the platform.
    pub async fn list(&self, prefix: &str) -> Result<Vec<ObjectMeta>, StorageError> {
        let mut out = Vec::new();
        let mut stack = vec![(self.root.clone(), String::new())];
        while let Some((dir, rel)) = stack.pop() {
            let mut entries = match tokio::fs::read_dir(&dir).await {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e.into()),
            };
            while let Some(entry) = entries.next_entry().await? {
                let name = entry.file_name().to_string_lossy().to_string();
                if rel.is_empty() && name == PARTIAL_DIR {
                    continue;
                }
                let key = if rel.is_empty() { name } else { format!("{rel}/{name}") };
                let m = entry.metadata().await?;
                if m.is_dir() {
                    // Only descend where the prefix can still match.
                    let dir_key = format!("{key}/");
                    if dir_key.starts_with(prefix) || prefix.starts_with(&dir_key) {
                        stack.push((entry.path(), key));
                    }
                } else if key.starts_with(prefix) {
                    out.push(meta(key, &m));
                }
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }

    pub fn signed_url(&self, key: &ObjectKey, d: &Download, now_ms: i64) -> String {
        format!("/objects/{}?{}", key.as_str(), self.signer.sign(key, d, now_ms))
    }

    /// Checks a link to `/objects/{key}`: the file to serve and how, or why not.
    pub fn verify(&self, key: &ObjectKey, q: &SignedQuery, now_ms: i64) -> Result<Download, LinkError> {
        self.signer.verify(key, q, now_ms)
    }

    /// Partial writes older than `older_than_ms` (left by a crash) are removed.
    pub async fn sweep_partials(&self, older_than_ms: i64) -> Result<usize, StorageError> {
        let mut removed = 0;
        let mut entries = tokio::fs::read_dir(self.root.join(PARTIAL_DIR)).await?;
        while let Some(entry) = entries.next_entry().await? {
            let m = entry.metadata().await?;
            if m.is_file() && meta(String::new(), &m).modified_ms < older_than_ms {
                tokio::fs::remove_file(entry.path()).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

fn meta(key: String, m: &std::fs::Metadata) -> ObjectMeta {
    let modified_ms = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    ObjectMeta { key, bytes: m.len(), modified_ms }
}

fn not_found(e: std::io::Error) -> StorageError {
    if e.kind() == std::io::ErrorKind::NotFound {
        StorageError::NotFound
    } else {
        e.into()
    }
}
