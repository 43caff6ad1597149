//! ZainCash (v1 merchant API, JWT flow; the documented API is ZainCash Iraq, in IQD).
//!
//! Flow: [`create_checkout`](PaymentDriver::create_checkout) signs an HS256 JWT with the
//! merchant secret (`amount` in whole IQD, `serviceType`, `msisdn`, `orderId`,
//! `redirectUrl`, `iat`, `exp`), sends it to `POST {host}/transaction/init` (form:
//! `token`, `merchantId`, `lang`), and redirects the browser to
//! `{host}/transaction/pay?id={id}`. After paying, ZainCash sends the browser to
//! `redirectUrl?token=<JWT>`: a JWT signed with the same secret, carrying `status`
//! (`success`/`completed`, `failed`, `pending`), `orderid`, `id` and `msg`. There is no
//! server-to-server notification, so that token *is* the notification:
//! [`verify_notification`](PaymentDriver::verify_notification) and
//! [`verify_return_token`](ZainCash::verify_return_token) read it into [`Verified`].
//! [`status`](PaymentDriver::status) asks `POST {host}/transaction/get`.
//!
//! Currency: ZainCash charges IQD only. An IQD order is charged as it is (whole dinars).
//! A JOD order is converted at the configured rate ([`ZainCashConfig::iqd_per_jod`],
//! `ZAINCASH_IQD_PER_JOD`) by [`IqdPerJod`], in integers, rounded *up* to the next whole
//! dinar so the payer never pays less than the price; without a rate it is refused
//! ([`PaymentError::Gateway`] with status 0) before anything is sent, as is any other
//! currency. [`charge_for`](PaymentDriver::charge_for) says what an order is charged, and
//! a paid statement (from [`status`](PaymentDriver::status), in IQD) must state exactly
//! that: the app compares the IQD amount with the order converted forward, and the
//! conversion itself is checked backward (the dinars charged cover the order's fils and
//! one dinar less would not). Amounts are fils like everywhere (1 IQD = 1000 fils).

use crate::amount::{fils_to_whole_units, parse_fils, parse_json_fils, AmountError, FILS_PER_UNIT};
use crate::net::{self, refused, str_field, Reply};
use crate::{
    Checkout, CheckoutRequest, ConfigError, Incoming, Money, PaymentDriver, PaymentError, PaymentStatus, Verified,
};
use futures_util::future::BoxFuture;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const TEST_HOST: &str = "https://test.zaincash.iq";
pub const LIVE_HOST: &str = "https://api.zaincash.iq";

/// The one currency ZainCash charges in.
pub const CURRENCY: &str = "IQD";

/// The currency converted to IQD when a rate is configured (the app prices in JOD).
pub const CONVERTED_CURRENCY: &str = "JOD";

/// The setting that holds the rate, named in every error about it.
pub const RATE_SETTING: &str = "ZAINCASH_IQD_PER_JOD";

/// How many Iraqi dinars one Jordanian dinar buys, exact to a thousandth of a dinar (an
/// integer count of IQD fils per JOD), so every conversion is integer arithmetic.
///
/// `1850` and `1846.5` are read exactly; a rate below 1 IQD per JOD, above 1,000,000, or
/// with more than 3 decimals is refused as a mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IqdPerJod {
    /// IQD fils per JOD (`1846.5` → 1_846_500).
    iqd_fils_per_jod: i64,
}

impl IqdPerJod {
    /// Reads the rate as written in [`RATE_SETTING`]: a plain decimal number of IQD per JOD.
    pub fn parse(text: &str) -> Result<IqdPerJod, ConfigError> {
        let bad = || {
            ConfigError(format!(
                "{RATE_SETTING} must be the number of IQD one JOD buys, like 1850 or 1846.5, not `{}`",
                text.trim()
            ))
        };
        let iqd_fils_per_jod = parse_fils(text).map_err(|_| bad())?;
        if !(FILS_PER_UNIT..=1_000_000 * FILS_PER_UNIT).contains(&iqd_fils_per_jod) {
            return Err(bad());
        }
        Ok(IqdPerJod { iqd_fils_per_jod })
    }

