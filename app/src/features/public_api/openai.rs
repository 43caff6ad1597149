//! OpenAI-compatible endpoints: `GET /v1/models`, `POST /v1/chat/completions` (streamed
//! and not), `GET /v1/openapi.json`. A Bearer key, never a cookie (so no CSRF: the CSRF
//! check exempts `/v1/`); JSON in OpenAI's shapes; moderation and metering through the
//! same metered-work path as the app's chat, charged to the key owner's plan.
//!
//! Errors use OpenAI's envelope `{"error":{"message","type","code","param"}}` with the
//! statuses its clients map to their exception classes:
//!
//! | ours | status | type / code | openai-python raises |
//! |---|---|---|---|
//! | bad or revoked key | 401 | `invalid_request_error` / `invalid_api_key` | `AuthenticationError` |
//! | validation | 400 | `invalid_request_error` / the message key | `BadRequestError` |
//! | moderation | 400 | `invalid_request_error` / `content_policy_violation` | `BadRequestError` |
//! | unknown model | 404 | `invalid_request_error` / `model_not_found` | `NotFoundError` |
//! | plan used up | 429 | `insufficient_quota` / `insufficient_quota` | `RateLimitError` |
//! | rate limit | 429 (+`Retry-After`) | `rate_limit_error` / `rate_limit_exceeded` | `RateLimitError` |
//! | provider timeout | 504 | `server_error` / `timeout` | `InternalServerError` |
//! | provider down | 503 | `server_error` / `service_unavailable` | `InternalServerError` |
//! | ours | 500 | `server_error` / `internal_error` | `InternalServerError` |

use super::service::{self, ApiCaller};
use crate::error::AppError;
use crate::features::usage::UsageKind;
use crate::i18n::{message, negotiate_headers, Lang};
use crate::platform::ai::ModelInfo;
use crate::platform::work::{self, Quote, Screen};
use crate::platform::AppState;
use axum::extract::{FromRequestParts, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::StreamExt;
use pulse_providers::{estimate_tokens, ChatRequest, Event, FinishReason, Message, Part, ProviderError, Role};
use serde::Deserialize;
use serde_json::{json, Value};
use std::convert::Infallible;
use std::time::Duration;

/// The smallest answer worth starting, and the longest one request may reserve room for
/// (as in the app's chat).
const MIN_ANSWER_TOKENS: u64 = 32;
const MAX_ANSWER_TOKENS: u64 = 4_096;
/// The most text one request may send (characters, all messages together).
const MAX_REQUEST_CHARS: usize = 200_000;

pub fn routes(_: &AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/models", get(models))
        .route("/v1/chat/completions", post(chat_completions))
        .route("/v1/openapi.json", get(super::openapi::document))
}

/// An error in OpenAI's envelope.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    code: String,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    /// Maps the app's error (its message in the caller's language).
    pub fn from_app(e: AppError, lang: Lang) -> ApiError {
        let message = message(lang, e.message_key());
        let (status, kind, code) = match &e {
            AppError::Unauthorized => {
                (StatusCode::UNAUTHORIZED, "invalid_request_error", "invalid_api_key".to_string())
            }
            AppError::Forbidden => (StatusCode::FORBIDDEN, "invalid_request_error", "forbidden".into()),
            AppError::FeatureLocked { .. } => {
                (StatusCode::FORBIDDEN, "invalid_request_error", "plan_feature_locked".into())
            }
            AppError::Validation(key) => (StatusCode::BAD_REQUEST, "invalid_request_error", key.clone()),
            AppError::Blocked => (StatusCode::BAD_REQUEST, "invalid_request_error", "content_policy_violation".into()),
            AppError::NotFound => (StatusCode::NOT_FOUND, "invalid_request_error", "model_not_found".into()),
            AppError::Conflict(key) => (StatusCode::CONFLICT, "invalid_request_error", key.clone()),
            AppError::QuotaExceeded { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "insufficient_quota", "insufficient_quota".into())
            }
            AppError::RateLimited { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "rate_limit_error", "rate_limit_exceeded".into())
            }
            AppError::ProviderTimeout => (StatusCode::GATEWAY_TIMEOUT, "server_error", "timeout".into()),
            AppError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "server_error", "service_unavailable".into()),
            AppError::Internal | AppError::Network(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "server_error", "internal_error".into())
            }
        };
        let retry_after = match e {
            AppError::RateLimited { retry_after_secs } => Some(retry_after_secs),
            _ => None,
        };
        ApiError { status, kind, code, message, retry_after }
    }

    fn bad_request(code: &str, lang: Lang) -> ApiError {
        ApiError::from_app(AppError::Validation(code.into()), lang)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "message": self.message, "type": self.kind, "code": self.code, "param": null } });
        let mut res = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// The caller of a `/v1` request: a valid Bearer key, within the key's and the user's
