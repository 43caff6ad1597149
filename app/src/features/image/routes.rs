//! `POST /image/generate`: the images as server-sent events, each as soon as it is
//! stored. The work runs on its own task: a user who leaves the page still gets the
//! images in the gallery, charged exactly once.

use super::model::{GenerateRequest, ImageEvent};
use crate::error::AppError;
use crate::platform::auth::SignedIn;
use crate::platform::AppState;
use axum::extract::State;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use futures_util::StreamExt;
use std::time::Duration;

pub fn routes(state: &AppState) -> Router<AppState> {
    crate::platform::ratelimit::limited(Router::new().route("/image/generate", post(generate)), state)
}

async fn generate(
    State(state): State<AppState>,
    user: SignedIn,
    Json(req): Json<GenerateRequest>,
) -> Result<Response, AppError> {
    let user_id = user.0.user.id;
    let job = super::service::prepare(&state, user_id, &req).await?;
    let reserved = super::service::reserve(&state, user_id, job).await?;
    let count = reserved.count();
    let (tx, mut rx) = tokio::sync::mpsc::channel(8);
    let (end_tx, end_rx) = tokio::sync::oneshot::channel::<ImageEvent>();
    tokio::spawn(async move {
        let end = match super::service::generate(&state, user_id, reserved, tx).await {
            // Some were made: they are in the gallery and charged; `reason` says why the
            // rest are not.
            Ok(done) => {
                ImageEvent::Done { asked: done.asked, charged: done.charged, model: done.model, reason: done.error }
            }
            Err(error) => ImageEvent::Error { error },
        };
        let _ = end_tx.send(end);
    });
    let started = futures_util::stream::once(async move { ImageEvent::Started { count } });
    let images = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)).map(|image| ImageEvent::Image { image });
    let end =
        futures_util::stream::once(
            async move { end_rx.await.unwrap_or(ImageEvent::Error { error: AppError::Internal }) },
        );
    let events = started.chain(images).chain(end).map(|e| {
        Ok::<_, std::convert::Infallible>(SseEvent::default().data(serde_json::to_string(&e).unwrap_or_default()))
    });
    // Comments every 15 s keep proxies (CloudFront drops a connection quiet for 60 s)
    // from cutting a long generation.
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response())
}
