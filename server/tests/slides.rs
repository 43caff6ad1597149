//! The slide maker over HTTP, on SQLite and PostgreSQL: the Slides plan feature refuses
//! Starter and trial users on every door (one table), the outline is charged exactly
//! usage × weight and becomes a deck, saves are version-checked and the owner's only,
//! and the PPTX / PDF exports carry the slides, right to left in Arabic.

use crate::common::{apps, header, TestApp, SAME_ORIGIN};
use app::platform::ai::{AiGateway, ModelInfo};
use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use http::StatusCode;
use pulse_documents::slides::{Deck, DeckLang, Layout};
use pulse_providers::{ChatRequest, Event, EventStream, FinishReason, ProviderError, Usage};
use serde_json::{json, Value};
use std::sync::Arc;

async fn user_on(app: &TestApp, email: &str, plan: Option<&str>) -> (i64, String) {
    if let Some(plan) = plan {
        app::features::usage::service::grant_plan(&app.state, email, plan, None, None).await.unwrap();
    }
    app.signed_in(email).await
}

async fn form(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let (res, body) = app.post_form(path, form, &[SAME_ORIGIN, ("cookie", cookie)]).await;
    (res.status(), body)
}

fn outline_req(lang: &str, count: u32) -> Value {
    json!({ "topic": "الطاقة الشمسية في الأردن", "audience": "طلاب الجامعة", "count": count, "lang": lang, "tone": "clear" })
}

#[tokio::test]
async fn starter_and_trial_users_are_refused_by_every_slides_door() {
    for app in apps().await {
        let (_, pro) = user_on(&app, "deck-pro@example.jo", Some("pro")).await;
        let (status, body) = form(&app, &pro, "/api/slides/create", &[("title", "عرضي"), ("lang", "ar")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let id = body.trim().to_string();
        let (_, starter) = user_on(&app, "deck-starter@example.jo", Some("starter")).await;
        let (trial_id, trial) = user_on(&app, "deck-trial@example.jo", None).await;
        let trial_plan = app::platform::metering::subscriptions::Trial { days: 7, tokens: 5_000, images: 2, videos: 0 };
        app::platform::metering::subscriptions::start_trial(
            &app.state.db,
            trial_id,
            trial_plan,
            app::types::UnixMillis::now().0,
        )
        .await
        .unwrap();
        let deck = serde_json::to_value(Deck::sample(DeckLang::Ar)).unwrap();
        for cookie in [&starter, &trial] {
            let forms: [(&str, Vec<(&str, &str)>); 9] = [
                ("/api/slides/list", vec![]),
                ("/api/slides/create", vec![("title", "x"), ("lang", "ar")]),
                ("/api/slides/get", vec![("id", &id)]),
                ("/api/slides/duplicate", vec![("id", &id), ("title", "x")]),
                ("/api/slides/delete", vec![("id", &id)]),
                ("/api/slides/export", vec![("id", &id), ("format", "pptx")]),
                ("/api/slides/export", vec![("id", &id), ("format", "pdf")]),
                ("/api/slides/preview", vec![("id", &id)]),
                ("/api/slides/images", vec![]),
            ];
            for (path, f) in forms {
                let (status, body) = form(&app, cookie, path, &f).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{}: {path}: {body}", app.name);
                assert!(body.contains("FeatureLocked") && body.contains("slides"), "{path}: {body}");
            }
            let id: i64 = id.parse().unwrap();
            for (path, body) in [
                ("/api/slides/save", json!({ "id": id, "base": 1, "deck": deck })),
                ("/api/slides/outline-cost", json!({ "req": outline_req("ar", 5) })),
                ("/slides/outline", outline_req("ar", 5)),
            ] {
                let (res, text) = app.post_json(path, &body, cookie).await;
                assert_eq!(res.status(), StatusCode::FORBIDDEN, "{}: {path}: {text}", app.name);
                assert!(text.contains("FeatureLocked"), "{path}: {text}");
            }
            let (res, _) = app.get_with(&format!("/slides/{id}/preview/1"), &[("cookie", cookie)]).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN);
        }
        // Nothing was charged or changed for the refused users.
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 0);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM slide_decks", None).await, 1);
        app.cleanup().await;
    }
}

