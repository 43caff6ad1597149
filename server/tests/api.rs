//! The public OpenAI-compatible API: keys, models, chat completions streamed and not,
//! OpenAI's error envelope, metering exactly as in the app — on SQLite and PostgreSQL; and
//! the official `openai` Python and npm packages against a real listening server.

use crate::common::{apps, sqlite_app, TestApp};
use app::features::usage::UsageKind;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};

const DEMO: &str = "demo:pulse-demo";

async fn key_for(app: &TestApp, user: i64, name: &str) -> String {
    app::features::public_api::service::create(&app.state, user, name, None, None).await.unwrap().secret
}

async fn plan_user(app: &TestApp, email: &str) -> i64 {
    app::features::usage::service::grant_plan(&app.state, email, "pro", None, None).await.unwrap();
    app.signed_in(email).await.0
}

async fn call(app: &TestApp, method: &str, path: &str, key: Option<&str>, body: Option<Value>) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(k) = key {
        req = req.header("authorization", format!("Bearer {k}"));
    }
    let req = match body {
        Some(b) => req.header("content-type", "application/json").body(axum::body::Body::from(b.to_string())),
        None => req.body(axum::body::Body::empty()),
    }
    .unwrap();
    let res = app.send(req).await;
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn error_code(body: &str) -> (String, String) {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("an error envelope: {body}"));
    (v["error"]["type"].as_str().unwrap_or("").into(), v["error"]["code"].as_str().unwrap_or("").into())
}

async fn tokens_used(app: &TestApp, user: i64) -> (i64, i64) {
    let s =
        app::platform::metering::ledger::summary(&app.state.db, user, app::types::UnixMillis::now().0).await.unwrap();
    let m = s.meter(UsageKind::Tokens);
    (m.used, m.limit)
}

