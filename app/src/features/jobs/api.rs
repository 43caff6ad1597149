//! Job server functions: the user's jobs, cancel, retry, and the demo job.

use super::{JobView, JobsList};
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's newest jobs.
#[server(endpoint = "jobs/list", output = crate::web::Json)]
pub async fn list_jobs() -> Result<JobsList, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let jobs = crate::platform::jobs::list_for_user(&state, session.user.id, 20)
        .await
        .map_err(AppError::into_response_status)?;
    Ok(JobsList { jobs, demo: state.config.mode != crate::platform::config::Mode::Production })
}

/// Cancels a queued job at once, or asks a running one to stop; its quota is released.
#[server(endpoint = "jobs/cancel", output = crate::web::Json)]
pub async fn cancel_job(id: i64) -> Result<JobView, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    crate::platform::jobs::cancel(&state, Some(session.user.id), crate::platform::jobs::JobId(id))
        .await
        .map_err(AppError::into_response_status)
}

/// Queues a failed or cancelled job again (its cost is reserved anew).
#[server(endpoint = "jobs/retry", output = crate::web::Json)]
pub async fn retry_job(id: i64) -> Result<JobView, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    crate::platform::jobs::retry(&state, Some(session.user.id), crate::platform::jobs::JobId(id))
        .await
        .map_err(AppError::into_response_status)
}

/// Development only: a demo job that counts to 100 over a few seconds, free of charge.
#[server(endpoint = "jobs/demo", output = crate::web::Json)]
pub async fn start_demo_job() -> Result<JobView, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::demo::start(&state, session.user.id).await.map_err(AppError::into_response_status)
}
