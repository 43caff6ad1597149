//! `make bench`: reserve + settle operations per second on a database.
//! Usage: cargo run --release -p server --example ledger_bench -- DATABASE_URL

use app::features::usage::UsageKind;
use app::platform::auth::users;
use app::platform::db::Db;
use app::platform::metering::{ledger, subscriptions};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("DATABASE_URL");
    let db = Db::connect(&url, 8).await.expect("connect");
    db.migrate().await.expect("migrate");
    let now = app::types::UnixMillis::now().0;
    let mut ids = Vec::new();
    for i in 0..8 {
        let (u, _) =
            users::find_or_create(&db, &format!("bench{i}.{now}@example.jo"), app::i18n::Lang::Ar).await.unwrap();
        subscriptions::grant_plan(&db, u.user.id, "creator", "bench", now).await.unwrap();
        ids.push(u.user.id);
    }
    let ops_per_task = 250;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (i, user) in ids.iter().copied().enumerate() {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..ops_per_task {
                let req = ledger::ReserveRequest::exact(user, UsageKind::Tokens, 10, "bench");
                let r = ledger::reserve(&db, &req).await.unwrap();
                ledger::settle(&db, r.id, 7 + (i as i64 % 3)).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    let ops = (ids.len() * ops_per_task) as f64;
    let backend = format!("{:?}", db.backend()).to_lowercase();
    println!(
        "  {backend:<9} {:>8.0} reserve+settle pairs/s  ({} pairs, 8 users in parallel, {secs:.2} s)",
        ops / secs,
        ops
    );
}
