//! The image studio's server functions: extract the user, call the service.

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

/// The models the studio offers.
#[server(endpoint = "image/studio", output = crate::web::Json)]
pub async fn image_studio() -> Result<Studio, AppError> {
    let (state, _) = user()?;
    Ok(super::service::studio(&state))
}

/// What `count` images would leave of the plan ("2 of your 27 remaining images").
#[server(endpoint = "image/cost", output = crate::web::Json)]
pub async fn image_cost(count: u8) -> Result<CostPreview, AppError> {
    let (state, user) = user()?;
    super::service::cost(&state, user, count).await.map_err(AppError::into_response_status)
}

/// A page of the user's images, newest first.
#[server(endpoint = "image/gallery", output = crate::web::Json)]
pub async fn image_gallery(before: Option<i64>) -> Result<GalleryPage, AppError> {
    let (state, user) = user()?;
    super::service::gallery(&state.db, user, before).await.map_err(AppError::into_response_status)
}

#[server(endpoint = "image/delete", output = crate::web::Json)]
pub async fn delete_image(id: i64) -> Result<(), AppError> {
    let (state, user) = user()?;
    super::service::delete(&state, user, id).await.map_err(AppError::into_response_status)
}

/// Puts a file the editor uploaded into the gallery.
#[server(endpoint = "image/save", output = crate::web::Json)]
pub async fn save_edited_image(file_id: String, source: Option<i64>) -> Result<ImageItem, AppError> {
    let (state, user) = user()?;
    super::service::add_edited(&state, user, &file_id, source).await.map_err(AppError::into_response_status)
}

/// The editor's module and words (they stay out of the main bundle), and whether the
/// user's plan has the advanced editors (the editor locks them otherwise).
#[server(endpoint = "image/editor", output = crate::web::Json)]
pub async fn image_editor_setup(lang: String) -> Result<EditorSetup, AppError> {
    use crate::features::plans::PlanFeature;
    let (state, user) = user()?;
    let lang = crate::i18n::Lang::from_tag(&lang).unwrap_or_default();
    let advanced = crate::platform::plan_features::has(&state.db, user, PlanFeature::AdvancedEditors)
        .await
        .map_err(AppError::into_response_status)?;
    Ok(EditorSetup {
        assets: super::service::editor_assets(&state),
        labels: super::service::editor_labels(lang),
        max_pixels: MAX_EDIT_PIXELS,
        max_save_bytes: state.config.storage.max_image_bytes,
        advanced,
    })
}
