//! `make bench`: empty jobs claimed and finished per second, with 1 and 4 workers.
//! Usage: cargo run --release -p server --example jobs_bench -- DATABASE_URL

use app::platform::auth::users;
use app::platform::config::Config;
use app::platform::db::Db;
use app::platform::jobs::{self, runner::Runner, runner::RunnerConfig, JobDone, JobKind, Submit};
use app::platform::AppState;
use std::time::{Duration, Instant};

const JOBS: usize = 2_000;

#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("DATABASE_URL");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = Db::connect(&url, 16).await.expect("connect");
    db.migrate().await.expect("migrate");
    let config = Config::for_tests(&url, dir.path().join("data"));
    let storage = app::platform::storage::Storage::connect(&config.storage).await.expect("storage");
    let options = leptos::config::LeptosOptions::builder().output_name("pulse").build();
    let state = AppState::new(options, config, db.clone(), storage).expect("state");
    let backend = format!("{:?}", db.backend()).to_lowercase();
    for workers in [1usize, 4] {
        let now = app::types::UnixMillis::now().0;
        // 100 users: a user may have 20 jobs waiting at most.
        let mut ids = Vec::new();
        for i in 0..100 {
            let email = format!("jobs{i}.{workers}.{now}@example.jo");
            ids.push(users::find_or_create(&db, &email, app::i18n::Lang::Ar).await.unwrap().0.user.id);
        }
        sqlx::query("DELETE FROM jobs").execute(db.pool()).await.unwrap();
        for i in 0..JOBS {
            let job = Submit {
                kind: "bench.empty",
                input: serde_json::json!({}),
                quote: None,
                screen: None,
                max_attempts: 1,
            };
            jobs::submit(&state, ids[i % ids.len()], job).await.unwrap();
        }
        let start = Instant::now();
        let runners: Vec<Runner> = (0..workers)
            .map(|w| {
                let kind = JobKind::new("bench.empty", 8, |_| Box::pin(async { Ok(JobDone::default()) }));
                let config = RunnerConfig {
                    worker_id: format!("bench-{w}"),
                    per_user_running: 100,
                    poll: Duration::from_millis(20),
                    ..RunnerConfig::default()
                };
                Runner::start(state.clone(), vec![kind], config)
            })
            .collect();
        loop {
            let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'")
                .fetch_one(db.pool())
                .await
                .unwrap();
            if done as usize >= JOBS {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let secs = start.elapsed().as_secs_f64();
        for r in runners {
            r.stop(Duration::from_secs(5)).await;
        }
        println!(
            "  {backend:<9} {workers} worker{} {:>8.0} jobs claimed and finished/s  ({JOBS} empty jobs, {secs:.2} s)",
            if workers == 1 { " " } else { "s" },
            JOBS as f64 / secs
        );
    }
}
