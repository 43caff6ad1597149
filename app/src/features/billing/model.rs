use crate::types::{Fils, UnixMillis};
use serde::{Deserialize, Serialize};

/// An add-on: one more helping of a quota for the current period, 1 JOD each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Addon {
    /// +200,000 tokens.
    Tokens,
    /// +10 images.
    Images,
    /// +1 video.
    Video,
}

impl Addon {
    pub const ALL: [Addon; 3] = [Addon::Tokens, Addon::Images, Addon::Video];
    pub const PRICE: Fils = Fils(1000);

    pub fn code(self) -> &'static str {
        match self {
            Addon::Tokens => "tokens",
            Addon::Images => "images",
            Addon::Video => "video",
        }
    }

    pub fn parse(s: &str) -> Option<Addon> {
        Addon::ALL.into_iter().find(|a| a.code() == s)
    }

    /// What it adds: (meter kind code, amount).
    pub fn grant(self) -> (&'static str, i64) {
        match self {
            Addon::Tokens => ("tokens", 200_000),
            Addon::Images => ("images", 10),
            Addon::Video => ("videos", 1),
        }
    }
}

/// What a user can buy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Item {
    Plan(String),
    Addon(Addon),
}

impl Item {
    /// `plan:pro`, `addon:tokens`.
    pub fn parse(s: &str) -> Option<Item> {
        match s.split_once(':')? {
            ("plan", code) if ["starter", "pro", "creator"].contains(&code) => Some(Item::Plan(code.to_string())),
            ("addon", code) => Addon::parse(code).map(Item::Addon),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Item::Plan(_) => "plan",
            Item::Addon(_) => "addon",
        }
    }

    pub fn code(&self) -> String {
        match self {
            Item::Plan(c) => c.clone(),
            Item::Addon(a) => a.code().to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentState {
    Pending,
    Paid,
    Failed,
    Cancelled,
    Refunded,
}

impl PaymentState {
    pub fn parse(s: &str) -> PaymentState {
        match s {
            "paid" => PaymentState::Paid,
            "failed" => PaymentState::Failed,
            "cancelled" => PaymentState::Cancelled,
            "refunded" => PaymentState::Refunded,
            _ => PaymentState::Pending,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Pending => "pending",
            PaymentState::Paid => "paid",
            PaymentState::Failed => "failed",
            PaymentState::Cancelled => "cancelled",
            PaymentState::Refunded => "refunded",
        }
    }
}

/// One payment in the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: i64,
    pub order_ref: String,
    /// `plan` or `addon`.
    pub kind: String,
    /// The plan or add-on code.
    pub item: String,
    pub amount: Fils,
    pub currency: String,
    pub provider: String,
    pub state: PaymentState,
    pub created_at: UnixMillis,
    pub paid_at: Option<UnixMillis>,
    /// Set when the payment is paid: `/billing/invoices/{id}.pdf`.
    pub invoice_number: Option<String>,
}

/// The message key naming what a payment buys: a plan's name or an add-on.
pub fn item_key(kind: &str, item: &str) -> String {
    if kind == "plan" {
        format!("plan-name-{item}")
    } else {
        format!("billing-addon-{item}")
    }
}

/// The account page's billing card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingView {
    /// The current plan's code (`trial` periods say `starter` with `on_trial`).
    pub plan: Option<String>,
    pub on_trial: bool,
    /// `active`, `cancel_at_period_end`, `trial`.
    pub status: Option<String>,
    /// When the current paid time ends (the last queued period's end).
    pub renews_at: Option<UnixMillis>,
    /// The plans on sale.
    pub offers: Vec<crate::features::plans::Plan>,
    pub payments: Vec<PaymentView>,
    /// Which gateway the buttons go to.
    pub provider: String,
}

/// A payment as admins see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPayment {
    pub id: i64,
    pub email: String,
    pub order_ref: String,
    pub kind: String,
    pub item: String,
    pub amount: Fils,
    pub provider: String,
    pub provider_ref: Option<String>,
    pub state: PaymentState,
    pub suspicious: Option<String>,
    pub refund_note: Option<String>,
    pub created_at: UnixMillis,
}
