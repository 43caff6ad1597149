//! Chat's PDF summaries (Pro and Creator): the text is read in logical order, the model
//! reads it with the message (and again later in the conversation), a long document is
//! summarised in parts within the model's context — every call metered — and other plans
//! are refused (403) whatever the client sends.

use crate::common::{apps, TestApp};
use app::platform::ai::{AiGateway, ModelInfo};
use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use http::StatusCode;
use pulse_providers::{ChatRequest, Event, EventStream, FinishReason, ProviderError, Usage};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// A PDF made by the document engine from Typst markup.
fn pdf(markup: &str) -> Vec<u8> {
    pulse_documents::render(&format!("#set text(font: (\"Noto Sans\", \"Noto Sans Arabic\"))\n{markup}"), json!({}))
        .unwrap()
}

const ENGLISH: &str = "= Annual report\nAmman Solar Company grew its output by 40 percent in 2025.\n\nThe board approved three new plants in Maan.";
const ARABIC: &str = "#set text(lang: \"ar\", dir: rtl)\n= تقرير سنوي\nنمت شركة شمس عمان بنسبة كبيرة في عام 2025.\n\nوافق المجلس على ثلاث محطات جديدة في معان.";

#[tokio::test]
async fn text_is_read_from_arabic_and_english_pdfs_in_logical_order() {
    let en = app::features::chat::document::extract_text(&pdf(ENGLISH)).await.unwrap();
    let a = en.find("Annual report").unwrap();
    let b = en.find("grew its output by 40 percent").unwrap();
    let c = en.find("three new plants in Maan").unwrap();
    assert!(a < b && b < c, "{en}");
    let ar = app::features::chat::document::extract_text(&pdf(ARABIC)).await.unwrap();
    let a = ar.find("تقرير سنوي").unwrap_or_else(|| panic!("{ar}"));
    let b = ar.find("نمت شركة شمس").unwrap_or_else(|| panic!("{ar}"));
    let c = ar.find("محطات جديدة في معان").unwrap_or_else(|| panic!("{ar}"));
    assert!(a < b && b < c, "{ar}");
    // A PDF with no text (a scan) is a clear error.
    let scan = pdf("#rect(width: 8cm, height: 5cm, fill: blue)");
    let err = app::features::chat::document::extract_text(&scan).await.unwrap_err();
    assert_eq!(err.message_key(), "chat-pdf-no-text");
}

/// A provider that records what it was asked and answers briefly with fixed usage.
#[derive(Debug)]
struct Recorder {
    seen: Arc<Mutex<Vec<ChatRequest>>>,
    context: u32,
}

impl Recorder {
    fn model(&self) -> ModelInfo {
        ModelInfo {
            id: "test:reader".into(),
            name_ar: "قارئ".into(),
            name_en: "Reader".into(),
            vision: false,
            max_context: self.context,
            max_output: 500,
            weight_milli: 1_000,
            reserve_weight_milli: 1_000,
        }
    }
}

impl AiGateway for Recorder {
    fn models(&self) -> Vec<ModelInfo> {
        vec![self.model()]
    }
    fn stream(&self, _: &str, request: ChatRequest) -> BoxFuture<'_, Result<(ModelInfo, EventStream), ProviderError>> {
        self.seen.lock().unwrap().push(request);
        let events: Vec<Result<Event, ProviderError>> = vec![
            Ok(Event::Text("Short summary.".into())),
            Ok(Event::Finished(FinishReason::Stop)),
            Ok(Event::Usage(Usage { input_tokens: 100, output_tokens: 10 })),
        ];
        let model = self.model();
        Box::pin(async move { Ok((model, futures_util::stream::iter(events).boxed() as EventStream)) })
    }
}

async fn with_plan(app: &TestApp, email: &str, plan: &str) -> String {
    app::features::usage::service::grant_plan(&app.state, email, plan, None, None).await.unwrap();
    app.signed_in(email).await.1
}

