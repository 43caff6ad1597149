//! The offline video model (`demo:video`): ffmpeg draws the clip on this machine, so the
//! studio works with no key. It speaks the same operation interface as Veo: the
//! "operation" carries the request itself (so a worker that takes a job over after a
//! restart can still make it), is ready at once, and the download renders the clip.

use super::media::{self, WorkDir};
use base64::Engine as _;
use futures_util::future::BoxFuture;
use pulse_providers::video::{VideoProvider, VideoRequest, VideoStatus};
use pulse_providers::ProviderError;
use std::path::{Path, PathBuf};

const PREFIX: &str = "demo-video:";

/// The demo generator: the ffmpeg to run, where it may work, and how long a clip "takes".
#[derive(Clone, Debug)]
pub struct DemoVideos {
    pub ffmpeg: String,
    pub work_dir: PathBuf,
    pub pace: std::time::Duration,
}

/// What a demo operation carries: the request and when it was started.
#[derive(serde::Serialize, serde::Deserialize)]
struct Operation {
    request: VideoRequest,
    started_ms: i64,
}

impl DemoVideos {
    fn operation_of(operation: &str) -> Result<Operation, ProviderError> {
        let b64 =
            operation.strip_prefix(PREFIX).ok_or_else(|| ProviderError::Protocol("not a demo operation".into()))?;
        let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(b64)
            .map_err(|_| ProviderError::Protocol("unreadable demo operation".into()))?;
        serde_json::from_slice(&json).map_err(|_| ProviderError::Protocol("unreadable demo operation".into()))
    }
}

impl VideoProvider for DemoVideos {
    fn start(&self, request: VideoRequest) -> BoxFuture<'_, Result<String, ProviderError>> {
        Box::pin(async move {
            // The markers the tests use: a refusal and a failure, as a real model gives them.
            if request.prompt.contains("[demo:safety]") {
                return Err(ProviderError::Safety("the demo refuses prompts marked [demo:safety]".into()));
            }
            if request.prompt.contains("[demo:fail]") {
                return Err(ProviderError::Rejected { status: 400, message: "marked [demo:fail]".into() });
            }
            let op = Operation { request, started_ms: crate::types::UnixMillis::now().0 };
            let json = serde_json::to_vec(&op).map_err(|e| ProviderError::Protocol(e.to_string()))?;
            Ok(format!("{PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)))
        })
    }

    fn poll<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<VideoStatus, ProviderError>> {
        Box::pin(async move {
            let op = Self::operation_of(operation)?;
            let elapsed = (crate::types::UnixMillis::now().0 - op.started_ms).max(0) as u128;
            let pace = self.pace.as_millis().max(1);
            if elapsed < pace {
                return Ok(VideoStatus::Running { percent: Some((elapsed * 100 / pace) as u8) });
            }
            Ok(VideoStatus::Ready { uri: operation.to_string() })
        })
    }

    fn download<'a>(
        &'a self,
        uri: &'a str,
        dest: &'a Path,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<u64, ProviderError>> {
        Box::pin(async move {
            let request = Self::operation_of(uri)?.request;
            let unavailable = |e: media::MediaError| {
                tracing::error!(error = %e, "demo clip");
                ProviderError::Unavailable { status: 500 }
            };
            let dir = WorkDir::new(&self.work_dir).await.map_err(unavailable)?;
            let size = request.aspect.size_720p();
            media::demo_clip(&self.ffmpeg, &dir, &request.prompt, request.seconds, size, "demo.mp4")
                .await
                .map_err(unavailable)?;
            let bytes = tokio::fs::metadata(dir.join("demo.mp4")).await.map(|m| m.len()).unwrap_or(0);
            if bytes == 0 || bytes > max_bytes {
                return Err(ProviderError::Protocol("the demo clip is empty or too large".into()));
            }
            tokio::fs::copy(dir.join("demo.mp4"), dest).await.map_err(|e| unavailable(media::MediaError::Io(e)))?;
            Ok(bytes)
        })
    }

    fn poll_interval(&self) -> std::time::Duration {
        std::time::Duration::from_millis(250)
    }
}
