//! What an upload really is, decided from its bytes: the type from magic numbers (never the
//! name or the browser's header), then a check per kind — images decoded under dimension,
//! pixel and memory limits (decompression bombs stop at the header), videos probed with
//! `ffprobe` for duration and codecs, PDFs checked for their header and end marker.
//!
//! `ffprobe` never guesses what a video is: it is forced to the one demuxer of the sniffed
//! type ([`video_demuxer`]) and may open nothing but the local file
//! (`-protocol_whitelist file`), so an upload that is really an HLS playlist, a concat
//! script or any other format that opens further inputs (over http or from our disk) is
//! read as the MP4/MOV or WebM it claims to be, and refused when it is not one.

use crate::platform::config::StorageSettings;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

/// What kind of media a file holds; decides the size limit and the check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Media {
    Image,
    Video,
    Doc,
}

/// The type found in the first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sniffed {
    pub mime: &'static str,
    pub media: Media,
    pub extension: &'static str,
}

/// A Word document (`.docx`): sniffed from the zip's first entries, then opened and its
/// text read before it is accepted.
pub const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// How many bytes [`sniff`] wants to see (fewer only at the end of the file).
pub const SNIFF_BYTES: usize = 4096;

/// The accepted types. Anything else — archives, executables, HTML, SVG — is refused.
pub fn sniff(head: &[u8]) -> Option<Sniffed> {
    let kind = infer::get(head)?;
    let (mime, media, extension) = match kind.mime_type() {
        "image/png" => ("image/png", Media::Image, "png"),
        "image/jpeg" => ("image/jpeg", Media::Image, "jpg"),
        "image/webp" => ("image/webp", Media::Image, "webp"),
        "image/gif" => ("image/gif", Media::Image, "gif"),
        "video/mp4" => ("video/mp4", Media::Video, "mp4"),
        "video/webm" => ("video/webm", Media::Video, "webm"),
        "video/quicktime" => ("video/quicktime", Media::Video, "mov"),
        "application/pdf" => ("application/pdf", Media::Doc, "pdf"),
        DOCX_MIME => (DOCX_MIME, Media::Doc, "docx"),
        _ => return None,
    };
    Some(Sniffed { mime, media, extension })
}

/// The largest upload of a kind.
pub fn max_bytes(settings: &StorageSettings, media: Media) -> u64 {
    match media {
        Media::Image => settings.max_image_bytes,
        Media::Video => settings.max_video_bytes,
        Media::Doc => settings.max_doc_bytes,
    }
}

/// Why an upload is refused. Each has a translated message (`upload-error-…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rejection {
    NoFile,
    Empty,
    BadName,
    Unsupported,
    TooLarge,
    Corrupt,
    TooManyPixels,
    TooLong,
    BadCodec,
    QuotaFull,
    /// The checker itself is missing or failed (e.g. no `ffprobe`): try again later.
    CannotCheck,
}

impl Rejection {
    pub fn code(self) -> &'static str {
        match self {
            Rejection::NoFile => "no-file",
            Rejection::Empty => "empty",
            Rejection::BadName => "bad-name",
            Rejection::Unsupported => "unsupported",
            Rejection::TooLarge => "too-large",
            Rejection::Corrupt => "corrupt",
            Rejection::TooManyPixels => "too-many-pixels",
            Rejection::TooLong => "too-long",
            Rejection::BadCodec => "bad-codec",
            Rejection::QuotaFull => "quota-full",
            Rejection::CannotCheck => "cannot-check",
        }
    }

    pub fn from_code(code: &str) -> Option<Rejection> {
        ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message_key(self) -> String {
        format!("upload-error-{}", self.code())
    }

    /// The HTTP status: never a 5xx for anything the user sent.
    pub fn status(self) -> u16 {
        match self {
            Rejection::NoFile | Rejection::Empty | Rejection::BadName => 400,
            Rejection::TooLarge | Rejection::QuotaFull => 413,
            Rejection::Unsupported => 415,
            Rejection::Corrupt | Rejection::TooManyPixels | Rejection::TooLong | Rejection::BadCodec => 422,
            Rejection::CannotCheck => 503,
        }
    }
}

