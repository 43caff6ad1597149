//! Metered work: the one path for every action that costs quota.
//!
//! A feature describes what an action may cost as a [`Quote`] (kind, at least / at most,
//! feature, model). [`begin`] screens the prompt (text, and an image when there is one)
//! first, then reserves; what comes back is a [`Metered`] guard that must end in
//! [`Metered::settle`] (what was really used) or [`Metered::release`]. A guard dropped
//! without either — a panic, a cancelled request, an early `?` — releases its
//! reservation and logs that it did, so a forgotten branch can never hold quota.
//! [`preview`] answers "2 of your 27 remaining images" from the same quote.
//!
//! Long work hands its reservation to a durable job instead (`platform::jobs`), which
//! settles or releases it in the same transaction that ends the job.
//!
//! Nothing outside this module and `platform::jobs` calls the ledger's reserve, settle
//! or release (a unit test below reads the sources to keep it so).

pub mod generate;

use crate::error::AppError;
use crate::features::usage::{CostPreview, UsageKind};
use crate::platform::db::{Db, WriteTx};
use crate::platform::metering::ledger::{self, Reservation, ReserveRequest, Settled};
use crate::platform::moderation::ImageInput;
use crate::platform::AppState;

/// What an action may cost: at least `min`, at most `max` of `kind` (equal for items such
/// as images; a range for tokens, whose real count is known only afterwards).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Quote {
    pub kind: UsageKind,
    pub min: i64,
    pub max: i64,
    /// chat | image | video | cv | slides … (the usage history's "feature").
    pub feature: String,
    pub model: Option<String>,
    /// How long the reservation holds when nobody settles it (a crashed process).
    pub ttl_ms: i64,
}

impl Quote {
    /// Exactly `amount` (images, videos).
    pub fn exact(kind: UsageKind, amount: i64, feature: &str) -> Quote {
        Quote::range(kind, amount, amount, feature)
    }

    /// At least `min`, as much as `max` when the plan has room for it (tokens).
    pub fn range(kind: UsageKind, min: i64, max: i64, feature: &str) -> Quote {
        Quote { kind, min, max, feature: feature.to_string(), model: None, ttl_ms: ledger::DEFAULT_TTL_MS }
    }

    pub fn model(mut self, model: impl Into<String>) -> Quote {
        self.model = Some(model.into());
        self
    }

    pub fn ttl_ms(mut self, ttl_ms: i64) -> Quote {
        self.ttl_ms = ttl_ms;
        self
    }

    fn request(&self, user_id: i64) -> ReserveRequest<'_> {
        ReserveRequest {
            user_id,
            kind: self.kind,
            min: self.min,
            max: self.max,
            model: self.model.as_deref(),
            feature: &self.feature,
            ttl_ms: self.ttl_ms,
        }
    }
}

/// What moderation reads before anything is reserved.
#[derive(Clone, Copy, Debug)]
pub struct Screen<'a> {
    /// moderation_events.kind: text | image_prompt | video_prompt | chat …
    pub kind: &'a str,
    pub text: &'a str,
    pub image: Option<ImageInput<'a>>,
}

impl<'a> Screen<'a> {
    pub fn text(kind: &'a str, text: &'a str) -> Screen<'a> {
        Screen { kind, text, image: None }
    }

    pub fn with_image(mut self, image: Option<ImageInput<'a>>) -> Screen<'a> {
        self.image = image;
        self
    }
}

/// Screens (when `screen` is given: a regenerated answer reuses a question that was
/// screened when it was asked), then reserves. A refusal reserves nothing.
pub async fn begin(
    state: &AppState,
    user_id: i64,
    quote: &Quote,
    screen: Option<Screen<'_>>,
) -> Result<Metered, AppError> {
    if let Some(s) = screen {
        crate::platform::moderation::screen_with_image(state, Some(user_id), s.kind, s.text, s.image).await?;
    }
    let reservation = ledger::reserve(&state.db, &quote.request(user_id)).await.map_err(AppError::from)?;
    metrics::counter!("pulse_work_reserved_total", "feature" => quote.feature.clone()).increment(1);
    Ok(Metered { db: state.db.clone(), reservation, feature: quote.feature.clone(), open: true })
}

