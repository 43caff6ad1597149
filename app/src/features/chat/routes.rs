//! `POST /chat/stream`: a turn as server-sent events (`meta`, `delta`…, `done`). The body is
//! a JSON [`TurnRequest`]; refusals before the stream (quota, moderation, validation, rate
//! limit) answer with their status and the JSON [`AppError`] server functions use.
//! Closing the connection stops the answer and charges what was produced.
//!
//! `POST /chat/send`: the same turn from a plain form (no JavaScript): waits for the whole
//! answer, then goes back to the conversation.

use super::model::{StreamEvent, TurnMode, TurnRequest};
use super::service;
use crate::error::AppError;
use crate::platform::auth::SignedIn;
use crate::platform::AppState;
use axum::extract::{Form, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;

pub fn routes(state: &AppState) -> Router<AppState> {
    let routes = Router::new().route("/chat/stream", post(stream)).route("/chat/send", post(send_form));
    crate::platform::ratelimit::limited(routes, state)
}

async fn stream(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    body: Result<Json<TurnRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, AppError> {
    let Json(req) = body.map_err(|_| AppError::Validation("error-validation".into()))?;
    let mut turn = service::start_turn(&state, session.user.id, req).await?;
    let opened = service::open(&state, &mut turn).await?;
    let (tx, rx) = service::events();
    // The turn runs on its own task: a closed connection drops the receiver, which the
    // turn notices; it then stops the provider and settles.
    tokio::spawn(service::run_turn(state.clone(), turn, opened, tx));
    let events = futures_util::stream::unfold(rx, |mut rx| async move {
        let event = rx.recv().await?;
        Some((Ok::<_, Infallible>(to_sse(&event)), rx))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response())
}

/// An event named after its type, its data the JSON of the event.
fn to_sse(event: &StreamEvent) -> SseEvent {
    let name = match event {
        StreamEvent::Meta { .. } => "meta",
        StreamEvent::Delta { .. } => "delta",
        StreamEvent::Done { .. } => "done",
    };
    SseEvent::default().event(name).data(serde_json::to_string(event).unwrap_or_default())
}

#[derive(Deserialize)]
struct SendForm {
    conversation_id: Option<String>,
    model: String,
    content: String,
}

async fn send_form(State(state): State<AppState>, user: Option<SignedIn>, Form(form): Form<SendForm>) -> Response {
    let Some(SignedIn(session)) = user else { return Redirect::to("/login?next=/app/chat").into_response() };
    let conversation_id = form.conversation_id.as_deref().and_then(|c| c.trim().parse::<i64>().ok());
    let req =
        TurnRequest { conversation_id, model: form.model, content: form.content, file_id: None, mode: TurnMode::New };
    let back = |c: Option<i64>, err: Option<&str>| {
        let mut url = String::from("/app/chat");
        let mut q = Vec::new();
        if let Some(c) = c {
            q.push(format!("c={c}"));
        }
        if let Some(e) = err {
            q.push(format!("error={e}"));
        }
        if !q.is_empty() {
            url.push('?');
            url.push_str(&q.join("&"));
        }
        Redirect::to(&url).into_response()
    };
    match service::start_turn(&state, session.user.id, req).await {
        Err(e) => back(conversation_id, Some(e.message_key())),
        Ok(mut turn) => {
            let id = turn.conversation_id;
            let opened = match service::open(&state, &mut turn).await {
                Ok(o) => o,
                Err(e) => return back(Some(id), Some(e.message_key())),
            };
            let (tx, mut rx) = service::events();
            let run = tokio::spawn(service::run_turn(state.clone(), turn, opened, tx));
            while rx.recv().await.is_some() {}
            let _ = run.await;
            back(Some(id), None)
        }
    }
}
