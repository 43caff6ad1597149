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
//!   `Protocol`), may be at most [`MAX_IMAGE_BYTES`], and its header must give its size, at
//!   most [`MAX_IMAGE_PIXELS`] (else `Protocol`). Its `mime` is the one the bytes say, not
//!   what the provider claimed.
//! - **Downloads.** A picture given as a URL (Replicate's outputs, OpenAI's `data[].url`) is
//!   only fetched from the provider's own base URL host or the client's allowed download
//!   hosts (`with_download_hosts`): `https` only (plain `http` only on the base URL's origin
//!   or an allowed exact `host:port`), no user name or password in the URL, no IP literal
//!   in a loopback, private, link-local or unspecified range (unless allowed exactly).
//!   Redirects are followed by hand, at most [`MAX_REDIRECTS`], each hop checked the same
//!   way. Anything else is `Protocol`, and no request is sent to that host.
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
    /// Checks bytes a provider returned: at most [`MAX_IMAGE_BYTES`], a PNG, JPEG or WebP by
    /// its magic bytes, whose header gives its width and height, at most
    /// [`MAX_IMAGE_PIXELS`] in all; else `Protocol`. (Only the header is read, the pixels
    /// are not decoded.)
    pub fn from_bytes(data: Vec<u8>) -> Result<GeneratedImage, ProviderError> {
        if data.len() > MAX_IMAGE_BYTES {
            return Err(too_large());
        }
        let Some(mime) = sniff_mime(&data) else {
            return Err(ProviderError::Protocol("the provider returned something that is not an image".into()));
        };
        let (width, height) = dimensions(&data).ok_or_else(|| {
            ProviderError::Protocol(format!(
                "the provider returned an unreadable image ({mime}: no size in its header)"
            ))
        })?;
        if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
            return Err(ProviderError::Protocol(format!(
                "the provider returned an image of {width}×{height} pixels (at most {} megapixels)",
                MAX_IMAGE_PIXELS / 1_000_000
            )));
        }
        Ok(GeneratedImage { mime: mime.to_string(), data })
    }
}

/// Width and height from an image's header (the pixels are not decoded).
fn dimensions(data: &[u8]) -> Option<(u32, u32)> {
    ::image::ImageReader::new(std::io::Cursor::new(data)).with_guessed_format().ok()?.into_dimensions().ok()
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

/// The most pixels (width × height) one picture may have (50 megapixels).
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// The most redirects one download follows (each to an allowed host).
pub const MAX_REDIRECTS: usize = 3;

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

/// One entry of a download allowlist: an exact host (any port, or the one given) or every
/// subdomain of a suffix (`*.replicate.delivery`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum HostRule {
    Exact { host: String, port: Option<u16> },
    Suffix(String),
}

impl HostRule {
    /// `host`, `host:port`, `[v6]`, `[v6]:port` or `*.suffix`; `None` for anything else (a
    /// scheme, a path, user info, a bare `*`).
    fn parse(entry: &str) -> Option<HostRule> {
        let entry = entry.trim().to_ascii_lowercase();
        if entry.is_empty() || entry.contains(['/', '@', '?', '#', ' ']) {
            return None;
        }
        if let Some(suffix) = entry.strip_prefix("*.") {
            let suffix = suffix.trim_end_matches('.');
            let label_ok = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            return suffix.split('.').all(label_ok).then(|| HostRule::Suffix(suffix.to_string()));
        }
        let (host, port) = if let Some(rest) = entry.strip_prefix('[') {
            let (v6, after) = rest.split_once(']')?;
            let ip: std::net::Ipv6Addr = v6.parse().ok()?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':')?.parse().ok()?),
            };
            (format!("[{ip}]"), port)
        } else {
            let (host, port) = match entry.split_once(':') {
                Some((h, p)) => (h, Some(p.parse().ok()?)),
                None => (entry.as_str(), None),
            };
            let host = host.trim_end_matches('.');
            let ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c));
            if !ok {
                return None;
            }
            match host.parse::<std::net::Ipv4Addr>() {
                Ok(ip) => (ip.to_string(), port),
                Err(_) => (host.to_string(), port),
            }
        };
        Some(HostRule::Exact { host, port })
    }
}

/// An address no provider file lives on: loopback, private, link-local, unspecified (and
/// shared, broadcast, multicast, documentation ranges; IPv4-mapped IPv6 as its IPv4).
fn internal_ip(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (b & 0xC0) == 64)
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => internal_ip(IpAddr::V4(v4)),
            None => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || v6.is_unique_local()
                    || v6.is_unicast_link_local()
            }
        },
    }
}