/// A provider that answers an outline and reports fixed usage.
#[derive(Debug)]
struct Outliner;

fn double() -> ModelInfo {
    ModelInfo {
        id: "test:double".into(),
        name_ar: "نموذج الاختبار".into(),
        name_en: "Test model".into(),
        vision: false,
        max_context: 16_000,
        max_output: 4_000,
        weight_milli: 2_000,
        reserve_weight_milli: 2_000,
    }
}

const OUTLINE: &str = "# Solar in Jordan\n## Solar in Jordan\nLayout: title\n- For students\n## Why now\n- Sun\n- Costs\nNotes: numbers\n## Pros and cons\nLayout: two_columns\n- Bills\n- Jobs\n- Storage\n- Finance\n";

impl AiGateway for Outliner {
    fn models(&self) -> Vec<ModelInfo> {
        vec![double()]
    }
    fn stream(&self, _: &str, _: ChatRequest) -> BoxFuture<'_, Result<(ModelInfo, EventStream), ProviderError>> {
        let events: Vec<Result<Event, ProviderError>> = OUTLINE
            .split_inclusive('\n')
            .map(|l| Ok(Event::Text(l.to_string())))
            .chain([
                Ok(Event::Finished(FinishReason::Stop)),
                Ok(Event::Usage(Usage { input_tokens: 300, output_tokens: 100 })),
            ])
            .collect();
        Box::pin(async move { Ok((double(), futures_util::stream::iter(events).boxed() as EventStream)) })
    }
}

async fn outline(app: &TestApp, cookie: &str, req: Value) -> Vec<Value> {
    let (res, text) = app.post_json("/slides/outline", &req, cookie).await;
    assert_eq!(res.status(), StatusCode::OK, "{text}");
    text.lines().filter_map(|l| l.strip_prefix("data: ")).map(|d| serde_json::from_str(d).unwrap()).collect()
}