/// [`begin`]'s reservation inside a transaction that holds the user's lock
/// ([`ledger::lock_user`]): a job is created with its reservation in one commit. The
/// caller screens first ([`screen`]).
pub async fn reserve_in(tx: &mut WriteTx, user_id: i64, quote: &Quote) -> Result<Reservation, AppError> {
    ledger::reserve_in(tx, &quote.request(user_id)).await.map_err(AppError::from)
}

/// Moderation alone, for work that reserves inside its own transaction.
pub async fn screen(state: &AppState, user_id: i64, screen: Screen<'_>) -> Result<(), AppError> {
    crate::platform::moderation::screen_with_image(state, Some(user_id), screen.kind, screen.text, screen.image).await
}

/// Settles a reservation a job holds, inside the transaction that ends the job.
pub async fn settle_in(tx: &mut WriteTx, reservation_id: i64, used: i64) -> Result<Settled, AppError> {
    if used <= 0 {
        ledger::release_in(tx, reservation_id).await.map_err(AppError::from)?;
        return Ok(Settled { amount: 0, warning_issued: false });
    }
    ledger::settle_in(tx, reservation_id, used).await.map_err(AppError::from)
}

/// Releases a reservation a job holds, inside the transaction that ends the job.
pub async fn release_in(tx: &mut WriteTx, reservation_id: i64) -> Result<(), AppError> {
    ledger::release_in(tx, reservation_id).await.map_err(AppError::from)
}

/// What the quote would leave of the plan, without reserving: the cost preview.
pub async fn preview(db: &Db, user_id: i64, quote: &Quote) -> Result<CostPreview, AppError> {
    ledger::preview(db, user_id, quote.kind, quote.max).await.map_err(crate::platform::db::failed("preview"))
}

/// A reservation that must be settled or released. See the module's documentation.
#[derive(Debug)]
#[must_use = "metered work must end in settle() or release()"]
pub struct Metered {
    db: Db,
    reservation: Reservation,
    feature: String,
    open: bool,
}

impl Metered {
    /// The ledger row (a chat answer records it).
    pub fn reservation_id(&self) -> i64 {
        self.reservation.id
    }

    /// What was granted: between the quote's min and max.
    pub fn amount(&self) -> i64 {
        self.reservation.amount
    }

    /// Charges what was really used (never more than was reserved); nothing used releases.
    /// Returns what was charged.
    pub async fn settle(mut self, used: i64) -> Result<Settled, AppError> {
        self.open = false;
        if used <= 0 {
            ledger::release(&self.db, self.reservation.id).await.map_err(AppError::from)?;
            return Ok(Settled { amount: 0, warning_issued: false });
        }
        let settled = ledger::settle(&self.db, self.reservation.id, used).await.map_err(AppError::from)?;
        metrics::counter!("pulse_work_settled_total", "feature" => self.feature.clone()).increment(1);
        Ok(settled)
    }

    /// Gives the whole reservation back (the provider failed, nothing was made).
    pub async fn release(mut self) -> Result<(), AppError> {
        self.open = false;
        metrics::counter!("pulse_work_released_total", "feature" => self.feature.clone()).increment(1);
        ledger::release(&self.db, self.reservation.id).await.map_err(AppError::from)
    }
}

impl Drop for Metered {
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        let id = self.reservation.id;
        tracing::warn!(reservation = id, feature = %self.feature, "metered work dropped without settle or release");
        metrics::counter!("pulse_work_dropped_total", "feature" => self.feature.clone()).increment(1);
        let db = self.db.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                rt.spawn(async move {
                    if let Err(e) = ledger::release(&db, id).await {
                        tracing::error!(error = %e, reservation = id, "releasing a dropped reservation failed");
                    }
                });
            }
            // No runtime (process teardown): the reservation lapses at its expiry.
            Err(_) => tracing::error!(reservation = id, "no runtime to release a dropped reservation"),
        }
    }
}

#[cfg(test)]
mod tests {
    /// The one metered path: no feature reserves, settles or releases by hand.
    #[test]
    fn nothing_outside_the_core_touches_the_ledger() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                if rel.starts_with("platform/work/")
                    || rel.starts_with("platform/jobs/")
                    || rel.starts_with("platform/metering/")
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for call in ["ledger::reserve", "ledger::settle", "ledger::release", "reserve_in(", "settle_in("] {
                    if text.contains(call) {
                        offenders.push(format!("{rel}: {call}"));
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "quota changed outside platform::work: {offenders:?}");
    }
}
