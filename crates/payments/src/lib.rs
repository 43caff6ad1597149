//! Payment gateways behind one interface: create a checkout, read a payment's status,
//! and verify what a gateway tells us (server notifications and browser returns). The app
//! owns orders and what a payment grants; this crate only speaks the gateways' wire
//! formats and checks their signatures, never trusting an unverified byte.
//!
//! Money is integer fils (1 JOD = 1000 fils); each driver formats amounts the way its
//! gateway wants them.
//!
//! Nothing is granted on a statement that does not say how much was charged: a `Paid`
//! [`Verified`] without an amount and currency is completed from the gateway's own status
//! query by [`confirm_amount`], and what it must then state is exactly
//! [`PaymentDriver::charge_for`] the order (the app compares; a difference, or an amount
//! still missing, grants nothing and is recorded as suspicious).

pub mod amount;
pub mod hyperpay;
mod net;
pub mod paytabs;
pub mod sandbox;
pub mod zaincash;

pub use net::DEFAULT_TIMEOUT;

use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};

/// What the app asks a gateway to charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutRequest {
    /// Our order's reference (unique, ASCII, ≤ 32 chars), echoed back by the gateway.
    pub order_ref: String,
    pub amount_fils: i64,
    /// ISO 4217, `JOD` unless a driver is configured otherwise (ZainCash: `IQD`).
    pub currency: String,
    pub description: String,
    pub customer_email: String,
    pub customer_name: Option<String>,
    /// `ar` or `en`: the gateway page's language where it has one.
    pub lang: String,
    /// Where the browser comes back to (absolute URL).
    pub return_url: String,
    /// Where the gateway posts its server-to-server notification (absolute URL).
    pub notify_url: String,
}

/// How the browser pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Checkout {
    /// Send the browser to this URL (PayTabs, ZainCash, sandbox).
    Redirect { url: String, provider_ref: String },
    /// Show a page that loads the gateway's widget script (HyperPay COPYandPAY): the
    /// page includes `<script src={script_url}>` and a form whose action is `return_url`
    /// with class `paymentWidgets` and `data-brands`.
    ///
    /// `integrity` (when the gateway gave one) goes in the script tag's `integrity`
    /// attribute, with `crossorigin="anonymous"` (PCI DSS v4 script integrity).
    Widget { script_url: String, checkout_id: String, brands: String, provider_ref: String, integrity: Option<String> },
}

/// A payment's state as the gateway reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentStatus {
    Paid,
    Pending,
    /// Refused (card declined, cancelled by the user, 3-D Secure failed…).
    Declined {
        reason: String,
    },
}

/// A verified statement from a gateway about one payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    /// The gateway's id for the payment or checkout (what `status` takes).
    pub provider_ref: String,
    /// Our order reference, when the gateway echoes it.
    pub order_ref: Option<String>,
    pub status: PaymentStatus,
    /// What the gateway says was charged (None when it does not say). A `Paid` statement
    /// without an amount grants nothing unless [`confirm_amount`] fills it in from the
    /// gateway's status query.
    pub amount_fils: Option<i64>,
    /// The currency of `amount_fils` (ISO 4217), required alongside it for the same reason.
    pub currency: Option<String>,
    /// A stable id for this statement, for idempotency (e.g. the gateway's transaction id
    /// plus its result), so the same notification received twice has the same id.
    pub event_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// A signature, tag or token did not verify: forged or corrupted. Answer 400/401.
    #[error("signature does not verify")]
    BadSignature,
    /// Not in the gateway's format.
    #[error("unreadable: {0}")]
    BadPayload(String),
    /// The gateway answered with an error.
    #[error("gateway error (HTTP {status}): {message}")]
    Gateway { status: u16, message: String },
    #[error("network: {0}")]
    Network(String),
    #[error("timed out")]
    Timeout,
    /// Authentic (signature or tag verified) but not a payment the app acts on: a refund,
    /// a reversal or chargeback, a card registration or risk event, a test notice. Answer
    /// 200 (so the gateway stops retrying) and change nothing.
    #[error("not acted on: {0}")]
    Ignored(String),
}

/// An amount of money: integer fils (thousandths of the major unit) and its ISO 4217 code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount_fils: i64,
    pub currency: String,
}

/// A driver's configuration is unusable (missing key, malformed host…): said at startup.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("payment configuration: {0}")]
pub struct ConfigError(pub String);