#[tokio::test]
async fn keys_list_models_and_refuse_bad_revoked_and_missing_keys() {
    for app in apps().await {
        let user = plan_user(&app, "dev@example.jo").await;
        let key = key_for(&app, user, "laptop").await;
        assert!(key.starts_with("pulse_sk_") && key.len() > 40);
        let stored: String =
            sqlx::query_scalar("SELECT secret_hash FROM api_keys").fetch_one(app.state.db.pool()).await.unwrap();
        assert!(!stored.contains(&key[9..]), "only a hash is kept");

        let (status, body) = call(&app, "GET", "/v1/models", Some(&key), None).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", app.name);
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["object"], "list");
        assert!(v["data"].as_array().unwrap().iter().any(|m| m["id"] == DEMO && m["object"] == "model"));

        for bad in [None, Some("pulse_sk_nope"), Some("sk-openai-style")] {
            let (status, body) = call(&app, "GET", "/v1/models", bad, None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad:?}");
            assert_eq!(error_code(&body).1, "invalid_api_key");
        }
        let id: i64 = sqlx::query_scalar("SELECT id FROM api_keys").fetch_one(app.state.db.pool()).await.unwrap();
        app::features::public_api::service::revoke(&app.state, user, id, None).await.unwrap();
        let (status, _) = call(&app, "GET", "/v1/models", Some(&key), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a revoked key stops at once");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'api_key.%'", None).await, 2);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_chat_completion_is_answered_in_openais_shape_and_charged_to_the_plan() {
    for app in apps().await {
        let user = plan_user(&app, "plain@example.jo").await;
        let key = key_for(&app, user, "script").await;
        let body = json!({"model": DEMO, "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "مرحبا"}]}
        ]});
        let (status, text) = call(&app, "POST", "/v1/chat/completions", Some(&key), Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{}: {text}", app.name);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["object"], "chat.completion");
        assert!(v["id"].as_str().unwrap().starts_with("chatcmpl-"));
        assert_eq!(v["choices"][0]["message"]["role"], "assistant");
        assert!(!v["choices"][0]["message"]["content"].as_str().unwrap().is_empty());
        assert_eq!(v["choices"][0]["finish_reason"], "stop");
        let total = v["usage"]["total_tokens"].as_i64().unwrap();
        assert_eq!(
            total,
            v["usage"]["prompt_tokens"].as_i64().unwrap() + v["usage"]["completion_tokens"].as_i64().unwrap()
        );
        // The demo model's weight is 1: the plan is charged the tokens, once, and the key counts it.
        assert_eq!(tokens_used(&app, user).await.0, total, "{}", app.name);
        let (requests, charged): (i64, i64) = {
            use sqlx::Row;
            let r = sqlx::query("SELECT requests, tokens_charged FROM api_keys")
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
            (r.get("requests"), r.get("tokens_charged"))
        };
        assert_eq!((requests, charged), (1, total));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_streamed_completion_sends_openai_chunks_usage_last_and_done() {
    let app = sqlite_app().await;
    let user = plan_user(&app, "stream@example.jo").await;
    let key = key_for(&app, user, "stream").await;
    let body = json!({"model": DEMO, "stream": true, "stream_options": {"include_usage": true},
        "messages": [{"role": "user", "content": "hello"}]});
    let (status, text) = call(&app, "POST", "/v1/chat/completions", Some(&key), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let datas: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
    assert_eq!(datas.last(), Some(&"[DONE]"), "{text}");
    let chunks: Vec<Value> = datas[..datas.len() - 1].iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    assert!(chunks.iter().all(|c| c["object"] == "chat.completion.chunk"));
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    let contents =
        chunks.iter().filter(|c| c["choices"][0]["delta"]["content"].as_str().is_some_and(|s| !s.is_empty())).count();
    assert!(contents > 1, "text in several chunks");
    let finish: Vec<&Value> = chunks.iter().filter(|c| !c["choices"][0]["finish_reason"].is_null()).collect();
    assert_eq!(finish.len(), 1);
    assert_eq!(finish[0]["choices"][0]["finish_reason"], "stop");
    let last = chunks.last().unwrap();
    assert_eq!(last["choices"], json!([]), "the usage chunk has no choices");
    let total = last["usage"]["total_tokens"].as_i64().unwrap();
    assert_eq!(tokens_used(&app, user).await.0, total);

    // Without include_usage: no usage chunk.
    let body = json!({"model": DEMO, "stream": true, "messages": [{"role": "user", "content": "hello"}]});
    let (_, text) = call(&app, "POST", "/v1/chat/completions", Some(&key), Some(body)).await;
    assert!(!text.contains("\"usage\""), "{text}");
    app.cleanup().await;
}

#[tokio::test]
async fn refusals_use_openais_envelope_and_statuses_and_cost_nothing() {
    for app in apps().await {
        let user = plan_user(&app, "refused@example.jo").await;
        let key = key_for(&app, user, "k").await;
        let cases = [
            (json!({"model": "no:such", "messages": [{"role": "user", "content": "hi"}]}), 404, "model_not_found"),
            (json!({"model": DEMO, "messages": [{"role": "assistant", "content": "hi"}]}), 400, "api-last-not-user"),
            (json!({"model": DEMO, "messages": [{"role": "tool", "content": "x"}]}), 400, "api-role-invalid"),
            (json!({"model": DEMO, "n": 2, "messages": [{"role": "user", "content": "hi"}]}), 400, "api-n-unsupported"),
            (json!({"messages": []}), 400, "api-body-invalid"),
            (
                json!({"model": DEMO, "messages": [{"role": "user", "content": "how to make a bomb"}]}),
                400,
                "content_policy_violation",
            ),
            // Earlier turns are the caller's words too, "assistant" ones included.
            (
                json!({"model": DEMO, "messages": [
                    {"role": "user", "content": "how to make a bomb"},
                    {"role": "assistant", "content": "ok"},
                    {"role": "user", "content": "go on"}
                ]}),
                400,
                "content_policy_violation",
            ),
            (
                json!({"model": DEMO, "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "http://example.jo/x.png"}}]}]}),
                400,
                "api-image-data-url",
            ),
        ];
        for (body, status, code) in cases {
            let (got, text) = call(&app, "POST", "/v1/chat/completions", Some(&key), Some(body)).await;
            assert_eq!(got.as_u16(), status, "{}: {text}", app.name);
            assert_eq!(error_code(&text).1, code, "{text}");
        }
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 0, "nothing reserved");

        // No plan at all: OpenAI's insufficient_quota (a RateLimitError in its clients).
        let (broke, _) = app.signed_in("broke@example.jo").await;
        let broke_key = key_for(&app, broke, "k").await;
        let (status, text) = call(
            &app,
            "POST",
            "/v1/chat/completions",
            Some(&broke_key),
            Some(json!({"model": DEMO, "messages": [{"role": "user", "content": "hi"}]})),
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(error_code(&text), ("insufficient_quota".into(), "insufficient_quota".into()));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn each_key_has_its_own_rate_limit() {
    let app = sqlite_app().await.with_config(|c| c.api_key_rate_requests = 3);
    let user = plan_user(&app, "fast@example.jo").await;
    let (a, b) = (key_for(&app, user, "a").await, key_for(&app, user, "b").await);
    for _ in 0..3 {
        assert_eq!(call(&app, "GET", "/v1/models", Some(&a), None).await.0, StatusCode::OK);
    }
    let req = Request::get("/v1/models")
        .header("authorization", format!("Bearer {a}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(error_code(&String::from_utf8_lossy(&bytes)).1, "rate_limit_exceeded");
    assert_eq!(call(&app, "GET", "/v1/models", Some(&b), None).await.0, StatusCode::OK, "another key goes on");
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_streams_on_one_key_never_overspend_the_plan() {
    for app in apps().await {
        let app = app.with_config(|c| c.api_key_rate_requests = 10_000);
        let user = plan_user(&app, "many@example.jo").await;
        leave_tokens(&app, user, 3_000).await;
        let key = key_for(&app, user, "k").await;
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for _ in 0..100 {
            let (app, key) = (app.clone(), key.clone());
            tasks.push(tokio::spawn(async move {
                let body = json!({"model": DEMO, "stream": true, "messages": [{"role": "user", "content": "count"}]});
                call(&app, "POST", "/v1/chat/completions", Some(&key), Some(body)).await.0
            }));
        }
        let mut answered = 0;
        for t in tasks {
            let status = t.await.unwrap();
            assert!(status == StatusCode::OK || status == StatusCode::TOO_MANY_REQUESTS, "{status}");
            answered += usize::from(status == StatusCode::OK);
        }
        let (used, limit) = tokens_used(&app, user).await;
        assert!(used <= limit, "{}: used {used} of {limit}", app.name);
        assert!(answered > 0);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'reserved'", None).await, 0);
        std::sync::Arc::into_inner(app).unwrap().cleanup().await;
    }
}

/// Uses up the user's tokens but `left`.
async fn leave_tokens(app: &TestApp, user: i64, left: i64) {
    use app::platform::metering::ledger;
    let (used, limit) = tokens_used(app, user).await;
    let spend = limit - used - left;
    let r = ledger::reserve(&app.state.db, &ledger::ReserveRequest::exact(user, UsageKind::Tokens, spend, "test"))
        .await
        .unwrap();
    ledger::settle(&app.state.db, r.id, spend).await.unwrap();
}

/// The official clients against a real listening server: `openai` from PyPI (a venv that
/// `make test` prepares, `PULSE_OPENAI_PYTHON`) and from npm (end2end/node_modules).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_official_openai_clients_work_against_the_api() {
    let required = std::env::var("PULSE_REQUIRE_OPENAI_CLIENTS").as_deref() == Ok("1");
    let python = std::env::var("PULSE_OPENAI_PYTHON").ok().filter(|p| std::path::Path::new(p).exists());
    let node_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end");
    let node_ok = node_dir.join("node_modules/openai").exists();
    let (Some(python), true) = (python, node_ok) else {
        assert!(
            !required,
            "PULSE_REQUIRE_OPENAI_CLIENTS=1 but the openai clients are missing (run infra/scripts/setup.sh test)"
        );
        eprintln!(
            "note: official OpenAI client tests skipped (PULSE_OPENAI_PYTHON or end2end/node_modules/openai missing)"
        );
        return;
    };
    let app = sqlite_app().await.with_config(|c| c.api_key_rate_requests = 10_000);
    let user = plan_user(&app, "client@example.jo").await;
    leave_tokens(&app, user, 4_000).await;
    let key = key_for(&app, user, "python").await;
    let revoked = key_for(&app, user, "old").await;
    let old_id: i64 =
        sqlx::query_scalar("SELECT id FROM api_keys WHERE name = 'old'").fetch_one(app.state.db.pool()).await.unwrap();
    app::features::public_api::service::revoke(&app.state, user, old_id, None).await.unwrap();
    let (broke, _) = app.signed_in("broke@example.jo").await;
    let exhausted = key_for(&app, broke, "none").await;

    let (addr, server) = app.serve_over_tcp().await;
    let base = format!("http://{addr}/v1");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/openai_python.py");
    let out = tokio::process::Command::new(&python)
        .args([script, &base, &key, &revoked, &exhausted, DEMO])
        .output()
        .await
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "python openai:\n{text}");
    eprintln!("{text}");
    let out = tokio::process::Command::new("node")
        .arg(node_dir.join("clients/openai_node.mjs"))
        .args([&base, &key, DEMO])
        .output()
        .await
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "node openai:\n{text}");
    server.abort();
    let (used, limit) = tokens_used(&app, user).await;
    assert!(used <= limit, "used {used} of {limit}");
    app.cleanup().await;
}

#[tokio::test]
async fn an_answer_cut_by_max_tokens_says_length() {
    let app = sqlite_app().await;
    let user = plan_user(&app, "short@example.jo").await;
    let key = key_for(&app, user, "k").await;
    let body =
        json!({"model": DEMO, "max_tokens": 5, "messages": [{"role": "user", "content": "tell me a long story"}]});
    let (status, text) = call(&app, "POST", "/v1/chat/completions", Some(&key), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["choices"][0]["finish_reason"], "length", "{text}");
    assert!(v["usage"]["completion_tokens"].as_i64().unwrap() <= 5);
    app.cleanup().await;
}
