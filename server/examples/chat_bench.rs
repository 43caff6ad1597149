//! `make bench`: what the server adds to a provider's time to first token, and how many
//! streams one process holds.
//!
//! A fake OpenAI server on loopback answers at once; the time to its first token is
//! measured directly and through the app (`POST /chat/stream`: session, rate limit,
//! moderation, quota reservation, rows, gateway, SSE) with 1, 50 and 200 streams started
//! in the same instant, and then one turn at a time while 200 other answers stream (the
//! fake answers "hold on" slowly: 10 chunks a second for a minute).
//! Then a slow fake keeps N streams open and the process's RSS is read.
//! Usage: cargo run --release -p server --example chat_bench [-- DATABASE_URL]
//! (SQLite in a temporary folder without one; with a PostgreSQL URL, only the chat turns.)

#[path = "common/mod.rs"]
mod common;

use app::platform::{config::Config, db::Db, AppState};
use futures_util::StreamExt;
use std::time::{Duration, Instant};

const FIRST: &str = "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi \"}}]}\n\n";
const LAST: &str = "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":2,\"total_tokens\":22}}\n\ndata: [DONE]\n\n";

/// What the fake says to a question containing this: 600 chunks, 100 ms apart.
const HOLD: &str = "hold on";

/// A fake OpenAI that sends its first token at once, then `chunks` more `every` apart (or,
/// asked to [`HOLD`], 600 more 100 ms apart).
async fn fake_openai(chunks: usize, every: Duration) -> String {
    use axum::routing::post;
    let handler = move |request: String| async move {
        let (chunks, every) = if request.contains(HOLD) { (600, Duration::from_millis(100)) } else { (chunks, every) };
        let body = futures_util::stream::once(async { Ok::<_, std::io::Error>(FIRST.to_string()) })
            .chain(futures_util::stream::iter(0..chunks).then(move |_| async move {
                tokio::time::sleep(every).await;
                Ok(FIRST.to_string())
            }))
            .chain(futures_util::stream::once(async { Ok(LAST.to_string()) }));
        ([("content-type", "text/event-stream")], axum::body::Body::from_stream(body))
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, axum::Router::new().route("/v1/chat/completions", post(handler))).await.unwrap();
    });
    format!("http://{addr}/v1")
}

/// The app over `database` (a new SQLite file under `dir` when `None`), its provider the
/// fake at `provider`.
async fn app_on(provider: &str, dir: &std::path::Path, database: Option<&str>) -> (String, AppState) {
    let url = match database {
        Some(url) => url.to_string(),
        None => format!("sqlite://{}/bench-{}.db", dir.display(), rand_suffix()),
    };
    let mut config = Config::for_tests(&url, dir.join("data"));
    config.db_max_connections = 20;
    config.rate_limit_requests = 1_000_000;
    config.api_key_rate_requests = 1_000_000;
    config.providers.openai = Some(pulse_providers::Endpoint::new(provider, Some("sk-bench".into())));
    let db = Db::connect(&url, 20).await.unwrap();
    db.migrate().await.unwrap();
    let ai = app::platform::ai::gateway_from_config(&config).unwrap();
    let mut state = common::state(config, db, dir).await;
    state.ai = ai;
    let router = server::routes::app_router(state.clone());
    // The server's own socket (TCP_NODELAY), as `pulse serve` listens.
    let listener = server::listen::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::listen::serve(listener, router, std::future::pending()));
    (format!("http://{addr}"), state)
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

/// `n` users with a plan and a personal API key each: their `Authorization` values.
async fn api_keys(state: &AppState, n: usize) -> Vec<String> {
    let mut keys = Vec::new();
    for i in 0..n {
        let email = format!("api{i}.{}@example.jo", rand_suffix());
        app::features::usage::service::grant_plan(state, &email, "creator", None, None).await.unwrap();
        let (user, _) =
            app::platform::auth::users::find_or_create(&state.db, &email, app::i18n::Lang::Ar).await.unwrap();
        let made = app::features::public_api::service::create(state, user.user.id, "bench", None, None).await.unwrap();
        keys.push(format!("Bearer {}", made.secret));
    }
    keys
}

/// Time to the first token of one request; the response is then read to its end.
async fn first_token(client: &reqwest::Client, req: reqwest::RequestBuilder, marker: &str) -> Duration {
    let _ = client;
    let start = Instant::now();
    let res = req.send().await.unwrap();
    assert!(res.status().is_success(), "HTTP {}", res.status());
    let mut body = res.bytes_stream();
    let mut seen = String::new();
    let mut at = None;
    while let Some(chunk) = body.next().await {
        seen.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        if at.is_none() && seen.contains(marker) {
            at = Some(start.elapsed());
        }
    }
    at.expect("a first token")
}