/// Fetches the files a provider points to (pictures, and videos for [`crate::video`]), only
/// from allowed hosts (see the module's "Downloads"). Its client never follows redirects by
/// itself.
#[derive(Clone, Debug)]
pub(crate) struct Downloads {
    client: reqwest::Client,
    hosts: Vec<String>,
    rules: Vec<HostRule>,
    /// What is downloaded, for messages: `image` (the default) or `video`.
    what: &'static str,
}

impl Downloads {
    pub(crate) fn new(timeouts: &crate::Timeouts, hosts: Vec<String>) -> Downloads {
        Downloads { client: http::download_client(timeouts), hosts: Vec::new(), rules: Vec::new(), what: "image" }
            .with_hosts(hosts)
    }

    /// Names what is downloaded in messages (`image` unless told).
    pub(crate) fn of(mut self, what: &'static str) -> Downloads {
        self.what = what;
        self
    }

    /// Replaces the allowed hosts (entries that cannot be read are left out, with a warning).
    pub(crate) fn with_hosts(mut self, hosts: Vec<String>) -> Downloads {
        self.rules = hosts
            .iter()
            .filter_map(|h| {
                let rule = HostRule::parse(h);
                if rule.is_none() {
                    tracing::warn!(entry = %h, "ignoring a download host entry that is not a host, host:port or *.suffix");
                }
                rule
            })
            .collect();
        self.hosts = hosts;
        self
    }

    pub(crate) fn hosts(&self) -> &[String] {
        &self.hosts
    }

    /// Whether `url` may be fetched for a provider at `base_url`; else why not (`Protocol`).
    pub(crate) fn check(&self, url: &reqwest::Url, base_url: &str) -> Result<(), ProviderError> {
        let shown = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
        let what = self.what;
        let refuse = |why: &str| {
            Err(ProviderError::Protocol(format!("refused to download {} {what} from {shown}: {why}", article(what))))
        };
        if !matches!(url.scheme(), "http" | "https") {
            return refuse("not an http(s) URL");
        }
        if !url.username().is_empty() || url.password().is_some() {
            return refuse("the URL carries a user name or password");
        }
        let Some(host_str) = url.host_str() else {
            return refuse("no host");
        };
        // For http(s) URLs the parser has already turned every numeric host into an IP.
        let ip: Option<std::net::IpAddr> = match host_str.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Some(v6) => v6.parse().ok(),
            None => host_str.parse().ok(),
        };
        let port = url.port_or_known_default();
        let base = reqwest::Url::parse(base_url).ok();
        let home_host = base.as_ref().is_some_and(|b| b.host_str() == Some(host_str));
        let home_origin = same_origin(url, base_url);
        let exact = |with_port: bool| {
            self.rules.iter().any(|r| match r {
                HostRule::Exact { host, port: p } => {
                    host == host_str && if with_port { p.is_some() && *p == port } else { p.is_none() || *p == port }
                }
                HostRule::Suffix(_) => false,
            })
        };
        let exactly_allowed = home_host || exact(false);
        let by_suffix = match ip {
            Some(ip) if internal_ip(ip) && !exactly_allowed => return refuse("an internal address"),
            Some(_) => false,
            None => self.rules.iter().any(|r| match r {
                HostRule::Suffix(suffix) => {
                    host_str.strip_suffix(suffix.as_str()).is_some_and(|sub| sub.len() > 1 && sub.ends_with('.'))
                }
                HostRule::Exact { .. } => false,
            }),
        };
        if !(exactly_allowed || by_suffix) {
            return refuse("not an allowed host");
        }
        if url.scheme() == "http" && !(home_origin || exact(true)) {
            return refuse("plain http");
        }
        Ok(())
    }

    /// Downloads a picture the provider made: a `data:` URL is decoded; an `http(s)` URL is
    /// opened with [`Downloads::open`] (`Authorization: Bearer <key>` only to the base URL's
    /// own origin) and read by `deadline`.
    pub(crate) async fn fetch(
        &self,
        url: &str,
        base_url: &str,
        key: Option<&str>,
        deadline: Instant,
    ) -> Result<GeneratedImage, ProviderError> {
        if let Some(image) = data_url(url) {
            return image;
        }
        let bearer = key.map(|k| format!("Bearer {k}"));
        let credential = bearer.as_deref().map(|b| (reqwest::header::AUTHORIZATION.as_str(), b));
        let response = self.open(url, base_url, credential, key, deadline).await?;
        let body = read_body(response, MAX_IMAGE_BYTES, deadline, key).await?;
        GeneratedImage::from_bytes(body)
    }

    /// Opens a file a provider points to: an `http(s)` URL, checked ([`Downloads::check`]),
    /// whose response headers must arrive by `deadline`, following at most [`MAX_REDIRECTS`]
    /// redirects, each hop checked too. `credential` (a header name and value) goes only to
    /// the base URL's own origin, hop by hop: a hop to another host never gets it. Returns the
    /// final (successful) response, its body unread; an error status is its error, as
    /// [`http::status_error`] says. `secret` is removed from messages.
    pub(crate) async fn open(
        &self,
        url: &str,
        base_url: &str,
        credential: Option<(&str, &str)>,
        secret: Option<&str>,
        deadline: Instant,
    ) -> Result<reqwest::Response, ProviderError> {
        let what = self.what;
        let mut current = reqwest::Url::parse(url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| ProviderError::Protocol(format!("bad {what} URL {:?}", http::truncate(url, 200))))?;
        self.check(&current, base_url)?;
        let mut hops = 0;
        loop {
            let mut builder = self.client.get(current.clone());
            if let Some((name, value)) = credential.filter(|_| same_origin(&current, base_url)) {
                builder = builder.header(name, http::secret_header(value)?);
            }
            let response = http::send_until(builder, deadline, secret).await?;
            if response.status().is_redirection() {
                hops += 1;
                if hops > MAX_REDIRECTS {
                    return Err(ProviderError::Protocol(format!(
                        "{} {what} download redirected more than {MAX_REDIRECTS} times",
                        article(what)
                    )));
                }
                let next = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| current.join(l).ok())
                    .ok_or_else(|| {
                        ProviderError::Protocol(format!(
                            "{} {what} download answered {} without a usable location",
                            article(what),
                            response.status().as_u16()
                        ))
                    })?;
                self.check(&next, base_url)?;
                current = next;
                continue;
            }
            return http::check_status(response, deadline, secret, |_, _, _| None).await;
        }
    }
}

