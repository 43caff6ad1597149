//! Image generation behind one interface: [`ImageProvider::generate`] takes an
//! [`ImageRequest`] (a prompt, how many pictures, an aspect ratio, and for an edit the
//! picture to change) and returns the pictures as they arrive, as an [`ImageStream`].
//!
//! - [`openai::OpenAiImages`]: `POST /images/generations` (and `/images/edits`), all
//!   pictures in one answer.
//! - [`gemini::GeminiImages`]: Gemini 2.5 Flash Image ("Nano Banana") through
//!   `:generateContent`, one picture per call (N calls at once for N pictures).
//! - [`replicate::ReplicateImages`]: a Replicate prediction (sync wait, then polling), its
//!   output files downloaded.
//! - [`stability::StabilityImages`]: Stability's Stable Image (`/stable-image/generate/core`),
//!   one picture per call.
//! - [`demo::DemoImages`]: offline, deterministic pictures drawn from the prompt.
//!
//! Common rules:
//! - **Results.** Every picture is checked by its magic bytes (PNG, JPEG or WebP, else
//!   `Protocol`) and may be at most [`MAX_IMAGE_BYTES`] (else `Protocol`). Its `mime` is the
//!   one the bytes say, not what the provider claimed.
//! - **Partial results.** A stream that ends (without an `Err`) after fewer pictures than
//!   asked is a partial result, not an error: some providers return fewer, and when one of
//!   several calls fails after another succeeded, the pictures made are kept.
//! - **Safety.** A refusal by the provider's safety system is [`ProviderError::Safety`]; it
//!   is never retried on another model.
//! - **Time.** An image call can take long: each HTTP call waits at most
//!   `timeouts.first_byte` for its *whole* answer (headers and body), then `Timeout`.
//! - Dropping the stream drops the requests still running.

pub mod demo;
pub mod gemini;
pub mod openai;
pub mod replicate;
pub mod stability;

pub use demo::DemoImages;
pub use gemini::GeminiImages;
pub use openai::OpenAiImages;
pub use replicate::ReplicateImages;
pub use stability::StabilityImages;

use crate::{http, ProviderError};
use base64::Engine as _;
use futures_util::future::BoxFuture;
use futures_util::stream::{self, FuturesUnordered, StreamExt};
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::pin::Pin;
use tokio::time::Instant;

/// Aspect ratios the studio offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Aspect {
    #[serde(rename = "1:1")]
    Square,
    #[serde(rename = "4:5")]
    Portrait,
    #[serde(rename = "9:16")]
    Story,
    #[serde(rename = "16:9")]
    Wide,
}

impl Aspect {
    pub const ALL: [Aspect; 4] = [Aspect::Square, Aspect::Portrait, Aspect::Story, Aspect::Wide];

    /// `"1:1"`, `"4:5"`, `"9:16"` or `"16:9"`, as the providers (and the app) spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Square => "1:1",
            Aspect::Portrait => "4:5",
            Aspect::Story => "9:16",
            Aspect::Wide => "16:9",
        }
    }

    pub fn parse(s: &str) -> Option<Aspect> {
        Aspect::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A picture to edit: its content type (`image/png`, `image/jpeg`, `image/webp`) and bytes.
/// (`Debug` shows the size, not the bytes.)
#[derive(Clone, PartialEq, Eq)]
pub struct SourceImage {
    pub mime: String,
    pub data: Vec<u8>,
}

impl fmt::Debug for SourceImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceImage").field("mime", &self.mime).field("bytes", &self.data.len()).finish()
    }
}

/// What is sent to an image provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRequest {
    /// The provider's own model name (the gateway fills it in for each model it tries).
    pub model: String,
    /// The whole prompt (any style preset's text already included).
    pub prompt: String,
    /// How many pictures, 1 to 4 (clients clamp to that range; the gateway refuses others).
    pub count: u8,
    pub aspect: Aspect,
    /// `Some`: an edit of this picture (one picture is made, whatever `count` says).
    pub source: Option<SourceImage>,
}

impl ImageRequest {
    /// How many pictures to ask for: `count` within 1..=4, and 1 for an edit.
    pub(crate) fn wanted(&self) -> u8 {
        if self.source.is_some() {
            1
        } else {
            self.count.clamp(1, MAX_COUNT)
        }
    }
}

