//! The payment gateway the configuration names (`PAYMENTS_PROVIDER`), as a driver.

use super::config::{Config, PaymentSettings};
use pulse_payments::PaymentDriver;
use std::sync::Arc;

pub type SharedDriver = Arc<dyn PaymentDriver>;

/// The sandbox's signing secret: derived from the session secret, never configured.
pub fn sandbox_secret(config: &Config) -> String {
    format!("sandbox-notices:{}", config.jwt_secret)
}

/// The gateway's origin, for the CSP's `form-action` (its pages are where our forms and
/// redirects send the browser).
pub fn gateway_origin(config: &Config) -> Option<String> {
    let host = match &config.payments {
        PaymentSettings::Sandbox => return None,
        PaymentSettings::HyperPay { host, .. }
        | PaymentSettings::PayTabs { host, .. }
        | PaymentSettings::ZainCash { host, .. } => host,
    };
    let rest = host.split_once("://").map(|(s, r)| (s, r.split('/').next().unwrap_or(r)));
    rest.map(|(scheme, authority)| format!("{scheme}://{authority}"))
}

/// Builds the configured driver; a gateway whose settings it rejects stops the start.
pub fn driver_from_config(config: &Config) -> Result<SharedDriver, pulse_payments::ConfigError> {
    let base = config.public_url.trim_end_matches('/');
    Ok(match &config.payments {
        PaymentSettings::Sandbox => {
            Arc::new(pulse_payments::sandbox::Sandbox::new(format!("{base}/pay/sandbox"), &sandbox_secret(config)))
        }
        PaymentSettings::HyperPay { host, access_token, entity_id, webhook_key } => {
            Arc::new(pulse_payments::hyperpay::HyperPay::new(pulse_payments::hyperpay::HyperPayConfig {
                host: host.clone(),
                access_token: access_token.clone(),
                entity_id: entity_id.clone(),
                webhook_key_hex: webhook_key.clone(),
                ..Default::default()
            })?)
        }
        PaymentSettings::PayTabs { host, profile_id, server_key } => {
            Arc::new(pulse_payments::paytabs::PayTabs::new(pulse_payments::paytabs::PayTabsConfig {
                host: host.clone(),
                profile_id: profile_id.clone(),
                server_key: server_key.clone(),
                ..Default::default()
            })?)
        }
        // Orders are in JOD: the driver converts them to IQD at `ZAINCASH_IQD_PER_JOD`
        // (required by the configuration; an unreadable rate stops the start here too).
        PaymentSettings::ZainCash { host, merchant_id, secret, msisdn, iqd_per_jod } => {
            Arc::new(pulse_payments::zaincash::ZainCash::new(pulse_payments::zaincash::ZainCashConfig {
                host: host.clone(),
                merchant_id: merchant_id.clone(),
                secret: secret.clone(),
                msisdn: msisdn.clone(),
                iqd_per_jod: Some(iqd_per_jod.clone()).filter(|r| !r.trim().is_empty()),
                ..Default::default()
            })?)
        }
    })
}

/// Stands in for a gateway whose settings were rejected (the server does not start with
/// it; tests and tools that build a state directly get refusals, never free plans).
#[derive(Debug)]
pub struct Unavailable;

impl PaymentDriver for Unavailable {
    fn name(&self) -> &'static str {
        "unavailable"
    }
    fn create_checkout(
        &self,
        _: pulse_payments::CheckoutRequest,
    ) -> futures_util::future::BoxFuture<'_, Result<pulse_payments::Checkout, pulse_payments::PaymentError>> {
        Box::pin(async { Err(pulse_payments::PaymentError::Network("no payment gateway".into())) })
    }
    fn status(
        &self,
        _: &str,
    ) -> futures_util::future::BoxFuture<'_, Result<pulse_payments::Verified, pulse_payments::PaymentError>> {
        Box::pin(async { Err(pulse_payments::PaymentError::Network("no payment gateway".into())) })
    }
    fn verify_notification(
        &self,
        _: &pulse_payments::Incoming,
    ) -> Result<pulse_payments::Verified, pulse_payments::PaymentError> {
        Err(pulse_payments::PaymentError::BadSignature)
    }
    fn verify_return(&self, _: &pulse_payments::Incoming) -> Result<String, pulse_payments::PaymentError> {
        Err(pulse_payments::PaymentError::BadSignature)
    }
}