#[tokio::test]
async fn the_outline_is_charged_exactly_usage_times_weight_and_becomes_a_deck() {
    let app = crate::common::sqlite_app().await.with_ai(Arc::new(Outliner));
    let (_, cookie) = user_on(&app, "deck-outline@example.jo", Some("creator")).await;
    let events = outline(&app, &cookie, outline_req("en", 3)).await;
    let streamed: String =
        events.iter().filter(|e| e["type"] == "delta").map(|e| e["text"].as_str().unwrap()).collect();
    assert_eq!(streamed, OUTLINE);
    let done = events.last().unwrap();
    assert_eq!((done["type"].as_str(), done["charged"].as_i64()), (Some("done"), Some(800)), "(300 + 100) × 2");
    let id = done["deck_id"].as_i64().unwrap().to_string();
    let (status, body) = form(&app, &cookie, "/api/slides/get", &[("id", &id)]).await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["deck"]["title"], "Solar in Jordan");
    assert_eq!(doc["deck"]["slides"].as_array().unwrap().len(), 3);
    assert_eq!(doc["deck"]["slides"][2]["bullets2"], json!(["Storage", "Finance"]));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE feature = 'slides' AND status = 'settled' AND amount_settled = 800", None).await,
        1
    );
    // A bad request is refused before anything is reserved.
    let (res, body) = app.post_json("/slides/outline", &outline_req("en", 25), &cookie).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(body.contains("slides-count-invalid"));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 1);
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([(x * 7) as u8, (y * 5) as u8, 90, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn export(app: &TestApp, cookie: &str, id: &str, format: &str) -> Vec<u8> {
    let (status, body) = form(app, cookie, "/api/slides/export", &[("id", id), ("format", format)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let link: String = serde_json::from_str(&body).unwrap();
    let (res, bytes) = app.get_bytes(&link, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-disposition").starts_with("attachment;"));
    bytes
}

#[tokio::test]
async fn a_pro_user_makes_an_arabic_deck_from_the_demo_outline_edits_it_and_exports_it() {
    for app in apps().await {
        let (_, cookie) = user_on(&app, "deck-demo@example.jo", Some("pro")).await;
        let events = outline(&app, &cookie, outline_req("ar", 5)).await;
        let done = events.last().unwrap();
        assert_eq!(done["type"], "done", "{}: {events:?}", app.name);
        let id = done["deck_id"].as_i64().unwrap();
        let (_, body) = form(&app, &cookie, "/api/slides/get", &[("id", &id.to_string())]).await;
        let doc: Value = serde_json::from_str(&body).unwrap();
        let mut deck: Deck = serde_json::from_value(doc["deck"].clone()).unwrap();
        assert_eq!(deck.slides.len(), 5);
        assert_eq!(deck.slides[0].title, "الطاقة الشمسية في الأردن");

        // Edit: a title, a picture slide with the user's image, a theme.
        let (res, up) = app.upload(&cookie, "صورة.png", &png(320, 200), true).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{up}");
        let image_id = serde_json::from_str::<Value>(&up).unwrap()["file"]["id"].as_str().unwrap().to_string();
        deck.slides[1].title = "لماذا الطاقة الشمسية الآن؟".into();
        deck.slides[2].layout = Layout::ImageText;
        deck.slides[2].image = Some(image_id);
        deck.theme = pulse_documents::slides::Theme::Desert;
        let (res, body) =
            app.post_json("/api/slides/save", &json!({ "id": id, "base": 1, "deck": deck }), &cookie).await;
        assert_eq!((res.status(), body.as_str()), (StatusCode::OK, "2"));
        let (res, _) = app.post_json("/api/slides/save", &json!({ "id": id, "base": 1, "deck": deck }), &cookie).await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "a stale save is refused");

        let pptx = export(&app, &cookie, &id.to_string(), "pptx").await;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(pptx)).unwrap();
        let names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().to_string()).collect();
        assert_eq!(names.iter().filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml")).count(), 5);
        assert!(names.iter().any(|n| n.starts_with("ppt/media/")), "the picture is embedded: {names:?}");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("ppt/slides/slide2.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("rtl=\"1\"") && xml.contains("لماذا الطاقة الشمسية الآن؟"), "{xml}");
        let pdf = export(&app, &cookie, &id.to_string(), "pdf").await;
        assert!(pdf.starts_with(b"%PDF"));

        // Someone else (even on Pro): 404.
        let (_, other) = user_on(&app, "deck-other@example.jo", Some("pro")).await;
        let (status, _) = form(&app, &other, "/api/slides/get", &[("id", &id.to_string())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (res, _) = app.get_with(&format!("/slides/{id}/preview/1"), &[("cookie", &other)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_slides_pages_render_on_the_server_locked_or_open() {
    let app = crate::common::sqlite_app().await;
    let (_, pro) = user_on(&app, "deck-ssr@example.jo", Some("pro")).await;
    let (_, body) = form(&app, &pro, "/api/slides/create", &[("title", "عرض للعرض"), ("lang", "ar")]).await;
    let id = body.trim();
    let (res, html) = app.get_with(&format!("/app/slides/{id}"), &[("cookie", &pro)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{html}");
    assert!(html.contains("data-testid=\"slide-item\"") && html.contains("عرض للعرض"), "{html}");
    let (_, starter) = user_on(&app, "deck-ssr-starter@example.jo", Some("starter")).await;
    let (res, html) = app.get_with("/app/slides", &[("cookie", &starter)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(html.contains("data-testid=\"slides-locked\"") && html.contains("data-testid=\"upgrade-cta\""), "{html}");
}
