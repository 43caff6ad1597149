//! The video studio's server functions: extract the user, call the service.

use super::model::*;
use crate::error::AppError;
use crate::features::usage::CostPreview;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn user() -> Result<(crate::platform::AppState, i64), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    Ok((state, session.user.id))
}

/// The models, the plan's clip limits, and the user's clips.
#[server(endpoint = "video/studio", output = crate::web::Json)]
pub async fn video_studio() -> Result<Studio, AppError> {
    let (state, user) = user()?;
    super::service::studio(&state, user).await.map_err(AppError::into_response_status)
}

/// What one clip would leave of the plan ("1 of your 5 remaining videos").
#[server(endpoint = "video/cost", output = crate::web::Json)]
pub async fn video_cost() -> Result<CostPreview, AppError> {
    let (state, user) = user()?;
    super::service::cost(&state, user).await.map_err(AppError::into_response_status)
}

/// Queues a clip from a prompt (one video reserved with it).
#[server(endpoint = "video/generate", input = server_fn::codec::Json, output = crate::web::Json)]
pub async fn generate_video(form: GenerateForm) -> Result<VideoItem, AppError> {
    let (state, user) = user()?;
    super::service::submit_generate(&state, user, form).await.map_err(AppError::into_response_status)
}

/// Queues a cut of one of the user's uploads with captions burned in (free).
#[server(endpoint = "video/edit", input = server_fn::codec::Json, output = crate::web::Json)]
pub async fn edit_video(form: EditForm) -> Result<VideoItem, AppError> {
    let (state, user) = user()?;
    super::service::submit_edit(&state, user, form).await.map_err(AppError::into_response_status)
}

/// Deletes a clip (cancelling its job first if it is still at work).
#[server(endpoint = "video/delete", input = server_fn::codec::Json, output = crate::web::Json)]
pub async fn delete_video(id: i64) -> Result<(), AppError> {
    let (state, user) = user()?;
    super::service::delete(&state, user, id).await.map_err(AppError::into_response_status)
}
