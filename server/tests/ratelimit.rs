//! Rate limits: the HTTP behaviour, and the Redis backend against a real redis-server.

use crate::common;
use crate::common::{header, SAME_ORIGIN};
use app::platform::ratelimit::{Limited, RateLimiter};
use http::StatusCode;

#[tokio::test]
async fn server_functions_answer_429_past_the_limit() {
    let app = common::sqlite_app().await;
    let (_, cookie) = app.signed_in("busy@example.jo").await;
    for _ in 0..app.state.config.rate_limit_requests {
        let (res, _) = app.post_form("/api/usage/summary", &[], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let (res, body) = app.post_form("/api/usage/summary", &[], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = header(&res, "retry-after").parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert!(body.contains("RateLimited"), "{body}");
    // Another user is not affected; pages are not limited.
    let (_, other) = app.signed_in("calm@example.jo").await;
    let (res, _) = app.post_form("/api/usage/summary", &[], &[SAME_ORIGIN, ("cookie", &other)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (res, _) = app.get_with("/app/chat", &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    app.cleanup().await;
}

/// A throw-away redis-server on a free loopback port.
struct RedisServer {
    child: std::process::Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl RedisServer {
    fn start() -> Option<RedisServer> {
        let bin = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists());
        let Some(bin) = bin else {
            assert!(
                std::env::var("PULSE_REQUIRE_REDIS").as_deref() != Ok("1"),
                "PULSE_REQUIRE_REDIS=1 but no redis-server"
            );
            eprintln!("note: Redis tests skipped (no redis-server)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(bin)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--dir", &dir.path().display().to_string()])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(RedisServer { child, port, _dir: dir });
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("redis-server did not start");
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn the_redis_window_slides_and_is_shared_between_replicas() {
    let Some(server) = RedisServer::start() else { return };
    let url = format!("redis://127.0.0.1:{}/", server.port);
    let a = RateLimiter::redis(&url).await.unwrap();
    let b = RateLimiter::redis(&url).await.unwrap(); // a second replica
    let base = 1_800_000_000_000;
    assert_eq!(a.hit_at("u:1", 3, 1000, base).await, Ok(()));
    assert_eq!(b.hit_at("u:1", 3, 1000, base + 10).await, Ok(()));
    assert_eq!(a.hit_at("u:1", 3, 1000, base + 20).await, Ok(()));
    assert_eq!(b.hit_at("u:1", 3, 1000, base + 500).await, Err(Limited { retry_after_secs: 1 }), "shared limit");
    assert_eq!(a.hit_at("u:2", 3, 1000, base + 500).await, Ok(()), "keys are separate");
    assert_eq!(b.hit_at("u:1", 3, 1000, base + 1000).await, Ok(()), "the first hit left the window");
    assert!(a.hit_at("u:1", 3, 1000, base + 1001).await.is_err());

    // Many concurrent hits: exactly `limit` get through.
    let mut tasks = Vec::new();
    let shared = std::sync::Arc::new(a);
    for i in 0..50 {
        let rl = shared.clone();
        tasks.push(tokio::spawn(async move { rl.hit_at("burst", 10, 60_000, base + i).await.is_ok() }));
    }
    let mut ok = 0;
    for t in tasks {
        ok += t.await.unwrap() as i32;
    }
    assert_eq!(ok, 10);

    // Redis going away lets requests through (logged) instead of failing them.
    drop(server);
    assert_eq!(b.hit_at("u:3", 1, 1000, base).await, Ok(()));
}
