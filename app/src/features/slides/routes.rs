//! The slide routes that are not server functions: the outline's stream and the preview
//! pages. Both check the Slides plan feature.

use super::model::{OutlineEvent, OutlineRequest};
use crate::error::AppError;
use crate::features::plans::PlanFeature;
use crate::platform::auth::SignedIn;
use crate::platform::AppState;
use axum::extract::{Path, State};
use axum::response::sse::{Event as SseEvent, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::StreamExt;

pub fn routes(state: &AppState) -> Router<AppState> {
    let outline = Router::new().route("/slides/outline", post(outline));
    Router::new()
        .route("/slides/{id}/preview/{page}", get(preview))
        .merge(crate::platform::ratelimit::limited(outline, state))
}

/// `POST /slides/outline`: the outline as server-sent events (`delta`…, then `done` with
/// the new deck's id, or `error`).
async fn outline(
    State(state): State<AppState>,
    user: SignedIn,
    Json(req): Json<OutlineRequest>,
) -> Result<Response, AppError> {
    let user_id = user.0.user.id;
    let job = super::service::outline_prepare(&state, user_id, &req).await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(64);
    let (end_tx, end_rx) = tokio::sync::oneshot::channel::<OutlineEvent>();
    tokio::spawn(async move {
        let end = match super::service::outline(&state, user_id, &req, job, tx).await {
            Ok((deck_id, done)) => OutlineEvent::Done { deck_id, charged: done.charged },
            Err(error) => OutlineEvent::Error { error },
        };
        let _ = end_tx.send(end);
    });
    let deltas = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)).map(|text| OutlineEvent::Delta { text });
    let end =
        futures_util::stream::once(
            async move { end_rx.await.unwrap_or(OutlineEvent::Error { error: AppError::Internal }) },
        );
    let events = deltas.chain(end).map(|e| {
        Ok::<_, std::convert::Infallible>(SseEvent::default().data(serde_json::to_string(&e).unwrap_or_default()))
    });
    Ok(Sse::new(events).into_response())
}

/// `GET /slides/{id}/preview/{page}`: slide `page` (from 1) of the saved deck as SVG.
async fn preview(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, page)): Path<(i64, usize)>,
) -> Result<Response, AppError> {
    let user_id = user.0.user.id;
    crate::platform::plan_features::require(&state.db, user_id, PlanFeature::Slides).await?;
    let (_, pages) = super::service::preview_pages(&state, user_id, id).await?;
    let svg = pages.get(page.saturating_sub(1)).cloned().ok_or(AppError::NotFound)?;
    Ok((
        [
            (http::header::CONTENT_TYPE, "image/svg+xml"),
            (http::header::CACHE_CONTROL, "private, max-age=3600"),
            (http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (
                http::header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
            ),
        ],
        svg,
    )
        .into_response())
}
