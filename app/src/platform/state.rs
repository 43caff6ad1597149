//! What every request handler and server function can reach.

use super::{config::Config, db::Db, mail::Mailer, sms::SmsDriver, storage::Storage};
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub db: Db,
    pub mailer: Arc<Mailer>,
    pub sms: Arc<dyn SmsDriver>,
    pub rate_limiter: Arc<super::ratelimit::RateLimiter>,
    pub moderator: Arc<super::moderation::Moderator>,
    pub storage: Storage,
    /// The AI models and their providers (the offline demo until providers are configured).
    pub ai: super::ai::SharedGateway,
    /// The payment gateway's driver (the sandbox unless configured).
    pub payments: super::payments::SharedDriver,
    /// Durable jobs: the workers' wake-up and the live-status hub.
    pub jobs: Arc<super::jobs::Jobs>,
    /// New notifications, fanned out to their owners' event streams.
    pub notices: Arc<crate::features::notifications::service::Hub>,
    /// The chat answers streaming in this process, for the stop button.
    pub chat_stops: Arc<crate::features::chat::stops::Stops>,
}

impl AppState {
    /// Assembles the state from a configuration, a connected, migrated database and the
    /// object store.
    pub fn new(
        leptos_options: LeptosOptions,
        config: Config,
        db: Db,
        storage: Storage,
    ) -> Result<AppState, super::mail::MailError> {
        let demo_pace_ms = config.demo_pace_ms;
        // A gateway whose settings its driver rejects falls back to nothing that takes
        // money: `build_state` checks the driver first and refuses to start.
        let payments = super::payments::driver_from_config(&config).unwrap_or_else(|e| {
            tracing::error!(error = %e, "payment gateway settings rejected");
            Arc::new(super::payments::Unavailable)
        });
        let mailer = Mailer::new(config.smtp_url.as_deref(), config.mail_outbox.clone(), &config.mail_from)?;
        let sms: Arc<dyn SmsDriver> = match config.sms_driver {
            super::config::SmsDriverKind::Dev => Arc::new(super::sms::DevSms::default()),
            super::config::SmsDriverKind::None => Arc::new(super::sms::NoSms),
        };
        Ok(AppState {
            leptos_options,
            db,
            mailer: Arc::new(mailer),
            sms,
            rate_limiter: Arc::new(super::ratelimit::RateLimiter::memory()),
            moderator: Arc::new(super::moderation::Moderator::new(
                config.openai_api_key.as_deref(),
                &config.openai_base_url,
            )),
            ai: Arc::new(super::ai::DemoOnly {
                provider: pulse_providers::demo::DemoProvider { pace: std::time::Duration::from_millis(demo_pace_ms) },
                video: Some(Arc::new(crate::features::video::service::demo_provider(&config))),
            }),
            config: Arc::new(config),
            storage,
            payments,
            jobs: Arc::new(super::jobs::Jobs::default()),
            notices: Arc::default(),
            chat_stops: Arc::default(),
        })
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a server-rendered component.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    use_context::<AppState>().ok_or(crate::error::AppError::Internal)
}
