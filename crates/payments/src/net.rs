//! What the gateway drivers share: one HTTP client with a whole-request timeout, error
//! mapping that never leaks a key, and small readers for `Incoming`.

use crate::{Incoming, PaymentError};
use reqwest::header::HeaderValue;
use std::time::Duration;

/// How long one call to a gateway may take, start to end, unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// The largest gateway answer read (they are a few KiB).
const MAX_BODY: usize = 1024 * 1024;

/// reqwest is built with `rustls-no-provider`: if the process has not installed a rustls
/// crypto provider yet, ring is installed here.
///
/// # Panics
/// Only if the TLS backend cannot be initialised (as `reqwest::Client::new` would).
pub(crate) fn client(timeout: Duration) -> reqwest::Client {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("pulse-ai-studio/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client builds (TLS backend available)")
}

/// A header value that is never printed (keys).
pub(crate) fn secret_header(value: &str) -> Result<HeaderValue, PaymentError> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| PaymentError::Gateway { status: 0, message: "the gateway key has invalid characters".into() })?;
    v.set_sensitive(true);
    Ok(v)
}

/// A gateway's answer, read whole.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Result<serde_json::Value, PaymentError> {
        serde_json::from_slice(&self.body).map_err(|_| {
            if (500..=599).contains(&self.status) {
                PaymentError::Gateway { status: self.status, message: self.text() }
            } else {
                PaymentError::BadPayload(format!("HTTP {}: not JSON: {}", self.status, self.text()))
            }
        })
    }

    /// The start of the body, for error messages.
    pub fn text(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        if text.is_empty() {
            return "no details".into();
        }
        truncate(text, 300)
    }
}

/// Sends and reads the whole answer within the client's timeout. Timeouts become
/// [`PaymentError::Timeout`], other transport failures [`PaymentError::Network`] (with
/// `secret` removed from the message should it appear).
pub(crate) async fn send(request: reqwest::RequestBuilder, secret: &str) -> Result<Reply, PaymentError> {
    let mut response = request.send().await.map_err(|e| transport_error(e, secret))?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(e, secret))? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BODY {
            return Err(PaymentError::BadPayload(format!("HTTP {status}: answer larger than {MAX_BODY} bytes")));
        }
    }
    Ok(Reply { status, body })
}

fn transport_error(e: reqwest::Error, secret: &str) -> PaymentError {
    if e.is_timeout() {
        return PaymentError::Timeout;
    }
    let e = e.without_url();
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    PaymentError::Network(redact(&message, secret))
}

/// Removes a key from a message, should a gateway echo it.
pub(crate) fn redact(message: &str, secret: &str) -> String {
    if secret.len() >= 4 {
        message.replace(secret, "<redacted>")
    } else {
        message.to_string()
    }
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A refusal before anything is sent (bad amount, currency the gateway cannot take).
pub(crate) fn refused(message: impl Into<String>) -> PaymentError {
    PaymentError::Gateway { status: 0, message: message.into() }
}

/// The first value of `name` in the query string.
pub(crate) fn query_value<'a>(incoming: &'a Incoming, name: &str) -> Option<&'a str> {
    incoming.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The pairs of a form-urlencoded body.
pub(crate) fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// A header as text.
pub(crate) fn header<'a>(incoming: &'a Incoming, name: &str) -> Option<&'a str> {
    incoming.headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// Whether an id from a gateway (or from a browser) is safe to put in a URL path.
pub(crate) fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id != "."
        && id != ".."
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// A string field of a JSON object, or "".
pub(crate) fn str_field<'a>(value: &'a serde_json::Value, name: &str) -> &'a str {
    value.get(name).and_then(|v| v.as_str()).unwrap_or("")
}
