//! PayTabs PT2 hosted payment page.
//!
//! Flow: [`create_checkout`](PaymentDriver::create_checkout) asks `POST {host}/payment/request`
//! (JSON, `authorization: <server key>` raw) for a payment page and answers
//! [`Checkout::Redirect`] to its `redirect_url`, with the `tran_ref` as provider ref.
//! PayTabs then POSTs the server callback (JSON, `signature` header = hex HMAC-SHA256 of
//! the raw body with the server key) to `notify_url`, and sends the browser back to
//! `return_url` with a signed form POST (`tranRef`, `cartId`, `respStatus`, …, `signature`).
//! [`status`](PaymentDriver::status) is `POST {host}/payment/query` by `tran_ref`.
//!
//! Success is exactly `payment_result.response_status == "A"`.

use crate::amount::{format_fils, format_fils_shortest, parse_json_fils};
use crate::net::{self, refused, str_field, Reply};
use crate::{Checkout, CheckoutRequest, ConfigError, Incoming, PaymentDriver, PaymentError, PaymentStatus, Verified};
use futures_util::future::BoxFuture;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::value::RawValue;
use sha2::Sha256;
use std::time::Duration;

/// The Jordan region's host (each region has its own; the wrong one fails authentication).
pub const JORDAN_HOST: &str = "https://secure-jordan.paytabs.com";

/// The callback's signature header (HTTP header names are case-insensitive).
pub const SIGNATURE_HEADER: &str = "signature";

/// What the app configures (from `PAYTABS_*`).
#[derive(Clone)]
pub struct PayTabsConfig {
    /// The region's host, e.g. [`JORDAN_HOST`].
    pub host: String,
    /// The profile id (an integer; PayTabs wants a JSON number).
    pub profile_id: String,
    /// The server key: the `authorization` header and the HMAC key of every signature.
    pub server_key: String,
    /// Each call to PayTabs, start to end.
    pub timeout: Duration,
}

impl Default for PayTabsConfig {
    fn default() -> PayTabsConfig {
        PayTabsConfig {
            host: JORDAN_HOST.into(),
            profile_id: String::new(),
            server_key: String::new(),
            timeout: net::DEFAULT_TIMEOUT,
        }
    }
}

impl std::fmt::Debug for PayTabsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayTabsConfig")
            .field("host", &self.host)
            .field("profile_id", &self.profile_id)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct PayTabs {
    host: String,
    profile_id: u64,
    server_key: String,
    client: reqwest::Client,
}

impl std::fmt::Debug for PayTabs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayTabs")
            .field("host", &self.host)
            .field("profile_id", &self.profile_id)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct PayPageRequest<'a> {
    profile_id: u64,
    tran_type: &'static str,
    tran_class: &'static str,
    cart_id: &'a str,
    cart_description: String,
    cart_currency: String,
    cart_amount: Box<RawValue>,
    callback: &'a str,
    #[serde(rename = "return")]
    return_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_details: Option<CustomerDetails<'a>>,
    hide_shipping: bool,
    paypage_lang: &'static str,
}

#[derive(Serialize)]
struct CustomerDetails<'a> {
    name: &'a str,
    email: &'a str,
}

#[derive(Serialize)]
struct QueryRequest<'a> {
    profile_id: u64,
    tran_ref: &'a str,
}

/// Decimals PayTabs takes for a currency (ISO 4217 minor units).
fn minor_units(currency: &str) -> u32 {
    match currency {
        "JOD" | "KWD" | "BHD" | "OMR" | "IQD" | "TND" | "LYD" => 3,
        _ => 2,
    }
}

