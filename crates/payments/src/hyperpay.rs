//! HyperPay COPYandPAY (the OPPWA / ACI platform).
//!
//! Flow: [`create_checkout`](PaymentDriver::create_checkout) prepares a checkout
//! (`POST /v1/checkouts`, form-encoded, Bearer token, `entityId` as a parameter) and
//! answers [`Checkout::Widget`]: the app shows a page with the widget script, the shopper
//! pays inside it, and the widget sends the browser to the form's action (`return_url`)
//! with `?id={checkoutId}&resourcePath=/v1/checkouts/{checkoutId}/payment`.
//! [`verify_return`](PaymentDriver::verify_return) reads that id, and
//! [`status`](PaymentDriver::status) asks `GET /v1/checkouts/{id}/payment?entityId=…`.
//! The server notification is an AES-256-GCM encrypted webhook (key from the merchant
//! portal), decrypted and authenticated by
//! [`verify_notification`](PaymentDriver::verify_notification).
//!
//! Outcomes are decided by the documented result-code patterns ([`classify`]); a declined
//! payment comes back as HTTP 400 with a result code, which is an answer, not an error.

use crate::amount::{format_fils, parse_json_fils};
use crate::net::{self, is_safe_id, refused, str_field, Reply};
use crate::{Checkout, CheckoutRequest, ConfigError, Incoming, PaymentDriver, PaymentError, PaymentStatus, Verified};
use aes_gcm::aead::consts::U16;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::aes::Aes256;
use aes_gcm::{Aes256Gcm, AesGcm};
use futures_util::future::BoxFuture;
use regex::Regex;
use std::sync::LazyLock;
use std::time::Duration;

pub const TEST_HOST: &str = "https://eu-test.oppwa.com";
pub const LIVE_HOST: &str = "https://eu-prod.oppwa.com";

/// The webhook headers.
pub const IV_HEADER: &str = "x-initialization-vector";
pub const TAG_HEADER: &str = "x-authentication-tag";

/// What the app configures (from `HYPERPAY_*`).
#[derive(Clone)]
pub struct HyperPayConfig {
    /// [`TEST_HOST`] or [`LIVE_HOST`] (no trailing slash needed).
    pub host: String,
    /// The portal's access token, sent as `Authorization: Bearer …`.
    pub access_token: String,
    pub entity_id: String,
    /// The webhook secret from the portal (Administration → Webhooks): 64 hex characters
    /// (32 bytes). Empty: no webhooks configured, every notification is refused.
    pub webhook_key_hex: String,
    /// The widget's `data-brands`, e.g. `VISA MASTER`.
    pub brands: String,
    /// Extra form parameters sent with every checkout, when an entity needs them (e.g.
    /// `testMode=EXTERNAL` on some test entities, or fixed `billing.*` fields).
    pub extra_params: Vec<(String, String)>,
    /// Each call to HyperPay, start to end.
    pub timeout: Duration,
}

impl Default for HyperPayConfig {
    fn default() -> HyperPayConfig {
        HyperPayConfig {
            host: TEST_HOST.into(),
            access_token: String::new(),
            entity_id: String::new(),
            webhook_key_hex: String::new(),
            brands: "VISA MASTER".into(),
            extra_params: Vec::new(),
            timeout: net::DEFAULT_TIMEOUT,
        }
    }
}

impl std::fmt::Debug for HyperPayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HyperPayConfig")
            .field("host", &self.host)
            .field("entity_id", &self.entity_id)
            .field("brands", &self.brands)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct HyperPay {
    host: String,
    entity_id: String,
    brands: String,
    extra_params: Vec<(String, String)>,
    access_token: String,
    webhook_key: Option<[u8; 32]>,
    client: reqwest::Client,
}

impl std::fmt::Debug for HyperPay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HyperPay")
            .field("host", &self.host)
            .field("entity_id", &self.entity_id)
            .field("webhooks", &self.webhook_key.is_some())
            .finish_non_exhaustive()
    }
}