    /// What a JOD amount is charged in IQD: IQD fils, always whole dinars, rounded up (so
    /// the payer never pays less than the price, and at most one dinar more).
    /// 5000 JOD fils at 1850 → 9_250_000 IQD fils (9250 IQD); 4990 at 1846.5 → 9215 IQD.
    pub fn iqd_for(&self, jod_fils: i64) -> Result<i64, AmountError> {
        if jod_fils < 0 {
            return Err(AmountError::Negative(jod_fils));
        }
        // jod_fils / 1000 JOD × iqd_fils_per_jod / 1000 IQD, in whole dinars, rounded up.
        let per_dinar = i128::from(FILS_PER_UNIT) * i128::from(FILS_PER_UNIT);
        let exact = i128::from(jod_fils) * i128::from(self.iqd_fils_per_jod);
        let dinars = (exact + per_dinar - 1) / per_dinar;
        i64::try_from(dinars * i128::from(FILS_PER_UNIT))
            .map_err(|_| AmountError::TooLarge(format!("{jod_fils} JOD fils in IQD")))
    }

    /// The backward conversion: the JOD fils an IQD amount pays for, rounded down (so it
    /// never credits more than was paid).
    pub fn jod_for(&self, iqd_fils: i64) -> Result<i64, AmountError> {
        if iqd_fils < 0 {
            return Err(AmountError::Negative(iqd_fils));
        }
        let jod = i128::from(iqd_fils) * i128::from(FILS_PER_UNIT) / i128::from(self.iqd_fils_per_jod);
        i64::try_from(jod).map_err(|_| AmountError::TooLarge(format!("{iqd_fils} IQD fils in JOD")))
    }

    /// The IQD charged for `jod_fils`, checked both ways: it pays for at least the order
    /// (backward conversion) and one dinar less would not. Any arithmetic surprise refuses.
    pub fn charge(&self, jod_fils: i64) -> Result<i64, AmountError> {
        let iqd = self.iqd_for(jod_fils)?;
        let covers = self.jod_for(iqd)? >= jod_fils;
        let minimal = iqd == 0 || self.jod_for(iqd - FILS_PER_UNIT)? < jod_fils;
        if covers && minimal {
            Ok(iqd)
        } else {
            Err(AmountError::Unreadable(format!("{jod_fils} JOD fils did not convert exactly to IQD")))
        }
    }
}

/// How long the tokens we sign are valid (as the SDKs do).
const TOKEN_LIFETIME_SECS: u64 = 4 * 3600;

/// What the app configures (from `ZAINCASH_*`).
#[derive(Clone)]
pub struct ZainCashConfig {
    /// [`TEST_HOST`] or [`LIVE_HOST`].
    pub host: String,
    pub merchant_id: String,
    /// The merchant secret, used as-is (UTF-8 bytes) as the HS256 key.
    pub secret: String,
    /// The merchant's wallet number, digits only (e.g. `9647835077893`).
    pub msisdn: String,
    /// Shown to the payer; when empty, the order's description is used.
    pub service_type: String,
    /// The pay page's language when the request's is neither `ar` nor `en`.
    pub lang: String,
    /// IQD per JOD (`ZAINCASH_IQD_PER_JOD`, read by [`IqdPerJod::parse`]): JOD orders are
    /// converted at this rate. None: only IQD orders can be charged.
    pub iqd_per_jod: Option<String>,
    /// Each call to ZainCash, start to end.
    pub timeout: Duration,
}

impl Default for ZainCashConfig {
    fn default() -> ZainCashConfig {
        ZainCashConfig {
            host: TEST_HOST.into(),
            merchant_id: String::new(),
            secret: String::new(),
            msisdn: String::new(),
            service_type: String::new(),
            lang: "ar".into(),
            iqd_per_jod: None,
            timeout: net::DEFAULT_TIMEOUT,
        }
    }
}

impl std::fmt::Debug for ZainCashConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZainCashConfig")
            .field("host", &self.host)
            .field("merchant_id", &self.merchant_id)
            .field("msisdn", &self.msisdn)
            .field("iqd_per_jod", &self.iqd_per_jod)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct ZainCash {
    host: String,
    merchant_id: String,
    secret: String,
    msisdn: u64,
    service_type: String,
    lang: String,
    rate: Option<IqdPerJod>,
    client: reqwest::Client,
}

impl std::fmt::Debug for ZainCash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZainCash")
            .field("host", &self.host)
            .field("merchant_id", &self.merchant_id)
            .field("rate", &self.rate)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InitClaims<'a> {
    amount: i64,
    service_type: &'a str,
    msisdn: u64,
    order_id: &'a str,
    redirect_url: &'a str,
    iat: u64,
    exp: u64,
}