/// What a gateway sent to us over HTTP, for verification.
#[derive(Clone, Debug, Default)]
pub struct Incoming {
    pub headers: http::HeaderMap,
    /// `application/x-www-form-urlencoded` or JSON body, raw.
    pub body: Vec<u8>,
    /// Query string pairs (browser returns carry their data there).
    pub query: Vec<(String, String)>,
}

pub trait PaymentDriver: Send + Sync + std::fmt::Debug {
    /// `sandbox`, `hyperpay`, `paytabs`, `zaincash` (stored with each payment).
    fn name(&self) -> &'static str;
    fn create_checkout(&self, req: CheckoutRequest) -> BoxFuture<'_, Result<Checkout, PaymentError>>;
    /// Asks the gateway for the payment's state (the return page uses it, so a lost
    /// notification still completes the order).
    fn status(&self, provider_ref: &str) -> BoxFuture<'_, Result<Verified, PaymentError>>;
    /// Verifies a server-to-server notification (webhook / IPN / callback).
    fn verify_notification(&self, incoming: &Incoming) -> Result<Verified, PaymentError>;
    /// Verifies what the browser brought back to `return_url` (signed POST, token, or just
    /// a reference to look up with `status`). Returns the provider ref to check.
    fn verify_return(&self, incoming: &Incoming) -> Result<String, PaymentError>;

    /// What this gateway charges for an order of `amount_fils` in `currency`: exactly what
    /// [`create_checkout`](PaymentDriver::create_checkout) asks the payer for, and so
    /// exactly what a `Paid` statement about that order must state (amount and currency)
    /// for the app to grant anything.
    ///
    /// The default is the order's own amount and currency (upper-cased). A gateway that
    /// cannot charge the order's currency converts here (ZainCash: JOD at the configured
    /// rate to whole IQD) or refuses with [`PaymentError::Gateway`] status 0.
    fn charge_for(&self, amount_fils: i64, currency: &str) -> Result<Money, PaymentError> {
        Ok(Money { amount_fils, currency: currency.to_ascii_uppercase() })
    }
}

/// Makes sure a `Paid` statement says what was charged before anything acts on it.
///
/// Statements that are not `Paid`, or that carry both an amount and a currency, come back
/// unchanged. A `Paid` statement missing either (a ZainCash return token never has one; a
/// webhook might omit it) is checked with the gateway's [`status`](PaymentDriver::status)
/// query for the same `provider_ref`: when the gateway answers `Paid` about that very
/// payment (same `provider_ref`; the same `order_ref`, amount or currency wherever both
/// name one) with an
/// amount and a currency, those are filled in; the statement keeps its own `event_id`, so
/// idempotency is unchanged. Otherwise — the query fails, says anything but `Paid`, names
/// another payment or gives no amount — the statement comes back still without an amount,
/// and the caller must grant nothing and record it as unconfirmed.
///
/// Never fails: an unconfirmed statement is the answer, not an error.
pub async fn confirm_amount(driver: &dyn PaymentDriver, statement: Verified) -> Verified {
    if statement.status != PaymentStatus::Paid || (statement.amount_fils.is_some() && statement.currency.is_some()) {
        return statement;
    }
    let answer = match driver.status(&statement.provider_ref).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::warn!(error = %e, gateway = driver.name(), payment = %statement.provider_ref,
                "a paid statement without an amount could not be confirmed: the status query failed");
            return statement;
        }
    };
    // The answer must be about this payment, and agree with whatever the statement did say.
    fn agrees<T: PartialEq>(a: &Option<T>, s: &Option<T>) -> bool {
        match (a, s) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        }
    }
    let same_payment = answer.provider_ref == statement.provider_ref
        && agrees(&answer.order_ref, &statement.order_ref)
        && agrees(&answer.amount_fils, &statement.amount_fils)
        && agrees(
            &answer.currency.as_ref().map(|c| c.to_ascii_uppercase()),
            &statement.currency.as_ref().map(|c| c.to_ascii_uppercase()),
        );
    match (answer.status, answer.amount_fils, answer.currency) {
        (PaymentStatus::Paid, Some(amount_fils), Some(currency)) if same_payment => {
            Verified { amount_fils: Some(amount_fils), currency: Some(currency), ..statement }
        }
        (status, amount, _) => {
            tracing::warn!(gateway = driver.name(), payment = %statement.provider_ref, ?status, ?amount, same_payment,
                "a paid statement without an amount was not confirmed by the gateway's status query");
            statement
        }
    }
}
