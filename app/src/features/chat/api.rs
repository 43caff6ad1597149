use super::model::{ChatHome, ConversationItem};
use crate::error::AppError;
use leptos::prelude::*;

/// Everything the chat page starts with; `open` names the conversation to show.
#[server(endpoint = "chat/home", output = crate::web::Json)]
pub async fn load_chat(open: Option<i64>) -> Result<ChatHome, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let user = session.user.id;
    let conversations = super::service::list_conversations(&state.db, user, "").await?;
    let open = match open {
        Some(id) => match super::service::get_conversation(&state.db, user, id).await {
            Ok(c) => Some(c),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let now = crate::types::UnixMillis::now().0;
    let summary = crate::platform::metering::ledger::summary(&state.db, user, now).await.map_err(|e| {
        tracing::error!(error = %e, "chat home summary");
        AppError::Internal
    })?;
    let tokens_limit = summary
        .meters
        .iter()
        .find(|m| m.kind == crate::features::usage::UsageKind::Tokens)
        .map(|m| m.limit)
        .unwrap_or(0);
    let prompt_limit = crate::platform::plan_features::prompt_limit(&state.db, user).await?;
    let features = crate::platform::plan_features::of_user(&state.db, user).await?;
    Ok(ChatHome {
        models: super::service::model_options(&state),
        conversations,
        open,
        tokens_limit,
        prompt_limit,
        features,
    })
}

/// The user's conversations whose title or messages contain `search`.
#[server(endpoint = "chat/search", output = crate::web::Json)]
pub async fn search_conversations(search: String) -> Result<Vec<ConversationItem>, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::list_conversations(&state.db, session.user.id, &search).await
}

#[server(endpoint = "chat/rename", output = crate::web::Json)]
pub async fn rename_conversation(id: i64, title: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::rename(&state.db, session.user.id, id, &title).await.map_err(|e| e.into_response_status())
}

#[server(endpoint = "chat/delete", output = crate::web::Json)]
pub async fn delete_conversation(id: i64) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::delete(&state.db, session.user.id, id).await.map_err(|e| e.into_response_status())
}

#[server(endpoint = "chat/system", output = crate::web::Json)]
pub async fn set_system_prompt(id: i64, prompt: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::set_system_prompt(&state.db, session.user.id, id, &prompt)
        .await
        .map_err(|e| e.into_response_status())
}

/// Stops a running answer (from any page or replica); what was produced is charged.
#[server(endpoint = "chat/stop", output = crate::web::Json)]
pub async fn stop_answer(message_id: i64) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::request_stop(&state, session.user.id, message_id).await.map_err(|e| e.into_response_status())
}

/// What answering about an attached PDF may cost (its text read, and summarised in parts
/// when long), before the click. Pro and Creator.
#[server(endpoint = "chat/pdf-cost", output = crate::web::Json)]
pub async fn pdf_cost(file_id: String, model: String) -> Result<crate::features::usage::CostPreview, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::pdf_cost(&state, session.user.id, &file_id, &model).await.map_err(AppError::into_response_status)
}
