//! Test harness: the real router, in-process, on each database backend.
//! SQLite always; PostgreSQL when `PULSE_TEST_POSTGRES_URL` names a server we may create
//! databases on (`make test` starts one). With `PULSE_REQUIRE_POSTGRES=1` a missing
//! PostgreSQL is a failure, not a skip.
#![allow(dead_code)]

use app::platform::{config::Config, db::Db, AppState};
use axum::{body::Body, Router};
use http::{Request, Response};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

pub struct TestApp {
    pub name: &'static str,
    pub state: AppState,
    pub router: Router,
    _dir: tempfile::TempDir,
    pg_drop: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// One app per available backend.
pub async fn apps() -> Vec<TestApp> {
    let mut apps = vec![sqlite_app().await];
    match std::env::var("PULSE_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => apps.push(postgres_app(&url).await),
        _ => {
            if std::env::var("PULSE_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("PULSE_REQUIRE_POSTGRES=1 but PULSE_TEST_POSTGRES_URL is not set");
            }
            eprintln!("note: PostgreSQL tests skipped (PULSE_TEST_POSTGRES_URL not set)");
        }
    }
    apps
}

pub async fn sqlite_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/pulse.db", dir.path().display());
    build("sqlite", &url, dir, None).await
}

pub async fn postgres_app(admin_url: &str) -> TestApp {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let name = format!("pulse_test_{}_{}_{}", std::process::id(), n, rand_suffix());
    let admin = Db::connect(admin_url, 1).await.expect("connect to the test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await.unwrap();
    admin.close().await;
    let url = replace_db_name(admin_url, &name);
    let dir = tempfile::tempdir().unwrap();
    build("postgres", &url, dir, Some((admin_url.to_string(), name))).await
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() % 100_000
}

fn replace_db_name(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map(|(a, b)| (a, Some(b))).unwrap_or((url, None));
    let cut = base.rfind('/').unwrap();
    let mut out = format!("{}/{}", &base[..cut], db);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

async fn build(name: &'static str, url: &str, dir: tempfile::TempDir, pg_drop: Option<(String, String)>) -> TestApp {
    // A site root with a hashed bundle, as the build script leaves it.
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/pulse.0123456789abcdef0123.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(site.join("pkg/pulse.0123456789abcdef0123.wasm.br"), b"br-bytes").unwrap();
    std::fs::write(site.join("manifest.webmanifest"), br#"{"name":"t"}"#).unwrap();

    let config = Config::for_tests(url, dir.path().join("data"));
    // Eight connections: the job tests run four workers of five jobs each beside the test's
    // own queries, and on a loaded machine five left those queries waiting past the pool's
    // 30-second limit.
    let db = Db::connect(url, 8).await.unwrap_or_else(|e| panic!("{name}: {e}"));
    db.migrate().await.unwrap_or_else(|e| panic!("{name}: {e}"));
    let leptos_options =
        LeptosOptions::builder().output_name("pulse").site_root(site.display().to_string()).site_pkg_dir("pkg").build();
    let storage = app::platform::storage::Storage::connect(&config.storage).await.unwrap();
    let state = AppState::new(leptos_options, config, db, storage).unwrap();
    let router = server::routes::app_router(state.clone());
    TestApp { name, state, router, _dir: dir, pg_drop }
}

impl TestApp {
    /// Sends a request through the router. A response that takes longer than 30 s is a
    /// failure that names the request, never a test run that hangs.
    pub async fn send(&self, req: Request<Body>) -> Response<Body> {
        let what = format!("{} {} ({})", req.method(), req.uri(), self.name);
        let res = tokio::time::timeout(std::time::Duration::from_secs(30), async {
            let res = self.router.clone().oneshot(req).await.unwrap();
            let (parts, body) = res.into_parts();
            let bytes = body.collect().await.unwrap().to_bytes();
            Response::from_parts(parts, Body::from(bytes))
        })
        .await;
        res.unwrap_or_else(|_| panic!("no complete response within 30 s: {what}"))
    }

    pub async fn get(&self, path: &str) -> (Response<Body>, String) {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> (Response<Body>, String) {
        let mut req = Request::get(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self.send(req.body(Body::empty()).unwrap()).await;
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        (Response::from_parts(parts, Body::empty()), text)
    }

    /// Drops a PostgreSQL test database.
    pub async fn cleanup(self) {
        self.state.db.close().await;
        if let Some((admin_url, name)) = self.pg_drop {
            if let Ok(admin) = Db::connect(&admin_url, 1).await {
                let _ =
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(admin.pool()).await;
                admin.close().await;
            }
        }
    }
}

pub fn header<'a>(res: &'a Response<Body>, name: &str) -> &'a str {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// What a browser sends with a form post or a server-function call from our pages.
pub const SAME_ORIGIN: (&str, &str) = ("sec-fetch-site", "same-origin");

impl TestApp {
    /// POSTs a form to a server function (or any route) as our own pages would.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> (Response<Body>, String) {
        let mut req = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept")) {
            req = req.header("accept", "application/json");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let body = serde_urlencoded::to_string(form).unwrap();
        let res = self.send(req.body(Body::from(body)).unwrap()).await;
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (Response::from_parts(parts, Body::empty()), String::from_utf8_lossy(&bytes).into_owned())
    }

    /// POSTs JSON (a server function with the JSON codec, or a JSON route) as a signed-in page.
    pub async fn post_json(&self, path: &str, json: &serde_json::Value, cookie: &str) -> (Response<Body>, String) {
        let req = Request::post(path)
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .header(SAME_ORIGIN.0, SAME_ORIGIN.1)
            .header("cookie", cookie)
            .body(Body::from(json.to_string()))
            .unwrap();
        let res = self.send(req).await;
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (Response::from_parts(parts, Body::empty()), String::from_utf8_lossy(&bytes).into_owned())
    }

    /// A signed-in user made directly in the database: (user id, cookie header value).
    pub async fn signed_in(&self, email: &str) -> (i64, String) {
        use app::platform::auth::{sessions, users, SESSION_COOKIE};
        let (user, _) = users::find_or_create(&self.state.db, email, app::i18n::Lang::Ar).await.unwrap();
        let issued = sessions::create(
            &self.state.db,
            &self.state.config.jwt_secret,
            user.user.id,
            self.state.config.session_lifetime(),
            None,
            None,
        )
        .await
        .unwrap();
        (user.user.id, format!("{SESSION_COOKIE}={}", issued.jwt))
    }

    /// `SELECT COUNT(*) AS n …` with one optional bound value.
    pub async fn count(&self, sql: &str, bind: Option<&str>) -> i64 {
        self.try_count(sql, bind).await.unwrap()
    }

    /// `count` for a polling loop: a busy pool (workers holding every connection past the
    /// acquire timeout on a loaded machine) is "not yet", not a failure of the test.
    pub async fn try_count(&self, sql: &str, bind: Option<&str>) -> Result<i64, sqlx::Error> {
        use sqlx::Row;
        let mut q = sqlx::query(sql);
        if let Some(v) = bind {
            q = q.bind(v.to_string());
        }
        q.fetch_one(self.state.db.pool()).await?.try_get("n")
    }

    /// The newest message in the outbox: (recipient, plain text).
    pub fn last_mail(&self) -> (String, String) {
        let dir = &self.state.config.mail_outbox;
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
        let raw = std::fs::read(files.last().expect("a message in the outbox")).unwrap();
        let mail = mailparse::parse_mail(&raw).unwrap();
        let to = mail
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case("to"))
            .map(|h| h.get_value())
            .unwrap_or_default();
        let text = mail.subparts.iter().find(|p| p.ctype.mimetype == "text/plain").unwrap().get_body().unwrap();
        (to.trim_matches(|c| c == '<' || c == '>' || c == ' ').to_string(), text)
    }

    /// The newest sign-in link in the outbox.
    pub fn last_link(&self) -> (String, String) {
        let dir = &self.state.config.mail_outbox;
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
        let raw = std::fs::read(files.last().expect("a message in the outbox")).unwrap();
        let mail = mailparse::parse_mail(&raw).unwrap();
        let text = mail.subparts.iter().find(|p| p.ctype.mimetype == "text/plain").unwrap().get_body().unwrap();
        let token = text.split("token=").nth(1).unwrap().chars().take(43).collect::<String>();
        (token, text)
    }
}

impl TestApp {
    /// The same app over another object store.
    pub async fn with_storage(mut self, settings: app::platform::config::StorageSettings) -> TestApp {
        let mut config = (*self.state.config).clone();
        config.storage = settings;
        self.state.storage = app::platform::storage::Storage::connect(&config.storage).await.unwrap();
        self.state.config = std::sync::Arc::new(config);
        self.router = server::routes::app_router(self.state.clone());
        self
    }

    /// Posts a multipart upload as the files card's form does.
    pub async fn upload(
        &self,
        cookie: &str,
        filename: &str,
        bytes: &[u8],
        accept_json: bool,
    ) -> (Response<Body>, String) {
        let boundary = "----pulse-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!("Content-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n").as_bytes(),
        );
        body.extend_from_slice(b"Content-Type: application/octet-stream\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut req = Request::post("/files/upload")
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .header("cookie", cookie)
            .header(SAME_ORIGIN.0, SAME_ORIGIN.1);
        if accept_json {
            req = req.header("accept", "application/json");
        }
        let res = self.send(req.body(Body::from(body)).unwrap()).await;
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (Response::from_parts(parts, Body::empty()), String::from_utf8_lossy(&bytes).into_owned())
    }

    /// A GET answered as raw bytes.
    pub async fn get_bytes(&self, path: &str, headers: &[(&str, &str)]) -> (Response<Body>, Vec<u8>) {
        let mut req = Request::get(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self.send(req.body(Body::empty()).unwrap()).await;
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes().to_vec();
        (Response::from_parts(parts, Body::empty()), bytes)
    }
}

/// A throw-away S3-compatible server (`s3s-fs` from crates.io, installed by `make test`)
/// on a free loopback port, with signature checking on.
pub struct S3Server {
    child: std::process::Child,
    pub endpoint: String,
    _dir: tempfile::TempDir,
}

pub const S3_KEY: &str = "AKIAPULSETEST";
pub const S3_SECRET: &str = "pulse-test-secret-key";

impl S3Server {
    pub fn start() -> Option<S3Server> {
        let candidates = [
            std::env::var("PULSE_S3S_FS").unwrap_or_default(),
            format!("{}/.cache/pulse-ai-studio/tools/bin/s3s-fs", std::env::var("HOME").unwrap_or_default()),
        ];
        let Some(bin) = candidates.into_iter().find(|p| !p.is_empty() && std::path::Path::new(p).exists()) else {
            assert!(std::env::var("PULSE_REQUIRE_S3").as_deref() != Ok("1"), "PULSE_REQUIRE_S3=1 but no s3s-fs");
            eprintln!("note: S3 tests skipped (no s3s-fs; `make test` installs it)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(bin)
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--access-key",
                S3_KEY,
                "--secret-key",
                S3_SECRET,
            ])
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(S3Server { child, endpoint: format!("http://127.0.0.1:{port}"), _dir: dir });
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("s3s-fs did not start");
    }

    /// Storage settings for a bucket on this server (created if missing).
    pub async fn settings(&self, bucket: &str) -> app::platform::config::StorageSettings {
        use app::platform::config::{StorageBackend, StorageSettings};
        let mut s = StorageSettings::local(std::path::PathBuf::from("/nonexistent"), "unused");
        s.backend = StorageBackend::S3 {
            bucket: bucket.into(),
            region: "us-east-1".into(),
            endpoint: Some(self.endpoint.clone()),
            force_path_style: true,
            access_key: Some((S3_KEY.into(), S3_SECRET.into())),
        };
        let store = app::platform::storage::s3::S3Store::connect(&s.backend).await.unwrap();
        store.ensure_bucket().await.unwrap();
        s
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TestApp {
    /// The same app with another AI gateway (scripted providers in tests).
    pub fn with_ai(mut self, ai: app::platform::ai::SharedGateway) -> TestApp {
        self.state.ai = ai;
        self.router = server::routes::app_router(self.state.clone());
        self
    }

    pub fn with_moderator(mut self, moderator: app::platform::moderation::Moderator) -> TestApp {
        self.state.moderator = std::sync::Arc::new(moderator);
        self.router = server::routes::app_router(self.state.clone());
        self
    }

    /// The same app with some settings changed.
    pub fn with_config(mut self, change: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = (*self.state.config).clone();
        change(&mut config);
        self.state.config = std::sync::Arc::new(config);
        self.router = server::routes::app_router(self.state.clone());
        self
    }

    /// Sends a request and hands back the response with its body still streaming.
    pub async fn send_streaming(&self, req: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(req).await.unwrap()
    }

    /// Serves the app over real TCP on a free loopback port through the server's own
    /// listener (`server::listen`), as `pulse` does; abort the task to stop it. Also
    /// installs the TLS provider reqwest needs.
    pub async fn serve_over_tcp(&self) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = server::listen::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        (addr, tokio::spawn(server::listen::serve(listener, self.router.clone(), std::future::pending())))
    }
}

/// Runs `pdftotext` on a PDF; `None` when it is not installed (unless required).
pub fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    match std::process::Command::new("pdftotext").arg(&path).arg("-").output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(e) if std::env::var_os("PULSE_REQUIRE_PDFTOTEXT").is_some() => panic!("pdftotext: {e}"),
        Err(_) => {
            eprintln!("note: pdftotext missing; the PDF's text is not checked");
            None
        }
    }
}