/// PHP's `urlencode` (what `http_build_query` uses): letters, digits and `-_.` stay, a space
/// becomes `+`, every other byte `%XX` (upper-case hex).
fn php_urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The text PayTabs signs for a return POST, per its SDK's `is_valid_redirect`: drop
/// `signature`, drop empty values (PHP `array_filter`, which also drops `"0"`), sort by key
/// (`ksort`; a repeated key keeps its last value, as PHP's `$_POST` does), then
/// `http_build_query`.
fn return_signing_text(fields: &[(String, String)]) -> String {
    let mut kept: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for (k, v) in fields {
        if k != "signature" {
            kept.insert(k, v);
        }
    }
    kept.into_iter()
        .filter(|(_, v)| !v.is_empty() && *v != "0")
        .map(|(k, v)| format!("{}={}", php_urlencode(k), php_urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl PayTabs {
    /// Checks the configuration and builds the client.
    pub fn new(config: PayTabsConfig) -> Result<PayTabs, ConfigError> {
        let host = config.host.trim().trim_end_matches('/').to_string();
        if !(host.starts_with("https://") || host.starts_with("http://")) {
            return Err(ConfigError(format!("PAYTABS_HOST must be an http(s) URL, not `{host}`")));
        }
        let profile_id = config
            .profile_id
            .trim()
            .parse::<u64>()
            .map_err(|_| ConfigError("PAYTABS_PROFILE_ID must be the numeric profile id".into()))?;
        if config.server_key.trim().is_empty() {
            return Err(ConfigError("PAYTABS_SERVER_KEY is empty".into()));
        }
        Ok(PayTabs {
            host,
            profile_id,
            server_key: config.server_key.trim().to_string(),
            client: net::client(config.timeout),
        })
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(self.server_key.as_bytes()).expect("any key length")
    }

    /// The callback signature of `body` (hex HMAC-SHA256 with the server key), as PayTabs
    /// sends it. For tests and fake gateways.
    pub fn sign_callback(&self, body: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(body);
        hex::encode(mac.finalize().into_bytes())
    }

    /// The `signature` field PayTabs puts in a return POST with these fields. For tests and
    /// fake gateways.
    pub fn sign_return(&self, fields: &[(String, String)]) -> String {
        self.sign_callback(return_signing_text(fields).as_bytes())
    }

    fn check(&self, text: &[u8], signature_hex: &str) -> Result<(), PaymentError> {
        let signature = hex::decode(signature_hex.trim()).map_err(|_| PaymentError::BadSignature)?;
        let mut mac = self.mac();
        mac.update(text);
        mac.verify_slice(&signature).map_err(|_| PaymentError::BadSignature)
    }

    fn auth(&self) -> Result<reqwest::header::HeaderValue, PaymentError> {
        net::secret_header(&self.server_key)
    }

    /// A transaction (query answer or callback body) → [`Verified`].
    fn verified(v: &serde_json::Value) -> Result<Verified, PaymentError> {
        let tran_ref = str_field(v, "tran_ref");
        if tran_ref.is_empty() {
            return Err(PaymentError::BadPayload("no tran_ref".into()));
        }
        let result = v.get("payment_result").ok_or_else(|| PaymentError::BadPayload("no payment_result".into()))?;
        let response_status = str_field(result, "response_status");
        if response_status.is_empty() {
            return Err(PaymentError::BadPayload("no payment_result.response_status".into()));
        }
        let tran_type = str_field(v, "tran_type");
        if !tran_type.is_empty() && !tran_type.eq_ignore_ascii_case("sale") {
            return Err(PaymentError::Ignored(format!("a {tran_type} transaction, not a sale")));
        }
        let message = str_field(result, "response_message");
        let status = match response_status {
            "A" => PaymentStatus::Paid,
            "H" | "P" => PaymentStatus::Pending,
            other => PaymentStatus::Declined {
                reason: if message.is_empty() { format!("status {other}") } else { format!("{message} ({other})") },
            },
        };
        let amount_fils = match v.get("cart_amount") {
            None | Some(serde_json::Value::Null) => None,
            Some(a) => Some(parse_json_fils(a).map_err(|e| PaymentError::BadPayload(e.to_string()))?),
        };
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Ok(Verified {
            event_id: format!("{tran_ref}:{response_status}"),
            provider_ref: tran_ref.to_string(),
            order_ref: non_empty(str_field(v, "cart_id")),
            status,
            amount_fils,
            currency: non_empty(str_field(v, "cart_currency")),
        })
    }

    /// `{"code": 1, "message": "Authentication failed…"}` and friends.
    fn gateway_error(&self, reply: &Reply) -> PaymentError {
        let message = serde_json::from_slice::<serde_json::Value>(&reply.body)
            .ok()
            .filter(|v| v.get("code").is_some() || v.get("message").is_some())
            .map(|v| {
                let code = v.get("code").map(|c| c.to_string()).unwrap_or_default();
                format!("{} (code {code})", str_field(&v, "message"))
            })
            .unwrap_or_else(|| reply.text());
        PaymentError::Gateway { status: reply.status, message: net::redact(&message, &self.server_key) }
    }
}

impl PaymentDriver for PayTabs {
    fn name(&self) -> &'static str {
        "paytabs"
    }

    fn create_checkout(&self, req: CheckoutRequest) -> BoxFuture<'_, Result<Checkout, PaymentError>> {
        Box::pin(async move {
            let currency = req.currency.to_ascii_uppercase();
            if req.amount_fils <= 0 {
                return Err(refused("PayTabs amount: not positive"));
            }
            format_fils(req.amount_fils, minor_units(&currency))
                .map_err(|e| refused(format!("PayTabs amount: {e}")))?;
            let amount = format_fils_shortest(req.amount_fils).map_err(|e| refused(format!("PayTabs amount: {e}")))?;
            let cart_amount = RawValue::from_string(amount).map_err(|e| refused(format!("PayTabs amount: {e}")))?;
            let name = req.customer_name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let customer_details = (!req.customer_email.is_empty())
                .then(|| CustomerDetails { name: name.unwrap_or(&req.customer_email), email: &req.customer_email });
            let body = PayPageRequest {
                profile_id: self.profile_id,
                tran_type: "sale",
                tran_class: "ecom",
                cart_id: &req.order_ref,
                cart_description: net::truncate(&req.description, 120),
                cart_currency: currency,
                cart_amount,
                callback: &req.notify_url,
                return_url: &req.return_url,
                customer_details,
                hide_shipping: true,
                paypage_lang: if req.lang == "ar" { "ar" } else { "en" },
            };
            let request = self
                .client
                .post(format!("{}/payment/request", self.host))
                .header("authorization", self.auth()?)
                .json(&body);
            let reply = net::send(request, &self.server_key).await?;
            let v = reply.json()?;
            let redirect_url = str_field(&v, "redirect_url");
            let tran_ref = str_field(&v, "tran_ref");
            if !(200..300).contains(&reply.status) || redirect_url.is_empty() || tran_ref.is_empty() {
                return Err(self.gateway_error(&reply));
            }
            Ok(Checkout::Redirect { url: redirect_url.to_string(), provider_ref: tran_ref.to_string() })
        })
    }

    /// `provider_ref` is the `tran_ref`.
    fn status(&self, provider_ref: &str) -> BoxFuture<'_, Result<Verified, PaymentError>> {
        let tran_ref = provider_ref.to_string();
        Box::pin(async move {
            let body = QueryRequest { profile_id: self.profile_id, tran_ref: &tran_ref };
            let request = self
                .client
                .post(format!("{}/payment/query", self.host))
                .header("authorization", self.auth()?)
                .json(&body);
            let reply = net::send(request, &self.server_key).await?;
            let v = reply.json()?;
            if !(200..300).contains(&reply.status) || v.get("payment_result").is_none() {
                return Err(self.gateway_error(&reply));
            }
            PayTabs::verified(&v)
        })
    }

    /// Expects the callback as received: the `signature` header and the raw JSON body
    /// (checked over its exact bytes, before parsing). Non-sale transactions (refunds,
    /// voids, captures…) are [`PaymentError::Ignored`] once verified.
    fn verify_notification(&self, incoming: &Incoming) -> Result<Verified, PaymentError> {
        let signature = net::header(incoming, SIGNATURE_HEADER).ok_or(PaymentError::BadSignature)?;
        self.check(&incoming.body, signature)?;
        let v: serde_json::Value = serde_json::from_slice(&incoming.body)
            .map_err(|e| PaymentError::BadPayload(format!("callback JSON: {e}")))?;
        PayTabs::verified(&v)
    }

    /// Expects the return POST's form body (`application/x-www-form-urlencoded`) in `body`;
    /// if the body is empty, the query string is read instead. Checks its `signature` field
    /// and returns `tranRef`, for [`status`](PaymentDriver::status). No payload at all
    /// (PayTabs sends a bare GET to a plain-http `return`) is `BadPayload`: use the stored
    /// `tran_ref`.
    fn verify_return(&self, incoming: &Incoming) -> Result<String, PaymentError> {
        let fields = if incoming.body.is_empty() { incoming.query.clone() } else { net::form_pairs(&incoming.body) };
        if fields.is_empty() {
            return Err(PaymentError::BadPayload("no return data".into()));
        }
        let signature = fields
            .iter()
            .rev()
            .find(|(k, _)| k == "signature")
            .map(|(_, v)| v.clone())
            .ok_or(PaymentError::BadSignature)?;
        self.check(return_signing_text(&fields).as_bytes(), &signature)?;
        fields
            .iter()
            .rev()
            .find(|(k, _)| k == "tranRef")
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| PaymentError::BadPayload("no tranRef".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn return_signing_text_is_php_http_build_query_of_sorted_non_empty_fields() {
        let fields = pairs(&[
            ("tranRef", "TST2231101374414"),
            ("respStatus", "A"),
            ("respMessage", "Authorised"),
            ("cartId", "ORD-1"),
            ("customerEmail", "a+b@c.com"),
            ("acquirerMessage", ""),
            ("acquirerRRN", "0"),
            ("token", ""),
            ("signature", "ignored"),
            ("respCode", "G7*~ ب"),
        ]);
        assert_eq!(
            return_signing_text(&fields),
            "cartId=ORD-1&customerEmail=a%2Bb%40c.com&respCode=G7%2A%7E+%D8%A8&respMessage=Authorised\
             &respStatus=A&tranRef=TST2231101374414"
        );
    }

    #[test]
    fn configuration_is_checked() {
        let ok = PayTabsConfig { profile_id: "123456".into(), server_key: "SK".into(), ..PayTabsConfig::default() };
        assert!(PayTabs::new(ok.clone()).is_ok());
        assert!(PayTabs::new(PayTabsConfig { profile_id: "abc".into(), ..ok.clone() }).is_err());
        assert!(PayTabs::new(PayTabsConfig { server_key: "".into(), ..ok.clone() }).is_err());
        assert!(PayTabs::new(PayTabsConfig { host: "secure-jordan.paytabs.com".into(), ..ok }).is_err());
    }
}