/// rate limits.
pub struct Caller {
    pub caller: ApiCaller,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let lang = negotiate_headers(&parts.headers);
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| ApiError::from_app(AppError::Unauthorized, lang))?;
        let caller = service::authenticate(state, secret).await.map_err(|e| ApiError::from_app(e, lang))?;
        let cfg = &state.config;
        let window = cfg.rate_limit_window_secs * 1000;
        for (key, limit) in [
            (format!("apikey:{}", caller.key_id), cfg.api_key_rate_requests),
            // The account's API calls share a window of their own: heavy API use never
            // slows the same person's app.
            (format!("apiuser:{}", caller.user_id), cfg.api_key_rate_requests.max(cfg.rate_limit_requests)),
        ] {
            if let Err(limited) = state.rate_limiter.hit(&key, limit, window).await {
                metrics::counter!("rate_limited_total").increment(1);
                let e = AppError::RateLimited { retry_after_secs: limited.retry_after_secs };
                return Err(ApiError::from_app(e, lang));
            }
        }
        Ok(Caller { caller, lang })
    }
}

/// `GET /v1/models`: the catalogue's enabled models.
async fn models(State(state): State<AppState>, _caller: Caller) -> Json<Value> {
    let data: Vec<Value> = state
        .ai
        .models()
        .into_iter()
        .map(|m| json!({ "id": m.id, "object": "model", "created": 0, "owned_by": "pulse" }))
        .collect();
    Json(json!({ "object": "list", "data": data }))
}