const ALL: [Rejection; 11] = [
    Rejection::NoFile,
    Rejection::Empty,
    Rejection::BadName,
    Rejection::Unsupported,
    Rejection::TooLarge,
    Rejection::Corrupt,
    Rejection::TooManyPixels,
    Rejection::TooLong,
    Rejection::BadCodec,
    Rejection::QuotaFull,
    Rejection::CannotCheck,
];

/// A display name as the user gave it, or a refusal: browsers send a bare file name, so
/// separators, `..`, control characters or an empty name mean someone is probing.
pub fn clean_file_name(raw: &str) -> Result<String, Rejection> {
    let name = raw.trim();
    let bad = name.is_empty()
        || name.chars().count() > 200
        || name.contains(['/', '\\'])
        || name == "."
        || name == ".."
        || name.chars().any(|c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'));
    if bad {
        Err(Rejection::BadName)
    } else {
        Ok(name.to_string())
    }
}

/// What the check learnt, kept in the file's metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codec: Option<String>,
}

/// Decoding is memory-hungry: one at a time per process, so parallel uploads of
/// highly compressed images queue instead of each taking [`MAX_DECODE_BYTES`] at once.
static DECODE_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The most a decoder may allocate for one image: a 24-megapixel photo in 8-bit RGBA
/// (96 MiB) and its decoder's buffers fit; the same size in 16-bit (192 MiB) does not, and
/// is refused as too large rather than risking the task's memory.
pub const MAX_DECODE_BYTES: u64 = 160 * 1024 * 1024;

/// Runs the check for the sniffed type on a file on disk.
pub async fn check(path: &Path, sniffed: Sniffed, settings: &StorageSettings) -> Result<Checked, Rejection> {
    match sniffed.media {
        Media::Image => {
            let _slot = DECODE_SLOTS.acquire().await.map_err(|_| Rejection::CannotCheck)?;
            let path = path.to_path_buf();
            let (max_side, max_pixels) = (settings.image_max_side, settings.image_max_pixels);
            tokio::task::spawn_blocking(move || check_image(&path, sniffed.mime, max_side, max_pixels))
                .await
                .map_err(|_| Rejection::CannotCheck)?
        }
        Media::Video => probe_video(path, sniffed, settings).await,
        Media::Doc if sniffed.mime == DOCX_MIME => check_docx(path).await,
        Media::Doc => check_pdf(path).await,
    }
}

fn image_format(mime: &str) -> Option<image::ImageFormat> {
    Some(match mime {
        "image/png" => image::ImageFormat::Png,
        "image/jpeg" => image::ImageFormat::Jpeg,
        "image/webp" => image::ImageFormat::WebP,
        "image/gif" => image::ImageFormat::Gif,
        _ => return None,
    })
}

/// Reads the header first: too many pixels is refused before any pixel is decoded. Then
/// decodes the whole image, which catches truncated and corrupt files.
pub fn check_image(path: &Path, mime: &str, max_side: u32, max_pixels: u64) -> Result<Checked, Rejection> {
    let format = image_format(mime).ok_or(Rejection::Unsupported)?;
    let open = || -> Result<image::ImageReader<std::io::BufReader<std::fs::File>>, Rejection> {
        let file = std::fs::File::open(path).map_err(|_| Rejection::CannotCheck)?;
        let mut reader = image::ImageReader::new(std::io::BufReader::new(file));
        reader.set_format(format);
        Ok(reader)
    };
    let (w, h) = open()?.into_dimensions().map_err(|_| Rejection::Corrupt)?;
    if w == 0 || h == 0 {
        return Err(Rejection::Corrupt);
    }
    if w > max_side || h > max_side || u64::from(w) * u64::from(h) > max_pixels {
        return Err(Rejection::TooManyPixels);
    }
    if format == image::ImageFormat::Jpeg && !jpeg_has_end(path)? {
        return Err(Rejection::Corrupt);
    }
    let mut reader = open()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(max_side);
    limits.max_image_height = Some(max_side);
    // The decoded buffer of the allowed size (8 bytes a pixel at 16 bits), never more
    // than the process-wide cap.
    limits.max_alloc = Some((max_pixels * 8 + 16 * 1024 * 1024).min(MAX_DECODE_BYTES));
    reader.limits(limits);
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => Rejection::TooManyPixels,
        _ => Rejection::Corrupt,
    })?;
    Ok(Checked { width: Some(w), height: Some(h), ..Checked::default() })
}

