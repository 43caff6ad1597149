//! `GET /events`: the signed-in user's live stream (server-sent events). It opens with
//! `snapshot` (the user's newest jobs), then sends `job` for each change of one of the
//! user's jobs, never another user's. A reconnecting browser (EventSource does so by
//! itself, sending `Last-Event-ID`) gets a fresh snapshot, so nothing missed while away
//! is lost. Notifications travel on the same stream: `notices` with the unread count
//! at the start, then with each new notification and the count after it.

use super::JobView;
use crate::features::notifications::NoticeEvent;
use crate::platform::auth::SignedIn;
use crate::platform::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::StreamExt;
use std::convert::Infallible;
use std::time::Duration;

pub fn routes(_: &AppState) -> Router<AppState> {
    Router::new().route("/events", get(events))
}

async fn events(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> Result<Response, crate::error::AppError> {
    let user_id = session.user.id;
    // Subscribe before reading the snapshot: a change in between arrives as an event.
    let rx = state.jobs.events.subscribe(&state.db);
    let notices_rx = state.notices.subscribe(&state.db);
    let unread = crate::features::notifications::service::unread(&state.db, user_id).await?;
    let snapshot = crate::platform::jobs::list_for_user(&state, user_id, 20).await?;
    let stamp = snapshot.iter().map(|j| j.updated_at).max().unwrap_or(0);
    let first = futures_util::stream::once(async move {
        Ok::<_, Infallible>(
            Event::default()
                .event("snapshot")
                .id(stamp.to_string())
                .data(serde_json::to_string(&snapshot).unwrap_or_default()),
        )
    })
    .chain(futures_util::stream::once(async move { Ok(notices_event(&NoticeEvent { unread, item: None })) }));
    let changes = tokio_stream_from(rx).filter_map(move |event| async move {
        (event.user_id == user_id).then(|| Ok::<_, Infallible>(job_event(&event.job)))
    });
    let db = state.db.clone();
    let notices = tokio_stream_from(notices_rx).filter_map(move |fresh| {
        let db = db.clone();
        async move {
            if fresh.user_id != user_id {
                return None;
            }
            let unread = crate::features::notifications::service::unread(&db, user_id).await.ok()?;
            Some(Ok::<_, Infallible>(notices_event(&NoticeEvent { unread, item: Some(fresh.notice) })))
        }
    });
    let changes = futures_util::stream::select(changes, notices);
    Ok(Sse::new(first.chain(changes)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response())
}

/// The unread count, and the new notification if there is one.
fn notices_event(event: &NoticeEvent) -> Event {
    Event::default().event("notices").data(serde_json::to_string(event).unwrap_or_default())
}

fn job_event(job: &JobView) -> Event {
    Event::default().event("job").id(job.updated_at.to_string()).data(serde_json::to_string(job).unwrap_or_default())
}

/// The broadcast receiver as a stream; a listener that fell behind skips what it missed
/// (the next change of each job carries its whole state).
fn tokio_stream_from<T: Clone + Send + 'static>(
    rx: tokio::sync::broadcast::Receiver<T>,
) -> impl futures_util::Stream<Item = T> {
    futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(event) => return Some((event, rx)),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}
