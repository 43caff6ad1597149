//! The failure cases every HTTP provider must handle the same way, run against each
//! provider's own wire format.

use crate::fake::{collect, long_timeouts, short_timeouts, End, Fake, Piece, Reply, ARABIC_PIECES};
use futures_util::StreamExt;
use pulse_providers::{ChatProvider, ChatRequest, Event, Message, ProviderError, Role, Timeouts};
use std::sync::Arc;

pub struct Wire {
    /// A client for the fake server's base URL, with key `KEY`.
    pub make: fn(&str, Timeouts) -> Arc<dyn ChatProvider>,
    /// Frames that start an answer and carry these text pieces, but do not end it.
    pub text_frames: fn(&[&str]) -> String,
    /// The provider's 429 body.
    pub rate_limit_body: &'static str,
    /// The provider's 401 (or 400 bad key) body, which echoes the key.
    pub bad_key_status: u16,
    pub bad_key_body: &'static str,
}

pub const KEY: &str = "test-key-0123456789";

pub fn request() -> ChatRequest {
    ChatRequest {
        model: "m".into(),
        system: None,
        messages: vec![Message::text(Role::User, "ما عاصمة الأردن؟")],
        max_output_tokens: 100,
        temperature: None,
    }
}

pub async fn rate_limited(wire: &Wire) {
    let fake = Fake::start(vec![Reply::Status {
        status: 429,
        headers: vec![("retry-after", "12".into())],
        body: wire.rate_limit_body.into(),
    }])
    .await;
    let err = (wire.make)(&fake.base, long_timeouts()).stream(request()).await.err();
    assert_eq!(err, Some(ProviderError::RateLimited { retry_after_secs: Some(12) }));
}

pub async fn server_errors(wire: &Wire) {
    let fake = Fake::start(vec![
        Reply::status(500, r#"{"error":{"message":"boom"}}"#),
        Reply::status(503, r#"{"error":{"message":"overloaded"}}"#),
    ])
    .await;
    let p = (wire.make)(&fake.base, long_timeouts());
    assert_eq!(p.stream(request()).await.err(), Some(ProviderError::Unavailable { status: 500 }));
    assert_eq!(p.stream(request()).await.err(), Some(ProviderError::Unavailable { status: 503 }));
}

pub async fn bad_key(wire: &Wire) {
    let fake = Fake::start(vec![Reply::status(wire.bad_key_status, wire.bad_key_body)]).await;
    let err = (wire.make)(&fake.base, long_timeouts()).stream(request()).await.err().unwrap();
    let ProviderError::Rejected { status, message } = &err else { panic!("{err:?}") };
    assert_eq!(*status, wire.bad_key_status);
    assert!(!message.is_empty() && !message.contains(KEY), "{message}");
    assert!(!err.is_retryable());
}

/// The connection breaks after two text pieces, or closes cleanly without the end event:
/// both give the text so far, then `Protocol("stream ended early")`.
pub async fn broken_stream(wire: &Wire) {
    for end in [End::Cut, End::Close] {
        let frames = (wire.text_frames)(&ARABIC_PIECES[..2]);
        let fake = Fake::start(vec![Reply::sse_split(&frames, 13, end)]).await;
        let stream = (wire.make)(&fake.base, long_timeouts()).stream(request()).await.unwrap();
        let c = collect(stream).await;
        assert_eq!(c.text, ARABIC_PIECES[..2].concat(), "{end:?}");
        assert_eq!(c.error, Some(ProviderError::Protocol("stream ended early".into())), "{end:?}");
        assert!(!c.events.iter().any(|e| matches!(e, Event::Finished(_))), "{end:?}: {:?}", c.events);
    }
}

/// No headers in time → `stream()` fails; headers but no event → first item; text then
/// silence → the text, then `Timeout`.
pub async fn slow(wire: &Wire) {
    let fake = Fake::start(vec![
        Reply::NoHeaders,
        Reply::Sse { pieces: vec![], end: End::Hang },
        Reply::Sse { pieces: vec![Piece::Bytes((wire.text_frames)(&ARABIC_PIECES[..1]).into_bytes())], end: End::Hang },
    ])
    .await;
    let p = (wire.make)(&fake.base, short_timeouts());
    assert_eq!(p.stream(request()).await.err(), Some(ProviderError::Timeout));

    let c = collect(p.stream(request()).await.unwrap()).await;
    assert_eq!((c.text.as_str(), c.error), ("", Some(ProviderError::Timeout)));

    let c = collect(p.stream(request()).await.unwrap()).await;
    assert_eq!(c.text, ARABIC_PIECES[0]);
    assert_eq!(c.error, Some(ProviderError::Timeout));
}

/// Dropping the stream after the first event closes the connection: the fake server's
/// body sender sees its receiver gone.
pub async fn client_disconnect(wire: &Wire) {
    let frames = (wire.text_frames)(&ARABIC_PIECES);
    let fake =
        Fake::start(vec![Reply::Sse { pieces: vec![Piece::Bytes(frames.into_bytes())], end: End::PingUntilGone }])
            .await;
    let mut stream = (wire.make)(&fake.base, long_timeouts()).stream(request()).await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first, Event::Text(ARABIC_PIECES[0].into()));
    drop(stream);
    assert!(fake.client_went_away().await, "the server never saw the client go away");
}

/// Nothing listens: a network error, worth a fallback.
pub async fn refused(wire: &Wire) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let err = (wire.make)(&format!("http://{addr}/v1"), short_timeouts()).stream(request()).await.err().unwrap();
    assert!(matches!(err, ProviderError::Network(_)), "{err:?}");
    assert!(err.is_retryable());
}
