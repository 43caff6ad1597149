//! The CV maker over HTTP, on SQLite and PostgreSQL: saved CVs with a version check, only
//! the owner's (404 for anyone else), AI help charged exactly usage × weight, the live
//! preview, and PDF / DOCX exports that read right (pdftotext, the DOCX's XML).

use crate::common::{apps, header, pdftotext, TestApp, SAME_ORIGIN};
use app::platform::ai::{AiGateway, ModelInfo};
use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use http::StatusCode;
use pulse_documents::cv::{Cv, CvLang};
use pulse_providers::{ChatRequest, Event, EventStream, FinishReason, ProviderError, Usage};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

async fn create(app: &TestApp, cookie: &str, title: &str, lang: &str) -> i64 {
    let (res, body) =
        app.post_form("/api/cv/create", &[("title", title), ("lang", lang)], &[SAME_ORIGIN, ("cookie", cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}: {body}", app.name);
    serde_json::from_str::<Value>(&body).unwrap()["id"].as_i64().unwrap()
}

async fn get(app: &TestApp, cookie: &str, id: i64) -> (StatusCode, Value) {
    let (res, body) =
        app.post_form("/api/cv/get", &[("id", &id.to_string())], &[SAME_ORIGIN, ("cookie", cookie)]).await;
    (res.status(), serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn save(app: &TestApp, cookie: &str, id: i64, base: i64, cv: &Cv) -> (StatusCode, Value) {
    let (res, body) =
        app.post_json("/api/cv/save", &json!({ "id": id, "base": base, "title": "سيرتي", "cv": cv }), cookie).await;
    (res.status(), serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn export(app: &TestApp, cookie: &str, id: i64, format: &str) -> Vec<u8> {
    let (res, body) = app
        .post_form("/api/cv/export", &[("id", &id.to_string()), ("format", format)], &[SAME_ORIGIN, ("cookie", cookie)])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}: {body}", app.name);
    let link: String = serde_json::from_str(&body).unwrap();
    let (res, bytes) = app.get_bytes(&link, &[]).await;
    assert_eq!(res.status(), StatusCode::OK, "{link}");
    assert!(header(&res, "content-disposition").starts_with("attachment;"));
    bytes
}

#[tokio::test]
async fn a_cv_is_saved_with_a_version_check_and_only_its_owner_sees_it() {
    for app in apps().await {
        let (_, cookie) = app.signed_in("cv-owner@example.jo").await;
        let id = create(&app, &cookie, "سيرتي الذاتية", "ar").await;
        let (status, doc) = get(&app, &cookie, id).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((doc["version"].as_i64(), doc["cv"]["lang"].as_str()), (Some(1), Some("ar")));

        // Two tabs load version 1; the first saves (→ 2), the stale one is refused.
        let cv = Cv::sample(CvLang::Ar);
        let (status, saved) = save(&app, &cookie, id, 1, &cv).await;
        assert_eq!((status, saved["version"].as_i64()), (StatusCode::OK, Some(2)), "{}", app.name);
        let mut other = cv.clone();
        other.content.full_name = "اسم قديم".into();
        let (status, err) = save(&app, &cookie, id, 1, &other).await;
        assert_eq!(status, StatusCode::CONFLICT, "{}: {err}", app.name);
        assert_eq!(err["Conflict"], "error-conflict");
        let (_, doc) = get(&app, &cookie, id).await;
        assert_eq!(doc["cv"]["content"]["full_name"], "سارة الخطيب", "the newer work stands");

        // Bad input: a translated error, nothing lost.
        let (res, body) = app
            .post_form("/api/cv/create", &[("title", "  "), ("lang", "ar")], &[SAME_ORIGIN, ("cookie", &cookie)])
            .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body}");
        assert!(body.contains("cv-title-invalid"));

        // Duplicate, list, delete.
        let (res, body) = app
            .post_form(
                "/api/cv/duplicate",
                &[("id", &id.to_string()), ("title", "نسخة")],
                &[SAME_ORIGIN, ("cookie", &cookie)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{body}");
        let copy: i64 = serde_json::from_str(&body).unwrap();
        let (_, doc) = get(&app, &cookie, copy).await;
        assert_eq!(doc["cv"]["content"]["experience"][0]["company"], "Orange Jordan");
        let (_, body) = app.post_form("/api/cv/list", &[], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap().as_array().unwrap().len(), 2);

        // Someone else: 404 on every door.
        let (_, stranger) = app.signed_in("cv-stranger@example.jo").await;
        assert_eq!(get(&app, &stranger, id).await.0, StatusCode::NOT_FOUND);
        assert_eq!(save(&app, &stranger, id, 2, &cv).await.0, StatusCode::NOT_FOUND);
        for (path, form) in [
            ("/api/cv/export", vec![("id", id.to_string()), ("format", "pdf".to_string())]),
            ("/api/cv/duplicate", vec![("id", id.to_string()), ("title", "x".to_string())]),
            ("/api/cv/delete", vec![("id", id.to_string())]),
            ("/api/cv/preview", vec![("id", id.to_string())]),
            ("/api/cv/translate", vec![("id", id.to_string()), ("title", "x".to_string())]),
        ] {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (res, body) = app.post_form(path, &form, &[SAME_ORIGIN, ("cookie", &stranger)]).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}: {body}");
        }
        let (res, _) = app.get_with(&format!("/cv/{id}/preview/1"), &[("cookie", &stranger)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let (res, _) = app.post_json("/cv/ai", &json!({ "cv_id": id, "task": "summary", "cv": cv }), &stranger).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);

        let (res, _) =
            app.post_form("/api/cv/delete", &[("id", &id.to_string())], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(get(&app, &cookie, id).await.0, StatusCode::NOT_FOUND);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_preview_is_the_saved_cv_as_svg_pages() {
    let app = crate::common::sqlite_app().await;
    let (_, cookie) = app.signed_in("cv-preview@example.jo").await;
    let id = create(&app, &cookie, "My CV", "en").await;
    save(&app, &cookie, id, 1, &Cv::long_sample(CvLang::En)).await;
    let (res, body) =
        app.post_form("/api/cv/preview", &[("id", &id.to_string())], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let (version, pages): (i64, usize) = serde_json::from_str(&body).unwrap();
    assert_eq!(version, 2);
    assert!(pages >= 2, "a long CV has several pages: {pages}");
    let (res, svg) = app.get_with(&format!("/cv/{id}/preview/{pages}?v=2"), &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "image/svg+xml");
    assert!(svg.starts_with("<svg") || svg.contains("<svg"), "{}", &svg[..svg.len().min(200)]);
    let (res, _) = app.get_with(&format!("/cv/{id}/preview/{}", pages + 1), &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn exports_are_the_users_files_and_read_right() {
    for app in apps().await {
        let (user, cookie) = app.signed_in("cv-export@example.jo").await;
        let id = create(&app, &cookie, "سيرة سارة", "ar").await;
        save(&app, &cookie, id, 1, &Cv::sample(CvLang::Ar)).await;
        let pdf = export(&app, &cookie, id, "pdf").await;
        assert!(pdf.starts_with(b"%PDF"));
        if let Some(text) = pdftotext(&pdf) {
            for words in ["سارة الخطيب", "مهندسة برمجيات", "Orange Jordan", "Aramex"] {
                assert!(text.contains(words), "{}: {words} missing from\n{text}", app.name);
            }
        }
        let docx = export(&app, &cookie, id, "docx").await;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("<w:bidi/>") && xml.contains("<w:rtl/>") && xml.contains("Noto Sans Arabic"));
        // Kept as the user's files; exports cost no quota.
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) AS n FROM files WHERE owner_id = {user} AND kind = 'doc'"), None).await,
            2
        );
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 0);
        app.cleanup().await;
    }
}

/// A provider that answers with fixed text and reports fixed usage.
#[derive(Debug)]
struct Fixed {
    text: &'static str,
    usage: Usage,
    seen: Arc<Mutex<Vec<ChatRequest>>>,
}

fn double() -> ModelInfo {
    ModelInfo {
        id: "test:double".into(),
        name_ar: "نموذج الاختبار".into(),
        name_en: "Test model".into(),
        vision: false,
        max_context: 8_000,
        max_output: 500,
        weight_milli: 2_000, // a provider token costs two plan tokens
        reserve_weight_milli: 2_000,
    }
}

impl AiGateway for Fixed {
    fn models(&self) -> Vec<ModelInfo> {
        vec![double()]
    }
    fn stream(&self, _: &str, request: ChatRequest) -> BoxFuture<'_, Result<(ModelInfo, EventStream), ProviderError>> {
        self.seen.lock().unwrap().push(request);
        let events: Vec<Result<Event, ProviderError>> = self
            .text
            .split_inclusive(' ')
            .map(|w| Ok(Event::Text(w.to_string())))
            .chain([Ok(Event::Finished(FinishReason::Stop)), Ok(Event::Usage(self.usage))])
            .collect();
        Box::pin(async move { Ok((double(), futures_util::stream::iter(events).boxed() as EventStream)) })
    }
}

async fn ai_events(app: &TestApp, cookie: &str, body: Value) -> Vec<Value> {
    let (res, text) = app.post_json("/cv/ai", &body, cookie).await;
    assert_eq!(res.status(), StatusCode::OK, "{text}");
    text.lines().filter_map(|l| l.strip_prefix("data: ")).map(|d| serde_json::from_str(d).unwrap()).collect()
}

#[tokio::test]
async fn ai_help_streams_the_text_and_is_charged_exactly_usage_times_weight() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let ai = Fixed {
        text: "Led a team of five to ship the app in 3 months",
        usage: Usage { input_tokens: 180, output_tokens: 20 },
        seen: seen.clone(),
    };
    let app = crate::common::sqlite_app().await.with_ai(Arc::new(ai));
    app::features::usage::service::grant_plan(&app.state, "cv-ai@example.jo", "pro", None, None).await.unwrap();
    let (_, cookie) = app.signed_in("cv-ai@example.jo").await;
    let id = create(&app, &cookie, "My CV", "en").await;
    let cv = Cv::sample(CvLang::En);
    let events = ai_events(
        &app,
        &cookie,
        json!({ "cv_id": id, "task": { "bullet": { "experience": 0, "bullet": 1 } }, "cv": cv }),
    )
    .await;
    let text: String = events.iter().filter(|e| e["type"] == "delta").map(|e| e["text"].as_str().unwrap()).collect();
    assert_eq!(text, "Led a team of five to ship the app in 3 months");
    let done = events.last().unwrap();
    assert_eq!((done["type"].as_str(), done["charged"].as_i64()), (Some("done"), Some(400)), "(180 + 20) × 2");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'settled' AND amount_settled = 400 AND feature = 'cv'", None).await,
        1
    );
    // The model saw the bullet and was told the CV's language.
    let req = seen.lock().unwrap()[0].clone();
    assert!(req.system.unwrap().contains("English"));
    assert!(req.messages[0].joined_text().contains("Cut page load time by 40%"));

    // A task that points nowhere is refused before anything is reserved.
    let (res, body) = app
        .post_json(
            "/cv/ai",
            &json!({ "cv_id": id, "task": { "bullet": { "experience": 9, "bullet": 0 } }, "cv": cv }),
            &cookie,
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(body.contains("cv-ai-nothing"), "{body}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 1);
}

#[tokio::test]
async fn with_the_demo_model_the_summary_is_an_offline_draft_and_translation_makes_a_new_cv() {
    let app = crate::common::sqlite_app().await;
    app::features::usage::service::grant_plan(&app.state, "cv-demo@example.jo", "starter", None, None).await.unwrap();
    let (_, cookie) = app.signed_in("cv-demo@example.jo").await;
    let id = create(&app, &cookie, "سيرتي", "ar").await;
    let cv = Cv::sample(CvLang::Ar);
    save(&app, &cookie, id, 1, &cv).await;
    let events = ai_events(&app, &cookie, json!({ "cv_id": id, "task": "summary", "cv": cv })).await;
    let text: String = events.iter().filter(|e| e["type"] == "delta").map(|e| e["text"].as_str().unwrap()).collect();
    assert!(text.starts_with("مهندسة برمجيات") && text.contains("Orange Jordan"), "{text} {events:?}");
    assert_eq!(events.last().unwrap()["type"], "done");

    let (res, body) = app
        .post_form(
            "/api/cv/translate",
            &[("id", &id.to_string()), ("title", "My CV")],
            &[SAME_ORIGIN, ("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let new_id: i64 = serde_json::from_str(&body).unwrap();
    let (_, doc) = get(&app, &cookie, new_id).await;
    assert_eq!(doc["cv"]["lang"], "en");
    assert_eq!(doc["cv"]["content"]["full_name"], "سارة الخطيب", "names are kept");
    assert_eq!(doc["cv"]["content"]["experience"][0]["company"], "Orange Jordan");
}

#[tokio::test]
async fn a_chat_answer_goes_into_a_cv() {
    let app = crate::common::sqlite_app().await;
    let (_, cookie) = app.signed_in("cv-chat@example.jo").await;
    let id = create(&app, &cookie, "CV", "en").await;
    let (res, body) = app
        .post_json(
            "/api/cv/add-text",
            &json!({ "id": id, "target": "summary", "text": "  A calm, precise engineer.  " }),
            &cookie,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let (res, _) = app
        .post_json(
            "/api/cv/add-text",
            &json!({ "id": id, "target": { "bullet": { "experience": 0 } }, "text": "Shipped X" }),
            &cookie,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, doc) = get(&app, &cookie, id).await;
    assert_eq!(doc["cv"]["content"]["summary"], "A calm, precise engineer.");
    assert_eq!(doc["cv"]["content"]["experience"][0]["bullets"][0], "Shipped X");
    assert_eq!(doc["version"], 3);
}

#[tokio::test]
async fn the_list_and_the_editor_render_on_the_server_with_the_saved_cv() {
    let app = crate::common::sqlite_app().await;
    let (_, cookie) = app.signed_in("cv-ssr@example.jo").await;
    let id = create(&app, &cookie, "سيرة للعرض", "ar").await;
    save(&app, &cookie, id, 1, &Cv::sample(CvLang::Ar)).await;
    let (res, html) = app.get_with(&format!("/app/cv/{id}"), &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{html}");
    assert!(html.contains("data-testid=\"cv-field-full-name\"") && html.contains("سارة الخطيب"), "{html}");
    let (res, html) = app.get_with("/app/cv", &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(html.contains("سيرتي"), "{html}");
}