#[derive(Serialize)]
struct GetClaims<'a> {
    id: &'a str,
    msisdn: u64,
    iat: u64,
    exp: u64,
}

/// The claims of the token ZainCash puts on the return URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnClaims {
    /// `success`, `completed`, `failed`, `pending`.
    pub status: String,
    /// Our order reference (note the lower-case name).
    #[serde(default)]
    pub orderid: Option<String>,
    /// ZainCash's transaction id.
    pub id: String,
    /// The reason, on failure.
    #[serde(default)]
    pub msg: Option<String>,
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// A ZainCash transaction status → ours. Unknown words are `Pending`: nothing is granted
/// and nothing is failed until ZainCash says something we know.
fn status_of(status: &str, msg: &str) -> PaymentStatus {
    match status.to_ascii_lowercase().as_str() {
        "success" | "completed" => PaymentStatus::Paid,
        "failed" | "cancel" | "cancelled" | "canceled" | "expired" | "rejected" => PaymentStatus::Declined {
            reason: if msg.is_empty() { status.to_string() } else { format!("{msg} ({status})") },
        },
        _ => PaymentStatus::Pending,
    }
}

impl ZainCash {
    /// Checks the configuration and builds the client.
    pub fn new(config: ZainCashConfig) -> Result<ZainCash, ConfigError> {
        let host = config.host.trim().trim_end_matches('/').to_string();
        if !(host.starts_with("https://") || host.starts_with("http://")) {
            return Err(ConfigError(format!("ZAINCASH_HOST must be an http(s) URL, not `{host}`")));
        }
        if config.merchant_id.trim().is_empty() {
            return Err(ConfigError("ZAINCASH_MERCHANT_ID is empty".into()));
        }
        if config.secret.is_empty() {
            return Err(ConfigError("ZAINCASH_SECRET is empty".into()));
        }
        let msisdn = config
            .msisdn
            .trim()
            .trim_start_matches('+')
            .parse::<u64>()
            .map_err(|_| ConfigError("ZAINCASH_MSISDN must be the wallet number, digits only".into()))?;
        let lang = if config.lang.trim() == "en" { "en" } else { "ar" };
        let rate = config.iqd_per_jod.as_deref().map(IqdPerJod::parse).transpose()?;
        Ok(ZainCash {
            host,
            merchant_id: config.merchant_id.trim().to_string(),
            secret: config.secret,
            msisdn,
            service_type: config.service_type.trim().to_string(),
            lang: lang.into(),
            rate,
            client: net::client(config.timeout),
        })
    }