/// This process's CPU time so far (user + system), in ms: client, server and fake together
/// (clock ticks of 10 ms: Linux's USER_HZ is 100).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: Vec<f64> = rest.split_whitespace().skip(11).take(2).filter_map(|v| v.parse().ok()).collect();
    ticks.iter().sum::<f64>() * 10.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// One row of the table: first tokens straight from the fake and through the server (both
/// sorted), p50/p99 of each and what the server adds.
fn print_added(label: &str, straight: &[Duration], through: &[Duration], note: &str) {
    let (d50, d99) = (percentile(straight, 0.5), percentile(straight, 0.99));
    let (v50, v99) = (percentile(through, 0.5), percentile(through, 0.99));
    println!(
        "  {label:>11} {d50:>7.1}/{d99:<7.1}ms {v50:>7.1}/{v99:<7.1}ms {:>7.1}/{:<7.1}ms{note}",
        v50 - d50,
        v99 - d99
    );
}

async fn measure(
    n: usize,
    make: impl Fn(usize) -> reqwest::RequestBuilder,
    client: &reqwest::Client,
    marker: &str,
) -> Vec<Duration> {
    let mut all = Vec::new();
    // One stream: 200 turns, so the p99 is not simply the slowest of a few (and one turn
    // first that is not counted: the first through the app warms its statement caches).
    let rounds = if n == 1 { 200 } else { 3 };
    if n == 1 {
        first_token(client, make(0), marker).await;
    }
    for _ in 0..rounds {
        let futs: Vec<_> = (0..n).map(|i| first_token(client, make(i), marker)).collect();
        all.extend(futures_util::future::join_all(futs).await);
    }
    all.sort();
    all
}

/// Prints, at 1, 50 and 200 concurrent streams, the time to first token of the provider
/// called directly, through the server, and what the server adds (p50/p99); then the CPU
/// a turn costs the server (the process's CPU through the app minus called directly, per
/// request). All streams start at once, so on c cores the last one's wait is at least
/// n × that CPU ÷ c: the floor under the added p99 that no ordering of writes removes.
async fn added_time(
    client: &reqwest::Client,
    direct: &impl Fn(usize) -> reqwest::RequestBuilder,
    via: &impl Fn(usize) -> reqwest::RequestBuilder,
    via_label: &str,
    via_marker: &str,
) {
    println!(
        "  {:>11} {:>16} {:>16} {:>16}",
        "concurrent",
        "direct p50/p99",
        format!("{via_label} p50/p99"),
        "added p50/p99"
    );
    let mut cpu = (0.0, 0.0, 0usize);
    for n in [1usize, 50, 200] {
        let t0 = cpu_ms();
        let straight = measure(n, direct, client, "\"content\":\"hi").await;
        let t1 = cpu_ms();
        let through = measure(n, via, client, via_marker).await;
        let t2 = cpu_ms();
        cpu = (cpu.0 + t1 - t0, cpu.1 + t2 - t1, cpu.2 + straight.len());
        print_added(&n.to_string(), &straight, &through, "");
    }
    let per_turn = (cpu.1 - cpu.0) / cpu.2 as f64;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    println!(
        "  CPU the server spends on a turn: {per_turn:.2} ms (so 200 turns started at once need ≥ {:.0} ms on {cores} cores before the last one's first token)",
        200.0 * per_turn / cores
    );
}

/// What the server adds to one turn's first token while `open` other answers stream: `open`
/// users ask the fake to [`HOLD`], then, once every one of their answers has begun, 100 turns
/// go one after another (and 100 straight to the fake, for the difference).
async fn added_while_streaming(
    client: &reqwest::Client,
    direct: &impl Fn(usize) -> reqwest::RequestBuilder,
    via: &impl Fn(usize) -> reqwest::RequestBuilder,
    hold: impl Fn(usize) -> reqwest::RequestBuilder,
    open: usize,
) {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<()>(open);
    let mut holders = Vec::new();
    for i in 0..open {
        let (req, tx) = (hold(i), tx.clone());
        holders.push(tokio::spawn(async move {
            let mut stream = req.send().await.unwrap().bytes_stream();
            let mut told = false;
            while let Some(Ok(chunk)) = stream.next().await {
                if !told && String::from_utf8_lossy(&chunk).contains("event: delta") {
                    let _ = tx.send(()).await;
                    told = true;
                }
            }
        }));
    }
    drop(tx);
    for _ in 0..open {
        rx.recv().await.expect("every held answer begins");
    }
    let (mut straight, mut through) = (Vec::new(), Vec::new());
    for i in 0..100 {
        straight.push(first_token(client, direct(i), "\"content\":\"hi").await);
        through.push(first_token(client, via(i), "event: delta").await);
    }
    straight.sort();
    through.sort();
    print_added(
        &format!("{open} open"),
        &straight,
        &through,
        &format!("   (one turn at a time while {open} answers stream)"),
    );
    for h in holders {
        h.abort();
    }
}

