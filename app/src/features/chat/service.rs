//! Chat: conversations and the metered turn.
//!
//! A turn: checks → moderation → reserve (prompt + the answer's room, × the model's weight)
//! → rows for the question and the answer → the provider's stream, relayed as it comes →
//! settle with the provider's usage (or a local count when the stream broke or was
//! stopped) → the answer's row completed. Nothing is charged when the provider fails
//! before answering.

use super::model::*;
use crate::error::AppError;
use crate::features::usage::UsageKind;
use crate::platform::ai::ModelInfo;
use crate::platform::work::{self, Metered};
use crate::platform::{db::Db, AppState};
use crate::types::UnixMillis;
use futures_util::StreamExt;
use pulse_providers::{estimate_tokens, ChatRequest, Event, FinishReason, Message, Part, ProviderError, Role};
use sqlx::Row;
use std::time::Duration;
use tokio::sync::mpsc;

/// The smallest answer worth starting: below this the quota counts as used up.
const MIN_ANSWER_TOKENS: u64 = 32;
/// The longest answer one turn may reserve room for, whatever the model allows: a 128k
/// output limit would otherwise hold a whole month's quota during one answer.
const MAX_ANSWER_TOKENS: u64 = 4_096;
/// How much history (in estimated tokens) a turn sends at most: long conversations keep
/// their newest messages.
const MAX_HISTORY_TOKENS: u64 = 24_000;
/// A turn's reservation outlives its deadline by this much: the turn settles first.
const TURN_RESERVATION_MARGIN_SECS: i64 = 60;

pub fn model_options(state: &AppState) -> Vec<ModelOption> {
    state
        .ai
        .models()
        .into_iter()
        .map(|m| ModelOption { id: m.id, name_ar: m.name_ar, name_en: m.name_en, vision: m.vision })
        .collect()
}

/// The user's conversations, newest first; with `search`, those whose title or messages
/// contain it.
pub async fn list_conversations(db: &Db, user_id: i64, search: &str) -> Result<Vec<ConversationItem>, AppError> {
    let search = search.trim();
    let rows = if search.is_empty() {
        sqlx::query(
            "SELECT id, title, updated_at FROM conversations WHERE user_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 200",
        )
        .bind(user_id)
        .fetch_all(db.pool())
        .await
    } else {
        let escaped: String = search
            .to_lowercase()
            .chars()
            .flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] })
            .collect();
        let pattern = format!("%{escaped}%");
        sqlx::query(
            "SELECT c.id, c.title, c.updated_at FROM conversations c WHERE c.user_id = $1 AND \
             (LOWER(COALESCE(c.title, '')) LIKE $2 ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m \
             WHERE m.conversation_id = c.id AND LOWER(m.content) LIKE $2 ESCAPE '\\')) \
             ORDER BY c.updated_at DESC, c.id DESC LIMIT 200",
        )
        .bind(user_id)
        .bind(pattern)
        .fetch_all(db.pool())
        .await
    }
    .map_err(crate::platform::db::failed("list"))?;
    Ok(rows
        .iter()
        .map(|r| ConversationItem {
            id: r.get("id"),
            title: r.get::<Option<String>, _>("title").unwrap_or_default(),
            updated_at: UnixMillis(r.get("updated_at")),
        })
        .collect())
}