#[derive(Debug, Deserialize)]
pub struct ChatCompletionRequest {
    pub model: String,
    pub messages: Vec<InMessage>,
    #[serde(default)]
    pub stream: bool,
    #[serde(default)]
    pub stream_options: Option<StreamOptions>,
    #[serde(default)]
    pub max_tokens: Option<u32>,
    #[serde(default)]
    pub max_completion_tokens: Option<u32>,
    #[serde(default)]
    pub temperature: Option<f32>,
    #[serde(default)]
    pub n: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub struct StreamOptions {
    #[serde(default)]
    pub include_usage: bool,
}

#[derive(Debug, Deserialize)]
pub struct InMessage {
    pub role: String,
    #[serde(default)]
    pub content: Value,
}

/// A request the metered path has accepted: its reservation, what goes to the provider.
struct Accepted {
    metered: work::Metered,
    model: ModelInfo,
    request: ChatRequest,
    prompt_tokens: u64,
    deadline: tokio::time::Instant,
    include_usage: bool,
    stream: bool,
}

/// The text of a message's `content` (a string, or OpenAI's parts), and its images
/// (`data:` URLs only: the API never fetches a URL for a caller).
fn parts_of(content: &Value, lang: Lang) -> Result<Vec<Part>, ApiError> {
    match content {
        Value::String(s) => Ok(vec![Part::Text(s.clone())]),
        Value::Null => Ok(vec![]),
        Value::Array(items) => {
            let mut parts = Vec::new();
            for item in items {
                match item.get("type").and_then(Value::as_str) {
                    Some("text") => {
                        parts.push(Part::Text(item.get("text").and_then(Value::as_str).unwrap_or_default().into()))
                    }
                    Some("image_url") => {
                        let url = item.pointer("/image_url/url").and_then(Value::as_str).unwrap_or_default();
                        let (mime, data) = url
                            .strip_prefix("data:")
                            .and_then(|rest| rest.split_once(";base64,"))
                            .ok_or_else(|| ApiError::bad_request("api-image-data-url", lang))?;
                        use base64::Engine;
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(data)
                            .map_err(|_| ApiError::bad_request("api-image-data-url", lang))?;
                        if !matches!(mime, "image/png" | "image/jpeg" | "image/webp" | "image/gif") {
                            return Err(ApiError::bad_request("api-image-data-url", lang));
                        }
                        parts.push(Part::Image { mime: mime.into(), data: bytes });
                    }
                    _ => return Err(ApiError::bad_request("api-content-invalid", lang)),
                }
            }
            Ok(parts)
        }
        _ => Err(ApiError::bad_request("api-content-invalid", lang)),
    }
}

/// Checks the request, then the metered path: moderation of what the caller wrote, then
/// the reservation (the prompt and the answer's room at the model's reserve weight).
async fn accept(state: &AppState, caller: &Caller, req: ChatCompletionRequest) -> Result<Accepted, ApiError> {
    let lang = caller.lang;
    let model = state
        .ai
        .models()
        .into_iter()
        .find(|m| m.id == req.model)
        .ok_or_else(|| ApiError::from_app(AppError::NotFound, lang))?;
    if req.n.is_some_and(|n| n != 1) {
        return Err(ApiError::bad_request("api-n-unsupported", lang));
    }
    let mut system: Vec<String> = Vec::new();
    let mut messages: Vec<Message> = Vec::new();
    let mut chars = 0usize;
    for m in &req.messages {
        let parts = parts_of(&m.content, lang)?;
        chars += parts.iter().map(|p| if let Part::Text(t) = p { t.chars().count() } else { 0 }).sum::<usize>();
        match m.role.as_str() {
            "system" | "developer" => system.extend(parts.into_iter().filter_map(|p| match p {
                Part::Text(t) => Some(t),
                _ => None,
            })),
            "user" => messages.push(Message { role: Role::User, parts }),
            "assistant" => messages.push(Message { role: Role::Assistant, parts }),
            _ => return Err(ApiError::bad_request("api-role-invalid", lang)),
        }
    }
    if chars > MAX_REQUEST_CHARS {
        return Err(ApiError::bad_request("chat-too-long", lang));
    }
    if messages.last().map(|m| m.role) != Some(Role::User) {
        return Err(ApiError::bad_request("api-last-not-user", lang));
    }
    // The plan's limit on one message (Creator's long prompts), as in the app's chat.
    let last = messages.last().map(Message::joined_text).unwrap_or_default();
    crate::platform::plan_features::check_prompt(&state.db, caller.caller.user_id, estimate_tokens(&last))
        .await
        .map_err(|e| ApiError::from_app(e, lang))?;
    let has_image = messages.iter().any(|m| m.parts.iter().any(|p| matches!(p, Part::Image { .. })));
    if has_image && !model.vision {
        return Err(ApiError::bad_request("chat-model-no-vision", lang));
    }
    let system = (!system.is_empty()).then(|| system.join("\n\n"));
    let prompt_tokens = system.as_deref().map(estimate_tokens).unwrap_or(0)
        + messages
            .iter()
            .map(|m| estimate_tokens(&m.joined_text()) + if m.parts.len() > 1 { 800 } else { 0 })
            .sum::<u64>();
    if prompt_tokens + MIN_ANSWER_TOKENS > u64::from(model.max_context) {
        return Err(ApiError::bad_request("chat-too-long", lang));
    }
    let asked = req.max_completion_tokens.or(req.max_tokens).map(u64::from).unwrap_or(MAX_ANSWER_TOKENS);
    let answer_cap = u64::from(model.max_output)
        .min(MAX_ANSWER_TOKENS)
        .min(asked.max(1))
        .min(u64::from(model.max_context) - prompt_tokens);

    // The caller wrote every message here (the "assistant" turns too), so all of it is
    // screened: the text together, each image with it.
    let screened = std::iter::once(system.clone().unwrap_or_default())
        .chain(messages.iter().map(Message::joined_text))
        .collect::<Vec<_>>()
        .join("\n");
    let images: Vec<crate::platform::moderation::ImageInput<'_>> = messages
        .iter()
        .flat_map(|m| m.parts.iter())
        .filter_map(|p| match p {
            Part::Image { mime, data } => {
                Some(crate::platform::moderation::ImageInput { mime: mime.as_str(), bytes: data.as_slice() })
            }
            _ => None,
        })
        .collect();
    for extra in images.iter().skip(1) {
        work::screen(state, caller.caller.user_id, Screen::text("api", &screened).with_image(Some(*extra)))
            .await
            .map_err(|e| ApiError::from_app(e, lang))?;
    }
    let image = images.first().copied();
    let prompt_reserve = prompt_tokens + prompt_tokens / 4 + 16;
    let priced = model.at_reserve_weight();
    let quote = Quote::range(
        UsageKind::Tokens,
        priced.plan_tokens(prompt_reserve + MIN_ANSWER_TOKENS.min(answer_cap)) as i64,
        priced.plan_tokens(prompt_reserve + answer_cap) as i64,
        "api",
    )
    .model(&model.id)
    .ttl_ms((state.config.chat_turn_secs + 60) * 1000);
    let metered =
        work::begin(state, caller.caller.user_id, &quote, Some(Screen::text("api", &screened).with_image(image)))
            .await
            .map_err(|e| ApiError::from_app(e, lang))?;
    let room = priced.provider_tokens_for(metered.amount() as u64).saturating_sub(prompt_reserve);
    let max_output = room.min(answer_cap).max(1) as u32;
    Ok(Accepted {
        metered,
        request: ChatRequest {
            model: String::new(),
            system,
            messages,
            max_output_tokens: max_output,
            temperature: req.temperature.map(|t| t.clamp(0.0, 2.0)),
        },
        model,
        prompt_tokens,
        deadline: tokio::time::Instant::now() + Duration::from_secs(state.config.chat_turn_secs as u64),
        include_usage: req.stream_options.is_some_and(|o| o.include_usage),
        stream: req.stream,
    })
}

/// `POST /v1/chat/completions`.
async fn chat_completions(
    State(state): State<AppState>,
    caller: Caller,
    body: Result<Json<ChatCompletionRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let Json(req) = body.map_err(|_| ApiError::bad_request("api-body-invalid", lang))?;
    let accepted = accept(&state, &caller, req).await?;
    let Accepted { metered, model, request, prompt_tokens, deadline, include_usage, stream } = accepted;
    // Opening counts against the deadline too (a chain of slow fallbacks).
    let opened = match tokio::time::timeout_at(deadline, state.ai.stream(&model.id, request)).await {
        Ok(opened) => opened,
        Err(_) => Err(ProviderError::Timeout),
    };
    let opened = match opened {
        Ok(opened) => opened,
        Err(e) => {
            tracing::warn!(error = %e, model = %model.id, "api: no model answered");
            if let Err(err) = metered.release().await {
                tracing::error!(error = %err, "api: releasing an unanswered request failed");
            }
            return Err(ApiError::from_app(
                match e {
                    ProviderError::Timeout => AppError::ProviderTimeout,
                    ProviderError::Rejected { .. } | ProviderError::Protocol(_) => AppError::Internal,
                    _ => AppError::Unavailable,
                },
                lang,
            ));
        }
    };
    let id = format!("chatcmpl-{}", uuid::Uuid::new_v4().simple());
    let created = crate::types::UnixMillis::now().0 / 1000;
    let run = Run { state: state.clone(), key_id: caller.caller.key_id, metered, prompt_tokens, deadline };
    if !stream {
        // On its own task: a caller that hangs up mid-answer drops this handler, not the
        // run, which still settles what was produced and counts it on the key.
        let end = tokio::spawn(run.go(opened, None)).await.map_err(|_| ApiError::from_app(AppError::Internal, lang))?;
        if end.text.is_empty() {
            if let Some(key) = end.error {
                return Err(ApiError::from_app(provider_failure(&key), lang));
            }
        }
        return Ok(Json(json!({
            "id": id,
            "object": "chat.completion",
            "created": created,
            "model": end.model,
            "choices": [{
                "index": 0,
                "message": { "role": "assistant", "content": end.text },
                "finish_reason": end.finish,
            }],
            "usage": usage_json(end.tokens_in, end.tokens_out),
        }))
        .into_response());
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(256);
    let answered = opened.0.id.clone();
    tokio::spawn(async move {
        let chunk = |delta: Value, finish: Option<&str>| {
            json!({
                "id": id, "object": "chat.completion.chunk", "created": created, "model": answered,
                "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }],
            })
            .to_string()
        };
        let (delta_tx, mut delta_rx) = tokio::sync::mpsc::channel::<String>(256);
        // The role first, as OpenAI does. A caller already gone: the run stops at once
        // (its deltas have no reader) and releases what it held.
        if tx.send(chunk(json!({ "role": "assistant", "content": "" }), None)).await.is_err() {
            drop(delta_rx);
            let _ = run.go(opened, Some(delta_tx)).await;
            return;
        }
        let forward = {
            let tx = tx.clone();
            async move {
                while let Some(text) = delta_rx.recv().await {
                    if tx.send(chunk(json!({ "content": text }), None)).await.is_err() {
                        break;
                    }
                }
            }
        };
        let (end, ()) = tokio::join!(run.go(opened, Some(delta_tx)), forward);
        let _ = tokio::time::timeout(Duration::from_secs(10), async {
            if let Some(key) = end.error.as_deref().filter(|k| *k != "chat-turn-deadline") {
                // A stream that broke says so, in OpenAI's error shape, before it ends.
                let e = ApiError::from_app(provider_failure(key), lang);
                let error = json!({ "error": { "message": e.message, "type": e.kind, "code": e.code, "param": null } });
                let _ = tx.send(error.to_string()).await;
            }
            let _ = tx.send(chunk(json!({}), Some(end.finish))).await;
            if include_usage {
                let usage = json!({
                    "id": id, "object": "chat.completion.chunk", "created": created, "model": end.model,
                    "choices": [], "usage": usage_json(end.tokens_in, end.tokens_out),
                });
                let _ = tx.send(usage.to_string()).await;
            }
            let _ = tx.send("[DONE]".to_string()).await;
        })
        .await;
    });
    let events = futures_util::stream::unfold(rx, |mut rx| async move {
        let data = rx.recv().await?;
        Some((Ok::<_, Infallible>(SseEvent::default().data(data)), rx))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response())
}

fn usage_json(tokens_in: u64, tokens_out: u64) -> Value {
    json!({ "prompt_tokens": tokens_in, "completion_tokens": tokens_out, "total_tokens": tokens_in + tokens_out })
}

fn provider_failure(key: &str) -> AppError {
    match key {
        "error-timeout" | "chat-turn-deadline" => AppError::ProviderTimeout,
        "chat-provider-busy" => AppError::Unavailable,
        _ => AppError::Internal,
    }
}

/// A request's answer being produced.
struct Run {
    state: AppState,
    key_id: i64,
    metered: work::Metered,
    prompt_tokens: u64,
    deadline: tokio::time::Instant,
}

/// How an answer ended.
struct End {
    text: String,
    model: String,
    finish: &'static str,
    error: Option<String>,
    tokens_in: u64,
    tokens_out: u64,
}

impl Run {
    /// Relays the provider's text to `deltas` (when streaming) until it ends, the caller
    /// goes away, or the deadline passes; then settles what was produced — the provider's
    /// count for a finished answer, our own count otherwise — and counts it on the key.
    async fn go(
        self,
        (answered_by, mut stream): (ModelInfo, pulse_providers::EventStream),
        deltas: Option<tokio::sync::mpsc::Sender<String>>,
    ) -> End {
        let mut text = String::new();
        let mut usage: Option<pulse_providers::Usage> = None;
        let mut cut_at_length = false;
        let deadline = self.deadline;
        let (finish, error, complete): (&'static str, Option<String>, bool) = loop {
            let next = tokio::select! {
                next = stream.next() => next,
                _ = tokio::time::sleep_until(deadline) => break ("length", Some("chat-turn-deadline".into()), false),
                _ = async { match &deltas { Some(d) => d.closed().await, None => std::future::pending().await } } => {
                    break ("stop", None, false)
                }
            };
            match next {
                Some(Ok(Event::Text(t))) => {
                    text.push_str(&t);
                    if let Some(d) = &deltas {
                        match tokio::time::timeout_at(deadline, d.send(t)).await {
                            Ok(Ok(())) => {}
                            Ok(Err(_)) => break ("stop", None, false),
                            Err(_) => break ("length", Some("chat-turn-deadline".into()), false),
                        }
                    }
                }
                Some(Ok(Event::Usage(u))) => usage = Some(u),
                Some(Ok(Event::Finished(reason))) => {
                    if reason == FinishReason::ContentFilter {
                        while let Some(Ok(Event::Usage(u))) = stream.next().await {
                            usage = Some(u);
                        }
                        break ("content_filter", Some("chat-provider-filtered".into()), true);
                    }
                    if reason == FinishReason::Length {
                        // Keep reading: the usage may follow.
                        cut_at_length = true;
                        continue;
                    }
                }
                Some(Err(e)) => {
                    tracing::warn!(error = %e, model = %answered_by.id, "api: provider stream failed");
                    let key = match e {
                        ProviderError::Timeout => "error-timeout",
                        ProviderError::RateLimited { .. }
                        | ProviderError::Unavailable { .. }
                        | ProviderError::Network(_) => "chat-provider-busy",
                        _ => "chat-provider-failed",
                    };
                    break ("stop", Some(key.into()), false);
                }
                None => break (if cut_at_length { "length" } else { "stop" }, None, true),
            }
        };
        drop(stream);
        let (tokens_in, tokens_out) = match usage {
            Some(u) if complete && (!text.is_empty() || u.output_tokens > 0) => (u.input_tokens, u.output_tokens),
            _ if text.is_empty() => (0, 0),
            _ => (usage.map(|u| u.input_tokens).unwrap_or(self.prompt_tokens), estimate_tokens(&text)),
        };
        let plan = if tokens_in + tokens_out == 0 { 0 } else { answered_by.plan_tokens(tokens_in + tokens_out) };
        let charged = match self.metered.settle(plan as i64).await {
            Ok(s) => s.amount,
            Err(e) => {
                tracing::error!(error = %e, "api: settling failed");
                plan as i64
            }
        };
        service::record_use(&self.state, self.key_id, charged).await;
        metrics::counter!("pulse_api_answers_total", "finish" => finish).increment(1);
        End { text, model: answered_by.id, finish, error, tokens_in, tokens_out }
    }
}