/// A JPEG ends with the EOI marker (`FF D9`), perhaps followed by a little padding; JPEG
/// decoders fill a cut-off image with grey instead of failing, so look for it.
fn jpeg_has_end(path: &Path) -> Result<bool, Rejection> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path).map_err(|_| Rejection::CannotCheck)?;
    let len = f.metadata().map_err(|_| Rejection::CannotCheck)?.len();
    let tail_len = len.min(64 * 1024);
    f.seek(SeekFrom::Start(len - tail_len)).map_err(|_| Rejection::CannotCheck)?;
    let mut tail = Vec::with_capacity(tail_len as usize);
    f.read_to_end(&mut tail).map_err(|_| Rejection::CannotCheck)?;
    Ok(tail.windows(2).any(|w| w == [0xFF, 0xD9]))
}

/// Video codecs a phone or a browser plays.
const VIDEO_CODECS: &[&str] = &["h264", "hevc", "vp8", "vp9", "av1", "mpeg4"];

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    streams: Vec<ProbeStream>,
    format: Option<ProbeFormat>,
}

#[derive(Deserialize)]
struct ProbeStream {
    codec_type: Option<String>,
    codec_name: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    /// A phone's portrait clip is often stored landscape with a display rotation.
    #[serde(default)]
    side_data_list: Vec<serde_json::Value>,
    #[serde(default)]
    tags: serde_json::Map<String, serde_json::Value>,
}

