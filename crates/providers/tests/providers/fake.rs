//! A scripted HTTP server on 127.0.0.1:0 that answers each request with the next [`Reply`]
//! (whatever its path) and records what it was sent, multipart forms included.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use futures_util::StreamExt;
use pulse_providers::{Event, EventStream, ProviderError, Timeouts};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;
use tokio::sync::{mpsc, Notify};

pub fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Short timeouts, only for tests where a timeout is the point (no test asserts on how long
/// anything took).
pub fn short_timeouts() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(5),
        first_byte: Duration::from_millis(400),
        idle: Duration::from_millis(400),
    }
}

/// Generous timeouts for tests that must not time out on a slow machine.
pub fn long_timeouts() -> Timeouts {
    Timeouts { connect: Duration::from_secs(10), first_byte: Duration::from_secs(30), idle: Duration::from_secs(30) }
}

#[derive(Clone, Debug)]
pub enum Piece {
    Bytes(Vec<u8>),
    Pause(Duration),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The body ends cleanly.
    Close,
    /// The connection breaks (the body errors).
    Cut,
    /// Nothing more is sent; the server waits for the client to go away.
    Hang,
    /// A keep-alive comment every 20 ms until the client goes away.
    PingUntilGone,
}

#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 `text/event-stream` with these pieces, then `end`.
    Sse { pieces: Vec<Piece>, end: End },
    /// An HTTP error.
    Status { status: u16, headers: Vec<(&'static str, String)>, body: String },
    /// Any status with these headers (content type included) and bytes.
    Body { status: u16, headers: Vec<(&'static str, String)>, body: Vec<u8> },
    /// Waits, then answers with the inner reply.
    After(Duration, Box<Reply>),
    /// Never sends the response headers.
    NoHeaders,
}

impl Reply {
    /// The whole text as one piece.
    pub fn sse(text: &str) -> Reply {
        Reply::Sse { pieces: vec![Piece::Bytes(text.as_bytes().to_vec())], end: End::Close }
    }

    /// The text in pieces of `n` bytes (so lines and UTF-8 characters are split), with a
    /// short pause between them so they leave as separate writes.
    pub fn sse_split(text: &str, n: usize, end: End) -> Reply {
        let mut pieces = Vec::new();
        for chunk in text.as_bytes().chunks(n) {
            pieces.push(Piece::Bytes(chunk.to_vec()));
            pieces.push(Piece::Pause(Duration::from_millis(1)));
        }
        Reply::Sse { pieces, end }
    }

    pub fn status(status: u16, body: &str) -> Reply {
        Reply::Status { status, headers: vec![], body: body.to_string() }
    }

    /// 200 with a JSON body.
    pub fn json(value: &serde_json::Value) -> Reply {
        Reply::Body {
            status: 200,
            headers: vec![("content-type", "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }

    /// 200 with raw bytes of this content type.
    pub fn bytes(content_type: &str, body: &[u8]) -> Reply {
        Reply::Body { status: 200, headers: vec![("content-type", content_type.into())], body: body.to_vec() }
    }
}

/// One part of a multipart form.
#[derive(Clone, Debug)]
pub struct FormPart {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct Recorded {
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    /// The body as JSON (`Null` if it is not JSON).
    pub body: serde_json::Value,
    /// The method (`GET`, `POST`).
    pub method: String,
    /// The parts of a `multipart/form-data` body, in order (empty for other bodies).
    pub form: Vec<FormPart>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A multipart part by name.
    pub fn part(&self, name: &str) -> Option<&FormPart> {
        self.form.iter().find(|p| p.name == name)
    }

    /// A multipart text field by name.
    pub fn field(&self, name: &str) -> Option<String> {
        self.part(name).map(|p| String::from_utf8_lossy(&p.data).into_owned())
    }
}

#[derive(Default)]
struct State {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    gone: AtomicBool,
    gone_notify: Notify,
}

pub struct Fake {
    /// `http://127.0.0.1:PORT/v1`: the base URL to configure.
    pub base: String,
    /// `http://127.0.0.1:PORT`: for URLs the server hands out (downloads, polls).
    pub origin: String,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Fake {
    pub async fn start(replies: Vec<Reply>) -> Fake {
        init();
        let state = Arc::new(State { replies: Mutex::new(replies.into()), ..State::default() });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let s = state.clone();
        let app = axum::Router::new().fallback(move |req: Request| handle(s.clone(), req));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Fake { base: format!("http://{addr}/v1"), origin: format!("http://{addr}"), state, task }
    }

    /// `127.0.0.1:PORT`: to allow the server as a download host.
    pub fn host(&self) -> String {
        self.origin.trim_start_matches("http://").to_string()
    }

    /// Adds replies to the script (for replies that name the server's own address).
    pub fn push(&self, replies: Vec<Reply>) {
        self.state.replies.lock().unwrap().extend(replies);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn request(&self) -> Recorded {
        let r = self.requests();
        assert_eq!(r.len(), 1, "expected one request, got {}", r.len());
        r.into_iter().next().unwrap()
    }

    /// Waits (at most 10 s) until a streamed body found its client gone.
    pub async fn client_went_away(&self) -> bool {
        let wait = async {
            loop {
                let notified = self.state.gone_notify.notified();
                if self.state.gone.load(Ordering::SeqCst) {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(Duration::from_secs(10), wait).await.is_ok()
    }
}

async fn handle(state: Arc<State>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024 * 1024).await.unwrap_or_default();
    let content_type = parts.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let form =
        if content_type.starts_with("multipart/form-data") { read_form(&content_type, &bytes).await } else { vec![] };
    state.requests.lock().unwrap().push(Recorded {
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
        body: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        method: parts.method.to_string(),
        form,
    });
    let reply = state.replies.lock().unwrap().pop_front();
    answer(state, reply).await
}

async fn read_form(content_type: &str, bytes: &Bytes) -> Vec<FormPart> {
    let req = Request::builder().header("content-type", content_type).body(Body::from(bytes.clone())).unwrap();
    let mut multipart = Multipart::from_request(req, &()).await.expect("a multipart body");
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a multipart field") {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let data = field.bytes().await.expect("a multipart field's bytes").to_vec();
        parts.push(FormPart { name, file_name, content_type, data });
    }
    parts
}

async fn answer(state: Arc<State>, reply: Option<Reply>) -> Response {
    match reply {
        None => Response::builder().status(500).body(Body::from("no reply scripted")).unwrap(),
        Some(Reply::Status { status, headers, body }) => {
            let mut r = Response::builder().status(StatusCode::from_u16(status).unwrap());
            for (k, v) in headers {
                r = r.header(k, v);
            }
            r.header("content-type", "application/json").body(Body::from(body)).unwrap()
        }
        Some(Reply::Body { status, headers, body }) => {
            let mut r = Response::builder().status(StatusCode::from_u16(status).unwrap());
            for (k, v) in headers {
                r = r.header(k, v);
            }
            r.body(Body::from(body)).unwrap()
        }
        Some(Reply::After(wait, reply)) => {
            tokio::time::sleep(wait).await;
            Box::pin(answer(state, Some(*reply))).await
        }
        Some(Reply::NoHeaders) => {
            // Until the client gives up and the connection (and this future) is dropped.
            std::future::pending::<()>().await;
            unreachable!()
        }
        Some(Reply::Sse { pieces, end }) => {
            let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(1);
            tokio::spawn(feed(state.clone(), tx, pieces, end));
            let body = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
            Response::builder()
                .status(200)
                .header("content-type", "text/event-stream")
                .header("cache-control", "no-cache")
                .body(Body::from_stream(body))
                .unwrap()
        }
    }
}

async fn feed(state: Arc<State>, tx: mpsc::Sender<Result<Bytes, std::io::Error>>, pieces: Vec<Piece>, end: End) {
    let gone = |state: &State| {
        state.gone.store(true, Ordering::SeqCst);
        state.gone_notify.notify_waiters();
    };
    for piece in pieces {
        match piece {
            Piece::Pause(d) => tokio::time::sleep(d).await,
            Piece::Bytes(b) => {
                if tx.send(Ok(Bytes::from(b))).await.is_err() {
                    gone(&state);
                    return;
                }
            }
        }
    }
    match end {
        End::Close => {}
        End::Cut => {
            let _ = tx.send(Err(std::io::Error::other("cut"))).await;
        }
        End::Hang => {
            tx.closed().await;
            gone(&state);
        }
        End::PingUntilGone => loop {
            tokio::select! {
                _ = tx.closed() => break,
                _ = tokio::time::sleep(Duration::from_millis(20)) => {
                    if tx.send(Ok(Bytes::from_static(b": keep-alive\n\n"))).await.is_err() {
                        break;
                    }
                }
            }
        },
    }
    if end == End::PingUntilGone {
        gone(&state);
    }
}

/// What a stream delivered: the text joined, the other events, and the error it ended with.
#[derive(Debug)]
pub struct Collected {
    pub text: String,
    pub texts: usize,
    pub events: Vec<Event>,
    pub error: Option<ProviderError>,
}

pub async fn collect(mut stream: EventStream) -> Collected {
    let mut c = Collected { text: String::new(), texts: 0, events: Vec::new(), error: None };
    while let Some(item) = stream.next().await {
        match item {
            Ok(Event::Text(t)) => {
                assert!(c.error.is_none(), "text after an error");
                c.text.push_str(&t);
                c.texts += 1;
            }
            Ok(e) => c.events.push(e),
            Err(e) => {
                assert!(c.error.is_none(), "two errors");
                c.error = Some(e);
            }
        }
    }
    c
}

pub const ARABIC: &str = "مرحبًا! عاصمة الأردن هي **عمّان**، وفيها «جبل القلعة».";
pub const ARABIC_PIECES: [&str; 4] = ["مرحبًا! ", "عاصمة الأردن هي **عمّان**،", " وفيها «جبل", " القلعة»."];

#[test]
fn pieces_make_the_arabic_text() {
    assert_eq!(ARABIC_PIECES.concat(), ARABIC);
}
