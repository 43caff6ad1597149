//! The CV routes that are not server functions: the AI help's stream and the preview pages.

use super::model::{AiEvent, AiRequest};
use crate::error::AppError;
use crate::platform::auth::SignedIn;
use crate::platform::AppState;
use axum::extract::{Path, State};
use axum::response::sse::{Event as SseEvent, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::StreamExt;

pub fn routes(state: &AppState) -> Router<AppState> {
    let ai = Router::new().route("/cv/ai", post(ai));
    Router::new().route("/cv/{id}/preview/{page}", get(preview)).merge(crate::platform::ratelimit::limited(ai, state))
}

/// `POST /cv/ai`: the task's text as server-sent events (`delta`…, then `done` or `error`).
async fn ai(State(state): State<AppState>, user: SignedIn, Json(req): Json<AiRequest>) -> Result<Response, AppError> {
    let user_id = user.0.user.id;
    let job = super::service::ai_prepare(&state, user_id, &req).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(64);
    let (end_tx, end_rx) = tokio::sync::oneshot::channel::<AiEvent>();
    tokio::spawn(async move {
        let end = match super::service::ai_help(&state, user_id, job, tx).await {
            Ok(done) => AiEvent::Done { charged: done.charged },
            Err(error) => AiEvent::Error { error },
        };
        let _ = end_tx.send(end);
    });
    let deltas = tokio_stream_of(rx).map(|text| AiEvent::Delta { text });
    let end =
        futures_util::stream::once(async move { end_rx.await.unwrap_or(AiEvent::Error { error: AppError::Internal }) });
    let events = deltas.chain(end).map(|e| Ok::<_, std::convert::Infallible>(to_sse(&e)));
    Ok(Sse::new(events).into_response())
}

fn tokio_stream_of(mut rx: tokio::sync::mpsc::Receiver<String>) -> impl futures_util::Stream<Item = String> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

fn to_sse(event: &AiEvent) -> SseEvent {
    SseEvent::default().data(serde_json::to_string(event).unwrap_or_default())
}

/// `GET /cv/{id}/preview/{page}`: page `page` (from 1) of the saved CV as SVG. The
/// editor adds `?v=<version>` so that each saved version is a new address.
async fn preview(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, page)): Path<(i64, usize)>,
) -> Result<Response, AppError> {
    let (_, pages) = super::service::preview_pages(&state.db, user.0.user.id, id).await?;
    let svg = pages.get(page.saturating_sub(1)).cloned().ok_or(AppError::NotFound)?;
    Ok((
        [
            (http::header::CONTENT_TYPE, "image/svg+xml"),
            (http::header::CACHE_CONTROL, "private, max-age=3600"),
            (http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (http::header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        ],
        svg,
    )
        .into_response())
}