/// `a` or `an` before a word.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
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
pub(crate) mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n0000";

    /// A real `w`×`h` PNG.
    pub(crate) fn tiny_png(w: u32, h: u32) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        ::image::GrayImage::new(w, h).write_to(&mut out, ::image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// A PNG whose header claims `w`×`h` (only the signature and IHDR: no pixels).
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n\0\0\0\x0d".to_vec();
        out.extend_from_slice(&ihdr);
        out.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        // The start of the pixel data (a reader stops there for the header).
        out.extend_from_slice(b"\0\0\0\x0bIDAT\x78\x9c");
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

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
        let png = tiny_png(3, 2);
        let b64 = http::base64(&png);
        assert_eq!(decode_base64(&b64).unwrap().data, png);
        assert_eq!(decode_base64(&b64).unwrap().mime, "image/png");
        assert_eq!(decode_base64(b64.trim_end_matches('=')).unwrap().data, png, "padding optional");
        assert!(matches!(decode_base64("not base64!"), Err(ProviderError::Protocol(_))));
        assert_eq!(data_url(&format!("data:image/png;base64,{b64}")).unwrap().unwrap().data, png);
        assert!(data_url("https://x/y.png").is_none());
    }

    #[test]
    fn pictures_need_a_readable_size_of_at_most_50_megapixels() {
        let protocol = |data: Vec<u8>| matches!(GeneratedImage::from_bytes(data), Err(ProviderError::Protocol(_)));
        assert!(protocol(PNG.to_vec()), "a PNG signature without a header");
        assert!(protocol(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), "a JPEG signature without a frame");
        assert!(protocol(b"RIFF\x10\0\0\0WEBPVP8 ".to_vec()), "a WebP signature without a frame");
        assert_eq!(GeneratedImage::from_bytes(png_header(5000, 10_000)).unwrap().mime, "image/png", "50 MP");
        let huge = GeneratedImage::from_bytes(png_header(5000, 10_001));
        assert!(matches!(&huge, Err(ProviderError::Protocol(m)) if m.contains("5000×10001")), "{huge:?}");
        assert!(protocol(png_header(1, 0)), "no pixels");
        assert!(protocol(png_header(100_000, 100_000)));
        let mut jpeg = std::io::Cursor::new(Vec::new());
        ::image::RgbImage::new(4, 3).write_to(&mut jpeg, ::image::ImageFormat::Jpeg).unwrap();
        assert_eq!(GeneratedImage::from_bytes(jpeg.into_inner()).unwrap().mime, "image/jpeg");
        let mut webp = std::io::Cursor::new(Vec::new());
        ::image::RgbaImage::new(4, 3).write_to(&mut webp, ::image::ImageFormat::WebP).unwrap();
        assert_eq!(GeneratedImage::from_bytes(webp.into_inner()).unwrap().mime, "image/webp");
    }

    #[test]
    fn host_rules() {
        let exact = |host: &str, port: Option<u16>| Some(HostRule::Exact { host: host.into(), port });
        assert_eq!(HostRule::parse("Replicate.Delivery"), exact("replicate.delivery", None));
        assert_eq!(HostRule::parse("127.0.0.1:8080"), exact("127.0.0.1", Some(8080)));
        assert_eq!(HostRule::parse("[0:0::1]:9"), exact("[::1]", Some(9)));
        assert_eq!(HostRule::parse("*.replicate.delivery"), Some(HostRule::Suffix("replicate.delivery".into())));
        for bad in ["", "*", "*.", "https://x.com", "x.com/a", "u@x.com", "x.com:port", "x.com:99999", "[::1"] {
            assert_eq!(HostRule::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn downloads_only_from_allowed_hosts() {
        let timeouts = crate::Timeouts::default();
        let d = Downloads::new(&timeouts, vec!["replicate.delivery".into(), "*.replicate.delivery".into()]);
        let base = "https://api.replicate.com/v1";
        let ok = |d: &Downloads, u: &str| d.check(&reqwest::Url::parse(u).unwrap(), base).is_ok();
        assert!(ok(&d, "https://replicate.delivery/xezq/out-0.webp"));
        assert!(ok(&d, "https://pbxt.replicate.delivery/a.png"));
        assert!(ok(&d, "https://a.b.replicate.delivery/a.png"));
        assert!(ok(&d, "https://api.replicate.com/v1/files/x"), "the base URL's host");
        assert!(ok(&d, "https://api.replicate.com:8443/x"), "the base host, another port, https");
        assert!(!ok(&d, "http://api.replicate.com:8443/x"), "plain http off the base origin");
        assert!(!ok(&d, "http://replicate.delivery/a.png"), "plain http");
        assert!(!ok(&d, "https://evilreplicate.delivery/a.png"));
        assert!(!ok(&d, "https://replicate.delivery.evil.com/a.png"));
        assert!(!ok(&d, "https://example.com/a.png"));
        assert!(!ok(&d, "https://user:pw@replicate.delivery/a.png"), "user info");
        assert!(!ok(&d, "https://user@replicate.delivery/a.png"), "user info");
        assert!(!ok(&d, "ftp://replicate.delivery/a.png"));
        for internal in [
            "http://169.254.169.254/latest/meta-data",
            "https://169.254.169.254/x",
            "https://127.0.0.1/x",
            "https://2130706433/x",
            "https://0x7f.1/x",
            "https://10.0.0.1/x",
            "https://192.168.1.1/x",
            "https://172.16.0.1/x",
            "https://100.64.0.1/x",
            "https://0.0.0.0/x",
            "https://[::1]/x",
            "https://[::]/x",
            "https://[fe80::1]/x",
            "https://[fd00::1]/x",
            "https://[::ffff:127.0.0.1]/x",
            "https://8.8.8.8/x",
            "https://localhost/x",
            "https://metadata.google.internal/x",
        ] {
            assert!(!ok(&d, internal), "{internal}");
        }
        let err = d.check(&reqwest::Url::parse("http://169.254.169.254/x?sig=secret").unwrap(), base).unwrap_err();
        assert!(
            matches!(&err, ProviderError::Protocol(m) if m.contains("internal") && !m.contains("secret")),
            "{err:?}"
        );
        // Exactly allowed (tests): an IP with its port may be fetched over plain http.
        let d = d.with_hosts(vec!["127.0.0.1:8080".into(), "10.1.2.3".into()]);
        assert!(ok(&d, "http://127.0.0.1:8080/a.png"));
        assert!(!ok(&d, "http://127.0.0.1:8081/a.png"), "another port");
        assert!(ok(&d, "https://10.1.2.3/a.png"));
        assert!(!ok(&d, "http://10.1.2.3/a.png"), "plain http needs host:port");
        assert!(!ok(&d, "https://replicate.delivery/a.png"), "the list was replaced");
        // The base URL's own origin may be plain http (a local fake or proxy).
        let local = "http://127.0.0.1:9/v1";
        assert!(d.check(&reqwest::Url::parse("http://127.0.0.1:9/files/a.png").unwrap(), local).is_ok());
        assert!(d.check(&reqwest::Url::parse("http://127.0.0.1:10/files/a.png").unwrap(), local).is_err());
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
        let ok = || GeneratedImage::from_bytes(tiny_png(1, 1));
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