/// A conversation of this user with its messages, or `NotFound`.
pub async fn get_conversation(db: &Db, user_id: i64, id: i64) -> Result<ConversationView, AppError> {
    let row = sqlx::query("SELECT id, title, model, system_prompt FROM conversations WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .fetch_optional(db.pool())
        .await
        .map_err(crate::platform::db::failed("get"))?
        .ok_or(AppError::NotFound)?;
    let messages = sqlx::query(
        "SELECT id, role, content, model, status, error, tokens_in, tokens_out, plan_tokens, file_id FROM messages \
         WHERE conversation_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await
    .map_err(crate::platform::db::failed("messages"))?;
    Ok(ConversationView {
        id,
        title: row.get::<Option<String>, _>("title").unwrap_or_default(),
        model: row.get("model"),
        system_prompt: row.get("system_prompt"),
        messages: messages
            .iter()
            .map(|m| MessageView {
                id: m.get("id"),
                role: if m.get::<String, _>("role") == "user" { MessageRole::User } else { MessageRole::Assistant },
                content: m.get("content"),
                model: m.get("model"),
                status: MessageStatus::parse(&m.get::<String, _>("status")),
                error: m.get("error"),
                tokens_in: m.get("tokens_in"),
                tokens_out: m.get("tokens_out"),
                plan_tokens: m.get("plan_tokens"),
                file_id: m.get("file_id"),
            })
            .collect(),
    })
}

pub async fn rename(db: &Db, user_id: i64, id: i64, title: &str) -> Result<(), AppError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 120 {
        return Err(AppError::Validation("chat-title-invalid".into()));
    }
    let done = sqlx::query("UPDATE conversations SET title = $1 WHERE id = $2 AND user_id = $3")
        .bind(title)
        .bind(id)
        .bind(user_id)
        .execute(db.pool())
        .await
        .map_err(crate::platform::db::failed("rename"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn set_system_prompt(db: &Db, user_id: i64, id: i64, prompt: &str) -> Result<(), AppError> {
    let prompt = prompt.trim();
    if prompt.chars().count() > MAX_SYSTEM_PROMPT_CHARS {
        return Err(AppError::Validation("chat-system-too-long".into()));
    }
    let done = sqlx::query("UPDATE conversations SET system_prompt = $1 WHERE id = $2 AND user_id = $3")
        .bind((!prompt.is_empty()).then_some(prompt))
        .bind(id)
        .bind(user_id)
        .execute(db.pool())
        .await
        .map_err(crate::platform::db::failed("system"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn delete(db: &Db, user_id: i64, id: i64) -> Result<(), AppError> {
    let done = sqlx::query("DELETE FROM conversations WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(db.pool())
        .await
        .map_err(crate::platform::db::failed("delete"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Asks a running answer of this user to stop (it settles what was produced): at once when
/// it streams in this process; through its row (read every half second) on another replica.
pub async fn request_stop(state: &AppState, user_id: i64, message_id: i64) -> Result<(), AppError> {
    let db = &state.db;
    let done =
        sqlx::query("UPDATE messages SET stop_requested = 1 WHERE id = $1 AND user_id = $2 AND role = 'assistant'")
            .bind(message_id)
            .bind(user_id)
            .execute(db.pool())
            .await
            .map_err(crate::platform::db::failed("stop"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    state.chat_stops.stop(message_id);
    Ok(())
}

/// A turn that passed its checks and holds its reservation.
#[derive(Debug)]
pub struct Turn {
    pub user_id: i64,
    pub conversation_id: i64,
    pub title: String,
    pub user_message_id: i64,
    pub assistant_message_id: i64,
    /// The quota this turn holds until its answer is settled (taken when it ends).
    pub metered: Option<Metered>,
    pub model: ModelInfo,
    pub request: ChatRequest,
    pub prompt_tokens: u64,
    /// The answer ends by then whatever happens (a reader that stopped reading included):
    /// before its reservation could lapse.
    pub deadline: tokio::time::Instant,
}

/// Checks, then the metered path (moderation, reservation), then the rows. Nothing is
/// written before the reservation holds, and errors here cost nothing.
pub async fn start_turn(state: &AppState, user_id: i64, req: TurnRequest) -> Result<Turn, AppError> {
    let db = &state.db;
    let model = state
        .ai
        .models()
        .into_iter()
        .find(|m| m.id == req.model)
        .ok_or_else(|| AppError::Validation("chat-model-unknown".into()))?;
    let content = req.content.trim().to_string();
    if req.mode != TurnMode::Regenerate {
        if content.is_empty() {
            return Err(AppError::Validation("chat-empty".into()));
        }
        if content.chars().count() > MAX_MESSAGE_CHARS {
            return Err(AppError::Validation("chat-too-long".into()));
        }
        // The plan's prompt limit (Creator's long prompts), before anything is written.
        crate::platform::plan_features::check_prompt(db, user_id, estimate_tokens(&content)).await?;
    }
    // An attachment: one of the user's files — an image for a model that sees, or a PDF
    // whose text the model reads (Pro and Creator), summarised in parts when it is long.
    let mut pdf = None;
    let mut image = match req.file_id.as_deref().filter(|f| !f.is_empty()) {
        None => None,
        Some(file_id) => {
            let (file, key) = crate::features::files::service::find_owned(state, user_id, file_id).await?;
            if super::document::is_document(&file.content_type) && req.mode != TurnMode::Regenerate {
                crate::platform::plan_features::require(db, user_id, crate::features::plans::PlanFeature::PdfSummary)
                    .await?;
                pdf = Some((file, key));
                None
            } else if file.media() != "image" {
                return Err(AppError::Validation("chat-attach-not-image".into()));
            } else if !model.vision {
                return Err(AppError::Validation("chat-model-no-vision".into()));
            } else {
                let data = state.storage.get_bytes(&key).await.map_err(|e| {
                    tracing::error!(error = %e, "attachment");
                    AppError::Unavailable
                })?;
                Some((file.id, file.content_type, data))
            }
        }
    };

    // The conversation (one of the user's, or a new one made once the quota holds).
    let existing = match req.conversation_id {
        Some(id) => {
            let row = sqlx::query("SELECT title, system_prompt FROM conversations WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(user_id)
                .fetch_optional(db.pool())
                .await
                .map_err(crate::platform::db::failed("conversation"))?
                .ok_or(AppError::NotFound)?;
            Some((
                id,
                row.get::<Option<String>, _>("title").unwrap_or_default(),
                row.get::<Option<String>, _>("system_prompt"),
            ))
        }
        None if req.mode != TurnMode::New => return Err(AppError::NotFound),
        None => None,
    };
    let system = existing.as_ref().and_then(|(_, _, s)| s.clone());

    // The history the model sees, shaped by the mode (the rows are cut only once the
    // quota holds): regenerating drops the last answer, editing drops the edited question
    // and everything after it.
    let history = match &existing {
        None => Vec::new(),
        Some((id, _, _)) => sqlx::query(
            "SELECT id, role, content, user_id, context, file_id FROM messages WHERE conversation_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await
        .map_err(crate::platform::db::failed("history"))?,
    };
    let keep_below: Option<i64> = match req.mode {
        TurnMode::New => None,
        TurnMode::Regenerate => {
            let last_user = history
                .iter()
                .filter(|r| r.get::<String, _>("role") == "user")
                .map(|r| r.get::<i64, _>("id"))
                .max()
                .ok_or_else(|| AppError::Validation("chat-nothing-to-regenerate".into()))?;
            Some(last_user + 1)
        }
        TurnMode::Edit { message_id } => {
            history
                .iter()
                .find(|r| {
                    r.get::<i64, _>("id") == message_id
                        && r.get::<String, _>("role") == "user"
                        && r.get::<i64, _>("user_id") == user_id
                })
                .ok_or(AppError::NotFound)?;
            Some(message_id)
        }
    };
    // The attached PDF is read (and a long one summarised in parts, each part paid for)
    // only once everything else about the turn holds and the question passed moderation.
    let document = match &pdf {
        None => None,
        Some((file, key)) => {
            work::screen(state, user_id, work::Screen::text("chat", &content)).await?;
            Some(super::document::prepare(state, user_id, &model, file, key, &content).await?)
        }
    };
    // An edited question keeps the document it was asked with (unless another is attached).
    let (context, context_file): (Option<String>, Option<String>) = match (&document, &req.mode) {
        (Some(d), _) => (Some(d.material.clone()), req.file_id.clone()),
        (None, TurnMode::Edit { message_id }) => history
            .iter()
            .find(|r| r.get::<i64, _>("id") == *message_id)
            .and_then(|r| {
                let c = r.get::<Option<String>, _>("context")?;
                Some((Some(c), r.get::<Option<String>, _>("file_id")))
            })
            .unwrap_or((None, None)),
        _ => (None, None),
    };
    let mut messages: Vec<Message> = Vec::new();
    for row in &history {
        let content: String = row.get("content");
        if content.is_empty() || keep_below.is_some_and(|below| row.get::<i64, _>("id") >= below) {
            continue;
        }
        let role = if row.get::<String, _>("role") == "user" { Role::User } else { Role::Assistant };
        // A document read with the message is read again.
        let content = match row.get::<Option<String>, _>("context") {
            Some(material) => super::document::with_document(&content, &material),
            None => content,
        };
        messages.push(Message::text(role, content));
    }
    if req.mode != TurnMode::Regenerate {
        let text = match &context {
            Some(material) => super::document::with_document(&content, material),
            None => content.clone(),
        };
        let mut parts = vec![Part::Text(text)];
        if let Some((_, mime, data)) = image.as_mut() {
            parts.push(Part::Image { mime: mime.clone(), data: std::mem::take(data) });
        }
        messages.push(Message { role: Role::User, parts });
    }
    if messages.last().map(|m| m.role) != Some(Role::User) {
        return Err(AppError::Validation("chat-nothing-to-regenerate".into()));
    }

    // Keep the newest messages that fit the model's context with room for the answer.
    let answer_cap = u64::from(model.max_output).min(MAX_ANSWER_TOKENS);
    let system_tokens = system.as_deref().map(estimate_tokens).unwrap_or(0);
    let budget = u64::from(model.max_context).saturating_sub(answer_cap + system_tokens).min(MAX_HISTORY_TOKENS);
    let mut kept = Vec::new();
    let mut prompt_tokens = system_tokens;
    for m in messages.into_iter().rev() {
        let t = estimate_tokens(&m.joined_text()) + if m.parts.len() > 1 { 800 } else { 0 };
        if !kept.is_empty() && prompt_tokens + t > budget + system_tokens {
            break;
        }
        prompt_tokens += t;
        kept.push(m);
    }
    kept.reverse();

    // The metered path: the text and the attached image are screened together (a
    // regenerated answer reuses a question screened when it was asked), then the quota
    // is reserved: at least the prompt and a short answer, at most the prompt and a full
    // one. Local counts are estimates, so the prompt gets a margin. Priced at the chain's
    // highest weight: a dearer fallback that answers is then charged in full.
    let prompt_reserve = prompt_tokens + prompt_tokens / 4 + 16;
    let priced = model.at_reserve_weight();
    let quote = work::Quote::range(
        UsageKind::Tokens,
        priced.plan_tokens(prompt_reserve + MIN_ANSWER_TOKENS) as i64,
        priced.plan_tokens(prompt_reserve + answer_cap) as i64,
        "chat",
    )
    .model(&model.id)
    .ttl_ms((state.config.chat_turn_secs + TURN_RESERVATION_MARGIN_SECS) * 1000);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(state.config.chat_turn_secs as u64);
    let screen = (req.mode != TurnMode::Regenerate).then(|| {
        let attached = kept.last().and_then(|m| {
            m.parts.iter().find_map(|p| match p {
                Part::Image { mime, data } => {
                    Some(crate::platform::moderation::ImageInput { mime: mime.as_str(), bytes: data.as_slice() })
                }
                _ => None,
            })
        });
        work::Screen::text("chat", &content).with_image(attached)
    });
    let metered = work::begin(state, user_id, &quote, screen).await?;
    let room = priced.provider_tokens_for(metered.amount() as u64).saturating_sub(prompt_reserve);
    let max_output = room.min(answer_cap).max(MIN_ANSWER_TOKENS) as u32;

    // The rows, in one write transaction (one turn of SQLite's single writer instead of
    // five, which is most of what the app adds to the time to first token under load).
    // Should any of this fail, the transaction rolls back and the dropped guard gives the
    // quota back.
    let now = UnixMillis::now().0;
    let mut tx = crate::platform::db::WriteTx::begin(db).await.map_err(crate::platform::db::failed("turn"))?;
    let (conversation_id, title) = match existing {
        Some((id, title, _)) => (id, title),
        None => {
            let title = title_from(&content);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO conversations (user_id, title, model, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(user_id)
            .bind(&title)
            .bind(&model.id)
            .bind(now)
            .fetch_one(tx.conn())
            .await
            .map_err(crate::platform::db::failed("new conversation"))?;
            (id, title)
        }
    };
    if let Some(below) = keep_below {
        sqlx::query("DELETE FROM messages WHERE conversation_id = $1 AND id >= $2")
            .bind(conversation_id)
            .bind(below)
            .execute(tx.conn())
            .await
            .map_err(crate::platform::db::failed("cut history"))?;
    }
    let user_message_id = if req.mode == TurnMode::Regenerate {
        sqlx::query_scalar::<_, i64>("SELECT MAX(id) FROM messages WHERE conversation_id = $1 AND role = 'user'")
            .bind(conversation_id)
            .fetch_one(tx.conn())
            .await
            .map_err(crate::platform::db::failed("question"))?
    } else {
        sqlx::query_scalar(
            "INSERT INTO messages (conversation_id, user_id, role, content, status, file_id, context, created_at) \
             VALUES ($1, $2, 'user', $3, 'complete', $4, $5, $6) RETURNING id",
        )
        .bind(conversation_id)
        .bind(user_id)
        .bind(&content)
        .bind(image.as_ref().map(|(id, _, _)| id.clone()).or_else(|| context_file.clone()))
        .bind(context.clone())
        .bind(now)
        .fetch_one(tx.conn())
        .await
        .map_err(crate::platform::db::failed("question"))?
    };
    let assistant_message_id: i64 = sqlx::query_scalar(
        "INSERT INTO messages (conversation_id, user_id, role, content, model, status, reservation_id, created_at) \
         VALUES ($1, $2, 'assistant', '', $3, 'streaming', $4, $5) RETURNING id",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(&model.id)
    .bind(metered.reservation_id())
    .bind(now)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::platform::db::failed("answer"))?;
    sqlx::query("UPDATE conversations SET updated_at = $1, model = $2 WHERE id = $3")
        .bind(now)
        .bind(&model.id)
        .bind(conversation_id)
        .execute(tx.conn())
        .await
        .map_err(crate::platform::db::failed("touch"))?;
    tx.commit().await.map_err(crate::platform::db::failed("turn"))?;

    Ok(Turn {
        user_id,
        conversation_id,
        title,
        user_message_id,
        assistant_message_id,
        metered: Some(metered),
        request: ChatRequest {
            model: String::new(),
            system,
            messages: kept,
            max_output_tokens: max_output,
            temperature: None,
        },
        model,
        prompt_tokens,
        deadline,
    })
}

/// The message key for a provider failure.
fn provider_error_key(e: &ProviderError) -> &'static str {
    match e {
        ProviderError::Timeout => "error-timeout",
        ProviderError::RateLimited { .. } | ProviderError::Unavailable { .. } | ProviderError::Network(_) => {
            "chat-provider-busy"
        }
        ProviderError::Rejected { .. } | ProviderError::Protocol(_) | ProviderError::Safety(_) => {
            "chat-provider-failed"
        }
    }
}

/// An answer stream that has started.
pub type Opened = (ModelInfo, pulse_providers::EventStream);

/// Calls the provider (the gateway walks the fallback chain). When no model answers, the
/// reservation is released, the answer row records the failure, and the typed error says
/// why: a timeout is 504, a busy provider 503.
pub async fn open(state: &AppState, turn: &mut Turn) -> Result<Opened, AppError> {
    let request = std::mem::replace(
        &mut turn.request,
        ChatRequest {
            model: String::new(),
            system: None,
            messages: Vec::new(),
            max_output_tokens: 0,
            temperature: None,
        },
    );
    // Opening counts against the turn's deadline too: walking a fallback chain of slow
    // providers must not outlast the reservation.
    let opened = match tokio::time::timeout_at(turn.deadline, state.ai.stream(&turn.model.id, request)).await {
        Ok(opened) => opened,
        Err(_) => Err(ProviderError::Timeout),
    };
    match opened {
        Ok(opened) => Ok(opened),
        Err(e) => {
            tracing::warn!(error = %e, model = %turn.model.id, "no model answered");
            if let Some(metered) = turn.metered.take() {
                if let Err(e) = metered.release().await {
                    tracing::error!(error = %e, "releasing an unanswered turn failed");
                }
            }
            let _ = sqlx::query("UPDATE messages SET status = 'error', error = $1 WHERE id = $2")
                .bind(provider_error_key(&e))
                .bind(turn.assistant_message_id)
                .execute(state.db.pool())
                .await;
            metrics::counter!("pulse_chat_answers_total", "status" => "unanswered").increment(1);
            Err(match e {
                ProviderError::Timeout => AppError::ProviderTimeout,
                ProviderError::Rejected { .. } | ProviderError::Protocol(_) => AppError::Internal,
                _ => AppError::Unavailable,
            })
        }
    }
}

/// Where a turn sends its events.
pub type Events = mpsc::Sender<Box<StreamEvent>>;

/// A turn's event channel. Its events are boxed: a channel's memory is blocks of 32 slots
/// whatever its capacity, so with boxes a streaming answer's channel takes 0.8 KB instead
/// of 2.8 KB (its block 256 bytes instead of 32 events), for one more allocation per event.
pub fn events() -> (Events, mpsc::Receiver<Box<StreamEvent>>) {
    mpsc::channel(256)
}

/// Runs a turn to its end, sending events while anyone listens. When the listener goes
/// away (the browser stopped or closed) or a stop is asked, the provider request is
/// dropped and what was produced is settled. Always ends with the row completed and the
/// reservation settled or released; returns the final event.
pub async fn run_turn(state: AppState, turn: Turn, opened: Opened, events: Events) -> StreamEvent {
    // What the answer needs while it streams; the rest (the prompt and its history) goes now,
    // not when the answer ends: thousands of answers may stream at once.
    let Turn {
        assistant_message_id,
        metered,
        deadline,
        conversation_id,
        title,
        user_message_id,
        prompt_tokens,
        request,
        model,
        ..
    } = turn;
    drop((request, model));
    let stop = state.chat_stops.watch(&state.db, assistant_message_id);
    let _ = events
        .send(Box::new(StreamEvent::Meta {
            conversation_id,
            title,
            user_message_id,
            assistant_message_id,
            model: opened.0.id.clone(),
        }))
        .await;
    let started = std::time::Instant::now();
    let mut text = String::new();
    let mut usage: Option<pulse_providers::Usage> = None;
    let (answered_by, mut stream) = opened;
    let (status, error): (MessageStatus, Option<String>) = {
        let mut first_token = true;
        loop {
            tokio::select! {
                next = stream.next() => match next {
                    Some(Ok(Event::Text(t))) => {
                        if first_token {
                            metrics::histogram!("pulse_chat_first_token_seconds").record(started.elapsed().as_secs_f64());
                            first_token = false;
                        }
                        text.push_str(&t);
                        // A reader that stopped reading fills the channel; the send
                        // waits no longer than the turn may run.
                        match tokio::time::timeout_at(deadline, events.send(Box::new(StreamEvent::Delta { text: t }))).await {
                            Ok(Ok(())) => {}
                            Ok(Err(_)) => break (MessageStatus::Stopped, None),
                            Err(_) => break (MessageStatus::Stopped, Some("chat-turn-deadline".into())),
                        }
                    }
                    Some(Ok(Event::Usage(u))) => usage = Some(u),
                    Some(Ok(Event::Finished(reason))) => {
                        if reason == FinishReason::ContentFilter {
                            // Let the stream deliver its usage, then end with a notice.
                            while let Some(Ok(Event::Usage(u))) = stream.next().await { usage = Some(u); }
                            break (MessageStatus::Error, Some("chat-provider-filtered".into()));
                        }
                    }
                    Some(Err(e)) => {
                        tracing::warn!(error = %e, model = %answered_by.id, "provider stream failed");
                        break (MessageStatus::Error, Some(provider_error_key(&e).to_string()));
                    }
                    None => break (MessageStatus::Complete, None),
                },
                _ = events.closed() => break (MessageStatus::Stopped, None),
                _ = tokio::time::sleep_until(deadline) => {
                    break (MessageStatus::Stopped, Some("chat-turn-deadline".into()))
                }
                _ = stop.stopped() => break (MessageStatus::Stopped, None),
            }
        }
    };
    // Dropping the stream cancels the provider request if it is still running.
    drop((stream, stop));
    // The ending is a future of its own, on the heap: while the answer streams, the turn's
    // task holds only what streaming needs.
    Box::pin(finish(
        state,
        Ended { assistant_message_id, metered, prompt_tokens, answered_by, text, usage, status, error },
        events,
    ))
    .await
}

/// A turn whose answer has ended, to be settled and saved.
struct Ended {
    assistant_message_id: i64,
    metered: Option<Metered>,
    prompt_tokens: u64,
    answered_by: ModelInfo,
    text: String,
    usage: Option<pulse_providers::Usage>,
    status: MessageStatus,
    error: Option<String>,
}

async fn finish(state: AppState, ended: Ended, events: Events) -> StreamEvent {
    let Ended { assistant_message_id, metered, prompt_tokens, answered_by, text, usage, status, error } = ended;
    // What to charge: the provider's count when it gave one for a finished answer; our own
    // count of what was produced otherwise (stopped, broken).
    let (tokens_in, tokens_out) = match (usage, status) {
        (Some(u), MessageStatus::Complete) | (Some(u), MessageStatus::Error)
            if !text.is_empty() || u.output_tokens > 0 =>
        {
            (u.input_tokens, u.output_tokens)
        }
        _ if text.is_empty() => (0, 0),
        _ => (usage.map(|u| u.input_tokens).unwrap_or(prompt_tokens), estimate_tokens(&text)),
    };
    let plan = if tokens_in + tokens_out == 0 { 0 } else { answered_by.plan_tokens(tokens_in + tokens_out) };
    let charged = match metered {
        None => 0,
        Some(metered) => match metered.settle(plan as i64).await {
            Ok(s) => s.amount,
            Err(e) => {
                tracing::error!(error = %e, "settling a chat answer failed");
                plan as i64
            }
        },
    };
    let _ = sqlx::query(
        "UPDATE messages SET content = $1, model = $2, status = $3, error = $4, tokens_in = $5, tokens_out = $6, \
         plan_tokens = $7 WHERE id = $8",
    )
    .bind(&text)
    .bind(&answered_by.id)
    .bind(status.as_str())
    .bind(error.as_deref())
    .bind(tokens_in as i64)
    .bind(tokens_out as i64)
    .bind(charged)
    .bind(assistant_message_id)
    .execute(state.db.pool())
    .await
    .map_err(|e| tracing::error!(error = %e, "saving an answer failed"));
    metrics::counter!("pulse_chat_answers_total", "status" => status.as_str()).increment(1);
    let done = StreamEvent::Done {
        status,
        error,
        tokens_in: tokens_in as i64,
        tokens_out: tokens_out as i64,
        plan_tokens: charged,
    };
    // Already settled; a slow reader still gets the end, one that stopped reading does not
    // hold the task for long.
    let _ = tokio::time::timeout(Duration::from_secs(10), events.send(Box::new(done.clone()))).await;
    done
}

/// Answers left `streaming` by a process that died: their reservations have lapsed; mark
/// them as errors so the page does not wait for them. `turn_secs`: the longest a live
/// answer may run (`CHAT_TURN_SECS`), so a live one is never touched.
pub async fn sweep_abandoned(db: &Db, now_ms: i64, turn_secs: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE messages SET status = 'error', error = 'chat-provider-failed' \
         WHERE status = 'streaming' AND created_at < $1",
    )
    .bind(now_ms - (turn_secs + TURN_RESERVATION_MARGIN_SECS) * 1000 - 60_000)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// The cost preview of answering about a PDF of the user's with `model`.
pub async fn pdf_cost(
    state: &AppState,
    user_id: i64,
    file_id: &str,
    model_id: &str,
) -> Result<crate::features::usage::CostPreview, AppError> {
    crate::platform::plan_features::require(&state.db, user_id, crate::features::plans::PlanFeature::PdfSummary)
        .await?;
    let model = state
        .ai
        .models()
        .into_iter()
        .find(|m| m.id == model_id)
        .ok_or_else(|| AppError::Validation("chat-model-unknown".into()))?;
    let (file, key) = crate::features::files::service::find_owned(state, user_id, file_id).await?;
    if !super::document::is_document(&file.content_type) {
        return Err(AppError::Validation("chat-attach-not-image".into()));
    }
    let bytes = state.storage.get_bytes(&key).await.map_err(|_| AppError::Unavailable)?;
    let text = super::document::document_text(bytes, &file.content_type).await?;
    let (min, max) = super::document::estimated_cost(&model, estimate_tokens(&text));
    let quote = work::Quote::range(UsageKind::Tokens, min as i64, max as i64, "pdf_summary");
    work::preview(&state.db, user_id, &quote).await
}