impl ProbeStream {
    /// Width and height as the clip is shown (players, and ffmpeg, apply the rotation).
    fn shown_size(&self) -> (Option<u32>, Option<u32>) {
        let from_side = self.side_data_list.iter().find_map(|d| d["rotation"].as_f64());
        let from_tag = self.tags.get("rotate").and_then(|v| v.as_str()).and_then(|v| v.parse::<f64>().ok());
        let quarter = from_side.or(from_tag).map(|r| (r.round() as i64).rem_euclid(180) == 90).unwrap_or(false);
        if quarter {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

#[derive(Deserialize)]
struct ProbeFormat {
    duration: Option<String>,
}

/// The ffprobe demuxer for a sniffed video type (its full name, as `ffprobe -formats` shows
/// it), or None for a type we do not accept. MP4 and QuickTime share the `mov` demuxer;
/// WebM is read by `matroska`.
pub fn video_demuxer(mime: &str) -> Option<&'static str> {
    match mime {
        "video/mp4" | "video/quicktime" => Some("mov,mp4,m4a,3gp,3g2,mj2"),
        "video/webm" => Some("matroska,webm"),
        _ => None,
    }
}

/// `ffprobe -show_format -show_streams` as JSON, under a timeout, with the demuxer forced
/// to the sniffed type's (`-f`, and `-format_whitelist` for anything it would open
/// inside) and only the `file` protocol allowed (`-protocol_whitelist file`): nothing is
/// probed by guessing, nothing is fetched over the network. The path goes as a `file:`
/// URL so that no part of it can read as another protocol.
pub async fn probe_video(path: &Path, sniffed: Sniffed, settings: &StorageSettings) -> Result<Checked, Rejection> {
    let demuxer = video_demuxer(sniffed.mime).ok_or(Rejection::Unsupported)?;
    let mut input = std::ffi::OsString::from("file:");
    input.push(path.as_os_str());
    let output = tokio::process::Command::new(&settings.ffprobe)
        .args(["-v", "error", "-protocol_whitelist", "file", "-format_whitelist", demuxer, "-f", demuxer])
        .args(["-print_format", "json", "-show_format", "-show_streams"])
        .arg(input)
        .kill_on_drop(true)
        .stdin(std::process::Stdio::null())
        .output();
    let output = match tokio::time::timeout(Duration::from_secs(30), output).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => {
            tracing::error!(error = %e, ffprobe = %settings.ffprobe, "cannot run ffprobe; videos cannot be checked");
            return Err(Rejection::CannotCheck);
        }
        Err(_) => return Err(Rejection::Corrupt),
    };
    if !output.status.success() {
        return Err(Rejection::Corrupt);
    }
    let probe: Probe = serde_json::from_slice(&output.stdout).map_err(|_| Rejection::Corrupt)?;
    let video = probe.streams.iter().find(|s| s.codec_type.as_deref() == Some("video")).ok_or(Rejection::Corrupt)?;
    let codec = video.codec_name.clone().unwrap_or_default();
    if !VIDEO_CODECS.contains(&codec.as_str()) {
        return Err(Rejection::BadCodec);
    }
    let duration = probe
        .format
        .and_then(|f| f.duration)
        .and_then(|d| d.parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d > 0.0)
        .ok_or(Rejection::Corrupt)?;
    if duration > settings.video_max_secs {
        return Err(Rejection::TooLong);
    }
    let (width, height) = video.shown_size();
    Ok(Checked { width, height, duration_secs: Some(duration), codec: Some(codec) })
}

/// A Word document opens as a package whose text can be read (the zip's entries and the
/// document's decompressed size are capped: a zip bomb is refused, not expanded).
async fn check_docx(path: &Path) -> Result<Checked, Rejection> {
    let bytes = tokio::fs::read(path).await.map_err(|_| Rejection::CannotCheck)?;
    let checked = tokio::task::spawn_blocking(move || pulse_documents::docx_text::check_docx(&bytes))
        .await
        .map_err(|_| Rejection::CannotCheck)?;
    match checked {
        Ok(()) => Ok(Checked::default()),
        Err(pulse_documents::docx_text::DocxReadError::TooLarge) => Err(Rejection::TooLarge),
        Err(_) => Err(Rejection::Corrupt),
    }
}

/// A PDF starts with `%PDF-` (already sniffed) and ends with `%%EOF` near the end.
async fn check_pdf(path: &Path) -> Result<Checked, Rejection> {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let mut f = tokio::fs::File::open(path).await.map_err(|_| Rejection::CannotCheck)?;
    let len = f.metadata().await.map_err(|_| Rejection::CannotCheck)?.len();
    let tail_len = len.min(2048);
    f.seek(std::io::SeekFrom::Start(len - tail_len)).await.map_err(|_| Rejection::CannotCheck)?;
    let mut tail = Vec::new();
    f.read_to_end(&mut tail).await.map_err(|_| Rejection::CannotCheck)?;
    if tail.windows(5).any(|w| w == b"%%EOF") {
        Ok(Checked::default())
    } else {
        Err(Rejection::Corrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotated_phone_clip_is_measured_as_it_is_shown() {
        let stream = |json: serde_json::Value| serde_json::from_value::<ProbeStream>(json).unwrap();
        let rotated = stream(serde_json::json!({"width": 1920, "height": 1080, "side_data_list": [{"rotation": -90}]}));
        assert_eq!(rotated.shown_size(), (Some(1080), Some(1920)));
        let tagged = stream(serde_json::json!({"width": 1920, "height": 1080, "tags": {"rotate": "270"}}));
        assert_eq!(tagged.shown_size(), (Some(1080), Some(1920)));
        let upside = stream(serde_json::json!({"width": 1920, "height": 1080, "side_data_list": [{"rotation": 180}]}));
        assert_eq!(upside.shown_size(), (Some(1920), Some(1080)));
    }

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").map(|s| s.mime), Some("image/png"));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0").map(|s| s.media), Some(Media::Image));
        assert_eq!(sniff(b"%PDF-1.7\n").map(|s| s.media), Some(Media::Doc));
        assert_eq!(sniff(b"PK\x03\x04\x14\0\0\0\x08\0"), None, "a zip is refused whatever its name");
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'>"), None);
        assert_eq!(sniff(b"<!DOCTYPE html><script>"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b""), None);
    }

