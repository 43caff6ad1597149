//! One metered text generation from a prompt (a tool's "AI help": a CV summary, a
//! slide outline): moderation of the prompt, a token reservation at the model's reserve
//! weight, the provider's stream relayed to the caller, then settled by what was used —
//! the provider's count for a finished answer, our own estimate for a cut one.

use super::{begin, Quote, Screen};
use crate::error::AppError;
use crate::features::usage::UsageKind;
use crate::platform::ai::ModelInfo;
use crate::platform::AppState;
use futures_util::StreamExt;
use pulse_providers::{estimate_tokens, ChatRequest, Event, FinishReason, Message, ProviderError, Role};
use std::time::Duration;
use tokio::sync::mpsc;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Generate {
    /// The usage history's feature: cv, slides …
    pub feature: &'static str,
    /// A model id the user picked, or the default model.
    pub model: Option<String>,
    pub system: String,
    pub prompt: String,
    /// The answer's room in provider tokens (capped by the model's own limit).
    pub max_output: u32,
    /// A draft the service made offline: sent only to the demo model, which answers with
    /// it (`pulse_providers::demo::DRAFT_MARKER`), so the tool works with no keys.
    pub demo_draft: Option<String>,
}

/// What was generated and charged.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    pub text: String,
    /// Plan tokens charged.
    pub charged: i64,
    /// The model that answered (a fallback may answer for the one asked).
    pub model: String,
}

impl Generate {
    fn model_info(&self, state: &AppState) -> Result<ModelInfo, AppError> {
        let models = state.ai.models();
        match &self.model {
            Some(id) => {
                models.into_iter().find(|m| &m.id == id).ok_or(AppError::Validation("chat-model-unknown".into()))
            }
            None => models.into_iter().next().ok_or(AppError::Unavailable),
        }
    }

    fn prompt_tokens(&self) -> u64 {
        estimate_tokens(&self.system) + estimate_tokens(&self.prompt) + 16
    }

    /// The prompt as `model` receives it: with the offline draft for the demo model only.
    fn prompt_for(&self, model: &ModelInfo) -> String {
        match &self.demo_draft {
            Some(draft) if model.id.starts_with("demo:") => {
                format!("{}{}{draft}", self.prompt, pulse_providers::demo::DRAFT_MARKER)
            }
            _ => self.prompt.clone(),
        }
    }

    /// The reservation this generation makes: what the cost preview shows.
    pub fn quote(&self, state: &AppState) -> Result<Quote, AppError> {
        let model = self.model_info(state)?;
        let priced = model.at_reserve_weight();
        let prompt = self.prompt_tokens();
        let answer = u64::from(self.max_output.min(model.max_output).max(1));
        if prompt + answer > u64::from(model.max_context) {
            return Err(AppError::Validation("chat-too-long".into()));
        }
        Ok(Quote::range(
            UsageKind::Tokens,
            priced.plan_tokens(prompt + answer.min(64)) as i64,
            priced.plan_tokens(prompt + answer) as i64,
            self.feature,
        )
        .model(&model.id)
        .ttl_ms((state.config.chat_turn_secs + 60) * 1000))
    }
}

/// Runs the generation, sending each piece of text to `deltas` as it arrives (when
/// given). A refusal or a provider that fails before any text charges nothing; a stream
/// cut midway charges what was produced and answers the error.
pub async fn generate(
    state: &AppState,
    user_id: i64,
    job: Generate,
    deltas: Option<mpsc::Sender<String>>,
) -> Result<Generated, AppError> {
    let model = job.model_info(state)?;
    let quote = job.quote(state)?;
    let metered = begin(state, user_id, &quote, Some(Screen::text(job.feature, &job.prompt))).await?;
    let priced = model.at_reserve_weight();
    let prompt_tokens = job.prompt_tokens();
    let room = priced.provider_tokens_for(metered.amount() as u64).saturating_sub(prompt_tokens);
    let request = ChatRequest {
        model: String::new(),
        system: Some(job.system.clone()),
        messages: vec![Message::text(Role::User, job.prompt_for(&model))],
        max_output_tokens: room.min(u64::from(job.max_output)).max(1) as u32,
        temperature: Some(0.4),
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(state.config.chat_turn_secs as u64);
    let opened = match tokio::time::timeout_at(deadline, state.ai.stream(&model.id, request)).await {
        Ok(Ok(opened)) => opened,
        Ok(Err(e)) => {
            let _ = metered.release().await;
            return Err(provider_error(&e));
        }
        Err(_) => {
            let _ = metered.release().await;
            return Err(AppError::ProviderTimeout);
        }
    };
    let (answered_by, mut stream) = opened;
    let mut text = String::new();
    let mut usage = None;
    let (complete, error) = loop {
        let next = tokio::select! {
            next = stream.next() => next,
            _ = tokio::time::sleep_until(deadline) => break (false, Some(AppError::ProviderTimeout)),
        };
        match next {
            Some(Ok(Event::Text(t))) => {
                text.push_str(&t);
                if let Some(d) = &deltas {
                    if d.send(t).await.is_err() {
                        break (false, None); // the reader went away: stop, charge what was made
                    }
                }
            }
            Some(Ok(Event::Usage(u))) => usage = Some(u),
            Some(Ok(Event::Finished(FinishReason::ContentFilter))) => {
                break (false, Some(AppError::Validation("chat-provider-filtered".into())))
            }
            Some(Ok(Event::Finished(_))) => {}
            Some(Err(e)) => break (false, Some(provider_error(&e))),
            None => break (true, None),
        }
    };
    drop(stream);
    let (tokens_in, tokens_out) = match usage {
        Some(u) if complete && (!text.is_empty() || u.output_tokens > 0) => (u.input_tokens, u.output_tokens),
        _ if text.is_empty() => (0, 0),
        _ => (usage.map(|u| u.input_tokens).unwrap_or(prompt_tokens), estimate_tokens(&text)),
    };
    let plan = if tokens_in + tokens_out == 0 { 0 } else { answered_by.plan_tokens(tokens_in + tokens_out) as i64 };
    let charged = metered.settle(plan).await?.amount;
    metrics::counter!("pulse_generations_total", "feature" => job.feature).increment(1);
    match error {
        Some(e) => Err(e),
        None => Ok(Generated { text, charged, model: answered_by.id }),
    }
}

fn provider_error(e: &ProviderError) -> AppError {
    tracing::warn!(error = %e, "generation: provider failed");
    match e {
        ProviderError::Timeout => AppError::ProviderTimeout,
        ProviderError::RateLimited { .. } | ProviderError::Unavailable { .. } | ProviderError::Network(_) => {
            AppError::Validation("chat-provider-busy".into())
        }
        _ => AppError::Validation("chat-provider-failed".into()),
    }
}
