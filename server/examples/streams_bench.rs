//! `make bench`: how much memory one `pulse` process needs to hold many chat streams open.
//!
//! The server is the real release binary, started by `infra/scripts/bench.sh` in its own
//! process (so the client's sockets are not counted and neither process passes the file
//! limit) with the offline demo model slowed down (`DEMO_PACE_MS`), so every answer stays
//! open for about a minute. This client makes the users and their sessions in the server's
//! database, opens `N` streams (`POST /chat/stream`) a batch at a time, waits until each has
//! answered (the turn is reserved and its event stream has begun), then reads the server's
//! RSS from `/proc/PID/status` and counts the streams still open at that moment.
//! The demo model answers in-process: the sockets a real provider would add (one per
//! stream with HTTP/1.1, shared with HTTP/2) are not in this figure; `chat_bench` measures
//! streams against a fake OpenAI.
//! Usage: streams_bench SITE_URL DATABASE_URL SERVER_PID [N]   (env JWT_SECRET: the server's)

#[path = "common/mod.rs"]
mod common;

use app::platform::{config::Config, db::Db};
use futures_util::StreamExt;
use std::time::{Duration, Instant};

/// The size of what a function's future holds (the task of a streaming turn holds this).
fn future_size<A, B, C, D, F: std::future::Future>(_: fn(A, B, C, D) -> F) -> usize {
    std::mem::size_of::<F>()
}

fn rss_mb(pid: &str) -> u64 {
    common::rss_kb(pid) / 1024
}

#[tokio::main]
async fn main() {
    app::platform::security::install_tls_provider();
    let args: Vec<String> = std::env::args().collect();
    let (site, url, pid) = (args[1].trim_end_matches('/').to_string(), &args[2], args[3].clone());
    let n: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(url, dir.path().join("data"));
    config.jwt_secret = std::env::var("JWT_SECRET").expect("JWT_SECRET: the server's");
    let db = Db::connect(url, 5).await.unwrap();
    let state = common::state(config, db, dir.path()).await;

    let made = Instant::now();
    let cookies = common::signed_in_users(&state, "hold", n).await;
    eprintln!("  ({n} users and sessions made in {:.0} s)", made.elapsed().as_secs_f64());

    let idle = rss_mb(&pid);
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let body = serde_json::json!({"model": "demo:pulse-demo", "content": "اكتب قصة طويلة", "mode": "new"}).to_string();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<bool>();
    let mut tasks = Vec::with_capacity(n);
    let opened = Instant::now();
    let (mut open, mut failed) = (0usize, 0usize);
    for batch in cookies.chunks(1000) {
        for cookie in batch {
            let (client, site, body, cookie, tx) =
                (client.clone(), site.clone(), body.clone(), cookie.clone(), tx.clone());
            tasks.push(tokio::spawn(async move {
                let res = client
                    .post(format!("{site}/chat/stream"))
                    .header("content-type", "application/json")
                    .header("cookie", cookie)
                    .header("sec-fetch-site", "same-origin")
                    .body(body)
                    .send()
                    .await;
                let Ok(res) = res.and_then(|r| r.error_for_status()) else {
                    let _ = tx.send(false);
                    return;
                };
                // Open: the turn is reserved and its event stream has begun (the demo's
                // first chunk comes a pace later). Then read it until it ends.
                let _ = tx.send(true);
                let mut stream = res.bytes_stream();
                while let Some(Ok(_)) = stream.next().await {}
            }));
        }
        // The batch is open before the next one starts.
        for _ in 0..batch.len() {
            match rx.recv().await {
                Some(true) => open += 1,
                _ => failed += 1,
            }
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let during = rss_mb(&pid);
    // Streams whose answer is still coming when the RSS is read (none may have ended).
    let still = tasks.iter().filter(|t| !t.is_finished()).count();
    println!(
        "  {still} streams open at once ({open} opened, {failed} failed) in one process, opened in {:.0} s: server RSS {idle} MB idle, {during} MB with them open (goal ≤ 300 MB at 10000), ~{} KB per stream",
        opened.elapsed().as_secs_f64(),
        (during.saturating_sub(idle) * 1024) / still.max(1) as u64
    );
    println!(
        "  a streaming turn's task holds {} bytes (its future; the ending is boxed apart)",
        future_size(app::features::chat::service::run_turn)
    );
    for t in tasks {
        t.abort();
    }
}