async fn upload_pdf(app: &TestApp, cookie: &str, bytes: &[u8]) -> String {
    let (res, body) = app.upload(cookie, "report.pdf", bytes, true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()["file"]["id"].as_str().unwrap().to_string()
}

async fn turn(
    app: &TestApp,
    cookie: &str,
    conversation: Option<i64>,
    content: &str,
    file: Option<&str>,
) -> (StatusCode, String) {
    let body = json!({ "conversation_id": conversation, "model": "test:reader", "content": content, "file_id": file, "mode": "new" });
    let (res, text) = app.post_json("/chat/stream", &body, cookie).await;
    (res.status(), text)
}

#[tokio::test]
async fn a_pro_user_asks_about_a_pdf_and_the_conversation_goes_on_about_it() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = crate::common::sqlite_app().await.with_ai(Arc::new(Recorder { seen: seen.clone(), context: 16_000 }));
    let cookie = with_plan(&app, "pdf-pro@example.jo", "pro").await;
    let file = upload_pdf(&app, &cookie, &pdf(ENGLISH)).await;
    let (status, body) = turn(&app, &cookie, None, "Summarise this document", Some(&file)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let asked = seen.lock().unwrap().last().unwrap().messages.last().unwrap().joined_text();
    assert!(asked.starts_with("Summarise this document") && asked.contains("three new plants in Maan"), "{asked}");
    // The page shows what the user typed, not the document.
    let shown: String = sqlx::query_scalar("SELECT content FROM messages WHERE role = 'user'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(shown, "Summarise this document");
    // A follow-up question: the model reads the document again.
    let conversation: i64 =
        sqlx::query_scalar("SELECT id FROM conversations").fetch_one(app.state.db.pool()).await.unwrap();
    let (status, _) = turn(&app, &cookie, Some(conversation), "Where are the new plants?", None).await;
    assert_eq!(status, StatusCode::OK);
    let history = seen.lock().unwrap().last().unwrap().messages.clone();
    assert!(history[0].joined_text().contains("three new plants in Maan"), "{history:?}");
    // Editing the question that carried the document keeps the document.
    let first: i64 = sqlx::query_scalar("SELECT MIN(id) FROM messages WHERE role = 'user'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let body = json!({ "conversation_id": conversation, "model": "test:reader", "content": "List the plants", "mode": "edit", "message_id": first });
    let (res, text) = app.post_json("/chat/stream", &body, &cookie).await;
    assert_eq!(res.status(), StatusCode::OK, "{text}");
    let asked = seen.lock().unwrap().last().unwrap().messages.last().unwrap().joined_text();
    assert!(asked.starts_with("List the plants") && asked.contains("three new plants in Maan"), "{asked}");
    // Three turns, each settled once (the document fitted: no part calls).
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'settled'", None).await, 3);
}

#[tokio::test]
async fn a_hundred_page_pdf_is_summarised_in_parts_within_a_small_context_each_call_metered() {
    for app in apps().await {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let app = app.with_ai(Arc::new(Recorder { seen: seen.clone(), context: 4_000 }));
        let cookie = with_plan(&app, "pdf-long@example.jo", "creator").await;
        let book = pdf("#for i in range(1, 101) [ = Chapter #i \n #lorem(160) #pagebreak() ]");
        let file = upload_pdf(&app, &cookie, &book).await;
        let (status, body) = turn(&app, &cookie, None, "Summarise this book", Some(&file)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", app.name);
        let calls = seen.lock().unwrap().clone();
        assert!(calls.len() >= 10, "{}: summarised in parts: {} calls", app.name, calls.len());
        for (i, c) in calls.iter().enumerate() {
            let tokens: u64 = pulse_providers::estimate_tokens(c.system.as_deref().unwrap_or(""))
                + c.messages.iter().map(|m| pulse_providers::estimate_tokens(&m.joined_text())).sum::<u64>()
                + u64::from(c.max_output_tokens);
            assert!(tokens <= 4_000, "call {i} fits the context: {tokens}");
        }
        let last = calls.last().unwrap().messages.last().unwrap().joined_text();
        assert!(last.contains("[1/") && last.contains("Short summary."), "the answer reads the parts' summaries");
        // Every provider call was metered: one settled ledger row each, parts as pdf_summary.
        let settled = app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'settled'", None).await;
        assert_eq!(settled as usize, calls.len(), "{}", app.name);
        let parts = app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE feature = 'pdf_summary'", None).await;
        assert_eq!(parts as usize, calls.len() - 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn starter_users_are_refused_pdf_summaries() {
    for app in apps().await {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let app = app.with_ai(Arc::new(Recorder { seen: seen.clone(), context: 16_000 }));
        let cookie = with_plan(&app, "pdf-starter@example.jo", "starter").await;
        let file = upload_pdf(&app, &cookie, &pdf(ENGLISH)).await;
        let (status, body) = turn(&app, &cookie, None, "Summarise this", Some(&file)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", app.name);
        assert!(body.contains("FeatureLocked") && body.contains("pdf_summary"), "{body}");
        let (res, body) = app
            .post_form(
                "/api/chat/pdf-cost",
                &[("file_id", &file), ("model", "test:reader")],
                &[crate::common::SAME_ORIGIN, ("cookie", &cookie)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{body}");
        assert!(seen.lock().unwrap().is_empty(), "no provider call");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 0);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM messages", None).await, 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_word_document_is_read_like_a_pdf_and_a_plain_zip_is_refused() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = crate::common::sqlite_app().await.with_ai(Arc::new(Recorder { seen: seen.clone(), context: 16_000 }));
    let cookie = with_plan(&app, "docx-pro@example.jo", "pro").await;
    // An Arabic CV exported by our own document engine.
    let cv = pulse_documents::cv::Cv::sample(pulse_documents::cv::CvLang::Ar);
    let name = cv.content.full_name.clone();
    let docx = pulse_documents::cv::cv_docx(&cv).unwrap();
    let (res, body) = app.upload(&cookie, "سيرة.docx", &docx, true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let file: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(file["file"]["content_type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    let id = file["file"]["id"].as_str().unwrap().to_string();
    let (status, body) = turn(&app, &cookie, None, "لخّص هذا المستند", Some(&id)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let asked = seen.lock().unwrap().last().unwrap().messages.last().unwrap().joined_text();
    assert!(asked.starts_with("لخّص هذا المستند") && asked.contains(&name), "{asked}");

    // A zip that is not a Word document is refused at upload, whatever its name.
    let mut zip = Vec::new();
    {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut zip));
        w.start_file("word/notes.txt", zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(b"hello").unwrap();
        w.finish().unwrap();
    }
    let (res, body) = app.upload(&cookie, "fake.docx", &zip, true).await;
    assert!(res.status().is_client_error(), "{}: {body}", res.status());
}