/// What a result code means, by the documented patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultClass {
    /// `^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)`
    Success,
    /// Processed successfully, but the gateway advises a manual review
    /// (`^(000\.400\.0[^3]|000\.400\.100)`): the money is taken, so it counts as paid.
    SuccessNeedsReview,
    /// `^(000\.200)` (open session), `^(800\.400\.5|100\.400\.500)` (can change after
    /// days), and `900.100.300` ("timeout, uncertain result").
    Pending,
    /// Everything else: declines, 3-D Secure failures, risk, validation, system errors.
    Rejected,
}

static SUCCESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)").expect("valid"));
static REVIEW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(000\.400\.0[^3]|000\.400\.100)").expect("valid"));
static PENDING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(000\.200|800\.400\.5|100\.400\.500|900\.100\.300)").expect("valid"));

/// The class of a `result.code`.
pub fn classify(code: &str) -> ResultClass {
    if SUCCESS.is_match(code) {
        ResultClass::Success
    } else if REVIEW.is_match(code) {
        ResultClass::SuccessNeedsReview
    } else if PENDING.is_match(code) {
        ResultClass::Pending
    } else {
        ResultClass::Rejected
    }
}

/// Encrypts a webhook body as HyperPay does: `(hex body, hex IV, hex tag)`. For tests and
/// fake gateways.
pub fn seal_webhook(key_hex: &str, iv: &[u8], plaintext: &[u8]) -> Result<(String, String, String), ConfigError> {
    let key = webhook_key(key_hex)?.ok_or_else(|| ConfigError("no webhook key".into()))?;
    let sealed = match iv.len() {
        12 => Aes256Gcm::new(&key.into()).encrypt(iv.into(), plaintext),
        16 => AesGcm::<Aes256, U16>::new(&key.into()).encrypt(iv.into(), plaintext),
        n => return Err(ConfigError(format!("the IV must be 12 or 16 bytes, not {n}"))),
    }
    .map_err(|_| ConfigError("encryption failed".into()))?;
    let (ciphertext, tag) = sealed.split_at(sealed.len() - 16);
    Ok((hex::encode(ciphertext), hex::encode(iv), hex::encode(tag)))
}

fn webhook_key(key_hex: &str) -> Result<Option<[u8; 32]>, ConfigError> {
    let key_hex = key_hex.trim();
    if key_hex.is_empty() {
        return Ok(None);
    }
    let bytes = hex::decode(key_hex)
        .map_err(|_| ConfigError("HYPERPAY_WEBHOOK_KEY must be the portal's 64 hex characters".into()))?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| ConfigError("HYPERPAY_WEBHOOK_KEY must be the portal's 64 hex characters (32 bytes)".into()))?;
    Ok(Some(key))
}

impl HyperPay {
    /// Checks the configuration (host, token, entity, webhook key) and builds the client.
    pub fn new(config: HyperPayConfig) -> Result<HyperPay, ConfigError> {
        let host = config.host.trim().trim_end_matches('/').to_string();
        if !(host.starts_with("https://") || host.starts_with("http://")) {
            return Err(ConfigError(format!("HYPERPAY_HOST must be an http(s) URL, not `{host}`")));
        }
        if config.access_token.trim().is_empty() {
            return Err(ConfigError("HYPERPAY_ACCESS_TOKEN is empty".into()));
        }
        if config.entity_id.trim().is_empty() {
            return Err(ConfigError("HYPERPAY_ENTITY_ID is empty".into()));
        }
        Ok(HyperPay {
            host,
            entity_id: config.entity_id.trim().to_string(),
            brands: config.brands.trim().to_string(),
            extra_params: config.extra_params,
            access_token: config.access_token.trim().to_string(),
            webhook_key: webhook_key(&config.webhook_key_hex)?,
            client: net::client(config.timeout),
        })
    }

