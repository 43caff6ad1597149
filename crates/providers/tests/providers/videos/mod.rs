//! Video providers against fakes speaking each provider's format (Veo 3 through the Gemini
//! API's long-running operations, Replicate predictions), and the gateway's video rules.

mod gateway;
mod replicate;
mod veo;

use pulse_providers::video::{VideoAspect, VideoRequest};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The start of a real MP4 (an `ftyp` box), then `n` bytes of "media".
pub fn mp4(n: usize) -> Vec<u8> {
    let mut out = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41".to_vec();
    out.extend_from_slice(b"\0\0\0\x08free");
    out.extend((0..n).map(|i| (i % 251) as u8));
    out
}

/// The start of a WebM (EBML magic), then some bytes.
pub fn webm() -> Vec<u8> {
    let mut out = vec![0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01];
    out.extend_from_slice(b"webm and more bytes");
    out
}

pub fn request(model: &str) -> VideoRequest {
    VideoRequest {
        model: model.into(), prompt: "قارب شراعي عند الغروب".into(), seconds: 6, aspect: VideoAspect::Tall
    }
}

/// Polls fast (tests never wait on the default 10 s).
pub const FAST: Duration = Duration::from_millis(10);

/// A scratch directory, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new() -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "pulse-videos-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The names of the files left in the directory.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn exists(path: &Path) -> bool {
    path.try_exists().unwrap()
}
