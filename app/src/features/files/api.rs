use super::FilesView;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's files, storage use and upload limits.
#[server(endpoint = "files/list", output = crate::web::Json)]
pub async fn list_files() -> Result<FilesView, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::list(&state, session.user.id).await
}

/// Deletes one file of the signed-in user; another user's id answers "not found".
#[server(endpoint = "files/delete", output = crate::web::Json)]
pub async fn delete_file(id: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::delete(&state, session.user.id, id.trim()).await.map_err(|e| e.into_response_status())
}
