//! What every HTTP client shares: sending with timeouts, mapping HTTP errors, and turning a
//! server-sent-events body into [`Event`]s through a provider-specific [`Decoder`].

use crate::sse::{SseEvent, SseParser};
use crate::{Event, EventStream, ProviderError, Timeouts};
use base64::Engine as _;
use futures_util::stream::{BoxStream, StreamExt};
use reqwest::header::{HeaderMap, HeaderValue};
use std::collections::VecDeque;
use std::time::Duration;
use tokio::time::Instant;

pub(crate) type Queue = VecDeque<Result<Event, ProviderError>>;

/// What a decoder wants after an event.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    /// The provider said the answer is over: flush with [`Decoder::finish`] and stop reading.
    Done,
    /// The decoder queued an `Err`: stop reading.
    Failed,
}

/// Reads one provider's events.
pub(crate) trait Decoder: Send + 'static {
    fn on_event(&mut self, event: SseEvent, out: &mut Queue) -> Flow;
    /// The provider has already said how the answer ends (finish reason): the connection
    /// closing now is a normal end, not a cut.
    fn is_complete(&self) -> bool;
    /// The stream ended normally: queue what was held back (usage, finish reason).
    fn finish(&mut self, out: &mut Queue);
}

/// One HTTP client for all providers. reqwest is built with `rustls-no-provider`: if the
/// process has not installed a rustls crypto provider yet, ring is installed here.
///
/// # Panics
/// Only if the TLS backend cannot be initialised (as `reqwest::Client::new` would).
pub(crate) fn http_client(timeouts: &Timeouts) -> reqwest::Client {
    client_builder(timeouts).build().expect("the HTTP client builds (TLS backend available)")
}

/// The client for downloading the files a provider points to (output pictures on other
/// hosts): as [`http_client`], but it never follows a redirect by itself, so that each hop
/// can be checked against the caller's allowed hosts first (see `image::Downloads`).
///
/// # Panics
/// Only if the TLS backend cannot be initialised (as `reqwest::Client::new` would).
pub(crate) fn download_client(timeouts: &Timeouts) -> reqwest::Client {
    client_builder(timeouts)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the HTTP client builds (TLS backend available)")
}

fn client_builder(timeouts: &Timeouts) -> reqwest::ClientBuilder {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .user_agent(concat!("pulse-ai-studio/", env!("CARGO_PKG_VERSION")))
}

/// A header value that is never printed (keys).
pub(crate) fn secret_header(value: &str) -> Result<HeaderValue, ProviderError> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| ProviderError::Rejected { status: 0, message: "the API key has invalid characters".into() })?;
    v.set_sensitive(true);
    Ok(v)
}

/// Sends the request; waits up to `first_byte` for the response headers. A non-success
/// status becomes the matching [`ProviderError`]. Returns the response and the deadline for
/// the first stream event (the same `first_byte` budget).
pub(crate) async fn start(
    request: reqwest::RequestBuilder,
    timeouts: &Timeouts,
    secret: Option<&str>,
) -> Result<(reqwest::Response, Instant), ProviderError> {
    start_until(request, Instant::now() + timeouts.first_byte, secret, |_, _, _| None).await
}

/// [`start`] with the deadline given, and `classify` to read a provider's own error body
/// first (safety refusals): when it returns `None`, the status decides as in
/// [`status_error`]. `classify` gets the status, headers and (at most 64 KiB of) body, and
/// must redact what it keeps itself.
pub(crate) async fn start_until(
    request: reqwest::RequestBuilder,
    deadline: Instant,
    secret: Option<&str>,
    classify: impl FnOnce(u16, &HeaderMap, &str) -> Option<ProviderError>,
) -> Result<(reqwest::Response, Instant), ProviderError> {
    let response = send_until(request, deadline, secret).await?;
    check_status(response, deadline, secret, classify).await.map(|r| (r, deadline))
}

/// Sends the request and waits by `deadline` for the response headers, whatever the status.
pub(crate) async fn send_until(
    request: reqwest::RequestBuilder,
    deadline: Instant,
    secret: Option<&str>,
) -> Result<reqwest::Response, ProviderError> {
    match tokio::time::timeout_at(deadline, request.send()).await {
        Err(_) => Err(ProviderError::Timeout),
        Ok(Err(e)) => Err(transport_error(e, secret)),
        Ok(Ok(r)) => Ok(r),
    }
}

