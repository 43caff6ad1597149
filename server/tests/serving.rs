//! The whole router, driven in-process like a browser would, on SQLite and PostgreSQL.

use crate::common;
use crate::common::{apps, header};
use http::StatusCode;

#[tokio::test]
async fn landing_is_arabic_from_the_first_byte_with_plans_from_the_database() {
    for app in apps().await {
        let (res, body) = app.get_with("/", &[("accept-language", "fr-FR,fr;q=0.9")]).await;
        assert_eq!(res.status(), StatusCode::OK, "{}", app.name);
        assert!(body.starts_with(r#"<!DOCTYPE html><html lang="ar" dir="rtl">"#), "{}: {}", app.name, &body[..80]);
        for price in ["3 د.أ", "5 د.أ", "7 د.أ"] {
            assert!(body.contains(price), "{}: missing {price}", app.name);
        }
        assert!(body.contains("1,000,000 رمز شهريًا"), "{}", app.name);
        assert!(body.contains("صورتان") || body.contains("10 صور"), "{}", app.name);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn language_comes_from_cookie_then_accept_language() {
    for app in apps().await {
        let (_, en) = app.get_with("/", &[("accept-language", "en-GB,en;q=0.9")]).await;
        assert!(en.starts_with(r#"<!DOCTYPE html><html lang="en" dir="ltr">"#), "{}", app.name);
        assert!(en.contains("3 JOD") && en.contains("150,000 tokens a month"), "{}", app.name);
        let (_, ar) = app.get_with("/", &[("accept-language", "en"), ("cookie", "x=1; lang=ar")]).await;
        assert!(ar.starts_with(r#"<!DOCTYPE html><html lang="ar" dir="rtl">"#), "{}", app.name);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn every_tab_renders_its_title_and_unknown_pages_are_404() {
    let titles = [
        ("/app/chat", "المحادثة", "Chat"),
        ("/app/cv", "السيرة الذاتية", "CV"),
        ("/app/slides", "العروض التقديمية", "Slides"),
        ("/app/image", "استوديو الصور", "Image studio"),
        ("/app/video", "استوديو الفيديو", "Video studio"),
        ("/app/account", "الحساب", "Account"),
    ];
    for app in apps().await {
        let (_, cookie) = app.signed_in("tabs@example.jo").await;
        let lang_en = format!("{cookie}; lang=en");
        for (path, ar, en) in titles {
            let (res, body) = app.get_with(path, &[("cookie", &cookie)]).await;
            assert_eq!(res.status(), StatusCode::OK, "{} {path}", app.name);
            assert!(body.contains(&format!(r#"data-testid="page-title">{ar}<"#)), "{} {path}", app.name);
            for tab in ["chat", "cv", "slides", "image", "video", "account"] {
                assert!(body.contains(&format!(r#"data-testid="nav-{tab}""#)), "{} {path} nav-{tab}", app.name);
            }
            let (_, body) = app.get_with(path, &[("cookie", &lang_en)]).await;
            assert!(body.contains(&format!(r#"data-testid="page-title">{en}<"#)), "{} {path}", app.name);
        }
        // A trailing slash leads to the page's one address, the query kept.
        for (asked, canonical) in [("/login/", "/login"), ("/app/notifications/?page=2", "/app/notifications?page=2")] {
            let (res, _) = app.get(asked).await;
            assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT, "{asked}");
            assert_eq!(common::header(&res, "location"), canonical, "{asked}");
        }
        // …but never to another site (`//host` is one for a browser).
        for asked in ["//evil.example/", "///evil.example//"] {
            let (res, _) = app.get(asked).await;
            assert!(!res.status().is_redirection(), "{asked}");
        }
        let (res, body) = app.get("/nope").await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert!(body.contains("الصفحة غير موجودة"));
        let (res, body) = app.get_with("/app/nope", &[("cookie", &lang_en)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert!(body.contains("Page not found"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn health_and_readiness_on_the_app_port_and_metrics_only_off_it() {
    for app in apps().await {
        let (res, body) = app.get("/healthz").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(body.contains("ok"));
        let (res, body) = app.get("/readyz").await;
        assert_eq!(res.status(), StatusCode::OK, "{}: {body}", app.name);
        let _ = app.get("/login").await;
        // The app port (what the load balancer and the internet reach) has no metrics...
        for path in ["/metrics", "/metrics/", "/METRICS"] {
            let (res, body) = app.get(path).await;
            // (`/metrics/` is sent to `/metrics`, which is not found either.)
            assert!(
                matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::PERMANENT_REDIRECT),
                "{} {path}: {}",
                app.name,
                res.status()
            );
            assert!(!body.contains("http_requests_total"), "{} {path}: {body}", app.name);
        }
        // ...the internal listener has them, and the app's requests are counted there.
        let (status, body) = metrics_listener_get("/metrics").await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("http_requests_total"), "{body}");
        assert!(body.contains(r#"route="/login""#), "{body}");
        // A database that is gone makes the app not ready (but still alive).
        app.state.db.close().await;
        let (res, _) = app.get("/readyz").await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        let (res, _) = app.get("/healthz").await;
        assert_eq!(res.status(), StatusCode::OK);
        app.cleanup().await;
    }
}

/// The worker's router answers the probes and nothing else: no pages, no metrics.
#[tokio::test]
async fn the_worker_port_has_probes_but_no_metrics() {
    use tower::ServiceExt;
    let app = common::sqlite_app().await;
    for (path, status) in
        [("/healthz", StatusCode::OK), ("/metrics", StatusCode::NOT_FOUND), ("/", StatusCode::NOT_FOUND)]
    {
        let req = http::Request::get(path).body(axum::body::Body::empty()).unwrap();
        let res = server::routes::probe_router(app.state.clone()).oneshot(req).await.unwrap();
        assert_eq!(res.status(), status, "{path}");
    }
    app.cleanup().await;
}

/// `METRICS_ADDR` is a listener of its own: it serves `/metrics` and nothing else.
#[tokio::test]
async fn the_metrics_listener_serves_only_metrics() {
    let (status, body) = metrics_listener_get("/metrics").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for path in ["/", "/healthz", "/login", "/api/plans/list"] {
        assert_eq!(metrics_listener_get(path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
}

/// GET on a fresh `METRICS_ADDR` listener (port 0), over TCP as a scraper would.
async fn metrics_listener_get(path: &str) -> (StatusCode, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (addr, task) = server::telemetry::serve_metrics("127.0.0.1:0".parse().unwrap()).await.unwrap();
    assert!(addr.ip().is_loopback() && addr.port() != 0, "{addr}");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    task.abort();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let code: u16 = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (StatusCode::from_u16(code).unwrap(), body.to_string())
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_fresh_nonce() {
    let app = common::sqlite_app().await;
    let (res, body) = app.get("/").await;
    let csp = header(&res, "content-security-policy").to_string();
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("nonce in CSP");
    assert!(body.contains(&format!(r#"<script type="module" nonce="{nonce}">"#)));
    // The © line carries this year in Amman, from the clock.
    let year = pulse_clock::amman_date(app::types::UnixMillis::now().0).year;
    assert!(body.contains(&format!("© {year} ")), "the footer's year");
    assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    assert_eq!(header(&res, "referrer-policy"), "strict-origin-when-cross-origin");
    assert_eq!(header(&res, "x-frame-options"), "DENY");
    assert!(!header(&res, "x-request-id").is_empty());
    let (res2, _) = app.get("/").await;
    assert_ne!(header(&res2, "content-security-policy"), csp, "the nonce changes per request");
    // Non-page responses get the policy too.
    let (res, _) = app.get("/healthz").await;
    assert!(header(&res, "content-security-policy").contains("frame-ancestors 'none'"));
    // A request id sent by a proxy is kept.
    let (res, _) = app.get_with("/healthz", &[("x-request-id", "abc-123")]).await;
    assert_eq!(header(&res, "x-request-id"), "abc-123");
    app.cleanup().await;
}

#[tokio::test]
async fn responses_are_compressed_and_hashed_assets_cached_for_a_year() {
    let app = common::sqlite_app().await;
    let (res, _) = app.get_with("/", &[("accept-encoding", "br")]).await;
    assert_eq!(header(&res, "content-encoding"), "br");
    assert!(header(&res, "vary").contains("accept-encoding"), "caches keep one copy per encoding");
    let (res, _) = app.get_with("/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&res, "content-encoding"), "gzip");
    assert_eq!(header(&res, "cache-control"), "private, no-cache");

    let (res, body) = app.get_with("/pkg/pulse.0123456789abcdef0123.wasm", &[("accept-encoding", "br")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-encoding"), "br");
    assert_eq!(body, "br-bytes", "the precompressed file is served as it is");
    assert_eq!(header(&res, "content-type"), "application/wasm");
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");

    let (res, _) = app.get("/manifest.webmanifest").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-type").contains("manifest+json"));
    app.cleanup().await;
}

#[tokio::test]
async fn the_language_switch_route_sets_the_cookie_and_stays_on_site() {
    let app = common::sqlite_app().await;
    let (res, _) = app.get("/lang/en?next=/app/cv").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&res, "location"), "/app/cv");
    let cookie = header(&res, "set-cookie");
    assert!(cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"), "{cookie}");
    for evil in ["//evil.example", "https://evil.example", "/%5Cevil.example"] {
        let (res, _) = app.get(&format!("/lang/ar?next={evil}")).await;
        assert_eq!(header(&res, "location"), "/", "{evil} must not be followed");
    }
    let (res, _) = app.get("/lang/xx").await;
    assert!(header(&res, "set-cookie").starts_with("lang=ar;"));
    app.cleanup().await;
}

#[tokio::test]
async fn a_page_fetches_its_own_languages_messages_which_are_cached_for_good() {
    let app = common::sqlite_app().await;
    let messages_in = |html: &str| -> Vec<String> {
        html.match_indices("/i18n/").map(|(i, _)| html[i..].split(['"', ' ']).next().unwrap().to_string()).collect()
    };
    let file = |paths: &[String], lang: &str, group: &str| -> String {
        let start = format!("/i18n/{lang}.{group}.");
        paths
            .iter()
            .find(|p| p.starts_with(&start) && p.ends_with(".bin"))
            .cloned()
            .unwrap_or_else(|| panic!("{start}…"))
    };
    // The page's script fetches its own language's files and names all four for later: the
    // `main` file on every page, the `pages` file too on a page whose code is split off (the
    // landing page), not on one of the main bundle's (the offline page, chat).
    let (_, arabic_page) = app.get_with("/", &[("accept-language", "ar")]).await;
    let (_, english_page) = app.get_with("/", &[("cookie", "lang=en")]).await;
    let (_, arabic_offline) = app.get_with("/offline", &[("accept-language", "ar")]).await;
    let paths = messages_in(&arabic_page);
    let [ar, ar_pages, en, en_pages] =
        [("ar", "main"), ("ar", "pages"), ("en", "main"), ("en", "pages")].map(|(l, g)| file(&paths, l, g));
    assert!(
        arabic_page.contains(&format!("[\"{ar}\",\"{ar_pages}\"].map(")),
        "the landing page fetches both Arabic files"
    );
    assert!(english_page.contains(&format!("[\"{en}\",\"{en_pages}\"].map(")), "an English page the English ones");
    assert!(arabic_offline.contains(&format!("[\"{ar}\"].map(")), "the offline page the main file only");
    let names = format!("\"{ar} {ar_pages} {en} {en_pages}\"");
    for page in [&arabic_page, &english_page, &arabic_offline] {
        assert!(page.contains(&names), "every page names the four files");
    }

    // The main file has the shell's text and not a tool's; the pages file the other way round.
    let (res, main_text) = app.get_bytes(&ar, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(main_text.starts_with(b"PMF3arm"));
    let (_, pages_text) = app.get_bytes(&ar_pages, &[]).await;
    assert!(pages_text.starts_with(b"PMF3arp"));
    let [main_text, pages_text] = [&main_text, &pages_text].map(|t| String::from_utf8_lossy(t).to_string());
    assert!(main_text.contains("انتقل إلى المحتوى") && !main_text.contains("أنشئ سيرة ذاتية"));
    assert!(pages_text.contains("أنشئ سيرة ذاتية") && !pages_text.contains("انتقل إلى المحتوى"));
    assert!(pages_text.len() > main_text.len(), "most of the text waits for the pages that show it");

    let (res, plain) = app.get_bytes(&ar, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
    let text = String::from_utf8_lossy(&plain);
    assert!(text.contains("انتقل إلى المحتوى") && !text.contains("Skip to content"), "Arabic text only");
    let (res, compressed) = app.get_bytes(&ar, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(header(&res, "content-encoding"), "br");
    assert!(header(&res, "vary").contains("accept-encoding"));
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut compressed.as_slice(), &mut unpacked).unwrap();
    assert_eq!(unpacked, plain, "the brotli copy is the same file");
    assert!(compressed.len() * 3 < plain.len(), "{} of {} bytes", compressed.len(), plain.len());
    let (res, _) = app.get_bytes(&en_pages, &[("accept-encoding", "br;q=0, gzip")]).await;
    assert_ne!(header(&res, "content-encoding"), "br", "br;q=0 refuses brotli");

    // Another deploy's name (another hash) is not found, and not cached.
    let (res, _) = app.get("/i18n/ar.main.0123456789abcdef0123.bin").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&res, "cache-control"), "no-store");
    app.cleanup().await;
}

#[tokio::test]
async fn the_plans_server_function_answers_json() {
    for app in apps().await {
        let req = http::Request::post("/api/plans/list")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("sec-fetch-site", "same-origin")
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status(), StatusCode::OK, "{}", app.name);
        let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
        let plans: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let plans = plans.as_array().unwrap();
        assert_eq!(plans.len(), 3);
        assert_eq!(plans[0]["code"], "starter");
        assert_eq!(plans[0]["price"], 3000);
        assert_eq!(plans[2]["tokens"], 1_000_000);
        app.cleanup().await;
    }
}

/// Streamed answers are many small writes: each accepted connection has Nagle's algorithm
/// off, or every token after the first would wait for the client's delayed ACK.
#[tokio::test]
async fn connections_are_accepted_with_nodelay() {
    let listener = server::listen::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let client = tokio::spawn(async move { tokio::net::TcpStream::connect(addr).await.unwrap() });
    let (stream, _) = server::listen::accept(&listener).await;
    assert!(stream.nodelay().unwrap());
    drop(client.await.unwrap());
}

/// The app's own listener: a page over real TCP; a request whose line and headers pass
/// the 8 KB read buffer gets `431`, and the next request is served as before.
#[tokio::test]
async fn the_listener_serves_pages_and_answers_431_to_headers_over_its_buffer() {
    let app = common::sqlite_app().await;
    let (addr, server) = app.serve_over_tcp().await;
    let client = reqwest::Client::new();
    let page = client.get(format!("http://{addr}/")).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("3 د.أ"));
    let huge = "x".repeat(server::listen::READ_BUFFER);
    let refused = client.get(format!("http://{addr}/")).header("x-padding", huge).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 431);
    let again = client.get(format!("http://{addr}/healthz")).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 200);
    server.abort();
    app.cleanup().await;
}

/// On shutdown the listener takes no new connection, an answer still streaming runs to
/// its end, and only then does `serve` return.
#[tokio::test]
async fn on_shutdown_open_streams_finish_and_new_connections_are_refused() {
    use futures_util::StreamExt;
    let slow = axum::routing::get(|| async {
        let ticks = futures_util::stream::iter(0..5).then(|i| async move {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            Ok::<_, std::convert::Infallible>(format!("part {i}\n"))
        });
        axum::body::Body::from_stream(ticks)
    });
    let router = axum::Router::new().route("/slow", slow);
    let listener = server::listen::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::listen::serve(listener, router, async move {
        let _ = stopped.await;
    }));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let res = reqwest::get(format!("http://{addr}/slow")).await.unwrap();
    let mut body = res.bytes_stream();
    let first = body.next().await.unwrap().unwrap();
    assert_eq!(&first[..], b"part 0\n");
    stop.send(()).unwrap();
    let mut refused = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused, "no new connections once stopping");
    let mut rest = Vec::new();
    while let Some(chunk) = body.next().await {
        rest.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(String::from_utf8(rest).unwrap(), "part 1\npart 2\npart 3\npart 4\n", "the open answer ran to its end");
    server.await.unwrap();
}