/// A picture made: its content type (`image/png`, `image/jpeg` or `image/webp`, checked by
/// its magic bytes) and bytes. (`Debug` shows the size, not the bytes.)
#[derive(Clone, PartialEq, Eq)]
pub struct GeneratedImage {
    pub mime: String,
    pub data: Vec<u8>,
}

impl fmt::Debug for GeneratedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeneratedImage").field("mime", &self.mime).field("bytes", &self.data.len()).finish()
    }
}

impl GeneratedImage {
    /// Checks bytes a provider returned: at most [`MAX_IMAGE_BYTES`], and a PNG, JPEG or
    /// WebP by its magic bytes; else `Protocol`.
    pub fn from_bytes(data: Vec<u8>) -> Result<GeneratedImage, ProviderError> {
        if data.len() > MAX_IMAGE_BYTES {
            return Err(too_large());
        }
        match sniff_mime(&data) {
            Some(mime) => Ok(GeneratedImage { mime: mime.to_string(), data }),
            None => Err(ProviderError::Protocol("the provider returned something that is not an image".into())),
        }
    }
}

/// Pictures as each arrives. An error comes as an `Err` item, after which the stream ends.
/// A stream that ends after fewer than `count` pictures is a **partial** result (not an
/// error).
pub type ImageStream = Pin<Box<dyn Stream<Item = Result<GeneratedImage, ProviderError>> + Send>>;

/// One image provider's client.
pub trait ImageProvider: Send + Sync + std::fmt::Debug {
    /// Starts making the pictures. An error known before any picture may come back here or
    /// as the stream's first item (callers handle both; the gateway treats them alike).
    fn generate(&self, request: ImageRequest) -> BoxFuture<'_, Result<ImageStream, ProviderError>>;
}

/// The most pictures one request may ask for.
pub const MAX_COUNT: u8 = 4;

/// The most bytes one picture may have (20 MB).
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;