/// A success passes; any other status becomes its error, as in [`start_until`].
pub(crate) async fn check_status(
    response: reqwest::Response,
    deadline: Instant,
    secret: Option<&str>,
    classify: impl FnOnce(u16, &HeaderMap, &str) -> Option<ProviderError>,
) -> Result<reqwest::Response, ProviderError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let headers = response.headers().clone();
    // The error body is short; give it what is left of the budget, at most 10 s.
    let wait = deadline.saturating_duration_since(Instant::now()).min(Duration::from_secs(10));
    let body = tokio::time::timeout(wait, read_limited(response, 64 * 1024)).await.unwrap_or_default();
    let status = status.as_u16();
    Err(classify(status, &headers, &body).unwrap_or_else(|| status_error(status, &headers, &body, secret)))
}

async fn read_limited(mut response: reqwest::Response, limit: usize) -> String {
    let mut bytes = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        bytes.extend_from_slice(&chunk);
        if bytes.len() >= limit {
            bytes.truncate(limit);
            break;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A failure to talk to the server at all.
pub(crate) fn transport_error(e: reqwest::Error, secret: Option<&str>) -> ProviderError {
    if e.is_timeout() {
        return ProviderError::Timeout;
    }
    let e = e.without_url();
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    ProviderError::Network(redact(&message, secret))
}

/// 429 → RateLimited (with `retry-after`), 5xx (and 529) → Unavailable, 408 → Timeout, any
/// other status → Rejected with the provider's own message (with the key removed).
pub(crate) fn status_error(status: u16, headers: &HeaderMap, body: &str, secret: Option<&str>) -> ProviderError {
    match status {
        429 => ProviderError::RateLimited { retry_after_secs: retry_after(headers) },
        408 => ProviderError::Timeout,
        500..=599 => ProviderError::Unavailable { status },
        _ => ProviderError::Rejected { status, message: redact(&error_message(body), secret) },
    }
}

/// `retry-after` in seconds (or OpenAI's `retry-after-ms`, rounded up).
fn retry_after(headers: &HeaderMap) -> Option<u64> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(secs) = get("retry-after").and_then(|v| v.parse::<f64>().ok()) {
        if secs.is_finite() && secs >= 0.0 {
            return Some(secs.ceil() as u64);
        }
    }
    get("retry-after-ms").and_then(|v| v.parse::<u64>().ok()).map(|ms| ms.div_ceil(1000))
}

/// The human message of an error body: `error.message` (OpenAI, Anthropic, Google),
/// `message`, a string `error`, or else the start of the body.
pub(crate) fn error_message(body: &str) -> String {
    let from_json = serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| {
        let s = |x: &serde_json::Value| x.as_str().map(str::to_string);
        s(&v["error"]["message"]).or_else(|| s(&v["message"])).or_else(|| s(&v["error"])).or_else(|| s(&v["detail"]))
    });
    let message = from_json.unwrap_or_else(|| body.trim().to_string());
    let message = if message.is_empty() { "no details".to_string() } else { message };
    truncate(&message, 500)
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Removes the key from a message, should a provider echo it.
pub(crate) fn redact(message: &str, secret: Option<&str>) -> String {
    match secret {
        Some(k) if k.len() >= 4 => message.replace(k, "<redacted>"),
        _ => message.to_string(),
    }
}

/// An error reported inside a stream (after HTTP 200), by the provider's error type.
pub(crate) fn in_stream_error(kind: &str, message: &str) -> ProviderError {
    let message = truncate(message, 500);
    match kind {
        "overloaded_error" => ProviderError::Unavailable { status: 529 },
        "api_error" | "server_error" | "internal_error" | "INTERNAL" => ProviderError::Unavailable { status: 500 },
        "UNAVAILABLE" => ProviderError::Unavailable { status: 503 },
        "timeout_error" | "DEADLINE_EXCEEDED" => ProviderError::Unavailable { status: 504 },
        "rate_limit_error" | "rate_limit_exceeded" | "RESOURCE_EXHAUSTED" => {
            ProviderError::RateLimited { retry_after_secs: None }
        }
        "" => ProviderError::Protocol(format!("error in stream: {message}")),
        _ => ProviderError::Protocol(format!("error in stream ({kind}): {message}")),
    }
}

pub(crate) fn base64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// A JSON number for a temperature without f32 noise (0.7, not 0.699999988).
pub(crate) fn temperature(t: f32) -> serde_json::Value {
    serde_json::Number::from_f64((f64::from(t) * 1000.0).round() / 1000.0)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

/// Reads the SSE body of `response` through `decoder`. Until the first event, waits no
/// later than `first_deadline`; then at most `idle` between chunks. A timeout queues
/// `Err(Timeout)`; an end (or a broken connection) before the decoder is complete queues
/// `Err(Protocol("stream ended early"))`. Dropping the stream drops the response.
pub(crate) fn event_stream<D: Decoder>(
    response: reqwest::Response,
    first_deadline: Instant,
    idle: Duration,
    decoder: D,
) -> EventStream {
    let reader = Reader {
        body: response.bytes_stream().boxed(),
        parser: SseParser::default(),
        decoder,
        queue: VecDeque::new(),
        ended: false,
        first_deadline,
        seen_event: false,
        idle,
    };
    futures_util::stream::unfold(reader, |mut r| async move { r.next().await.map(|item| (item, r)) }).boxed()
}

struct Reader<D> {
    body: BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    parser: SseParser,
    decoder: D,
    queue: Queue,
    ended: bool,
    first_deadline: Instant,
    seen_event: bool,
    idle: Duration,
}

impl<D: Decoder> Reader<D> {
    async fn next(&mut self) -> Option<Result<Event, ProviderError>> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.ended {
                return None;
            }
            let deadline = if self.seen_event { Instant::now() + self.idle } else { self.first_deadline };
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Err(_) => self.end(Some(ProviderError::Timeout)),
                Ok(None) => {
                    if let Some(event) = self.parser.finish() {
                        self.feed(event);
                    }
                    if !self.ended {
                        self.end(Some(ProviderError::Protocol("stream ended early".into())));
                    }
                }
                Ok(Some(Err(_))) => self.end(Some(ProviderError::Protocol("stream ended early".into()))),
                Ok(Some(Ok(bytes))) => {
                    let mut events = Vec::new();
                    let parsed = self.parser.push(&bytes, &mut events);
                    for event in events {
                        if self.ended {
                            break;
                        }
                        self.feed(event);
                    }
                    if let Err(e) = parsed {
                        if !self.ended {
                            self.queue.push_back(Err(ProviderError::Protocol(e)));
                            self.stop();
                        }
                    }
                }
            }
        }
    }

    fn feed(&mut self, event: SseEvent) {
        self.seen_event = true;
        match self.decoder.on_event(event, &mut self.queue) {
            Flow::Continue => {}
            Flow::Done => {
                self.decoder.finish(&mut self.queue);
                self.stop();
            }
            Flow::Failed => self.stop(),
        }
    }

    /// The body ended, broke or went quiet: a normal end if the decoder is complete,
    /// else `error`.
    fn end(&mut self, error: Option<ProviderError>) {
        if self.decoder.is_complete() {
            self.decoder.finish(&mut self.queue);
        } else if let Some(e) = error {
            self.queue.push_back(Err(e));
        }
        self.stop();
    }

    /// Stops reading and lets go of the connection now.
    fn stop(&mut self) {
        self.ended = true;
        self.body = futures_util::stream::empty().boxed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mapping() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(status_error(429, &h, "", None), ProviderError::RateLimited { retry_after_secs: Some(7) });
        let mut h = HeaderMap::new();
        h.insert("retry-after-ms", HeaderValue::from_static("1500"));
        assert_eq!(status_error(429, &h, "", None), ProviderError::RateLimited { retry_after_secs: Some(2) });
        assert_eq!(
            status_error(429, &HeaderMap::new(), "", None),
            ProviderError::RateLimited { retry_after_secs: None }
        );
        assert_eq!(status_error(500, &HeaderMap::new(), "", None), ProviderError::Unavailable { status: 500 });
        assert_eq!(status_error(529, &HeaderMap::new(), "", None), ProviderError::Unavailable { status: 529 });
        let body =
            r#"{"error":{"message":"Incorrect API key provided: sk-secret-123.","type":"invalid_request_error"}}"#;
        assert_eq!(
            status_error(401, &HeaderMap::new(), body, Some("sk-secret-123")),
            ProviderError::Rejected { status: 401, message: "Incorrect API key provided: <redacted>.".into() }
        );
    }

    #[test]
    fn error_messages_of_each_provider() {
        assert_eq!(
            error_message(r#"{"type":"error","error":{"type":"x","message":"Anthropic says"}}"#),
            "Anthropic says"
        );
        assert_eq!(error_message(r#"{"error":{"code":400,"message":"Google says","status":"X"}}"#), "Google says");
        assert_eq!(error_message(r#"{"error":"ollama says"}"#), "ollama says");
        assert_eq!(error_message("  plain text  "), "plain text");
        assert_eq!(error_message(""), "no details");
        assert_eq!(error_message(&"ب".repeat(600)).chars().count(), 501);
    }

    #[test]
    fn temperatures_are_clean_numbers() {
        assert_eq!(temperature(0.7).to_string(), "0.7");
        assert_eq!(temperature(1.0).to_string(), "1.0");
    }
}
