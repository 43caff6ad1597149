//! What the admin pages show. Times are Unix ms; money is fils; days are Amman days
//! (`YYYY-MM-DD`).

use crate::types::{Fils, UnixMillis};
use serde::{Deserialize, Serialize};

/// A page of a keyset-paged list: `next` is the cursor (an id) for the following page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<i64>,
}

/// One bucket of a series (a day or a month) and its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    pub label: String,
    pub value: i64,
}

/// Usage of one model over the range, and what the provider is estimated to have cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelUsage {
    pub model: String,
    pub name_ar: String,
    pub name_en: String,
    /// tokens | images | videos
    pub kind: String,
    pub amount: i64,
    pub cost: Fils,
}

/// The dashboard over a range of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub from: String,
    pub to: String,
    /// Paying users now, by plan code.
    pub paying: Vec<(String, i64)>,
    /// Monthly recurring revenue now: the price of every paid plan running.
    pub mrr: Fils,
    /// Paid in the range, refunds recorded in the range, and the difference.
    pub paid: Fils,
    pub refunded: Fils,
    pub revenue: Fils,
    pub revenue_by_day: Vec<Point>,
    pub revenue_by_month: Vec<Point>,
    pub signups: i64,
    pub signups_by_day: Vec<Point>,
    pub usage: Vec<ModelUsage>,
    /// The estimated provider cost of all usage in the range.
    pub cost: Fils,
    pub failed_jobs: i64,
    pub moderation_events: i64,
    pub unreviewed_moderation: i64,
    pub users: i64,
    pub open_sessions: i64,
    /// The charts, drawn on the server (SVG), in the page's language and direction.
    pub revenue_svg: String,
    pub usage_svg: String,
}

/// A user in the operator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: Option<String>,
    pub role: String,
    pub suspended: bool,
    /// The plan running now, if any.
    pub plan: Option<String>,
    pub created_at: UnixMillis,
}

/// A payment in a user's detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPayment {
    pub id: i64,
    pub item: String,
    pub amount: Fils,
    pub status: String,
    pub created_at: UnixMillis,
}

/// Everything the operator sees of one user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetail {
    pub user: UserRow,
    pub usage: crate::features::usage::UsageSummary,
    pub payments: Vec<UserPayment>,
    pub open_sessions: i64,
    pub files: i64,
    pub file_bytes: i64,
    pub jobs: i64,
    /// The admin looking: some actions are not offered on one's own account.
    pub is_self: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionRow {
    pub id: i64,
    pub user_id: i64,
    pub email: String,
    pub plan: String,
    pub status: String,
    pub source: String,
    pub period_start: UnixMillis,
    pub period_end: UnixMillis,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminJob {
    pub id: i64,
    pub kind: String,
    pub user_id: i64,
    pub email: String,
    pub status: crate::features::jobs::JobStatus,
    pub attempts: i64,
    /// A message key.
    pub error: Option<String>,
    pub updated_at: UnixMillis,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationRow {
    pub id: i64,
    pub email: Option<String>,
    pub kind: String,
    pub source: String,
    pub categories: String,
    pub excerpt: Option<String>,
    pub created_at: UnixMillis,
    pub reviewed_at: Option<UnixMillis>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub actor: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub data: String,
    pub ip: Option<String>,
    pub created_at: UnixMillis,
}

/// The audit log's filter (also the CSV export's query).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// The actor's email (exact, case-insensitive); empty for all.
    #[serde(default)]
    pub actor: String,
    /// An action or its beginning (`admin.`); empty for all.
    #[serde(default)]
    pub action: String,
    /// Amman days, `YYYY-MM-DD`, both included; empty for open.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}
