//! Notifications as their owner sees them: what happened, when, and whether it was read.

use serde::{Deserialize, Serialize};

/// What a notification is about. Each kind has its title and text in the locales
/// (`notice-<kind>-title`, `notice-<kind>-body`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A background job (a clip, a render) finished.
    JobDone,
    /// A background job failed for good.
    JobFailed,
    /// 80 % of a meter is used this period.
    Quota80,
    /// A meter is used up.
    Quota100,
    PaymentPaid,
    PaymentFailed,
    /// The paid period ends in three days and nothing follows it.
    RenewalSoon,
    /// The plan ended and nothing followed it.
    PlanExpired,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 8] = [
        NoticeKind::JobDone,
        NoticeKind::JobFailed,
        NoticeKind::Quota80,
        NoticeKind::Quota100,
        NoticeKind::PaymentPaid,
        NoticeKind::PaymentFailed,
        NoticeKind::RenewalSoon,
        NoticeKind::PlanExpired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::JobDone => "job_done",
            NoticeKind::JobFailed => "job_failed",
            NoticeKind::Quota80 => "quota_80",
            NoticeKind::Quota100 => "quota_100",
            NoticeKind::PaymentPaid => "payment_paid",
            NoticeKind::PaymentFailed => "payment_failed",
            NoticeKind::RenewalSoon => "renewal_soon",
            NoticeKind::PlanExpired => "plan_expired",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether it is also sent by email (money and plans; the rest is in-app only).
    pub fn emails(self) -> bool {
        matches!(
            self,
            NoticeKind::PaymentPaid | NoticeKind::PaymentFailed | NoticeKind::RenewalSoon | NoticeKind::PlanExpired
        )
    }

    /// A payment that became paid or was declined.
    pub fn is_payment(self) -> bool {
        matches!(self, NoticeKind::PaymentPaid | NoticeKind::PaymentFailed)
    }

    /// The message keys of its title and text.
    pub fn title_key(self) -> String {
        format!("notice-{}-title", self.as_str().replace('_', "-"))
    }

    pub fn body_key(self) -> String {
        format!("notice-{}-body", self.as_str().replace('_', "-"))
    }

    /// Where the notification leads.
    pub fn href(self) -> &'static str {
        match self {
            NoticeKind::JobDone | NoticeKind::JobFailed => "/app/account#jobs",
            NoticeKind::Quota80 | NoticeKind::Quota100 => "/app/account#plans",
            NoticeKind::PaymentPaid | NoticeKind::PaymentFailed | NoticeKind::RenewalSoon | NoticeKind::PlanExpired => {
                "/app/account#billing"
            }
        }
    }
}

/// The facts a notification's text is made from (each kind uses some).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeData {
    /// A job's kind (`video.generate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_kind: Option<String>,
    /// The message key of a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A meter: tokens, images or videos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter: Option<String>,
    /// A plan code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// What was bought: a plan or an add-on code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_fils: Option<i64>,
    /// When the period ends (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<i64>,
}

/// One notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    pub kind: NoticeKind,
    pub data: NoticeData,
    pub created_at: i64,
    pub read: bool,
}

/// A page of the user's notifications, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticesPage {
    pub items: Vec<NoticeView>,
    /// How many are unread (all of them, not only this page's).
    pub unread: i64,
    /// The id to ask for the next (older) page with, if there is one.
    pub next: Option<i64>,
}

/// What the event stream says about notifications: at its start (`item` none) and for
/// each new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeEvent {
    pub unread: i64,
    #[serde(default)]
    pub item: Option<NoticeView>,
}

impl NoticeView {
    /// The arguments its title and text are made with, in a language.
    pub fn args(&self, lang: crate::i18n::Lang) -> Vec<(&'static str, crate::i18n::Arg)> {
        use crate::i18n::{format_date, format_jod, message, Arg};
        let d = &self.data;
        let mut args = Vec::new();
        if let Some(kind) = &d.job_kind {
            args.push(("job", Arg::Text(message(lang, &format!("job-kind-{}", kind.replace('.', "-"))))));
        }
        args.push(("error", Arg::Text(d.error.as_deref().map(|k| message(lang, k)).unwrap_or_default())));
        if let Some(meter) = &d.meter {
            args.push(("meter", Arg::Text(message(lang, &format!("notice-meter-{meter}")))));
        }
        let item = match (&d.plan, &d.item) {
            (_, Some(addon)) => message(lang, &format!("billing-addon-{addon}")),
            (Some(plan), None) => message(lang, &format!("plan-name-{plan}")),
            (None, None) => String::new(),
        };
        if let Some(plan) = &d.plan {
            args.push(("plan", Arg::Text(message(lang, &format!("plan-name-{plan}")))));
        }
        args.push(("item", Arg::Text(item)));
        if let Some(fils) = d.amount_fils {
            args.push(("amount", Arg::Text(format_jod(fils, lang))));
        }
        if let Some(at) = d.ends_at {
            args.push(("date", Arg::Text(format_date(at, lang))));
        }
        args
    }

    pub fn title(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::message_with(lang, &self.kind.title_key(), &self.args(lang))
    }

    pub fn body(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::message_with(lang, &self.kind.body_key(), &self.args(lang))
    }
}