    fn sign<T: Serialize>(&self, claims: &T) -> Result<String, PaymentError> {
        encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(self.secret.as_bytes()))
            .map_err(|e| refused(format!("ZainCash token: {e}")))
    }

    /// Signs a return token as ZainCash does. For tests and fake gateways.
    pub fn sign_return_token(&self, claims: &ReturnClaims) -> String {
        #[derive(Serialize)]
        struct WithTimes<'a> {
            #[serde(flatten)]
            claims: &'a ReturnClaims,
            iat: u64,
            exp: u64,
        }
        let now = now_secs();
        self.sign(&WithTimes { claims, iat: now, exp: now + TOKEN_LIFETIME_SECS }).expect("HS256 signs")
    }

    /// Verifies the return token (HS256 with the merchant secret only; `exp` checked when
    /// present, with a minute of leeway) and reads it. The token says no amount, so a
    /// `Paid` one grants nothing until [`confirm_amount`](crate::confirm_amount) has asked
    /// [`status`](PaymentDriver::status) what was charged. A bad signature, another algorithm,
    /// an expired or malformed token is [`PaymentError::BadSignature`].
    pub fn verify_return_token(&self, token: &str) -> Result<Verified, PaymentError> {
        let claims = self.return_claims(token)?;
        let status = status_of(&claims.status, claims.msg.as_deref().unwrap_or(""));
        Ok(Verified {
            event_id: format!("{}:{}", claims.id, claims.status.to_ascii_lowercase()),
            provider_ref: claims.id,
            order_ref: claims.orderid.filter(|o| !o.is_empty()),
            status,
            amount_fils: None,
            currency: None,
        })
    }

    /// The verified claims of a return token.
    pub fn return_claims(&self, token: &str) -> Result<ReturnClaims, PaymentError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims::<&str>(&[]);
        validation.validate_exp = true;
        validation.leeway = 60;
        // Verified first into plain JSON: any failure up to here (signature, algorithm,
        // expiry, a malformed header) is a token we cannot trust.
        let claims =
            decode::<serde_json::Value>(token.trim(), &DecodingKey::from_secret(self.secret.as_bytes()), &validation)
                .map_err(|_| PaymentError::BadSignature)?
                .claims;
        let claims: ReturnClaims = serde_json::from_value(claims)
            .map_err(|e| PaymentError::BadPayload(format!("ZainCash token claims: {e}")))?;
        if claims.id.is_empty() {
            return Err(PaymentError::BadPayload("ZainCash token without id".into()));
        }
        Ok(claims)
    }

    /// The return token from what the browser brought: `?token=` in the query, or a
    /// `token` form field. Also finds it when ZainCash appended `?token=` to a
    /// `redirectUrl` that already had a query (`?order=X?token=…`).
    fn token_of(incoming: &Incoming) -> Option<String> {
        if let Some(t) = net::query_value(incoming, "token") {
            return Some(t.to_string());
        }
        if let Some((_, t)) = net::form_pairs(&incoming.body).into_iter().find(|(k, _)| k == "token") {
            return Some(t);
        }
        incoming.query.iter().find_map(|(_, v)| v.split_once("?token=").map(|(_, t)| t.to_string()))
    }

    fn gateway_error(&self, reply: &Reply) -> PaymentError {
        let message = serde_json::from_slice::<serde_json::Value>(&reply.body)
            .ok()
            .and_then(|v| {
                let err = v.get("err")?;
                Some(match err.get("msg") {
                    Some(m) => m.as_str().map(str::to_string).unwrap_or_else(|| m.to_string()),
                    None => err.to_string(),
                })
            })
            .unwrap_or_else(|| reply.text());
        PaymentError::Gateway { status: reply.status, message: net::redact(&message, &self.secret) }
    }
}

