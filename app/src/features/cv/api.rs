//! The CV maker's server functions: extract the user, call the service.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn user() -> Result<(crate::platform::AppState, i64), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    Ok((state, session.user.id))
}

#[server(endpoint = "cv/list", output = crate::web::Json)]
pub async fn list_cvs() -> Result<Vec<CvItem>, AppError> {
    let (state, user) = user()?;
    super::service::list(&state.db, user).await.map_err(AppError::into_response_status)
}

/// A new, empty CV in `lang`.
#[server(endpoint = "cv/create", output = crate::web::Json)]
pub async fn create_cv(title: String, lang: CvLang) -> Result<CvItem, AppError> {
    let (state, user) = user()?;
    let cv = Cv { lang, ..Default::default() };
    let doc = super::service::create(&state.db, user, &title, &cv).await.map_err(AppError::into_response_status)?;
    Ok(CvItem {
        id: doc.id,
        title: doc.title,
        lang: doc.cv.lang,
        template: doc.cv.template,
        ats: doc.cv.ats,
        updated_at: doc.updated_at,
    })
}

#[server(endpoint = "cv/get", output = crate::web::Json)]
pub async fn get_cv(id: i64) -> Result<CvDoc, AppError> {
    let (state, user) = user()?;
    super::service::get(&state.db, user, id).await.map_err(AppError::into_response_status)
}

/// Saves over version `base`; 409 `cv-stale` when it changed since.
#[server(endpoint = "cv/save", input = server_fn::codec::Json, output = crate::web::Json)]
pub async fn save_cv(id: i64, base: i64, title: String, cv: Cv) -> Result<Saved, AppError> {
    let (state, user) = user()?;
    super::service::save(&state.db, user, id, base, &title, &cv).await.map_err(AppError::into_response_status)
}

#[server(endpoint = "cv/duplicate", output = crate::web::Json)]
pub async fn duplicate_cv(id: i64, title: String) -> Result<i64, AppError> {
    let (state, user) = user()?;
    let doc = super::service::duplicate(&state.db, user, id, &title).await.map_err(AppError::into_response_status)?;
    Ok(doc.id)
}

#[server(endpoint = "cv/delete", output = crate::web::Json)]
pub async fn delete_cv(id: i64) -> Result<(), AppError> {
    let (state, user) = user()?;
    super::service::delete(&state.db, user, id).await.map_err(AppError::into_response_status)
}

/// A signed link that saves the export (`pdf` or `docx`) of the saved CV.
#[server(endpoint = "cv/export", output = crate::web::Json)]
pub async fn export_cv(id: i64, format: String) -> Result<String, AppError> {
    let (state, user) = user()?;
    let format = match format.as_str() {
        "pdf" => super::service::ExportFormat::Pdf,
        "docx" => super::service::ExportFormat::Docx,
        _ => return Err(AppError::Validation("error-validation".into())),
    };
    super::service::export(&state, user, id, format).await.map_err(AppError::into_response_status)
}

/// A new CV in the other language, translated by the AI (metered in tokens); its id.
#[server(endpoint = "cv/translate", output = crate::web::Json)]
pub async fn translate_cv(id: i64, title: String) -> Result<i64, AppError> {
    let (state, user) = user()?;
    let doc = super::service::translate(&state, user, id, &title).await.map_err(AppError::into_response_status)?;
    Ok(doc.id)
}

/// What an AI task on this CV may cost, before the click.
#[server(endpoint = "cv/ai-cost", input = server_fn::codec::Json, output = crate::web::Json)]
pub async fn cv_ai_cost(task: AiTask, cv: Cv) -> Result<crate::features::usage::CostPreview, AppError> {
    let (state, user) = user()?;
    let quote =
        super::service::ai_job(&cv, task).and_then(|j| j.quote(&state)).map_err(AppError::into_response_status)?;
    crate::platform::work::preview(&state.db, user, &quote).await.map_err(AppError::into_response_status)
}

/// A chat answer into a CV: its summary or a new bullet of a role.
#[server(endpoint = "cv/add-text", input = server_fn::codec::Json, output = crate::web::Json)]
pub async fn add_to_cv(id: i64, target: CvTarget, text: String) -> Result<(), AppError> {
    let (state, user) = user()?;
    super::service::add_text(&state.db, user, id, target, &text).await.map_err(AppError::into_response_status)?;
    Ok(())
}

/// The saved CV's preview: its version and number of pages (each at `/cv/{id}/preview/{n}?v=`).
#[server(endpoint = "cv/preview", output = crate::web::Json)]
pub async fn cv_preview(id: i64) -> Result<(i64, usize), AppError> {
    let (state, user) = user()?;
    let (version, pages) =
        super::service::preview_pages(&state.db, user, id).await.map_err(AppError::into_response_status)?;
    Ok((version, pages.len()))
}