#[tokio::main]
async fn main() {
    app::platform::security::install_tls_provider();
    let dir = tempfile::tempdir().unwrap();
    let database = std::env::args().nth(1);
    let backend = if database.is_some() { "PostgreSQL" } else { "SQLite" };
    let quick = fake_openai(0, Duration::ZERO).await;
    let (app_url, state) = app_on(&quick, dir.path(), database.as_deref()).await;
    let cookies = common::signed_in_users(&state, &format!("bench{}-", rand_suffix()), 200).await;
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap();
    let body = serde_json::json!({"model": "openai:gpt-5-mini", "content": "مرحبا", "mode": "new"}).to_string();
    let direct_body =
        serde_json::json!({"model": "gpt-5-mini", "stream": true, "messages": [{"role": "user", "content": "مرحبا"}]})
            .to_string();

    let direct = |_: usize| {
        client
            .post(format!("{quick}/chat/completions"))
            .header("content-type", "application/json")
            .body(direct_body.clone())
    };
    println!("== chat: time to first token added by the server (fake OpenAI on loopback, {backend}, release)");
    let via_app = |i: usize| {
        client
            .post(format!("{app_url}/chat/stream"))
            .header("content-type", "application/json")
            .header("cookie", &cookies[i % cookies.len()])
            .header("sec-fetch-site", "same-origin")
            .body(body.clone())
    };
    added_time(&client, &direct, &via_app, "via app", "event: delta").await;
    let holders = common::signed_in_users(&state, &format!("open{}-", rand_suffix()), 200).await;
    let hold_body = serde_json::json!({"model": "openai:gpt-5-mini", "content": HOLD, "mode": "new"}).to_string();
    let hold = |i: usize| {
        client
            .post(format!("{app_url}/chat/stream"))
            .header("content-type", "application/json")
            .header("cookie", &holders[i])
            .header("sec-fetch-site", "same-origin")
            .body(hold_body.clone())
    };
    added_while_streaming(&client, &direct, &via_app, hold, 200).await;
    if database.is_some() {
        return;
    }

    // The public API: the same turn through `POST /v1/chat/completions` with a Bearer key.
    let keys = api_keys(&state, 200).await;
    let api_body = serde_json::json!({"model": "openai:gpt-5-mini", "stream": true,
        "messages": [{"role": "user", "content": "مرحبا"}]})
    .to_string();
    println!("== public API: time to first token added by /v1/chat/completions (same fake, SQLite, release)");
    let via_api = |i: usize| {
        client
            .post(format!("{app_url}/v1/chat/completions"))
            .header("content-type", "application/json")
            .header("authorization", &keys[i % keys.len()])
            .body(api_body.clone())
    };
    added_time(&client, &direct, &via_api, "via /v1", "\"content\":\"hi").await;

    // Hold many streams open at once against a slow provider.
    let slow = fake_openai(200, Duration::from_millis(100)).await;
    let (slow_url, slow_state) = app_on(&slow, dir.path(), None).await;
    let held = 500usize;
    let holders = common::signed_in_users(&slow_state, &format!("hold{}-", rand_suffix()), held).await;
    let before = common::rss_kb("self");
    let (tx, mut rx) = tokio::sync::mpsc::channel::<()>(held);
    let mut tasks = Vec::new();
    for cookie in holders {
        let (client, url, body, tx) = (client.clone(), slow_url.clone(), body.clone(), tx.clone());
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(format!("{url}/chat/stream"))
                .header("content-type", "application/json")
                .header("cookie", cookie)
                .header("sec-fetch-site", "same-origin")
                .body(body)
                .send()
                .await
                .unwrap();
            let mut stream = res.bytes_stream();
            let mut seen = String::new();
            let mut told = false;
            while let Some(Ok(chunk)) = stream.next().await {
                seen.push_str(&String::from_utf8_lossy(&chunk));
                if !told && seen.contains("event: delta") {
                    let _ = tx.send(()).await;
                    told = true;
                    seen.clear();
                }
                if told {
                    seen.clear();
                }
            }
        }));
    }
    for _ in 0..held {
        rx.recv().await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let during = common::rss_kb("self");
    println!(
        "== chat: {held} streams open at once (slow fake provider): RSS {} MB before, {} MB during, ~{} KB per stream (client, server and fake provider share this process)",
        before / 1024,
        during / 1024,
        (during.saturating_sub(before)) / held as u64
    );
    for t in tasks {
        t.abort();
    }
}