/// `image/png`, `image/jpeg` or `image/webp` by the first bytes, else `None`.
pub fn sniff_mime(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn too_large() -> ProviderError {
    ProviderError::Protocol(format!("an image is larger than {} MB", MAX_IMAGE_BYTES / (1024 * 1024)))
}

/// The refusal for an edit sent to a model that cannot edit.
pub(crate) fn no_edits(who: &str) -> ProviderError {
    ProviderError::Rejected { status: 400, message: format!("{who} cannot edit images") }
}

/// A model name that is safe in a URL path: ASCII letters, digits, `-`, `.`, `_`, not
/// starting with `.`.
pub(crate) fn check_model_name(model: &str) -> Result<(), ProviderError> {
    if model.is_empty()
        || model.starts_with('.')
        || !model.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
    {
        return Err(ProviderError::Rejected { status: 400, message: format!("bad model name {model:?}") });
    }
    Ok(())
}

/// A base64 picture (padding optional), checked like [`GeneratedImage::from_bytes`].
pub(crate) fn decode_base64(b64: &str) -> Result<GeneratedImage, ProviderError> {
    const ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let b64 = b64.trim();
    if b64.len() / 4 * 3 > MAX_IMAGE_BYTES + 3 {
        return Err(too_large());
    }
    let data = ENGINE.decode(b64).map_err(|e| ProviderError::Protocol(format!("an image is not valid base64: {e}")))?;
    GeneratedImage::from_bytes(data)
}

/// A `data:image/...;base64,...` URL's picture; `None` if `url` is not such a URL.
pub(crate) fn data_url(url: &str) -> Option<Result<GeneratedImage, ProviderError>> {
    let rest = url.trim().strip_prefix("data:")?;
    let (meta, data) = rest.split_once(',')?;
    if !meta.starts_with("image/") || !meta.ends_with(";base64") {
        return None;
    }
    Some(decode_base64(data))
}

/// Room for the JSON answer carrying `images` base64 pictures.
pub(crate) fn json_limit(images: usize) -> usize {
    images.max(1) * (MAX_IMAGE_BYTES / 3 * 4 + 8) + 1024 * 1024
}

/// Reads a whole body, by `deadline` (else `Timeout`) and at most `limit` bytes (else
/// `Protocol`). A connection that breaks is a `Network` error (worth a fallback).
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
    deadline: Instant,
    secret: Option<&str>,
) -> Result<Vec<u8>, ProviderError> {
    let too_big = || {
        if limit == MAX_IMAGE_BYTES {
            too_large()
        } else {
            ProviderError::Protocol(format!("the answer is larger than {limit} bytes"))
        }
    };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, response.chunk()).await {
            Err(_) => return Err(ProviderError::Timeout),
            Ok(Err(e)) => return Err(http::transport_error(e, secret)),
            Ok(Ok(None)) => return Ok(body),
            Ok(Ok(Some(chunk))) => {
                if body.len() + chunk.len() > limit {
                    return Err(too_big());
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
}

/// Parses a JSON answer.
pub(crate) fn parse_json(body: &[u8]) -> Result<serde_json::Value, ProviderError> {
    serde_json::from_slice(body).map_err(|e| ProviderError::Protocol(format!("unreadable answer: {e}")))
}

/// Whether `url` is on the same scheme, host and port as `base`: only then may a provider's
/// key go with a request to it (output files are often on another host, which must never
/// see the key).
pub(crate) fn same_origin(url: &reqwest::Url, base: &str) -> bool {
    match reqwest::Url::parse(base) {
        Ok(base) => {
            url.scheme() == base.scheme()
                && url.host_str() == base.host_str()
                && url.port_or_known_default() == base.port_or_known_default()
        }
        Err(_) => false,
    }
}

/// Downloads a picture the provider made: a `data:` URL is decoded; an `http(s)` URL is
/// fetched by `deadline`, with `Authorization: Bearer <key>` only when it is on the same
/// origin as `base_url` (reqwest drops the header on redirects to other hosts too).
pub(crate) async fn download(
    client: &reqwest::Client,
    url: &str,
    base_url: &str,
    key: Option<&str>,
    deadline: Instant,
) -> Result<GeneratedImage, ProviderError> {
    if let Some(image) = data_url(url) {
        return image;
    }
    let parsed = reqwest::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| ProviderError::Protocol(format!("bad image URL {:?}", http::truncate(url, 200))))?;
    let mut builder = client.get(parsed.clone());
    if let Some(key) = key.filter(|_| same_origin(&parsed, base_url)) {
        builder = builder.header(reqwest::header::AUTHORIZATION, http::secret_header(&format!("Bearer {key}"))?);
    }
    let (response, _) = http::start_until(builder, deadline, key, |_, _, _| None).await?;
    let body = read_body(response, MAX_IMAGE_BYTES, deadline, key).await?;
    GeneratedImage::from_bytes(body)
}

/// Ends a stream after its first `Err`.
pub(crate) fn until_error(
    items: impl Stream<Item = Result<GeneratedImage, ProviderError>> + Send + 'static,
) -> ImageStream {
    items
        .scan(false, |failed, item| {
            let next = if *failed {
                None
            } else {
                *failed = item.is_err();
                Some(item)
            };
            std::future::ready(next)
        })
        .boxed()
}

/// Runs `count` one-picture calls at once (`call(i)` makes the i-th) and yields each picture
/// as its call completes. Errors are held until every call is done, then:
/// - if any call was refused by the safety system, its `Safety` error ends the stream (after
///   the pictures the other calls made);
/// - else if no call made a picture, the first error to arrive is the only item;
/// - else the stream just ends after the pictures: a partial result.
pub(crate) fn fan_out(
    count: u8,
    call: impl Fn(usize) -> BoxFuture<'static, Result<GeneratedImage, ProviderError>>,
) -> ImageStream {
    struct State {
        calls: FuturesUnordered<BoxFuture<'static, Result<GeneratedImage, ProviderError>>>,
        made: usize,
        errors: Vec<ProviderError>,
        done: bool,
    }
    let calls: FuturesUnordered<_> = (0..usize::from(count.max(1))).map(call).collect();
    let state = State { calls, made: 0, errors: Vec::new(), done: false };
    stream::unfold(state, |mut st| async move {
        if st.done {
            return None;
        }
        while let Some(result) = st.calls.next().await {
            match result {
                Ok(image) => {
                    st.made += 1;
                    return Some((Ok(image), st));
                }
                Err(e) => st.errors.push(e),
            }
        }
        st.done = true;
        let safety = st.errors.iter().position(|e| matches!(e, ProviderError::Safety(_)));
        let error = match safety {
            Some(i) => Some(st.errors.swap_remove(i)),
            None if st.made == 0 && !st.errors.is_empty() => Some(st.errors.swap_remove(0)),
            None => {
                if let Some(e) = st.errors.first() {
                    tracing::warn!(error = %e, made = st.made, "image calls failed; returning the pictures made");
                }
                None
            }
        };
        error.map(|e| (Err(e), st))
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n0000";

    #[test]
    fn aspects_round_trip() {
        for a in Aspect::ALL {
            assert_eq!(Aspect::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), serde_json::json!(a.as_str()));
        }
        assert_eq!(Aspect::parse("3:2"), None);
        assert_eq!(serde_json::from_str::<Aspect>("\"9:16\"").unwrap(), Aspect::Story);
    }

    #[test]
    fn magic_bytes_and_limits() {
        assert_eq!(sniff_mime(PNG), Some("image/png"));
        assert_eq!(sniff_mime(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_mime(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_mime(b"GIF89a"), None);
        assert_eq!(sniff_mime(b"<html>"), None);
        assert!(matches!(GeneratedImage::from_bytes(b"{\"error\":1}".to_vec()), Err(ProviderError::Protocol(_))));
        let mut big = PNG.to_vec();
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(matches!(GeneratedImage::from_bytes(big), Err(ProviderError::Protocol(m)) if m.contains("20 MB")));
        assert_eq!(decode_base64("iVBORw0KGgowMDAw").unwrap().data, PNG);
        assert_eq!(decode_base64("iVBORw0KGgowMDAw").unwrap().mime, "image/png");
        assert!(matches!(decode_base64("not base64!"), Err(ProviderError::Protocol(_))));
        assert_eq!(data_url("data:image/png;base64,iVBORw0KGgowMDAw").unwrap().unwrap().data, PNG);
        assert!(data_url("https://x/y.png").is_none());
    }

    #[test]
    fn keys_only_go_to_the_providers_own_origin() {
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        assert!(same_origin(&url("https://api.replicate.com/v1/predictions/x"), "https://api.replicate.com/v1"));
        assert!(same_origin(&url("https://api.replicate.com:443/x"), "https://api.replicate.com/v1"));
        assert!(!same_origin(&url("https://replicate.delivery/x.png"), "https://api.replicate.com/v1"));
        assert!(!same_origin(&url("http://api.replicate.com/x"), "https://api.replicate.com/v1"));
        assert!(!same_origin(&url("http://127.0.0.1:2/x"), "http://127.0.0.1:1/v1"));
    }

    #[test]
    fn edits_make_one_picture_and_counts_are_clamped() {
        let mut r =
            ImageRequest { model: "m".into(), prompt: "p".into(), count: 9, aspect: Aspect::Square, source: None };
        assert_eq!(r.wanted(), 4);
        r.count = 0;
        assert_eq!(r.wanted(), 1);
        r.count = 3;
        r.source = Some(SourceImage { mime: "image/png".into(), data: PNG.to_vec() });
        assert_eq!(r.wanted(), 1);
    }

    #[tokio::test]
    async fn fan_out_keeps_pictures_and_reports_safety() {
        let ok = || GeneratedImage::from_bytes(PNG.to_vec());
        let run = |results: Vec<Result<GeneratedImage, ProviderError>>| {
            let n = results.len() as u8;
            let results = std::sync::Mutex::new(results.into_iter().map(Some).collect::<Vec<_>>());
            let s = fan_out(n, move |i| {
                let r = results.lock().unwrap()[i].take().unwrap();
                Box::pin(async move { r })
            });
            s.collect::<Vec<_>>()
        };
        let busy = ProviderError::Unavailable { status: 503 };
        let items = run(vec![ok(), Err(busy.clone())]).await;
        assert_eq!(items, vec![ok()], "partial");
        let items = run(vec![Err(busy.clone()), Err(ProviderError::Timeout)]).await;
        assert_eq!(items, vec![Err(busy)], "all failed: the first error");
        let safety = ProviderError::Safety("no".into());
        let items = run(vec![Err(safety.clone()), ok()]).await;
        assert_eq!(items, vec![ok(), Err(safety)], "safety is reported after the pictures");
    }
}
