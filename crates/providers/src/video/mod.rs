//! Video generation behind one interface. A clip takes minutes, so a provider's work is a
//! long-running **operation**: [`VideoProvider::start`] sends the request and returns the
//! operation's name (an opaque string the caller keeps, so that a restarted worker goes on
//! polling the same operation instead of paying for a second one), [`VideoProvider::poll`]
//! asks how it is going, and [`VideoProvider::download`] copies the finished file to a
//! local path. [`wait_until_ready`] polls until the clip is ready or a deadline passes.
//!
//! - [`veo::VeoVideos`]: Veo 3 through the Gemini API (`:predictLongRunning`, then
//!   `GET /v1beta/{operation}`, then the file's URI with the key).
//! - [`replicate::ReplicateVideos`]: a Replicate video model (a prediction, polled; its
//!   output file downloaded from an allowed host).
//! - The offline demo generator needs ffmpeg and a font, so it lives in the app (it
//!   implements this trait and is registered with [`crate::Gateway::with_video_provider`]).
//!
//! Common rules:
//! - **Errors.** An operation that ends in an error maps to the usual [`ProviderError`]s:
//!   quota (429 / `RESOURCE_EXHAUSTED`) → `RateLimited`; an internal or unavailable error →
//!   `Unavailable`; a result withheld by the provider's safety filter → `Safety` (never
//!   retried elsewhere); anything else → `Rejected`.
//! - **Downloads** are streamed to the file (never whole in memory), at most `max_bytes`
//!   (else `Protocol`), and only from the provider's own origin (with its key) or, for
//!   output files on other hosts, from allowed hosts as for images (no key sent there).
//! - Dropping a future stops its request.

pub mod replicate;
pub mod veo;

pub use replicate::ReplicateVideos;
pub use veo::VeoVideos;

use crate::{http, ProviderError};
use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt as _;

/// The frame shapes the video studio offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VideoAspect {
    /// 16:9, landscape.
    #[serde(rename = "16:9")]
    Wide,
    /// 9:16, a phone's story.
    #[serde(rename = "9:16")]
    Tall,
}

impl VideoAspect {
    pub const ALL: [VideoAspect; 2] = [VideoAspect::Wide, VideoAspect::Tall];

    /// `"16:9"` or `"9:16"`, as Veo (and the app) spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            VideoAspect::Wide => "16:9",
            VideoAspect::Tall => "9:16",
        }
    }

    pub fn parse(s: &str) -> Option<VideoAspect> {
        VideoAspect::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }

    /// Width and height of a 720p frame of this shape.
    pub fn size_720p(self) -> (u32, u32) {
        match self {
            VideoAspect::Wide => (1280, 720),
            VideoAspect::Tall => (720, 1280),
        }
    }
}

impl fmt::Display for VideoAspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The clip lengths Veo 3 makes, in seconds.
pub const LENGTHS: [u8; 3] = [4, 6, 8];

/// What is sent to a video provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoRequest {
    /// The provider's own model name (the caller takes it from the route it tries).
    pub model: String,
    pub prompt: String,
    /// 4, 6 or 8 ([`LENGTHS`]).
    pub seconds: u8,
    pub aspect: VideoAspect,
}

/// Where an operation stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VideoStatus {
    /// Still working; some providers say how far (0–100).
    Running { percent: Option<u8> },
    /// Done: the clip's location, for [`VideoProvider::download`].
    Ready { uri: String },
    /// The status could not be read this time (the provider was busy, slow or out of
    /// reach): the operation goes on at the provider, and so does the wait.
    Unknown,
}

/// One video provider's client.
pub trait VideoProvider: Send + Sync + fmt::Debug {
    /// Starts making a clip; returns the operation's name.
    fn start(&self, request: VideoRequest) -> BoxFuture<'_, Result<String, ProviderError>>;

    /// Asks once how the operation is going. An `Err` always means the operation **ended**
    /// with that error (see the module's "Errors"), so it is over and a new one must be
    /// started; a status check that did not get through is [`VideoStatus::Unknown`].
    fn poll<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<VideoStatus, ProviderError>>;

    /// Streams the finished clip to `dest` (created or truncated); returns its size.
    fn download<'a>(
        &'a self,
        uri: &'a str,
        dest: &'a Path,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<u64, ProviderError>>;

    /// How long to wait between polls.
    fn poll_interval(&self) -> Duration {
        Duration::from_secs(10)
    }
}

/// One way to make a clip: an enabled video model and its client, as
/// [`crate::Gateway::video_route`] and [`crate::Gateway::video_chain`] give them. The caller
/// sends `provider_model` as [`VideoRequest::model`] and records `model_id` with the
/// operation (to poll it with the same provider after a restart).
#[derive(Clone, Debug)]
pub struct VideoRoute {
    /// The catalogue id (`gemini:veo-3.0-generate-001`).
    pub model_id: String,
    /// The provider's own model name (`veo-3.0-generate-001`).
    pub provider_model: String,
    pub provider: Arc<dyn VideoProvider>,
}

/// The largest clip a provider may hand us (200 MB; an 8-second 720p clip is about 5 MB).
pub const MAX_VIDEO_BYTES: u64 = 200 * 1024 * 1024;

