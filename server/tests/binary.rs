//! The `pulse` binary refuses bad configuration with a clear message and exit code 2.

use std::process::Command;

fn pulse(env: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pulse"));
    cmd.current_dir(dir.path()).args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn production_without_secrets_does_not_start() {
    let (code, text) = pulse(&[("PULSE_ENV", "production")], &["serve"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("JWT_SECRET is required"), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn an_unreachable_postgres_does_not_start() {
    let (code, text) =
        pulse(&[("DATABASE_URL", "postgres://pulse:hunter2@127.0.0.1:1/pulse"), ("LOG_FORMAT", "pretty")], &["serve"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("cannot connect to the database"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn check_config_and_migrate_work_on_defaults() {
    let (code, text) = pulse(&[], &["check-config"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = pulse(&[], &["migrate"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = pulse(&[], &["frobnicate"]);
    assert_eq!(code, 2, "{text}");
}

#[test]
fn admin_grant_plan_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let (code, text) = pulse(&[("DATABASE_URL", &db)], &["admin", "grant-plan", "Owner@Pulse.jo", "pro"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("owner@pulse.jo: pro until 20"), "{text}");
    let (code, text) = pulse(&[("DATABASE_URL", &db)], &["admin", "grant-plan", "owner@pulse.jo", "gold"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("There is no plan with that name"), "{text}");
    let (code, _) = pulse(&[("DATABASE_URL", &db)], &["admin", "grant-plan"]);
    assert_eq!(code, 2);
}

#[test]
fn the_operator_cli_lists_suspends_grants_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let env = [("DATABASE_URL", db.as_str())];
    let (code, text) = pulse(&env, &["admin", "grant-plan", "sara@pulse.jo", "starter"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = pulse(&env, &["admin", "users"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("sara@pulse.jo") && text.contains("starter") && text.contains("active"), "{text}");
    let (code, text) = pulse(&env, &["admin", "suspend", "Sara@Pulse.jo"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("sara@pulse.jo: suspended"), "{text}");
    let (_, text) = pulse(&env, &["admin", "users", "sara"]);
    assert!(text.contains("suspended"), "{text}");
    let (code, text) = pulse(&env, &["admin", "grant-addon", "sara@pulse.jo", "images"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("+10 images"), "{text}");
    let (code, text) = pulse(&env, &["admin", "grant-addon", "sara@pulse.jo", "gold"]);
    assert_eq!(code, 2, "{text}");
    let (code, text) = pulse(&env, &["admin", "grant-addon", "nobody@pulse.jo", "images"]);
    assert_eq!(code, 2, "{text}");
    let (code, text) = pulse(&env, &["admin", "unsuspend", "sara@pulse.jo"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = pulse(&env, &["admin", "stats"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("users            1") && text.contains("MRR") && text.contains("failed jobs"), "{text}");
    let (code, text) = pulse(&env, &["admin", "frobnicate"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("usage: pulse admin"), "{text}");
}

#[test]
fn a_wrong_role_is_refused_and_a_worker_answers_only_probes_and_metrics_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/pulse.db", dir.path().display());
    let data = dir.path().display().to_string();
    let (code, out) = pulse(&[("DATABASE_URL", &db), ("DATA_DIR", &data)], &["serve", "--role", "boss"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("--role must be web, worker or all"), "{out}");

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pulse"))
        .args(["serve", "--role", "worker"])
        .env("DATABASE_URL", &db)
        .env("DATA_DIR", &data)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let get_on = |port: u16, path: &str| -> Option<String> {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok()?;
        Some(out)
    };
    let get = |path: &str| get_on(port, path);
    let mut health = None;
    for _ in 0..200 {
        health = get("/healthz");
        if health.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let page = get("/");
    let metrics_on_app_port = get("/metrics");
    let metrics = get_on(metrics_port, "/metrics");
    let health_on_metrics_port = get_on(metrics_port, "/healthz");
    let _ = child.kill();
    let _ = child.wait();
    assert!(health.expect("the worker listens").starts_with("HTTP/1.1 200"));
    assert!(page.unwrap().starts_with("HTTP/1.1 404"), "a worker serves no pages");
    assert!(metrics_on_app_port.unwrap().starts_with("HTTP/1.1 404"), "no metrics on the app port");
    let metrics = metrics.expect("the worker serves METRICS_ADDR");
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    assert!(metrics.contains("text/plain; version=0.0.4"), "{metrics}");
    assert!(health_on_metrics_port.unwrap().starts_with("HTTP/1.1 404"), "the metrics listener serves only /metrics");
}
