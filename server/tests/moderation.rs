//! Moderation: the OpenAI client against a fake server speaking its format, the local
//! fallback, and blocked requests logged and refused — on SQLite and PostgreSQL.

use crate::common;
use app::error::AppError;
use app::platform::moderation::{screen, Moderator};
use axum::{http::HeaderMap, routing::post, Json, Router};
use sqlx::Row;
use std::sync::{Arc, Mutex};

type Seen = Arc<Mutex<Vec<(String, serde_json::Value)>>>;

/// The bytes of a `data:image/…;base64,…` URL.
fn image_bytes(url: &str) -> Vec<u8> {
    use base64::Engine;
    let (head, data) = url.split_once(',').expect("a data URL");
    assert!(head.starts_with("data:image/") && head.ends_with(";base64"), "{head}");
    base64::engine::general_purpose::STANDARD.decode(data).expect("base64")
}

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
                // `input`: a string, or text and image parts.
                let (input, image) = match &body["input"] {
                    serde_json::Value::Array(parts) => (
                        parts.iter().filter_map(|p| p["text"].as_str()).collect::<String>(),
                        parts.iter().filter_map(|p| p["image_url"]["url"].as_str()).map(image_bytes).next(),
                    ),
                    v => (v.as_str().unwrap_or("").to_string(), None),
                };
                if input.contains("boom500") {
                    return (http::StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({"error": {"message": "x"}})));
                }
                let violent_image = image.is_some_and(|b| b.windows(7).any(|w| w == b"violent"));
                let violent = input.contains("violent") || violent_image;
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
async fn an_attached_image_is_screened_with_its_prompt() {
    use app::platform::moderation::ImageInput;
    let (base, seen) = fake_openai().await;
    let m = Moderator::new(Some("sk-test"), &base);
    let calm = ImageInput { mime: "image/png", bytes: b"\x89PNG a cat on a sofa" };
    let violent = ImageInput { mime: "image/png", bytes: b"\x89PNG violent pixels" };
    assert!(!m.check_with_image("ماذا ترى؟", Some(calm)).await.flagged);
    let v = m.check_with_image("ماذا ترى؟", Some(violent)).await;
    assert!(v.flagged, "the image alone flags the request");
    assert_eq!(v.source, "openai");
    let calls = seen.lock().unwrap().clone();
    assert_eq!(calls[0].1["input"][0], serde_json::json!({"type": "text", "text": "ماذا ترى؟"}));
    assert_eq!(calls[0].1["input"][1]["type"], "image_url");
    assert_eq!(image_bytes(calls[0].1["input"][1]["image_url"]["url"].as_str().unwrap()), calm.bytes);
}

#[tokio::test]
async fn a_chat_turn_with_a_flagged_image_is_refused_and_costs_nothing() {
    let (base, seen) = fake_openai().await;
    let app = common::sqlite_app().await.with_moderator(Moderator::new(Some("sk-test"), &base));
    let email = "looker@example.jo";
    app::features::usage::service::grant_plan(&app.state, email, "pro", None, None).await.unwrap();
    let (user, cookie) = app.signed_in(email).await;
    // A valid PNG (it passes the upload checks) whose bytes the fake finds violent.
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbaImage::from_pixel(8, 8, image::Rgba([200, 30, 30, 255]))
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let mut png = png.into_inner();
    png.extend_from_slice(b"violent");
    let (res, body) = app.upload(&cookie, "صورة.png", &png, true).await;
    assert_eq!(res.status(), http::StatusCode::CREATED, "{body}");
    let file_id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["file"]["id"].as_str().unwrap().to_string();
    let req = http::Request::post("/chat/stream")
        .header("content-type", "application/json")
        .header("cookie", &cookie)
        .header(common::SAME_ORIGIN.0, common::SAME_ORIGIN.1)
        .body(axum::body::Body::from(
            serde_json::json!({"model": "demo:pulse-demo", "content": "صف هذه الصورة", "file_id": file_id, "mode": "new"})
                .to_string(),
        ))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), http::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(seen.lock().unwrap().last().unwrap().1["input"][1]["type"], "image_url", "the image was screened");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 0, "nothing reserved or charged");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM messages", None).await, 0, "nothing stored");
    let kind: String = sqlx::query_scalar("SELECT kind FROM moderation_events WHERE user_id = $1")
        .bind(user)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(kind, "chat");
    app.cleanup().await;
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
