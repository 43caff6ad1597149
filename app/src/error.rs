//! The one error type of the app layer. It travels from server functions to the browser
//! as JSON, is mapped once to an HTTP status, and once to a translated message key.

use serde::{Deserialize, Serialize};
use server_fn_error::*;

mod server_fn_error {
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Bad input; carries the message key that says what is wrong.
    #[error("invalid input: {0}")]
    Validation(String),
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// The user's plan does not include `feature`; `upgrade_url` offers a plan that does.
    #[error("plan feature {feature:?} not included")]
    FeatureLocked { feature: crate::features::plans::PlanFeature, upgrade_url: String },
    #[error("not found")]
    NotFound,
    /// Someone changed it first (a stale tab, another device); carries the message key.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The plan's quota for `kind` is used up; `upgrade_url` offers add-ons and plans.
    #[error("quota exceeded for {kind}: {used}/{limit}")]
    QuotaExceeded { kind: String, limit: i64, used: i64, upgrade_url: String },
    /// Moderation refused the request (nothing was charged).
    #[error("blocked by moderation")]
    Blocked,
    #[error("rate limited, retry after {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    #[error("provider timed out")]
    ProviderTimeout,
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// The request never reached the server or the answer could not be read.
    #[error("network: {0}")]
    Network(String),
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation(_) => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::FeatureLocked { .. } => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::QuotaExceeded { .. } => 402,
            AppError::Blocked => 422,
            AppError::RateLimited { .. } => 429,
            AppError::ProviderTimeout => 504,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Network(_) => 502,
        }
    }

    /// The Fluent key of the message a user sees.
    pub fn message_key(&self) -> &str {
        match self {
            AppError::Validation(key) => key,
            AppError::Unauthorized => "error-unauthorized",
            AppError::Forbidden => "error-forbidden",
            AppError::FeatureLocked { .. } => "error-feature-locked",
            AppError::NotFound => "error-not-found",
            AppError::Conflict(key) => key,
            AppError::QuotaExceeded { .. } => "error-quota",
            AppError::Blocked => "error-blocked",
            AppError::RateLimited { .. } => "error-rate-limited",
            AppError::ProviderTimeout => "error-timeout",
            AppError::Unavailable => "error-unavailable",
            AppError::Internal => "error-internal",
            AppError::Network(_) => "error-network",
        }
    }

    /// Sets the response status (and `Retry-After` on 429) of the current server
    /// function or page (server only).
    pub fn into_response_status(self) -> Self {
        #[cfg(feature = "ssr")]
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(code) = http::StatusCode::from_u16(self.status()) {
                res.set_status(code);
            }
            if let Some(v) = self.retry_after() {
                res.insert_header(http::header::RETRY_AFTER, v);
            }
        }
        self
    }

    #[cfg(feature = "ssr")]
    fn retry_after(&self) -> Option<http::HeaderValue> {
        match self {
            AppError::RateLimited { retry_after_secs } => {
                http::HeaderValue::from_str(&retry_after_secs.to_string()).ok()
            }
            _ => None,
        }
    }
}

/// Plain routes answer an error the way server functions do: its status, the JSON of
/// the error (which the browser turns into the translated message), `Retry-After` on 429.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.retry_after();
        let mut res = (status, axum::Json(&self)).into_response();
        if let Some(v) = retry_after {
            res.headers_mut().insert(http::header::RETRY_AFTER, v);
        }
        res
    }
}

/// Where a user buys add-ons or a bigger plan.
pub const UPGRADE_URL: &str = "/app/account#plans";

#[cfg(feature = "ssr")]
impl From<crate::platform::metering::ledger::LedgerError> for AppError {
    fn from(e: crate::platform::metering::ledger::LedgerError) -> Self {
        use crate::platform::metering::ledger::LedgerError;
        match e {
            LedgerError::Quota { kind, limit, used } => {
                AppError::QuotaExceeded { kind: kind.as_str().into(), limit, used, upgrade_url: UPGRADE_URL.into() }
            }
            LedgerError::InvalidAmount => AppError::Validation("error-validation".into()),
            LedgerError::NotFound => AppError::NotFound,
            LedgerError::Db(err) => {
                tracing::error!(error = %err, "ledger");
                AppError::Internal
            }
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = crate::web::JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Network(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{has_message, Lang};

    #[test]
    fn every_error_has_a_status_and_a_message_in_both_languages() {
        let all = [
            AppError::Validation("error-validation".into()),
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::QuotaExceeded { kind: "tokens".into(), limit: 1, used: 1, upgrade_url: UPGRADE_URL.into() },
            AppError::Blocked,
            AppError::RateLimited { retry_after_secs: 3 },
            AppError::ProviderTimeout,
            AppError::Unavailable,
            AppError::Internal,
            AppError::Network("x".into()),
        ];
        for e in all {
            assert!((400..600).contains(&e.status()));
            for lang in Lang::ALL {
                assert!(has_message(lang, e.message_key()), "{lang:?} misses {}", e.message_key());
            }
        }
        let quota =
            AppError::QuotaExceeded { kind: "images".into(), limit: 10, used: 10, upgrade_url: UPGRADE_URL.into() };
        assert_eq!(quota.status(), 402);
    }
}
