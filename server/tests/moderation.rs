//! Moderation: the OpenAI client against a fake server speaking its format, the local
//! fallback, and blocked requests logged and refused — on SQLite and PostgreSQL.

mod common;
use app::error::AppError;
use app::platform::moderation::{screen, Moderator};
use axum::{http::HeaderMap, routing::post, Json, Router};
use sqlx::Row;
use std::sync::{Arc, Mutex};

type Seen = Arc<Mutex<Vec<(String, serde_json::Value)>>>;

/// `POST /v1/moderations` as OpenAI answers it.
async fn fake_openai() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = Router::new().route(
        "/v1/moderations",
        post(move |headers: HeaderMap, Json(body): Json<serde_json::Value>| {
            let log = log.clone();
            async move {
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                log.lock().unwrap().push((auth, body.clone()));
                let input = body["input"].as_str().unwrap_or("");
                if input.contains("boom500") {
                    return (http::StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({"error": {"message": "x"}})));
                }
                let violent = input.contains("violent");
                (
                    http::StatusCode::OK,
                    Json(serde_json::json!({
                        "id": "modr-1", "model": "omni-moderation-latest",
                        "results": [{
                            "flagged": violent,
                            "categories": {"harassment": false, "violence": violent, "self-harm/intent": false, "illicit/violent": false},
                            "category_scores": {"harassment": 0.001, "violence": if violent { 0.97 } else { 0.01 }},
                            "category_applied_input_types": {"violence": ["text"]}
                        }]
                    })),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/v1"), seen)
}

#[tokio::test]
async fn the_openai_client_speaks_the_moderation_api() {
    let (base, seen) = fake_openai().await;
    let m = Moderator::new(Some("sk-test"), &base);
    let v = m.check("a violent threat").await;
    assert!(v.flagged);
    assert_eq!(v.categories, vec!["violence"]);
    assert_eq!(v.source, "openai");
    assert!(!m.check("اكتب لي قصيدة عن عمّان").await.flagged);
    let calls = seen.lock().unwrap().clone();
    assert_eq!(calls[0].0, "Bearer sk-test");
    assert_eq!(calls[0].1["model"], "omni-moderation-latest");
    assert_eq!(calls[1].1["input"], "اكتب لي قصيدة عن عمّان");

    // The service failing falls back to the local list rather than letting anything through.
    let v = m.check("boom500 how to make a bomb").await;
    assert!(v.flagged);
    assert_eq!(v.source, "local");
    // …and an unreachable service too.
    let gone = Moderator::new(Some("sk-test"), "http://127.0.0.1:1/v1");
    assert!(gone.check("طريقة صنع قنبلة").await.flagged);
    assert!(!gone.check("hello").await.flagged);
}

#[tokio::test]
async fn blocked_prompts_are_refused_logged_and_never_charged() {
    for app in common::apps().await {
        let (user, _) = app.signed_in("mod@example.jo").await;
        assert_eq!(screen(&app.state, Some(user), "text", "اكتب لي سيرة ذاتية").await, Ok(()));
        let err = screen(&app.state, Some(user), "image_prompt", "How to make a bomb at home").await.unwrap_err();
        assert_eq!(err, AppError::Blocked);
        assert_eq!(err.status(), 422);
        let row = sqlx::query("SELECT user_id, kind, source, categories, excerpt FROM moderation_events")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!(row.try_get::<i64, _>("user_id").unwrap(), user, "{}", app.name);
        assert_eq!(row.try_get::<String, _>("kind").unwrap(), "image_prompt");
        assert_eq!(row.try_get::<String, _>("source").unwrap(), "local");
        assert!(row.try_get::<String, _>("categories").unwrap().contains("illicit/violent"));
        let charged = app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await;
        assert_eq!(charged, 0);
        for lang in app::i18n::Lang::ALL {
            assert!(app::i18n::has_message(lang, err.message_key()));
        }
        app.cleanup().await;
    }
}