    /// A PNG whose header claims `w`×`h` at 16-bit RGBA, with a few bytes of image data:
    /// what a decompression bomb's header looks like.
    fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFFu32;
            for b in bytes {
                crc ^= u32::from(*b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
            }
            !crc
        }
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            let body = [kind, data].concat();
            c.extend_from_slice(&body);
            c.extend_from_slice(&crc32(&body).to_be_bytes());
            c
        };
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[16, 6, 0, 0, 0]); // 16-bit RGBA
        [
            b"\x89PNG\r\n\x1a\n".to_vec(),
            chunk(b"IHDR", &ihdr),
            chunk(b"IDAT", &[0x78, 0x9c, 3, 0, 0, 0, 0, 1]),
            chunk(b"IEND", &[]),
        ]
        .concat()
    }

    #[test]
    fn images_over_24_megapixels_are_refused_from_the_header_and_decodes_are_capped() {
        let defaults = StorageSettings::local(std::env::temp_dir(), "k");
        assert_eq!(defaults.image_max_pixels, 24_000_000);
        let dir = tempfile_dir();
        // 5000×5000 = 25 MP: refused before a pixel is decoded (a 40 MP limit let it through
        // to a decode of 200 MB).
        let path = dir.join("big.png");
        std::fs::write(&path, png_claiming(5000, 5000)).unwrap();
        let r = check_image(&path, "image/png", defaults.image_max_side, defaults.image_max_pixels);
        assert_eq!(r.unwrap_err(), Rejection::TooManyPixels);
        // 4800×4800 = 23 MP passes the count, but 16-bit RGBA needs 184 MB: over the
        // decoder's allocation cap, refused the same way instead of allocated.
        let path = dir.join("deep.png");
        std::fs::write(&path, png_claiming(4800, 4800)).unwrap();
        let r = check_image(&path, "image/png", defaults.image_max_side, defaults.image_max_pixels);
        assert_eq!(r.unwrap_err(), Rejection::TooManyPixels);
        assert_eq!(DECODE_SLOTS.available_permits(), 1, "one decode at a time per process");
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("pulse-inspect-{}-{}", std::process::id(), line!()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn names_with_paths_are_refused() {
        assert_eq!(clean_file_name("  سيرتي الذاتية.pdf "), Ok("سيرتي الذاتية.pdf".into()));
        for bad in ["../../etc/passwd", "..\\boot.ini", "a/b.png", "", "   ", "x\u{0}.png", "a\u{202E}gnp.exe", ".."] {
            assert_eq!(clean_file_name(bad), Err(Rejection::BadName), "{bad:?}");
        }
        assert_eq!(clean_file_name(&"a".repeat(201)), Err(Rejection::BadName));
    }

    #[test]
    fn videos_are_read_only_by_the_demuxer_of_their_sniffed_type() {
        let mp4 = sniff(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom").unwrap();
        assert_eq!(video_demuxer(mp4.mime), Some("mov,mp4,m4a,3gp,3g2,mj2"));
        assert_eq!(video_demuxer("video/quicktime"), Some("mov,mp4,m4a,3gp,3g2,mj2"));
        assert_eq!(video_demuxer("video/webm"), Some("matroska,webm"));
        for other in ["application/vnd.apple.mpegurl", "video/x-matroska", "video/mp2t", "image/png", ""] {
            assert_eq!(video_demuxer(other), None, "{other}");
        }
    }

    #[test]
    fn every_rejection_has_a_code_that_reads_back() {
        for r in ALL {
            assert_eq!(Rejection::from_code(r.code()), Some(r));
            assert!(r.status() < 500 || r == Rejection::CannotCheck);
        }
    }
}
