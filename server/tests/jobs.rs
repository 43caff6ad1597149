//! Durable jobs and the metered-work guard, on SQLite and PostgreSQL: every job runs
//! exactly once and is charged once, also when its worker dies; back-off and the dead
//! letter; cancel releases; plan priority; the per-user limit; the live stream reaches
//! the owner only.

use crate::common::{apps, TestApp};
use app::features::jobs::JobStatus;
use app::features::usage::UsageKind;
use app::platform::jobs::{self, runner::Runner, runner::RunnerConfig, JobDone, JobError, JobId, JobKind, Submit};
use app::platform::work::{self, Quote, Screen};
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A runner for tests: short lease, quick polls and back-off (also the video tests').
pub(crate) fn config(worker: &str) -> RunnerConfig {
    RunnerConfig {
        worker_id: worker.to_string(),
        lease_ms: 1_000,
        poll: Duration::from_millis(50),
        check_every: Duration::from_millis(100),
        per_user_running: 100,
        backoff_base_ms: 30,
        backoff_cap_ms: 200,
    }
}

async fn user_with_plan(app: &TestApp, email: &str, plan: &str) -> i64 {
    app::features::usage::service::grant_plan(&app.state, email, plan, None, None).await.unwrap();
    let (id, _) = app.signed_in(email).await;
    id
}

fn submit_of(kind: &'static str, input: serde_json::Value, tokens: i64) -> Submit<'static> {
    Submit {
        kind,
        input,
        quote: (tokens > 0).then(|| Quote::exact(UsageKind::Tokens, tokens, "test")),
        screen: None,
        max_attempts: 3,
    }
}

async fn status_of(app: &TestApp, id: i64) -> (String, i64, Option<i64>) {
    let r = sqlx::query("SELECT status, attempts, reservation_id FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    (r.get("status"), r.get("attempts"), r.get("reservation_id"))
}

/// Waits (bounded) until the job reaches one of `statuses`.
async fn wait_for(app: &TestApp, id: i64, statuses: &[&str]) -> String {
    for _ in 0..400 {
        let (s, _, _) = status_of(app, id).await;
        if statuses.contains(&s.as_str()) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{}: job {id} never reached {statuses:?} (now {:?})", app.name, status_of(app, id).await);
}

async fn ledger_row(app: &TestApp, reservation: i64) -> (String, i64) {
    let r = sqlx::query("SELECT status, amount_settled FROM usage_ledger WHERE id = $1")
        .bind(reservation)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    (r.get("status"), r.get("amount_settled"))
}

/// A kind that counts its runs per job and charges `used`.
fn counting(name: &'static str, runs: Arc<Mutex<HashMap<i64, u32>>>, used: i64) -> JobKind {
    JobKind::new(name, 8, move |ctx| {
        let runs = runs.clone();
        Box::pin(async move {
            *runs.lock().unwrap().entry(ctx.job.id).or_default() += 1;
            ctx.progress(50, Some("job-stage-working")).await;
            Ok(JobDone { used, ..Default::default() })
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_jobs_over_four_workers_each_run_exactly_once_and_are_charged_once() {
    for app in apps().await {
        // 100 users with 10 jobs each (a user may have 20 waiting at most).
        let mut users = Vec::new();
        for i in 0..100 {
            users.push(user_with_plan(&app, &format!("many{i}@pulse.jo"), "creator").await);
        }
        let runs = Arc::new(Mutex::new(HashMap::new()));
        let mut ids = Vec::new();
        for i in 0..1000 {
            let job = jobs::submit(&app.state, users[i % 100], submit_of("test.count", serde_json::json!({}), 7))
                .await
                .unwrap();
            ids.push(job.id);
        }
        // A production lease: no worker dies here, so none may be taken for dead while it
        // waits for the database (the lease tests below use short ones).
        let runners: Vec<Runner> = (0..4)
            .map(|w| {
                let config = RunnerConfig { lease_ms: 30_000, ..config(&format!("w{w}")) };
                Runner::start(app.state.clone(), vec![counting("test.count", runs.clone(), 5)], config)
            })
            .collect();
        for _ in 0..1200 {
            let done = app.try_count("SELECT COUNT(*) AS n FROM jobs WHERE status = 'succeeded'", None).await;
            if matches!(done, Ok(1000)) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        for r in runners {
            r.stop(Duration::from_secs(5)).await;
        }
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM jobs WHERE status = 'succeeded'", None).await,
            1000,
            "{}",
            app.name
        );
        let runs = runs.lock().unwrap().clone();
        assert_eq!(runs.len(), 1000, "{}: every job ran", app.name);
        assert!(runs.values().all(|n| *n == 1), "{}: no job ran twice", app.name);
        // Each owner heard once that their job was done.
        let done = app.count("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'job_done'", None).await;
        assert_eq!(done, 1000, "{}: one notification per job", app.name);
        // Charged once each: 5 of the 7 reserved, nothing left reserved.
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'settled' AND amount_settled = 5", None)
                .await,
            1000,
            "{}",
            app.name
        );
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'reserved'", None).await, 0);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM jobs WHERE charge = 5", None).await, 1000);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_job_whose_worker_dies_is_taken_again_after_its_lease_and_charged_once() {
    for app in apps().await {
        let user = user_with_plan(&app, "dies@pulse.jo", "pro").await;
        let runs = Arc::new(Mutex::new(HashMap::<i64, u32>::new()));
        // The first run hangs (its worker will die under it); later runs finish.
        let hang = {
            let runs = runs.clone();
            move |name| {
                let runs = runs.clone();
                JobKind::new(name, 1, move |ctx| {
                    let runs = runs.clone();
                    Box::pin(async move {
                        let n = {
                            let mut r = runs.lock().unwrap();
                            let n = r.entry(ctx.job.id).or_default();
                            *n += 1;
                            *n
                        };
                        if n == 1 {
                            std::future::pending::<()>().await;
                        }
                        Ok(JobDone { used: 40, ..Default::default() })
                    })
                })
            }
        };
        let job = jobs::submit(&app.state, user, submit_of("test.hang", serde_json::json!({}), 50)).await.unwrap();
        let first = Runner::start(app.state.clone(), vec![hang("test.hang")], config("doomed"));
        wait_for(&app, job.id, &["running"]).await;
        // The row says running before the handler starts: wait until the first run is
        // really under way, so the worker dies mid-job rather than between claim and run.
        for _ in 0..400 {
            if runs.lock().unwrap().get(&job.id).is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(runs.lock().unwrap().get(&job.id), Some(&1), "{}: the first run started", app.name);
        first.abort(); // the worker dies mid-job: no end, no lease given back
        let second = Runner::start(app.state.clone(), vec![hang("test.hang")], config("heir"));
        assert_eq!(wait_for(&app, job.id, &["succeeded", "dead", "failed"]).await, "succeeded", "{}", app.name);
        second.stop(Duration::from_secs(5)).await;
        let (_, attempts, reservation) = status_of(&app, job.id).await;
        assert_eq!(attempts, 2, "{}: taken again once", app.name);
        assert_eq!(ledger_row(&app, reservation.unwrap()).await, ("settled".into(), 40), "{}: charged once", app.name);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 1, "one reservation only");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM notifications", None).await, 1, "one notification: done");
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_process_leaves_its_job_to_another_worker() {
    let app = crate::common::sqlite_app().await;
    let user = user_with_plan(&app, "killed@pulse.jo", "pro").await;
    // A slow demo job: 40 steps of 100 ms, charging 30 of the 50 reserved.
    let input = serde_json::json!({ "steps": 40, "step_ms": 100, "charge": 30 });
    let job = jobs::submit(&app.state, user, submit_of("demo.count", input, 50)).await.unwrap();
    let db_url = app.state.config.database_url.clone();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pulse"))
        .args(["serve", "--role", "worker"])
        .env("DATABASE_URL", &db_url)
        .env("DATA_DIR", app.state.config.data_dir.display().to_string())
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("JOB_LEASE_SECS", "2")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed (SIGKILL) once it has made some progress.
    let mut progressed = false;
    for _ in 0..400 {
        let p: i64 = sqlx::query_scalar("SELECT progress FROM jobs WHERE id = $1")
            .bind(job.id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        if p >= 10 {
            progressed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    let _ = child.wait();
    assert!(progressed, "the worker process ran the job");
    assert_eq!(status_of(&app, job.id).await.0, "running", "the dead process still holds the lease");
    let heir = Runner::start(app.state.clone(), vec![app::features::jobs::demo::kind()], config("heir"));
    assert_eq!(wait_for(&app, job.id, &["succeeded", "dead", "failed"]).await, "succeeded");
    heir.stop(Duration::from_secs(5)).await;
    let (_, attempts, reservation) = status_of(&app, job.id).await;
    assert_eq!(attempts, 2);
    assert_eq!(ledger_row(&app, reservation.unwrap()).await, ("settled".into(), 30), "charged once");
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_back_off_then_the_job_is_dead_its_quota_released_and_an_admin_retry_runs_it() {
    for app in apps().await {
        let user = user_with_plan(&app, "retry@pulse.jo", "pro").await;
        let failing = Arc::new(Mutex::new(true));
        // (attempt, when it was queued to run, when it failed)
        let attempts_seen = Arc::new(Mutex::new(Vec::<(i64, i64, i64)>::new()));
        let kind = {
            let (failing, seen) = (failing.clone(), attempts_seen.clone());
            JobKind::new("test.flaky", 1, move |ctx| {
                let (failing, seen) = (failing.clone(), seen.clone());
                Box::pin(async move {
                    let failed_at = app::types::UnixMillis::now().0;
                    seen.lock().unwrap().push((ctx.job.attempts, ctx.job.run_after, failed_at));
                    if *failing.lock().unwrap() {
                        Err(JobError::Retry("job-error-demo".into()))
                    } else {
                        Ok(JobDone { used: 3, ..Default::default() })
                    }
                })
            })
        };
        let job = jobs::submit(&app.state, user, submit_of("test.flaky", serde_json::json!({}), 10)).await.unwrap();
        let spaced = RunnerConfig { backoff_base_ms: 200, backoff_cap_ms: 5_000, ..config("r") };
        let runner = Runner::start(app.state.clone(), vec![kind], spaced);
        assert_eq!(wait_for(&app, job.id, &["dead"]).await, "dead");
        let (_, attempts, reservation) = status_of(&app, job.id).await;
        assert_eq!(attempts, 3, "{}: max attempts", app.name);
        assert_eq!(ledger_row(&app, reservation.unwrap()).await.0, "released", "{}", app.name);
        // Each retry was queued at least the back-off after the failure before it: 200 ms,
        // then 400 ms (the run_after stored, against the failure's own time).
        let seen = attempts_seen.lock().unwrap().clone();
        assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), vec![1, 2, 3]);
        let waits: Vec<i64> = seen.windows(2).map(|w| w[1].1 - w[0].2).collect();
        assert!(waits[0] >= 200 && waits[1] >= 400, "{}: back-off {waits:?}", app.name);
        let view = jobs::get_for_user(&app.state, user, JobId(job.id)).await.unwrap();
        assert_eq!(view.error.as_deref(), Some("job-error-demo"));

        *failing.lock().unwrap() = false;
        let again = jobs::retry(&app.state, None, JobId(job.id)).await.unwrap();
        assert_eq!(again.status, JobStatus::Queued);
        assert_eq!(wait_for(&app, job.id, &["succeeded"]).await, "succeeded");
        runner.stop(Duration::from_secs(5)).await;
        let (_, _, new_reservation) = status_of(&app, job.id).await;
        assert_ne!(new_reservation, reservation, "a retry reserves anew");
        assert_eq!(ledger_row(&app, new_reservation.unwrap()).await, ("settled".into(), 3));
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_queued_or_a_running_job_releases_its_reservation() {
    for app in apps().await {
        let user = user_with_plan(&app, "cancel@pulse.jo", "pro").await;
        let stranger = user_with_plan(&app, "stranger@pulse.jo", "pro").await;
        // Queued: cancelled at once.
        let queued =
            jobs::submit(&app.state, user, submit_of("test.forever", serde_json::json!({}), 20)).await.unwrap();
        assert_eq!(
            jobs::cancel(&app.state, Some(stranger), JobId(queued.id)).await.unwrap_err(),
            app::error::AppError::NotFound,
            "another user's job is not found"
        );
        let view = jobs::cancel(&app.state, Some(user), JobId(queued.id)).await.unwrap();
        assert_eq!(view.status, JobStatus::Cancelled);
        let (_, _, r) = status_of(&app, queued.id).await;
        assert_eq!(ledger_row(&app, r.unwrap()).await.0, "released", "{}", app.name);

        // Running: its worker sees the cancel and stops it.
        let forever = JobKind::new("test.forever", 1, |_| Box::pin(std::future::pending()));
        let running =
            jobs::submit(&app.state, user, submit_of("test.forever", serde_json::json!({}), 20)).await.unwrap();
        let runner = Runner::start(app.state.clone(), vec![forever], config("r"));
        wait_for(&app, running.id, &["running"]).await;
        let asked = jobs::cancel(&app.state, Some(user), JobId(running.id)).await.unwrap();
        assert_eq!(asked.status, JobStatus::Running, "asked to stop");
        assert_eq!(wait_for(&app, running.id, &["cancelled"]).await, "cancelled");
        runner.stop(Duration::from_secs(5)).await;
        let (_, _, r) = status_of(&app, running.id).await;
        assert_eq!(ledger_row(&app, r.unwrap()).await.0, "released", "{}", app.name);
        assert!(jobs::cancel(&app.state, Some(user), JobId(running.id)).await.is_err(), "an ended job stays ended");
        let summary = app::platform::metering::ledger::summary(&app.state.db, user, app::types::UnixMillis::now().0)
            .await
            .unwrap();
        assert_eq!(summary.meter(UsageKind::Tokens).used, 0, "{}: nothing charged", app.name);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creators_jobs_run_before_pros_before_starters() {
    for app in apps().await {
        let starter = user_with_plan(&app, "s@pulse.jo", "starter").await;
        let pro = user_with_plan(&app, "p@pulse.jo", "pro").await;
        let creator = user_with_plan(&app, "c@pulse.jo", "creator").await;
        for user in [starter, pro, creator, starter, pro, creator] {
            jobs::submit(&app.state, user, submit_of("test.order", serde_json::json!({}), 0)).await.unwrap();
        }
        let order = Arc::new(Mutex::new(Vec::new()));
        let kind = {
            let order = order.clone();
            JobKind::new("test.order", 1, move |ctx| {
                let order = order.clone();
                Box::pin(async move {
                    order.lock().unwrap().push(ctx.job.user_id);
                    Ok(JobDone::default())
                })
            })
        };
        let runner = Runner::start(app.state.clone(), vec![kind], config("r"));
        for _ in 0..200 {
            if order.lock().unwrap().len() == 6 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        runner.stop(Duration::from_secs(5)).await;
        assert_eq!(*order.lock().unwrap(), vec![creator, creator, pro, pro, starter, starter], "{}", app.name);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_user_runs_no_more_jobs_at_once_than_the_limit_while_others_go_on() {
    for app in apps().await {
        let busy = user_with_plan(&app, "busy@pulse.jo", "creator").await;
        let other = user_with_plan(&app, "other@pulse.jo", "creator").await;
        let now_running = Arc::new(Mutex::new(HashMap::<i64, i64>::new()));
        let peak = Arc::new(Mutex::new(HashMap::<i64, i64>::new()));
        let kind = {
            let (now_running, peak) = (now_running.clone(), peak.clone());
            JobKind::new("test.slow", 4, move |ctx| {
                let (now_running, peak) = (now_running.clone(), peak.clone());
                Box::pin(async move {
                    let user = ctx.job.user_id;
                    {
                        let mut n = now_running.lock().unwrap();
                        let c = n.entry(user).or_default();
                        *c += 1;
                        let mut p = peak.lock().unwrap();
                        let m = p.entry(user).or_default();
                        *m = (*m).max(*c);
                    }
                    tokio::time::sleep(Duration::from_millis(150)).await;
                    *now_running.lock().unwrap().get_mut(&user).unwrap() -= 1;
                    Ok(JobDone::default())
                })
            })
        };
        for _ in 0..4 {
            jobs::submit(&app.state, busy, submit_of("test.slow", serde_json::json!({}), 0)).await.unwrap();
        }
        jobs::submit(&app.state, other, submit_of("test.slow", serde_json::json!({}), 0)).await.unwrap();
        let limited = RunnerConfig { per_user_running: 1, ..config("a") };
        let runners = vec![
            Runner::start(app.state.clone(), vec![kind.clone()], limited.clone()),
            Runner::start(app.state.clone(), vec![kind], RunnerConfig { worker_id: "b".into(), ..limited }),
        ];
        for _ in 0..200 {
            if matches!(app.try_count("SELECT COUNT(*) AS n FROM jobs WHERE status = 'succeeded'", None).await, Ok(5)) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        for r in runners {
            r.stop(Duration::from_secs(5)).await;
        }
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM jobs WHERE status = 'succeeded'", None).await, 5);
        assert_eq!(peak.lock().unwrap()[&busy], 1, "{}: one at a time for one user", app.name);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_metered_guard_releases_on_drop_settles_once_and_reserves_nothing_when_refused() {
    for app in apps().await {
        let user = user_with_plan(&app, "guard@pulse.jo", "pro").await;
        let quote = Quote::range(UsageKind::Tokens, 10, 100, "test");

        // Dropped without settle or release: released.
        let metered = work::begin(&app.state, user, &quote, Some(Screen::text("text", "hello"))).await.unwrap();
        let id = metered.reservation_id();
        assert_eq!(metered.amount(), 100);
        drop(metered);
        let mut status = String::new();
        for _ in 0..100 {
            status = ledger_row(&app, id).await.0;
            if status == "released" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(status, "released", "{}", app.name);

        // Settled: once, never more than reserved, and not released afterwards.
        let metered = work::begin(&app.state, user, &quote, None).await.unwrap();
        let id = metered.reservation_id();
        assert_eq!(metered.settle(500).await.unwrap().amount, 100, "capped at the reservation");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(ledger_row(&app, id).await, ("settled".into(), 100), "{}", app.name);

        // Refused by moderation: nothing reserved.
        let before = app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await;
        let refused =
            work::begin(&app.state, user, &quote, Some(Screen::text("text", "how to make a bomb"))).await.unwrap_err();
        assert_eq!(refused, app::error::AppError::Blocked);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, before, "{}", app.name);
        // The same for a job.
        let blocked = jobs::submit(
            &app.state,
            user,
            Submit {
                screen: Some(Screen::text("text", "how to make a bomb")),
                ..submit_of("test.x", serde_json::json!({}), 5)
            },
        )
        .await
        .unwrap_err();
        assert_eq!(blocked, app::error::AppError::Blocked);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM jobs", None).await, 0);

        // Preview from the same quote.
        let preview = work::preview(&app.state.db, user, &quote).await.unwrap();
        assert_eq!(preview.amount, 100);
        assert!(preview.allowed);
        app.cleanup().await;
    }
}

/// Reads server-sent events from a streaming body until `until` holds or time runs out.
async fn read_events(body: &mut axum::body::Body, wait: Duration, until: impl Fn(&str) -> bool) -> String {
    use http_body_util::BodyExt;
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + wait;
    while !until(&text) {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    text.push_str(&String::from_utf8_lossy(data));
                }
            }
            _ => break,
        }
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_carries_a_jobs_progress_to_its_owner_and_to_nobody_else() {
    for app in apps().await {
        let (owner, owner_cookie) = app.signed_in("owner@pulse.jo").await;
        let (_, other_cookie) = app.signed_in("other@pulse.jo").await;
        let open = |cookie: String| {
            let req = http::Request::get("/events").header("cookie", cookie).body(axum::body::Body::empty()).unwrap();
            app.send_streaming(req)
        };
        let anonymous = app.send(http::Request::get("/events").body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(anonymous.status(), 401);
        let mut mine = open(owner_cookie).await.into_body();
        let mut theirs = open(other_cookie).await.into_body();
        let snapshot = read_events(&mut mine, Duration::from_secs(5), |t| t.contains("event: snapshot")).await;
        assert!(snapshot.contains("data: []"), "{snapshot}");

        let input = serde_json::json!({ "steps": 10, "step_ms": 200 });
        let job = jobs::submit(&app.state, owner, submit_of("demo.count", input, 0)).await.unwrap();
        let runner = Runner::start(app.state.clone(), vec![app::features::jobs::demo::kind()], config("r"));
        let seen = read_events(&mut mine, Duration::from_secs(20), |t| t.contains("\"Succeeded\"")).await;
        runner.stop(Duration::from_secs(5)).await;
        assert!(seen.contains("event: job"), "{}: {seen}", app.name);
        assert!(seen.contains(&format!("\"id\":{}", job.id)));
        assert!(seen.contains("\"Running\""), "progress while running: {seen}");
        assert!(seen.contains("\"Succeeded\""), "{seen}");
        let progress: Vec<i64> = seen
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter_map(|d| serde_json::from_str::<app::features::jobs::JobView>(d).ok())
            .map(|j| j.progress)
            .collect();
        assert!(progress.iter().any(|p| (1..100).contains(p)), "{}: a figure between 0 and 100 {progress:?}", app.name);

        let other = read_events(&mut theirs, Duration::from_millis(1500), |_| false).await;
        assert!(other.contains("event: snapshot"), "{other}");
        assert!(!other.contains(&format!("\"id\":{}", job.id)), "{}: another user's job leaked: {other}", app.name);
        app.cleanup().await;
    }
}
