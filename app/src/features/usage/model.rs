use serde::{Deserialize, Serialize};

/// What a plan meters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UsageKind {
    Tokens,
    Images,
    Videos,
}

impl UsageKind {
    pub const ALL: [UsageKind; 3] = [UsageKind::Tokens, UsageKind::Images, UsageKind::Videos];

    pub fn as_str(self) -> &'static str {
        match self {
            UsageKind::Tokens => "tokens",
            UsageKind::Images => "images",
            UsageKind::Videos => "videos",
        }
    }

    pub fn parse(s: &str) -> Option<UsageKind> {
        UsageKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One meter: how much of a kind the current period allows and has used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meter {
    pub kind: UsageKind,
    /// Settled use plus live reservations.
    pub used: i64,
    /// The plan's (or trial's) limit plus this period's add-ons.
    pub limit: i64,
}

impl Meter {
    pub fn remaining(&self) -> i64 {
        (self.limit - self.used).max(0)
    }
    /// Per mille of the limit used (0 when there is no limit).
    pub fn per_mille(&self) -> i64 {
        if self.limit <= 0 {
            1000
        } else {
            (self.used.saturating_mul(1000) / self.limit).min(1000)
        }
    }
    /// The whole percent shown to a person: rounded down like the meter's colour (so
    /// "80 %" is never green), but never "0 %" once something is used and never "100 %"
    /// before the limit is reached.
    pub fn percent_shown(&self) -> i64 {
        if self.limit <= 0 {
            return 0;
        }
        match self.used.clamp(0, self.limit) {
            0 => 0,
            used if used == self.limit => 100,
            used => (used.saturating_mul(100) / self.limit).clamp(1, 99),
        }
    }
    pub fn level(&self) -> MeterLevel {
        match self.per_mille() {
            0..=799 => MeterLevel::Ok,
            800..=999 => MeterLevel::Warn,
            _ => MeterLevel::Full,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeterLevel {
    Ok,
    Warn,
    Full,
}

impl MeterLevel {
    /// The name the page's CSS and tests read (`data-level`).
    pub fn as_str(self) -> &'static str {
        match self {
            MeterLevel::Ok => "ok",
            MeterLevel::Warn => "warn",
            MeterLevel::Full => "full",
        }
    }
}

/// A ledger line for the account page's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageLine {
    pub at: i64,
    pub kind: UsageKind,
    pub amount: i64,
    pub feature: Option<String>,
    pub model: Option<String>,
}

/// The signed-in user's plan period and meters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageSummary {
    pub plan_code: Option<String>,
    pub status: Option<String>,
    pub period_start: Option<i64>,
    /// When the meters reset (the period's end), Unix ms.
    pub period_end: Option<i64>,
    pub meters: Vec<Meter>,
    pub history: Vec<UsageLine>,
    /// Kinds past 80 % whose warning banner has not been dismissed this period.
    pub unseen_warnings: Vec<UsageKind>,
}

impl UsageSummary {
    pub fn meter(&self, kind: UsageKind) -> Meter {
        self.meters.iter().find(|m| m.kind == kind).cloned().unwrap_or(Meter { kind, used: 0, limit: 0 })
    }
}

/// What an action will cost, shown before the user starts it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostPreview {
    pub kind: UsageKind,
    pub amount: i64,
    pub remaining: i64,
    /// Whether the remaining allowance covers it.
    pub allowed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_percent_shown_agrees_with_the_colour_says_something_is_used_and_that_the_limit_is_not_reached() {
        let m = |used, limit| Meter { kind: UsageKind::Tokens, used, limit };
        assert_eq!(m(0, 150_000).percent_shown(), 0);
        // One demo answer: 0.97 % of the month reads 1 %, not 0 %.
        assert_eq!(m(1_455, 150_000).percent_shown(), 1);
        assert_eq!(m(1, 150_000).percent_shown(), 1);
        assert_eq!(m(3, 200).percent_shown(), 1);
        // 79.93 %: still green, so not "80 %".
        assert_eq!(m(1_199, 1_500).percent_shown(), 79);
        assert_eq!(m(1_199, 1_500).level(), MeterLevel::Ok);
        assert_eq!(m(1_200, 1_500).percent_shown(), 80);
        assert_eq!(m(149_999, 150_000).percent_shown(), 99);
        assert_eq!(m(150_000, 150_000).percent_shown(), 100);
        assert_eq!(m(200_000, 150_000).percent_shown(), 100);
        assert_eq!(m(5, 0).percent_shown(), 0);
    }

    #[test]
    fn levels_turn_amber_at_80_and_red_at_100_percent() {
        let m = |used, limit| Meter { kind: UsageKind::Images, used, limit };
        assert_eq!(m(7, 10).level(), MeterLevel::Ok);
        assert_eq!(m(8, 10).level(), MeterLevel::Warn);
        assert_eq!(m(10, 10).level(), MeterLevel::Full);
        assert_eq!(m(0, 0).level(), MeterLevel::Full);
        assert_eq!(m(119_999, 150_000).level(), MeterLevel::Ok);
        assert_eq!(m(120_000, 150_000).level(), MeterLevel::Warn);
        assert_eq!(m(12, 10).remaining(), 0);
    }
}