    /// Decrypts and authenticates a webhook: the body is the hex ciphertext (or JSON
    /// `{"encryptedBody": "<hex>"}`), the IV and the GCM tag are hex headers. Any failure
    /// to authenticate (missing or malformed header or body, wrong key, IV or tag, a
    /// changed byte) is [`PaymentError::BadSignature`]. Returns the plaintext JSON
    /// (`{"type": …, "payload": {…}}`).
    pub fn decrypt_webhook(&self, incoming: &Incoming) -> Result<serde_json::Value, PaymentError> {
        let key = self.webhook_key.ok_or(PaymentError::BadSignature)?;
        let hex_header = |name| net::header(incoming, name).and_then(|v| hex::decode(v).ok());
        let iv = hex_header(IV_HEADER).ok_or(PaymentError::BadSignature)?;
        let tag = hex_header(TAG_HEADER).ok_or(PaymentError::BadSignature)?;
        if tag.len() != 16 {
            return Err(PaymentError::BadSignature);
        }
        let body = std::str::from_utf8(&incoming.body).map_err(|_| PaymentError::BadSignature)?.trim();
        let body_hex = if body.starts_with('{') {
            let wrapped: serde_json::Value = serde_json::from_str(body).map_err(|_| PaymentError::BadSignature)?;
            str_field(&wrapped, "encryptedBody").to_string()
        } else {
            body.to_string()
        };
        let mut sealed = hex::decode(body_hex.trim()).map_err(|_| PaymentError::BadSignature)?;
        sealed.extend_from_slice(&tag);
        let plaintext = match iv.len() {
            12 => Aes256Gcm::new(&key.into()).decrypt(iv.as_slice().into(), sealed.as_slice()),
            16 => AesGcm::<Aes256, U16>::new(&key.into()).decrypt(iv.as_slice().into(), sealed.as_slice()),
            _ => return Err(PaymentError::BadSignature),
        }
        .map_err(|_| PaymentError::BadSignature)?;
        serde_json::from_slice(&plaintext).map_err(|e| PaymentError::BadPayload(format!("webhook JSON: {e}")))
    }

    fn bearer(&self) -> Result<reqwest::header::HeaderValue, PaymentError> {
        net::secret_header(&format!("Bearer {}", self.access_token))
    }

    /// A payment (status answer or webhook payload) → [`Verified`]. `provider_ref` is what
    /// the app should keep (the checkout id for a status answer, the payment id for a
    /// webhook); the event id is always the payment id (or the checkout id before there is
    /// one) and the result code, so the same fact told twice has the same id.
    fn verified(payment: &serde_json::Value, provider_ref: Option<&str>) -> Result<Verified, PaymentError> {
        let code = payment.get("result").map(|r| str_field(r, "code")).unwrap_or("");
        if code.is_empty() {
            return Err(PaymentError::BadPayload("no result.code".into()));
        }
        let description = payment.get("result").map(|r| str_field(r, "description")).unwrap_or("");
        let payment_id = str_field(payment, "id");
        let provider_ref = provider_ref.unwrap_or(payment_id);
        if provider_ref.is_empty() {
            return Err(PaymentError::BadPayload("no payment id".into()));
        }
        let payment_type = str_field(payment, "paymentType");
        if !payment_type.is_empty() && payment_type != "DB" {
            return Err(PaymentError::Ignored(format!("a {payment_type} transaction, not a debit")));
        }
        let status = match classify(code) {
            ResultClass::Success | ResultClass::SuccessNeedsReview => PaymentStatus::Paid,
            ResultClass::Pending => PaymentStatus::Pending,
            ResultClass::Rejected => PaymentStatus::Declined {
                reason: if description.is_empty() { code.to_string() } else { format!("{description} ({code})") },
            },
        };
        let amount_fils = match payment.get("amount") {
            None | Some(serde_json::Value::Null) => None,
            Some(a) => Some(parse_json_fils(a).map_err(|e| PaymentError::BadPayload(e.to_string()))?),
        };
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let event_ref = if payment_id.is_empty() { provider_ref } else { payment_id };
        Ok(Verified {
            event_id: format!("{event_ref}:{code}"),
            provider_ref: provider_ref.to_string(),
            order_ref: non_empty(str_field(payment, "merchantTransactionId")),
            status,
            amount_fils,
            currency: non_empty(str_field(payment, "currency")),
        })
    }

    /// The gateway's own words for a failed call.
    fn gateway_error(&self, reply: &Reply) -> PaymentError {
        let message = serde_json::from_slice::<serde_json::Value>(&reply.body)
            .ok()
            .and_then(|v| {
                let r = v.get("result")?;
                Some(format!("{} ({})", str_field(r, "description"), str_field(r, "code")))
            })
            .unwrap_or_else(|| reply.text());
        PaymentError::Gateway { status: reply.status, message: net::redact(&message, &self.access_token) }
    }
}

fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    match name.split_once(char::is_whitespace) {
        Some((given, surname)) => (given.to_string(), surname.trim().to_string()),
        None => (name.to_string(), String::new()),
    }
}

impl PaymentDriver for HyperPay {
    fn name(&self) -> &'static str {
        "hyperpay"
    }

    fn create_checkout(&self, req: CheckoutRequest) -> BoxFuture<'_, Result<Checkout, PaymentError>> {
        Box::pin(async move {
            // Two decimals, even for JOD (three minor units): refuse rather than round.
            let amount = format_fils(req.amount_fils, 2).map_err(|e| refused(format!("HyperPay amount: {e}")))?;
            if req.amount_fils == 0 {
                return Err(refused("HyperPay amount: zero"));
            }
            let mut form: Vec<(String, String)> = vec![
                ("entityId".into(), self.entity_id.clone()),
                ("amount".into(), amount),
                ("currency".into(), req.currency.to_ascii_uppercase()),
                ("paymentType".into(), "DB".into()),
                ("merchantTransactionId".into(), req.order_ref.clone()),
                ("integrity".into(), "true".into()),
            ];
            if !req.customer_email.is_empty() {
                form.push(("customer.email".into(), req.customer_email.clone()));
            }
            if let Some(name) = req.customer_name.as_deref().filter(|n| !n.trim().is_empty()) {
                let (given, surname) = split_name(name);
                form.push(("customer.givenName".into(), given));
                if !surname.is_empty() {
                    form.push(("customer.surname".into(), surname));
                }
            }
            form.extend(self.extra_params.iter().cloned());
            let request = self
                .client
                .post(format!("{}/v1/checkouts", self.host))
                .header("authorization", self.bearer()?)
                .form(&form);
            let reply = net::send(request, &self.access_token).await?;
            if !(200..300).contains(&reply.status) {
                return Err(self.gateway_error(&reply));
            }
            let v = reply.json()?;
            let id = str_field(&v, "id");
            if !is_safe_id(id) {
                return Err(self.gateway_error(&reply));
            }
            Ok(Checkout::Widget {
                script_url: format!("{}/v1/paymentWidgets.js?checkoutId={id}", self.host),
                checkout_id: id.to_string(),
                brands: self.brands.clone(),
                provider_ref: id.to_string(),
                integrity: v.get("integrity").and_then(|i| i.as_str()).map(str::to_string),
            })
        })
    }

    /// `provider_ref` is the checkout id. A declined payment is answered with HTTP 400 and
    /// a result code: that is a `Declined` status, not an error. Auth failures (401/403),
    /// unknown ids (404) and server errors are [`PaymentError::Gateway`].
    fn status(&self, provider_ref: &str) -> BoxFuture<'_, Result<Verified, PaymentError>> {
        let checkout_id = provider_ref.to_string();
        Box::pin(async move {
            if !is_safe_id(&checkout_id) {
                return Err(PaymentError::BadPayload(format!("not a checkout id: `{checkout_id}`")));
            }
            let request = self
                .client
                .get(format!("{}/v1/checkouts/{checkout_id}/payment", self.host))
                .query(&[("entityId", self.entity_id.as_str())])
                .header("authorization", self.bearer()?);
            let reply = net::send(request, &self.access_token).await?;
            if !matches!(reply.status, 200 | 400) {
                return Err(self.gateway_error(&reply));
            }
            let v = reply.json()?;
            if v.get("result").is_none() {
                return Err(self.gateway_error(&reply));
            }
            HyperPay::verified(&v, Some(&checkout_id))
        })
    }

    /// Expects the webhook as received: headers `X-Initialization-Vector` and
    /// `X-Authentication-Tag`, the raw body. `type: PAYMENT` notifications become
    /// [`Verified`] (provider_ref = the payment id, order_ref = `merchantTransactionId`);
    /// other types and non-debit payments (refunds, reversals, chargebacks) are
    /// [`PaymentError::Ignored`] after they were authenticated.
    fn verify_notification(&self, incoming: &Incoming) -> Result<Verified, PaymentError> {
        let notice = self.decrypt_webhook(incoming)?;
        let kind = str_field(&notice, "type");
        if kind != "PAYMENT" {
            return Err(PaymentError::Ignored(format!("a `{kind}` notification")));
        }
        let payload = notice.get("payload").ok_or_else(|| PaymentError::BadPayload("no payload".into()))?;
        HyperPay::verified(payload, None)
    }

    /// The browser comes back with `?id={checkoutId}&resourcePath=/v1/checkouts/{id}/payment`:
    /// returns the checkout id, to pass to [`status`](PaymentDriver::status). Nothing in
    /// it is signed; only the status answer counts.
    fn verify_return(&self, incoming: &Incoming) -> Result<String, PaymentError> {
        let id = net::query_value(incoming, "id").ok_or_else(|| PaymentError::BadPayload("no id".into()))?;
        if !is_safe_id(id) {
            return Err(PaymentError::BadPayload(format!("not a checkout id: `{id}`")));
        }
        if let Some(path) = net::query_value(incoming, "resourcePath") {
            if path != format!("/v1/checkouts/{id}/payment") {
                return Err(PaymentError::BadPayload(format!("unexpected resourcePath `{path}`")));
            }
        }
        Ok(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_codes_by_the_documented_patterns() {
        for code in ["000.000.000", "000.100.110", "000.100.112", "000.300.000", "000.600.000", "000.400.110"] {
            assert_eq!(classify(code), ResultClass::Success, "{code}");
        }
        for code in ["000.400.000", "000.400.020", "000.400.100"] {
            assert_eq!(classify(code), ResultClass::SuccessNeedsReview, "{code}");
        }
        for code in ["000.200.000", "000.200.100", "800.400.500", "100.400.500", "900.100.300"] {
            assert_eq!(classify(code), ResultClass::Pending, "{code}");
        }
        for code in [
            "000.400.030",
            "000.400.101",
            "000.400.200",
            "100.396.101",
            "200.300.404",
            "800.100.151",
            "800.900.300",
            "900.100.100",
            "999.999.999",
            "",
        ] {
            assert_eq!(classify(code), ResultClass::Rejected, "{code}");
        }
    }

    #[test]
    fn webhooks_decrypt_with_12_and_16_byte_ivs() {
        let key = "ab".repeat(32);
        let hp = HyperPay::new(HyperPayConfig {
            access_token: "t".into(),
            entity_id: "e".into(),
            webhook_key_hex: key.clone(),
            ..HyperPayConfig::default()
        })
        .unwrap();
        for iv in [vec![7u8; 12], vec![9u8; 16]] {
            let (body, iv, tag) = seal_webhook(&key, &iv, br#"{"type":"RISK","payload":{}}"#).unwrap();
            let mut incoming = Incoming { body: body.into_bytes(), ..Default::default() };
            incoming.headers.insert(IV_HEADER, iv.parse().unwrap());
            incoming.headers.insert(TAG_HEADER, tag.parse().unwrap());
            assert_eq!(hp.decrypt_webhook(&incoming).unwrap()["type"], "RISK");
            assert!(matches!(hp.verify_notification(&incoming), Err(PaymentError::Ignored(_))));
        }
    }

    #[test]
    fn configuration_is_checked() {
        let ok = HyperPayConfig { access_token: "t".into(), entity_id: "e".into(), ..HyperPayConfig::default() };
        assert!(HyperPay::new(ok.clone()).is_ok());
        assert!(HyperPay::new(HyperPayConfig { webhook_key_hex: "abc".into(), ..ok.clone() }).is_err());
        assert!(HyperPay::new(HyperPayConfig { webhook_key_hex: "ab".repeat(16), ..ok.clone() }).is_err());
        assert!(HyperPay::new(HyperPayConfig { entity_id: " ".into(), ..ok.clone() }).is_err());
        assert!(HyperPay::new(HyperPayConfig { host: "eu-test.oppwa.com".into(), ..ok }).is_err());
        assert_eq!(split_name("Ali  Ahmad Saleh"), ("Ali".into(), "Ahmad Saleh".into()));
        assert_eq!(split_name("علي"), ("علي".into(), String::new()));
    }
}