/// Polls `operation` every `provider.poll_interval()` until it is ready (its URI), it fails
/// (its error), or `deadline` passes (`Timeout`). `on_progress` hears each running poll's
/// percent, when the provider gives one. A status check that did not get through
/// ([`VideoStatus::Unknown`]) is tried again at the next tick; an `Err` is the operation's
/// own end. Only the deadline gives `Timeout` here: then the operation may still finish.
pub async fn wait_until_ready(
    provider: &dyn VideoProvider,
    operation: &str,
    deadline: tokio::time::Instant,
    mut on_progress: impl FnMut(Option<u8>) + Send,
) -> Result<String, ProviderError> {
    loop {
        match tokio::time::timeout_at(deadline, provider.poll(operation)).await {
            Err(_) => return Err(ProviderError::Timeout),
            Ok(Ok(VideoStatus::Ready { uri })) => return Ok(uri),
            Ok(Ok(VideoStatus::Running { percent })) => on_progress(percent),
            Ok(Ok(VideoStatus::Unknown)) => {}
            Ok(Err(e)) => return Err(e),
        }
        let next = tokio::time::Instant::now() + provider.poll_interval();
        if next >= deadline {
            tokio::time::sleep_until(deadline).await;
            return Err(ProviderError::Timeout);
        }
        tokio::time::sleep_until(next).await;
    }
}

/// `video/mp4` (an ISO BMFF `ftyp` box at offset 4: MP4, MOV) or `video/webm` (the EBML
/// magic `1A 45 DF A3`) by the first bytes, else `None`.
pub(crate) fn sniff_video(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some("video/webm")
    } else if head.len() >= 8 && &head[4..8] == b"ftyp" {
        Some("video/mp4")
    } else {
        None
    }
}

fn too_large(max_bytes: u64) -> ProviderError {
    ProviderError::Protocol(format!("the video is larger than {max_bytes} bytes"))
}

fn file_error(e: &std::io::Error, dest: &Path) -> ProviderError {
    ProviderError::Protocol(format!("cannot write the video to {}: {e}", dest.display()))
}

/// Removes a partial file unless disarmed (also when the download's future is dropped).
struct Partial {
    path: Option<PathBuf>,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            if let Err(e) = std::fs::remove_file(&path) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(path = %path.display(), error = %e, "cannot remove a partial video file");
                }
            }
        }
    }
}

/// Streams a download's body to `dest` (created or truncated), at most `max_bytes` (else
/// `Protocol`), waiting at most `idle` for each chunk (else `Timeout`); a connection that
/// breaks is `Network`. The first bytes must be an MP4 or WebM ([`sniff_video`]), else
/// `Protocol`. On any error (and if the future is dropped) the partial file is removed.
/// Returns the size.
pub(crate) async fn save_to_file(
    mut response: reqwest::Response,
    dest: &Path,
    max_bytes: u64,
    idle: Duration,
    secret: Option<&str>,
) -> Result<u64, ProviderError> {
    if response.content_length().is_some_and(|n| n > max_bytes) {
        return Err(too_large(max_bytes));
    }
    let mut file = tokio::fs::File::create(dest).await.map_err(|e| file_error(&e, dest))?;
    let mut partial = Partial { path: Some(dest.to_path_buf()) };
    let mut written = 0u64;
    let mut head: Vec<u8> = Vec::with_capacity(8);
    let mut sniffed = false;
    let not_a_video = || ProviderError::Protocol("the provider returned something that is not a video".into());
    loop {
        let chunk = match tokio::time::timeout(idle, response.chunk()).await {
            Err(_) => return Err(ProviderError::Timeout),
            Ok(Err(e)) => return Err(http::transport_error(e, secret)),
            Ok(Ok(None)) => break,
            Ok(Ok(Some(chunk))) => chunk,
        };
        written += chunk.len() as u64;
        if written > max_bytes {
            return Err(too_large(max_bytes));
        }
        if !sniffed {
            let take = (8 - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
            if head.len() >= 8 {
                sniff_video(&head).ok_or_else(not_a_video)?;
                sniffed = true;
            }
        }
        file.write_all(&chunk).await.map_err(|e| file_error(&e, dest))?;
    }
    if !sniffed {
        sniff_video(&head).ok_or_else(not_a_video)?;
    }
    file.flush().await.map_err(|e| file_error(&e, dest))?;
    drop(file);
    partial.path = None;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspects_round_trip() {
        for a in VideoAspect::ALL {
            assert_eq!(VideoAspect::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), serde_json::json!(a.as_str()));
        }
        assert_eq!(VideoAspect::parse("1:1"), None);
        assert_eq!(VideoAspect::Tall.size_720p(), (720, 1280));
    }

    #[test]
    fn video_magic_bytes() {
        assert_eq!(sniff_video(b"\0\0\0\x20ftypisom\0\0\x02\0"), Some("video/mp4"));
        assert_eq!(sniff_video(b"\0\0\0\x14ftypqt  "), Some("video/mp4"));
        assert_eq!(sniff_video(&[0x1A, 0x45, 0xDF, 0xA3, 0x9F]), Some("video/webm"));
        assert_eq!(sniff_video(b"\0\0\0\x20fty"), None, "too short");
        assert_eq!(sniff_video(b"<html><body>"), None);
        assert_eq!(sniff_video(b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(sniff_video(b""), None);
    }
}
