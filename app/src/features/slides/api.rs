//! The slide maker's server functions. Each checks the Slides plan feature first.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The state and the signed-in user, refused (403 with the upgrade offer) without Slides.
#[cfg(feature = "ssr")]
async fn user() -> Result<(crate::platform::AppState, i64), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    crate::platform::plan_features::require(&state.db, session.user.id, crate::features::plans::PlanFeature::Slides)
        .await
        .map_err(AppError::into_response_status)?;
    Ok((state, session.user.id))
}

#[server(endpoint = "slides/list", output = crate::web::Json)]
pub async fn list_decks() -> Result<Vec<DeckItem>, AppError> {
    let (state, user) = user().await?;
    super::service::list(&state.db, user).await.map_err(AppError::into_response_status)
}

/// A blank deck: a title slide.
#[server(endpoint = "slides/create", output = crate::web::Json)]
pub async fn create_deck(title: String, lang: DeckLang) -> Result<i64, AppError> {
    let (state, user) = user().await?;
    let deck = Deck {
        lang,
        theme: Theme::default(),
        title: title.clone(),
        slides: vec![Slide { layout: Layout::Title, title, ..Default::default() }],
    };
    Ok(super::service::create(&state.db, user, &deck).await.map_err(AppError::into_response_status)?.id)
}

#[server(endpoint = "slides/get", output = crate::web::Json)]
pub async fn get_deck(id: i64) -> Result<DeckDoc, AppError> {
    let (state, user) = user().await?;
    super::service::get(&state.db, user, id).await.map_err(AppError::into_response_status)
}

/// Saves over version `base`; the new version (409 when it changed since).
#[server(endpoint = "slides/save", input = server_fn::codec::Json, output = crate::web::Json)]
pub async fn save_deck(id: i64, base: i64, deck: Deck) -> Result<i64, AppError> {
    let (state, user) = user().await?;
    super::service::save(&state.db, user, id, base, &deck).await.map_err(AppError::into_response_status)
}

#[server(endpoint = "slides/duplicate", output = crate::web::Json)]
pub async fn duplicate_deck(id: i64, title: String) -> Result<i64, AppError> {
    let (state, user) = user().await?;
    Ok(super::service::duplicate(&state.db, user, id, &title).await.map_err(AppError::into_response_status)?.id)
}

#[server(endpoint = "slides/delete", output = crate::web::Json)]
pub async fn delete_deck(id: i64) -> Result<(), AppError> {
    let (state, user) = user().await?;
    super::service::delete(&state.db, user, id).await.map_err(AppError::into_response_status)
}

/// A signed link that saves the export (`pptx` or `pdf`) of the saved deck.
#[server(endpoint = "slides/export", output = crate::web::Json)]
pub async fn export_deck(id: i64, format: String) -> Result<String, AppError> {
    let (state, user) = user().await?;
    let format = match format.as_str() {
        "pptx" => super::service::ExportFormat::Pptx,
        "pdf" => super::service::ExportFormat::Pdf,
        _ => return Err(AppError::Validation("error-validation".into())),
    };
    super::service::export(&state, user, id, format).await.map_err(AppError::into_response_status)
}

/// The saved deck's preview: its version and number of slides (each at
/// `/slides/{id}/preview/{n}?v=`).
#[server(endpoint = "slides/preview", output = crate::web::Json)]
pub async fn deck_preview(id: i64) -> Result<(i64, usize), AppError> {
    let (state, user) = user().await?;
    let (version, pages) =
        super::service::preview_pages(&state, user, id).await.map_err(AppError::into_response_status)?;
    Ok((version, pages.len()))
}

/// What an outline may cost, before the click.
#[server(endpoint = "slides/outline-cost", input = server_fn::codec::Json, output = crate::web::Json)]
pub async fn outline_cost(req: OutlineRequest) -> Result<crate::features::usage::CostPreview, AppError> {
    let (state, user) = user().await?;
    let quote = super::service::outline_job(&req, None)
        .and_then(|j| j.quote(&state))
        .map_err(AppError::into_response_status)?;
    crate::platform::work::preview(&state.db, user, &quote).await.map_err(AppError::into_response_status)
}

/// The user's images, for a slide's picture.
#[server(endpoint = "slides/images", output = crate::web::Json)]
pub async fn gallery_images() -> Result<Vec<crate::features::files::FileView>, AppError> {
    let (state, user) = user().await?;
    let files = crate::features::files::service::list(&state, user).await.map_err(AppError::into_response_status)?;
    Ok(files.files.into_iter().filter(|f| f.media() == "image").collect())
}
