//! A scripted gateway on 127.0.0.1:0: answers each request with the next [`Reply`] and
//! records what it was sent (method, path, query, headers, raw body).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use pulse_payments::{CheckoutRequest, Incoming};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

pub fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Short, for tests where a timeout is the point (nothing asserts on how long it took).
pub const SHORT: Duration = Duration::from_millis(400);
/// Generous, for tests that must not time out on a slow machine.
pub const LONG: Duration = Duration::from_secs(30);

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    /// Sent only after this long (for timeouts).
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            headers: vec![],
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    pub fn text(status: u16, body: &str) -> Reply {
        Reply { status, content_type: "text/html", headers: vec![], body: body.into(), delay: Duration::ZERO }
    }

    pub fn redirect(location: String) -> Reply {
        Reply {
            status: 302,
            content_type: "text/plain",
            headers: vec![("location", location)],
            body: String::new(),
            delay: Duration::ZERO,
        }
    }

    /// Headers only after 5 s.
    pub fn slow(self) -> Reply {
        Reply { delay: Duration::from_secs(5), ..self }
    }
}

#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as form pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }

    /// One form field (exactly one must be there).
    pub fn field(&self, name: &str) -> String {
        let values: Vec<String> = self.form().into_iter().filter(|(k, _)| k == name).map(|(_, v)| v).collect();
        assert_eq!(values.len(), 1, "form field {name}: {values:?} in {:?}", String::from_utf8_lossy(&self.body));
        values.into_iter().next().unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

#[derive(Default)]
struct State {
    replies: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<Seen>>,
}

pub struct Fake {
    /// `http://127.0.0.1:PORT`: the host to configure.
    pub host: String,
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
        Fake { host: format!("http://{addr}"), state, task }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    /// The one request made.
    pub fn request(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "expected one request, got {}", seen.len());
        seen.into_iter().next().unwrap()
    }
}

async fn handle(state: Arc<State>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1024 * 1024).await.unwrap_or_default();
    state.seen.lock().unwrap().push(Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()).into_owned().collect(),
        headers: parts.headers,
        body: bytes.to_vec(),
    });
    let reply = state.replies.lock().unwrap().pop_front();
    let Some(reply) = reply else {
        return Response::builder().status(500).body(Body::from("no reply scripted")).unwrap();
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut r = Response::builder().status(StatusCode::from_u16(reply.status).unwrap());
    for (k, v) in reply.headers {
        r = r.header(k, v);
    }
    r.header("content-type", reply.content_type).body(Body::from(reply.body)).unwrap()
}

/// A port nothing listens on (bound, then released).
pub async fn closed_host() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

pub fn checkout(amount_fils: i64, currency: &str) -> CheckoutRequest {
    CheckoutRequest {
        order_ref: "ORD-000123".into(),
        amount_fils,
        currency: currency.into(),
        description: "Pro plan, 1 month".into(),
        customer_email: "ali@example.com".into(),
        customer_name: Some("Ali Ahmad".into()),
        lang: "ar".into(),
        return_url: "https://pulse.example/pay/return/x".into(),
        notify_url: "https://pulse.example/webhooks/x".into(),
    }
}

pub fn query(pairs: &[(&str, &str)]) -> Incoming {
    Incoming { query: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), ..Default::default() }
}
