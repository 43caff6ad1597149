//! Chat over HTTP with scripted providers: the stream, exact metering (usage × weight),
//! stopping (a closed connection or the stop button) charged for what was produced,
//! provider failures before the first token (504/503, nothing charged), errors after it,
//! refusals before anything starts, and conversations (regenerate, edit, rename, search,
//! delete, owner checks, the no-JavaScript form).

use crate::common;
use crate::common::{TestApp, SAME_ORIGIN};
use app::features::chat::model::StreamEvent;
use app::platform::ai::{AiGateway, ModelInfo};
use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use pulse_providers::{ChatRequest, Event, EventStream, FinishReason, ProviderError, Usage};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the scripted provider does.
#[derive(Clone, Debug)]
enum Script {
    /// Text chunks (with a pause between them), then the usage it reports.
    Answer { chunks: Vec<&'static str>, pause_ms: u64, usage: Option<Usage> },
    /// Fails before answering.
    Fail(ProviderError),
    /// Some text, then the stream breaks.
    Break { chunks: Vec<&'static str> },
}

#[derive(Debug)]
struct Scripted {
    script: Script,
    /// Requests as the provider received them.
    seen: Arc<Mutex<Vec<ChatRequest>>>,
}

fn model() -> ModelInfo {
    ModelInfo {
        id: "test:double".into(),
        name_ar: "نموذج الاختبار".into(),
        name_en: "Test model".into(),
        vision: true,
        max_context: 8_000,
        max_output: 500,
        // Every provider token costs two plan tokens.
        weight_milli: 2_000,
        reserve_weight_milli: 2_000,
    }
}

impl AiGateway for Scripted {
    fn models(&self) -> Vec<ModelInfo> {
        vec![model()]
    }

    fn stream(
        &self,
        _model: &str,
        request: ChatRequest,
    ) -> BoxFuture<'_, Result<(ModelInfo, EventStream), ProviderError>> {
        self.seen.lock().unwrap().push(request);
        let script = self.script.clone();
        Box::pin(async move {
            let events: Vec<Result<Event, ProviderError>> = match script {
                Script::Fail(e) => return Err(e),
                Script::Answer { chunks, usage, .. } => {
                    let mut v: Vec<_> = chunks.iter().map(|c| Ok(Event::Text(c.to_string()))).collect();
                    v.push(Ok(Event::Finished(FinishReason::Stop)));
                    if let Some(u) = usage {
                        v.push(Ok(Event::Usage(u)));
                    }
                    v
                }
                Script::Break { chunks } => {
                    let mut v: Vec<_> = chunks.iter().map(|c| Ok(Event::Text(c.to_string()))).collect();
                    v.push(Err(ProviderError::Protocol("stream ended early".into())));
                    v
                }
            };
            let pause = match &self.script {
                Script::Answer { pause_ms, .. } => *pause_ms,
                _ => 0,
            };
            let stream = futures_util::stream::iter(events)
                .then(move |e| async move {
                    if pause > 0 {
                        tokio::time::sleep(Duration::from_millis(pause)).await;
                    }
                    e
                })
                .boxed();
            Ok((model(), stream as EventStream))
        })
    }
}

async fn app_with(script: Script) -> (TestApp, Arc<Mutex<Vec<ChatRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = common::sqlite_app().await.with_ai(Arc::new(Scripted { script, seen: seen.clone() }));
    (app, seen)
}

async fn pro_user(app: &TestApp, email: &str) -> (i64, String) {
    app::features::usage::service::grant_plan(&app.state, email, "pro", None, None).await.unwrap();
    app.signed_in(email).await
}

fn turn_request(cookie: &str, body: serde_json::Value) -> Request<axum::body::Body> {
    Request::post("/chat/stream")
        .header("content-type", "application/json")
        .header("cookie", cookie)
        .header(SAME_ORIGIN.0, SAME_ORIGIN.1)
        .body(axum::body::Body::from(body.to_string()))
        .unwrap()
}

/// The events whole in `text`, parsed (what is left of a partial event stays in `text`).
fn parse_events(text: &mut String) -> Vec<StreamEvent> {
    app::features::chat::model::drain_events(text).into_iter().map(|d| serde_json::from_str(&d).unwrap()).collect()
}

/// Reads a whole SSE response into its events.
async fn events_of(res: http::Response<axum::body::Body>) -> Vec<StreamEvent> {
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    parse_events(&mut String::from_utf8_lossy(&bytes).into_owned())
}

async fn tokens_used(app: &TestApp, user: i64) -> i64 {
    let now = app::types::UnixMillis::now().0;
    let s = app::platform::metering::ledger::summary(&app.state.db, user, now).await.unwrap();
    s.meters.iter().find(|m| m.kind == app::features::usage::UsageKind::Tokens).unwrap().used
}

/// Reads a turn's event stream up to its first delta: what was read, and the answer's
/// message id (from the `meta` event).
async fn until_first_delta(body: &mut axum::body::BodyDataStream) -> (String, i64) {
    let mut raw = String::new();
    while !raw.contains("event: delta") {
        raw.push_str(&String::from_utf8_lossy(&body.next().await.unwrap().unwrap()));
    }
    let mut buf = raw.clone();
    let StreamEvent::Meta { assistant_message_id, .. } = parse_events(&mut buf)[0] else {
        panic!("the stream begins with its meta event: {raw}")
    };
    (raw, assistant_message_id)
}

/// Reads the rest of a turn's event stream after `raw`: every event, in order.
async fn rest_of_events(body: &mut axum::body::BodyDataStream, mut raw: String) -> Vec<StreamEvent> {
    while let Some(chunk) = body.next().await {
        raw.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
    }
    parse_events(&mut raw)
}

async fn message_row(app: &TestApp, id: i64) -> (String, String, i64, i64, i64) {
    use sqlx::Row;
    let r = sqlx::query("SELECT status, content, tokens_in, tokens_out, plan_tokens FROM messages WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    (r.get("status"), r.get("content"), r.get("tokens_in"), r.get("tokens_out"), r.get("plan_tokens"))
}

/// Waits (bounded) until an answer is no longer streaming.
async fn settled(app: &TestApp, id: i64) -> (String, String, i64, i64, i64) {
    for _ in 0..200 {
        let row = message_row(app, id).await;
        if row.0 != "streaming" {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("answer {id} still streaming");
}

#[tokio::test]
async fn an_answer_streams_and_is_charged_the_providers_usage_times_the_weight() {
    let usage = Usage { input_tokens: 37, output_tokens: 11 };
    let (app, seen) =
        app_with(Script::Answer {
            chunks: vec!["أهلًا ", "وسهلًا، ", "كيف أساعدك؟"], pause_ms: 0, usage: Some(usage)
        })
        .await;
    let (user, cookie) = pro_user(&app, "chatter@example.jo").await;
    let res = app
        .send(turn_request(
            &cookie,
            serde_json::json!({"model": "test:double", "content": "مرحبا، من أنت؟", "mode": "new"}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(common::header(&res, "content-type"), "text/event-stream");
    let events = events_of(res).await;
    let StreamEvent::Meta { conversation_id, assistant_message_id, ref title, .. } = events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(title, "مرحبا، من أنت؟");
    let text: String = events
        .iter()
        .filter_map(|e| if let StreamEvent::Delta { text } = e { Some(text.as_str()) } else { None })
        .collect();
    assert_eq!(text, "أهلًا وسهلًا، كيف أساعدك؟");
    let StreamEvent::Done { plan_tokens, tokens_in, tokens_out, .. } = events.last().unwrap().clone() else { panic!() };
    assert_eq!((tokens_in, tokens_out), (37, 11));
    assert_eq!(plan_tokens, (37 + 11) * 2, "usage × weight");
    assert_eq!(tokens_used(&app, user).await, 96, "the ledger holds exactly that");
    // The account's history counts it with Arabic's plural rules, never "96 الرموز".
    let (_, page) = app.get_with("/app/account", &[("cookie", &cookie)]).await;
    assert!(page.contains("96 رمزًا") && !page.contains("96 الرموز"), "{page}");
    let (status, content, ..) = message_row(&app, assistant_message_id).await;
    assert_eq!((status.as_str(), content.as_str()), ("complete", text.as_str()));
    assert_eq!(seen.lock().unwrap()[0].messages.len(), 1);

    // The conversation is there, with both messages, for its owner only.
    let (res, body) = app
        .post_form("/api/chat/home", &[("open", &conversation_id.to_string())], &[SAME_ORIGIN, ("cookie", &cookie)])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let home: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(home["open"]["messages"].as_array().unwrap().len(), 2);
    assert_eq!(home["conversations"][0]["title"], "مرحبا، من أنت؟");
    let (_, stranger) = pro_user(&app, "stranger@example.jo").await;
    let (_, body) = app
        .post_form("/api/chat/home", &[("open", &conversation_id.to_string())], &[SAME_ORIGIN, ("cookie", &stranger)])
        .await;
    let other: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(other["open"].is_null(), "someone else's conversation is not shown");
    let res = app
        .send(turn_request(&stranger, serde_json::json!({"conversation_id": conversation_id, "model": "test:double", "content": "x", "mode": "new"})))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The next turn sends the history.
    let res = app
        .send(turn_request(&cookie, serde_json::json!({"conversation_id": conversation_id, "model": "test:double", "content": "وبعد؟", "mode": "new"})))
        .await;
    let _ = events_of(res).await;
    let second = seen.lock().unwrap()[1].clone();
    assert_eq!(second.messages.len(), 3, "question, answer, question");
    app.cleanup().await;
}

#[tokio::test]
async fn closing_the_connection_stops_the_answer_and_charges_only_what_was_written() {
    let chunks: Vec<&'static str> = vec!["one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight "];
    let (app, _) =
        app_with(Script::Answer { chunks, pause_ms: 40, usage: Some(Usage { input_tokens: 10, output_tokens: 400 }) })
            .await;
    let (user, cookie) = pro_user(&app, "stopper@example.jo").await;
    let res = app
        .send_streaming(turn_request(
            &cookie,
            serde_json::json!({"model": "test:double", "content": "count", "mode": "new"}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.into_body().into_data_stream();
    let (_, assistant_message_id) = until_first_delta(&mut body).await;
    drop(body); // the browser went away
    let (status, content, tokens_in, tokens_out, plan) = settled(&app, assistant_message_id).await;
    assert_eq!(status, "stopped");
    assert!(content.starts_with("one ") && !content.contains("eight"), "{content}");
    assert_eq!(tokens_out as u64, pulse_providers::estimate_tokens(&content), "our own count of what was produced");
    assert!(tokens_in > 0);
    assert_eq!(plan, (tokens_in + tokens_out) * 2);
    assert_eq!(tokens_used(&app, user).await, plan, "charged for what was written, not the provider's 400");
    app.cleanup().await;
}

#[tokio::test]
async fn the_stop_button_ends_the_answer_with_its_cost() {
    let chunks: Vec<&'static str> = vec!["a "; 60];
    let (app, _) = app_with(Script::Answer { chunks, pause_ms: 30, usage: None }).await;
    let (user, cookie) = pro_user(&app, "button@example.jo").await;
    let res = app
        .send_streaming(turn_request(
            &cookie,
            serde_json::json!({"model": "test:double", "content": "go", "mode": "new"}),
        ))
        .await;
    let mut body = res.into_body().into_data_stream();
    let (raw, assistant_message_id) = until_first_delta(&mut body).await;
    let (res, b) = app
        .post_form(
            "/api/chat/stop",
            &[("message_id", &assistant_message_id.to_string())],
            &[SAME_ORIGIN, ("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{b}");
    let events = rest_of_events(&mut body, raw).await;
    let StreamEvent::Done { status, plan_tokens, .. } = events.last().unwrap().clone() else { panic!("{events:?}") };
    assert_eq!(status, app::features::chat::model::MessageStatus::Stopped);
    assert!(plan_tokens > 0);
    assert_eq!(tokens_used(&app, user).await, plan_tokens);
    // Nobody else can stop it.
    let (_, other) = pro_user(&app, "other@example.jo").await;
    let (res, _) = app
        .post_form(
            "/api/chat/stop",
            &[("message_id", &assistant_message_id.to_string())],
            &[SAME_ORIGIN, ("cookie", &other)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    app.cleanup().await;
}

#[tokio::test]
async fn a_stop_asked_on_another_replica_ends_the_answer_through_its_row() {
    // Another replica's stop button only sets the row's flag; this process's poller sees it.
    let chunks: Vec<&'static str> = vec!["a "; 300];
    let (app, _) = app_with(Script::Answer { chunks, pause_ms: 30, usage: None }).await;
    let (user, cookie) = pro_user(&app, "replica@example.jo").await;
    let mut req = turn_request(&cookie, serde_json::json!({"model": "test:double", "content": "go", "mode": "new"}));
    req.headers_mut().insert("accept-encoding", http::HeaderValue::from_static("br, gzip"));
    let res = app.send_streaming(req).await;
    // An event stream goes out as it is made, never compressed.
    assert!(res.headers().get("content-encoding").is_none());
    let mut body = res.into_body().into_data_stream();
    let (raw, assistant_message_id) = until_first_delta(&mut body).await;
    sqlx::query("UPDATE messages SET stop_requested = 1 WHERE id = $1")
        .bind(assistant_message_id)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let events = rest_of_events(&mut body, raw).await;
    let deltas = events.iter().filter(|e| matches!(e, StreamEvent::Delta { .. })).count();
    let StreamEvent::Done { status, plan_tokens, .. } = events.last().unwrap().clone() else { panic!("{events:?}") };
    assert_eq!(status, app::features::chat::model::MessageStatus::Stopped);
    assert!(deltas < 300, "the answer ran to its end");
    assert_eq!(tokens_used(&app, user).await, plan_tokens);
    assert_eq!(app.state.chat_stops.running(), 0, "the ended answer is no longer watched");
    app.cleanup().await;
}

#[tokio::test]
async fn a_provider_that_fails_before_answering_costs_nothing_and_says_why() {
    for (error, status) in [
        (ProviderError::Timeout, StatusCode::GATEWAY_TIMEOUT),
        (ProviderError::RateLimited { retry_after_secs: Some(3) }, StatusCode::SERVICE_UNAVAILABLE),
        (ProviderError::Unavailable { status: 500 }, StatusCode::SERVICE_UNAVAILABLE),
        (ProviderError::Rejected { status: 401, message: "bad key".into() }, StatusCode::INTERNAL_SERVER_ERROR),
    ] {
        let (app, _) = app_with(Script::Fail(error.clone())).await;
        let (user, cookie) = pro_user(&app, "unlucky@example.jo").await;
        let res = app
            .send(turn_request(&cookie, serde_json::json!({"model": "test:double", "content": "hello", "mode": "new"})))
            .await;
        assert_eq!(res.status(), status, "{error:?}");
        assert_eq!(tokens_used(&app, user).await, 0, "{error:?}: released");
        let failed =
            app.count("SELECT COUNT(*) AS n FROM messages WHERE role = 'assistant' AND status = 'error'", None).await;
        assert_eq!(failed, 1, "the failure is recorded on the answer");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_stream_that_breaks_keeps_the_text_shows_an_error_and_charges_what_came() {
    let (app, _) = app_with(Script::Break { chunks: vec!["partial ", "answer"] }).await;
    let (user, cookie) = pro_user(&app, "broken@example.jo").await;
    let res = app
        .send(turn_request(&cookie, serde_json::json!({"model": "test:double", "content": "hi", "mode": "new"})))
        .await;
    let events = events_of(res).await;
    let StreamEvent::Done { status, error, plan_tokens, .. } = events.last().unwrap().clone() else { panic!() };
    assert_eq!(status, app::features::chat::model::MessageStatus::Error);
    assert_eq!(error.as_deref(), Some("chat-provider-failed"));
    assert!(plan_tokens > 0);
    assert_eq!(tokens_used(&app, user).await, plan_tokens);
    app.cleanup().await;
}

#[tokio::test]
async fn refusals_before_the_stream_cost_nothing() {
    let (app, seen) = app_with(Script::Answer { chunks: vec!["x"], pause_ms: 0, usage: None }).await;
    // No plan: 402 with the upgrade link.
    let (_, broke) = app.signed_in("noplan@example.jo").await;
    let res = app
        .send(turn_request(&broke, serde_json::json!({"model": "test:double", "content": "hi", "mode": "new"})))
        .await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    let body = String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned();
    assert!(body.contains("QuotaExceeded") && body.contains("/app/account#plans"), "{body}");
    // Moderation: refused, logged, nothing charged, the provider never called.
    let (user, cookie) = pro_user(&app, "rude@example.jo").await;
    let blocked = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/data/blocklist.txt"))
        .unwrap()
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap()
        .trim()
        .to_string();
    let res = app
        .send(turn_request(&cookie, serde_json::json!({"model": "test:double", "content": blocked, "mode": "new"})))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Unknown model, empty text, no session.
    let res =
        app.send(turn_request(&cookie, serde_json::json!({"model": "nope:x", "content": "hi", "mode": "new"}))).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .send(turn_request(&cookie, serde_json::json!({"model": "test:double", "content": "  ", "mode": "new"})))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res =
        app.send(turn_request("", serde_json::json!({"model": "test:double", "content": "hi", "mode": "new"}))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(tokens_used(&app, user).await, 0);
    assert!(seen.lock().unwrap().is_empty(), "no provider call for a refused turn");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM messages", None).await, 0);
    app.cleanup().await;
}

#[tokio::test]
async fn regenerate_edit_rename_search_and_delete() {
    let (app, seen) = app_with(Script::Answer { chunks: vec!["ok"], pause_ms: 0, usage: None }).await;
    let (_, cookie) = pro_user(&app, "editor@example.jo").await;
    let first = events_of(
        app.send(turn_request(
            &cookie,
            serde_json::json!({"model": "test:double", "content": "سؤال أول عن البتراء", "mode": "new"}),
        ))
        .await,
    )
    .await;
    let StreamEvent::Meta { conversation_id: cid, user_message_id: q1, .. } = first[0].clone() else { panic!() };
    let _ = events_of(
        app.send(turn_request(
            &cookie,
            serde_json::json!({"conversation_id": cid, "model": "test:double", "content": "second", "mode": "new"}),
        ))
        .await,
    )
    .await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM messages", None).await, 4);
    // Regenerate: the last answer is replaced, the question is not repeated.
    let _ = events_of(
        app.send(turn_request(
            &cookie,
            serde_json::json!({"conversation_id": cid, "model": "test:double", "mode": "regenerate"}),
        ))
        .await,
    )
    .await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM messages", None).await, 4);
    assert_eq!(seen.lock().unwrap()[2].messages.len(), 3);
    // Edit the first question: everything after it goes.
    let _ = events_of(
        app.send(turn_request(&cookie, serde_json::json!({"conversation_id": cid, "model": "test:double", "content": "سؤال معدّل", "mode": "edit", "message_id": q1})))
            .await,
    )
    .await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM messages", None).await, 2);
    assert_eq!(seen.lock().unwrap()[3].messages.len(), 1);
    // Rename, search (title and content, Arabic), delete.
    let (res, _) = app
        .post_form(
            "/api/chat/rename",
            &[("id", &cid.to_string()), ("title", "رحلة البتراء")],
            &[SAME_ORIGIN, ("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, body) =
        app.post_form("/api/chat/search", &[("search", "البتراء")], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert!(body.contains("رحلة البتراء"), "{body}");
    let (_, body) = app.post_form("/api/chat/search", &[("search", "معدّل")], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert!(body.contains(&format!("\"id\":{cid}")), "found by message text: {body}");
    let (_, body) =
        app.post_form("/api/chat/search", &[("search", "100%_")], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert_eq!(body, "[]", "wildcards are literal");
    let (res, _) = app
        .post_form(
            "/api/chat/system",
            &[("id", &cid.to_string()), ("prompt", "أجب باختصار")],
            &[SAME_ORIGIN, ("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let _ = events_of(
        app.send(turn_request(
            &cookie,
            serde_json::json!({"conversation_id": cid, "model": "test:double", "content": "و؟", "mode": "new"}),
        ))
        .await,
    )
    .await;
    assert_eq!(seen.lock().unwrap()[4].system.as_deref(), Some("أجب باختصار"));
    let (_, other) = pro_user(&app, "nosy@example.jo").await;
    let (res, _) =
        app.post_form("/api/chat/delete", &[("id", &cid.to_string())], &[SAME_ORIGIN, ("cookie", &other)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (res, _) =
        app.post_form("/api/chat/delete", &[("id", &cid.to_string())], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM messages", None).await, 0);
    app.cleanup().await;
}

#[tokio::test]
async fn the_demo_model_answers_a_plain_form_without_javascript() {
    let app = common::sqlite_app().await;
    let (_, cookie) = pro_user(&app, "nojs-chat@example.jo").await;
    let (res, _) = app
        .post_form(
            "/chat/send",
            &[("model", "demo:pulse-demo"), ("content", "ما عاصمة الأردن؟"), ("conversation_id", "")],
            &[SAME_ORIGIN, ("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = common::header(&res, "location").to_string();
    assert!(location.starts_with("/app/chat?c="), "{location}");
    let (res, page) = app.get_with(&location, &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(page.contains("النموذج التجريبي"), "the answer is on the page");
    assert!(page.contains("data-testid=\"chat-message\""));
    app.cleanup().await;
}

#[tokio::test]
async fn a_long_conversation_opens_on_its_last_fifty_messages_with_a_way_to_the_earlier_ones() {
    let app = common::sqlite_app().await;
    let (user, cookie) = pro_user(&app, "long-chat@example.jo").await;
    let (_, _) = app
        .post_form(
            "/chat/send",
            &[("model", "demo:pulse-demo"), ("content", "رسالة البداية"), ("conversation_id", "")],
            &[SAME_ORIGIN, ("cookie", &cookie)],
        )
        .await;
    let cid: i64 = sqlx::query_scalar("SELECT id FROM conversations WHERE user_id = $1")
        .bind(user)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    // 498 more, so 500 in all (as many turns as a long working session).
    let now = app::types::UnixMillis::now().0;
    for n in 0..498i64 {
        sqlx::query(
            "INSERT INTO messages (conversation_id, user_id, role, content, status, created_at) \
             VALUES ($1, $2, $3, $4, 'complete', $5)",
        )
        .bind(cid)
        .bind(user)
        .bind(if n % 2 == 0 { "user" } else { "assistant" })
        .bind(format!("message number {n}"))
        .bind(now + n + 1)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    }
    let (res, page) = app.get_with(&format!("/app/chat?c={cid}"), &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(page.matches("data-testid=\"chat-message\"").count(), 50, "the last 50 are rendered");
    assert!(page.contains("message number 497"), "the newest is there");
    assert!(!page.contains("message number 447<"), "the 51st from the end is not");
    assert!(page.contains("data-testid=\"chat-show-earlier\""));
    assert!(page.contains("اعرض 50 رسالة سابقة"), "the button counts in Arabic");
    app.cleanup().await;
}

/// The real gateway and OpenAI client against a fake OpenAI server on loopback: the app's
/// wiring from settings to stream to ledger.
#[tokio::test]
async fn a_configured_openai_model_answers_through_the_real_client() {
    use axum::routing::post;
    async fn completions(body: String) -> impl axum::response::IntoResponse {
        assert!(body.contains("\"stream\":true") && body.contains("include_usage"), "{body}");
        let chunk = |s: &str| format!("data: {s}\n\n");
        let sse = [
            chunk(r#"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"مرحبًا "}}]}"#),
            chunk(r#"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"من OpenAI"},"finish_reason":"stop"}]}"#),
            chunk(r#"{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":21,"completion_tokens":5,"total_tokens":26}}"#),
            chunk("[DONE]"),
        ]
        .concat();
        ([("content-type", "text/event-stream")], sse)
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let fake = tokio::spawn(async move {
        axum::serve(listener, axum::Router::new().route("/v1/chat/completions", post(completions))).await.unwrap();
    });
    let app = common::sqlite_app().await;
    let mut config = (*app.state.config).clone();
    config.providers.openai = Some(pulse_providers::Endpoint::new(format!("http://{addr}/v1"), Some("sk-test".into())));
    let ai = app::platform::ai::gateway_from_config(&config).unwrap();
    let models = ai.models();
    assert_eq!(models[0].id, "openai:gpt-5-mini", "the catalogue default comes first");
    assert!(models.iter().any(|m| m.id == "demo:pulse-demo"), "the demo is always there");
    let weight = models[0].weight_milli as i64;
    let app = app.with_ai(ai);
    let (user, cookie) = pro_user(&app, "openai@example.jo").await;
    let res = app
        .send(turn_request(
            &cookie,
            serde_json::json!({"model": "openai:gpt-5-mini", "content": "قل مرحبا", "mode": "new"}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let events = events_of(res).await;
    let text: String = events
        .iter()
        .filter_map(|e| if let StreamEvent::Delta { text } = e { Some(text.as_str()) } else { None })
        .collect();
    assert_eq!(text, "مرحبًا من OpenAI");
    let StreamEvent::Done { tokens_in, tokens_out, plan_tokens, .. } = events.last().unwrap().clone() else { panic!() };
    assert_eq!((tokens_in, tokens_out), (21, 5));
    assert_eq!(plan_tokens, (26 * weight + 999) / 1000);
    assert_eq!(tokens_used(&app, user).await, plan_tokens);
    fake.abort();
    app.cleanup().await;
}

#[tokio::test]
async fn an_attached_image_reaches_a_vision_model_and_only_the_owners_file() {
    let (app, seen) = app_with(Script::Answer { chunks: vec!["صورة جميلة"], pause_ms: 0, usage: None }).await;
    let (_, cookie) = pro_user(&app, "seer@example.jo").await;
    let image = {
        let img = image::RgbaImage::from_pixel(8, 8, image::Rgba([10, 120, 110, 255]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let (res, body) = app.upload(&cookie, "قطة.png", &image, true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let file_id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["file"]["id"].as_str().unwrap().to_string();
    let res = app
        .send(turn_request(
            &cookie,
            serde_json::json!({"model": "test:double", "content": "ماذا ترى؟", "file_id": file_id, "mode": "new"}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let _ = events_of(res).await;
    let sent = seen.lock().unwrap()[0].clone();
    let parts = &sent.messages.last().unwrap().parts;
    assert!(
        parts
            .iter()
            .any(|p| matches!(p, pulse_providers::Part::Image { mime, data } if mime == "image/png" && *data == image)),
        "the image's bytes and type go to the provider"
    );
    // Someone else's file id is "not found", and nothing is charged.
    let (stranger_id, stranger) = pro_user(&app, "thief@example.jo").await;
    let res = app
        .send(turn_request(
            &stranger,
            serde_json::json!({"model": "test:double", "content": "x", "file_id": file_id, "mode": "new"}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(tokens_used(&app, stranger_id).await, 0);
    app.cleanup().await;
}

/// A cheap model whose fallback is three times dearer and answers in its place.
#[derive(Debug)]
struct DearerFallback {
    seen: Arc<Mutex<Vec<ChatRequest>>>,
}

impl AiGateway for DearerFallback {
    fn models(&self) -> Vec<ModelInfo> {
        vec![ModelInfo { id: "test:cheap".into(), weight_milli: 1_000, reserve_weight_milli: 3_000, ..model() }]
    }

    fn stream(
        &self,
        _model: &str,
        request: ChatRequest,
    ) -> BoxFuture<'_, Result<(ModelInfo, EventStream), ProviderError>> {
        let max_output = request.max_output_tokens;
        self.seen.lock().unwrap().push(request);
        Box::pin(async move {
            let dear =
                ModelInfo { id: "test:dear".into(), weight_milli: 3_000, reserve_weight_milli: 3_000, ..model() };
            // A full-length answer: as long as the request allows.
            let usage = Usage { input_tokens: 10, output_tokens: u64::from(max_output) };
            let events = vec![
                Ok(Event::Text("جواب طويل من النموذج الاحتياطي".into())),
                Ok(Event::Finished(FinishReason::Length)),
                Ok(Event::Usage(usage)),
            ];
            Ok((dear, futures_util::stream::iter(events).boxed() as EventStream))
        })
    }
}

#[tokio::test]
async fn a_dearer_fallback_is_charged_its_full_price() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = common::sqlite_app().await.with_ai(Arc::new(DearerFallback { seen: seen.clone() }));
    let (user, cookie) = pro_user(&app, "fallback@example.jo").await;
    let res = app
        .send(turn_request(&cookie, serde_json::json!({"model": "test:cheap", "content": "اكتب مقالًا", "mode": "new"})))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let events = events_of(res).await;
    let StreamEvent::Done { tokens_in, tokens_out, plan_tokens, .. } = events.last().unwrap().clone() else { panic!() };
    let max_output = seen.lock().unwrap()[0].max_output_tokens;
    assert_eq!(max_output, 500, "the whole answer room of the model asked for");
    assert_eq!((tokens_in, tokens_out), (10, 500));
    assert_eq!(plan_tokens, (10 + 500) * 3, "the answering model's weight, not capped at a cheaper reservation");
    assert_eq!(tokens_used(&app, user).await, plan_tokens);
    app.cleanup().await;
}

#[tokio::test]
async fn a_reader_that_stops_reading_cannot_hold_a_turn_past_its_reservation() {
    use sqlx::Row;
    // An answer that goes on and on, to a browser that stopped reading (its buffer is
    // full): the turn ends at its deadline and settles before its reservation lapses.
    let chunks: Vec<&'static str> = vec!["word "; 2_000];
    let (app, _) = app_with(Script::Answer { chunks, pause_ms: 1, usage: None }).await;
    let app = app.with_config(|c| c.chat_turn_secs = 2);
    let (user, cookie) = pro_user(&app, "stalled@example.jo").await;
    let res = app
        .send_streaming(turn_request(
            &cookie,
            serde_json::json!({"model": "test:double", "content": "go", "mode": "new"}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let _unread = res.into_body(); // held open, never read
    let reservation: (i64, i64) = {
        let r = sqlx::query("SELECT id, expires_at - created_at AS ttl FROM usage_ledger WHERE user_id = $1")
            .bind(user)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        (r.get("id"), r.get("ttl"))
    };
    assert_eq!(reservation.1, (2 + 60) * 1000, "the reservation outlives the deadline");
    let mut status = String::new();
    for _ in 0..100 {
        status = sqlx::query_scalar("SELECT status FROM usage_ledger WHERE id = $1")
            .bind(reservation.0)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        if status != "reserved" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, "settled", "ended and settled while its reservation held");
    let (msg_status, error): (String, Option<String>) = {
        let r = sqlx::query("SELECT status, error FROM messages WHERE user_id = $1 AND role = 'assistant'")
            .bind(user)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        (r.get("status"), r.get("error"))
    };
    assert_eq!((msg_status.as_str(), error.as_deref()), ("stopped", Some("chat-turn-deadline")));
    app.cleanup().await;
}