impl PaymentDriver for ZainCash {
    fn name(&self) -> &'static str {
        "zaincash"
    }

    fn create_checkout(&self, req: CheckoutRequest) -> BoxFuture<'_, Result<Checkout, PaymentError>> {
        Box::pin(async move {
            let charge = self.charge_for(req.amount_fils, &req.currency)?;
            let amount =
                fils_to_whole_units(charge.amount_fils).map_err(|e| refused(format!("ZainCash amount: {e}")))?;
            if amount <= 0 {
                return Err(refused("ZainCash amount: not positive"));
            }
            let service_type = if self.service_type.is_empty() { req.description.as_str() } else { &self.service_type };
            let iat = now_secs();
            let token = self.sign(&InitClaims {
                amount,
                service_type,
                msisdn: self.msisdn,
                order_id: &req.order_ref,
                redirect_url: &req.return_url,
                iat,
                exp: iat + TOKEN_LIFETIME_SECS,
            })?;
            let lang = match req.lang.as_str() {
                "ar" | "en" => req.lang.as_str(),
                _ => self.lang.as_str(),
            };
            let form = [("token", token.as_str()), ("merchantId", self.merchant_id.as_str()), ("lang", lang)];
            let request = self.client.post(format!("{}/transaction/init", self.host)).form(&form);
            let reply = net::send(request, &self.secret).await?;
            // ZainCash's HTTP codes are not reliable: the answer is good when it has an id.
            let v = reply.json()?;
            let id = str_field(&v, "id");
            if !net::is_safe_id(id) {
                return Err(self.gateway_error(&reply));
            }
            Ok(Checkout::Redirect {
                url: format!("{}/transaction/pay?id={id}", self.host),
                provider_ref: id.to_string(),
            })
        })
    }

    /// `provider_ref` is ZainCash's transaction id; asks `/transaction/get` with a signed
    /// token. The answer's `amount` (whole IQD) is returned in fils, with currency IQD.
    fn status(&self, provider_ref: &str) -> BoxFuture<'_, Result<Verified, PaymentError>> {
        let id = provider_ref.to_string();
        Box::pin(async move {
            let iat = now_secs();
            let token = self.sign(&GetClaims { id: &id, msisdn: self.msisdn, iat, exp: iat + TOKEN_LIFETIME_SECS })?;
            let form = [("token", token.as_str()), ("merchantId", self.merchant_id.as_str())];
            let request = self.client.post(format!("{}/transaction/get", self.host)).form(&form);
            let reply = net::send(request, &self.secret).await?;
            let v = reply.json()?;
            let status = str_field(&v, "status");
            if status.is_empty() || v.get("err").is_some() {
                return Err(self.gateway_error(&reply));
            }
            let answered_id = str_field(&v, "id");
            if !answered_id.is_empty() && answered_id != id {
                return Err(PaymentError::BadPayload(format!("asked for {id}, ZainCash answered about {answered_id}")));
            }
            let amount_fils = match v.get("amount") {
                None | Some(serde_json::Value::Null) => None,
                Some(a) => {
                    let fils = parse_json_fils(a).map_err(|e| PaymentError::BadPayload(e.to_string()))?;
                    Some(fils)
                }
            };
            let order_ref = [str_field(&v, "orderId"), str_field(&v, "orderid")]
                .into_iter()
                .find(|s| !s.is_empty())
                .map(str::to_string);
            let msg = [str_field(&v, "msg"), str_field(&v, "reason")].into_iter().find(|s| !s.is_empty()).unwrap_or("");
            Ok(Verified {
                event_id: format!("{id}:{}", status.to_ascii_lowercase()),
                status: status_of(status, msg),
                provider_ref: id,
                order_ref,
                amount_fils,
                currency: Some(CURRENCY.into()),
            })
        })
    }

    /// IQD as it is; JOD converted at the configured rate ([`IqdPerJod::charge`]: whole
    /// dinars, rounded up, checked both ways); anything else, or JOD without a rate, is
    /// refused (status 0) naming what is missing.
    fn charge_for(&self, amount_fils: i64, currency: &str) -> Result<Money, PaymentError> {
        if currency.eq_ignore_ascii_case(CURRENCY) {
            return Ok(Money { amount_fils, currency: CURRENCY.into() });
        }
        if !currency.eq_ignore_ascii_case(CONVERTED_CURRENCY) {
            return Err(refused(format!("ZainCash charges in IQD only, not {currency}")));
        }
        let Some(rate) = self.rate else {
            return Err(refused(format!("ZainCash charges in IQD only: a {currency} order needs {RATE_SETTING}")));
        };
        let iqd = rate.charge(amount_fils).map_err(|e| refused(format!("ZainCash amount: {e}")))?;
        Ok(Money { amount_fils: iqd, currency: CURRENCY.into() })
    }

    /// ZainCash has no server notification: this reads the signed return token (`token` in
    /// the query or the form body), exactly as [`verify_return_token`](ZainCash::verify_return_token).
    fn verify_notification(&self, incoming: &Incoming) -> Result<Verified, PaymentError> {
        let token = ZainCash::token_of(incoming).ok_or(PaymentError::BadSignature)?;
        self.verify_return_token(&token)
    }

    /// Verifies the return token and gives its transaction id, for
    /// [`status`](PaymentDriver::status).
    fn verify_return(&self, incoming: &Incoming) -> Result<String, PaymentError> {
        let token = ZainCash::token_of(incoming).ok_or_else(|| PaymentError::BadPayload("no token".into()))?;
        Ok(self.return_claims(&token)?.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ZainCashConfig {
        ZainCashConfig {
            merchant_id: "5ffacf6612b5777c6d44266f".into(),
            secret: "$2y$10$hBbAZo2GfSSvyqAyV2SaqOfYewgYpfR1O19gIh4SqyGWdmySZYPuS".into(),
            msisdn: "9647835077893".into(),
            ..ZainCashConfig::default()
        }
    }

    #[test]
    fn configuration_is_checked() {
        assert!(ZainCash::new(config()).is_ok());
        assert!(ZainCash::new(ZainCashConfig { msisdn: "0790-000".into(), ..config() }).is_err());
        assert!(ZainCash::new(ZainCashConfig { secret: String::new(), ..config() }).is_err());
        assert!(ZainCash::new(ZainCashConfig { merchant_id: " ".into(), ..config() }).is_err());
    }

    #[test]
    fn the_rate_is_read_exactly_and_mistakes_are_refused() {
        assert_eq!(IqdPerJod::parse("1850"), Ok(IqdPerJod { iqd_fils_per_jod: 1_850_000 }));
        assert_eq!(IqdPerJod::parse(" 1846.5 "), Ok(IqdPerJod { iqd_fils_per_jod: 1_846_500 }));
        for bad in ["", "0", "0.5", "-1850", "1,850", "1850 IQD", "1e3", "1846.5001", "1000001"] {
            let err = IqdPerJod::parse(bad).unwrap_err();
            assert!(err.0.contains(RATE_SETTING), "{bad:?}: {err}");
        }
        let z = |rate: &str| ZainCash::new(ZainCashConfig { iqd_per_jod: Some(rate.into()), ..config() });
        assert!(z("1850").is_ok());
        assert_eq!(
            z("abc").unwrap_err().0,
            "ZAINCASH_IQD_PER_JOD must be the number of IQD one JOD buys, like 1850 or 1846.5, not `abc`"
        );
    }

    #[test]
    fn jod_converts_to_whole_iqd_rounded_up_and_back() {
        let rate = IqdPerJod::parse("1850").unwrap();
        assert_eq!(rate.charge(5000), Ok(9_250_000), "5 JOD = 9250 IQD");
        assert_eq!(rate.jod_for(9_250_000), Ok(5000));
        assert_eq!(rate.charge(3000), Ok(5_550_000));
        // 4.99 JOD × 1850 = 9231.5 IQD: 9232 whole dinars are charged, never 9231.
        assert_eq!(rate.charge(4990), Ok(9_232_000));
        assert_eq!(rate.charge(0), Ok(0));
        assert!(rate.charge(-1).is_err());
        assert!(rate.iqd_for(i64::MAX).is_err(), "an overflow refuses, never wraps");
        let odd = IqdPerJod::parse("1846.537").unwrap();
        for jod in (0..200_000).step_by(7) {
            let iqd = odd.charge(jod).unwrap();
            assert_eq!(iqd % 1000, 0, "whole dinars");
            assert!(odd.jod_for(iqd).unwrap() >= jod, "{jod}: what is charged pays for the order");
            assert!(jod == 0 || odd.jod_for(iqd - 1000).unwrap() < jod, "{jod}: one dinar less would not");
            // 1 JOD fils is worth more than 1 IQD at these rates: the way back is exact.
            assert_eq!(odd.jod_for(iqd).unwrap(), jod);
        }
    }

    #[test]
    fn what_an_order_is_charged() {
        let plain = ZainCash::new(config()).unwrap();
        assert_eq!(plain.charge_for(250_000, "iqd"), Ok(Money { amount_fils: 250_000, currency: "IQD".into() }));
        assert_eq!(
            plain.charge_for(5000, "JOD"),
            Err(PaymentError::Gateway {
                status: 0,
                message: "ZainCash charges in IQD only: a JOD order needs ZAINCASH_IQD_PER_JOD".into()
            })
        );
        let rated = ZainCash::new(ZainCashConfig { iqd_per_jod: Some("1850".into()), ..config() }).unwrap();
        assert_eq!(rated.charge_for(5000, "JOD"), Ok(Money { amount_fils: 9_250_000, currency: "IQD".into() }));
        assert_eq!(
            rated.charge_for(5000, "USD"),
            Err(PaymentError::Gateway { status: 0, message: "ZainCash charges in IQD only, not USD".into() })
        );
    }

    #[test]
    fn statuses() {
        assert_eq!(status_of("success", ""), PaymentStatus::Paid);
        assert_eq!(status_of("completed", ""), PaymentStatus::Paid);
        assert_eq!(status_of("pending", ""), PaymentStatus::Pending);
        assert_eq!(status_of("otp_sent", ""), PaymentStatus::Pending);
        assert_eq!(
            status_of("failed", "Insufficient balance"),
            PaymentStatus::Declined { reason: "Insufficient balance (failed)".into() }
        );
    }

    #[test]
    fn the_token_is_found_even_after_a_second_question_mark() {
        let z = ZainCash::new(config()).unwrap();
        let token = z.sign_return_token(&ReturnClaims {
            status: "success".into(),
            orderid: Some("ORD-1".into()),
            id: "tx1".into(),
            msg: None,
        });
        let incoming = Incoming { query: vec![("order".into(), format!("ORD-1?token={token}"))], ..Default::default() };
        assert_eq!(z.verify_return(&incoming).unwrap(), "tx1");
        let v = z.verify_notification(&incoming).unwrap();
        assert_eq!(
            (v.status, v.order_ref.as_deref(), v.event_id.as_str()),
            (PaymentStatus::Paid, Some("ORD-1"), "tx1:success")
        );
    }
}
