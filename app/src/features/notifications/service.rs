//! The home of the `notifications` table: adding one per event (inside the transaction
//! that made the event), the user's list and unread count, the email preference, the
//! emails (claimed by one worker at a time, retried), the scheduled renewal and expiry
//! notices, and the live hub that tells each user's event stream.

use super::model::{NoticeData, NoticeKind, NoticeView, NoticesPage};
use crate::error::AppError;
use crate::i18n::{message, Lang};
use crate::platform::db::{failed, Db};
use crate::platform::mail::Email;
use crate::platform::AppState;
use crate::types::UnixMillis;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::broadcast;

const DAY_MS: i64 = 86_400_000;
/// A renewal reminder goes out this long before the period ends.
pub const RENEWAL_NOTICE_MS: i64 = 3 * DAY_MS;
/// An email a worker claimed but never marked sent is tried again after this long.
const EMAIL_CLAIM_MS: i64 = 10 * 60 * 1000;
const EMAIL_MAX_ATTEMPTS: i64 = 5;
/// A page of the bell's list.
pub const PAGE: i64 = 20;

/// Adds the notification of an event, once: false when this event already made one.
/// Called inside the transaction that records the event, so the two stand or fall together.
pub async fn add_in(
    conn: &mut AnyConnection,
    user_id: i64,
    kind: NoticeKind,
    event_key: &str,
    data: &NoticeData,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO notifications (user_id, kind, event_key, data, email_state, created_at) \
         SELECT u.id, $2, $3, $4, CASE WHEN $5 = 0 THEN 'none' WHEN u.email_notices = 1 THEN 'pending' ELSE 'skipped' END, $6 \
         FROM users u WHERE u.id = $1 \
         ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(event_key)
    .bind(serde_json::to_string(data).unwrap_or_else(|_| "{}".into()))
    .bind(i64::from(kind.emails()))
    // Stamped when written (not when the caller began): the live hub reads recent rows.
    .bind(UnixMillis::now().0.max(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// [`add_in`] on its own.
pub async fn add(
    db: &Db,
    user_id: i64,
    kind: NoticeKind,
    event_key: &str,
    data: &NoticeData,
) -> Result<bool, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    add_in(&mut conn, user_id, kind, event_key, data, UnixMillis::now().0).await
}

fn view(row: &sqlx::any::AnyRow) -> Option<NoticeView> {
    let kind = NoticeKind::parse(&row.try_get::<String, _>("kind").ok()?)?;
    let data = serde_json::from_str(&row.try_get::<String, _>("data").ok()?).unwrap_or_default();
    Some(NoticeView {
        id: row.try_get("id").ok()?,
        kind,
        data,
        created_at: row.try_get("created_at").ok()?,
        read: row.try_get::<Option<i64>, _>("read_at").ok()?.is_some(),
    })
}

/// A user's notifications older than `before` (all when none), newest first.
pub async fn list(db: &Db, user_id: i64, before: Option<i64>) -> Result<NoticesPage, AppError> {
    let rows = sqlx::query(
        "SELECT id, kind, data, created_at, read_at FROM notifications WHERE user_id = $1 AND id < $2 \
         ORDER BY id DESC LIMIT $3",
    )
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(PAGE + 1)
    .fetch_all(db.pool())
    .await
    .map_err(failed("list notifications"))?;
    let mut items: Vec<NoticeView> = rows.iter().filter_map(view).collect();
    let next = (items.len() as i64 > PAGE).then(|| {
        items.truncate(PAGE as usize);
        items.last().map(|n| n.id).unwrap_or(0)
    });
    Ok(NoticesPage { items, unread: unread(db, user_id).await?, next })
}

pub async fn unread(db: &Db, user_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(db.pool())
        .await
        .map_err(failed("unread notifications"))
}

/// Marks the user's notifications up to `up_to` read; returns how many are still unread.
pub async fn mark_read(db: &Db, user_id: i64, up_to: i64) -> Result<i64, AppError> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id <= $3 AND read_at IS NULL")
        .bind(UnixMillis::now().0)
        .bind(user_id)
        .bind(up_to)
        .execute(db.pool())
        .await
        .map_err(failed("read notifications"))?;
    unread(db, user_id).await
}

/// Whether the user wants emails about payments, renewals and a plan's end.
pub async fn email_pref(db: &Db, user_id: i64) -> Result<bool, AppError> {
    let on: Option<i64> = sqlx::query_scalar("SELECT email_notices FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(db.pool())
        .await
        .map_err(failed("email preference"))?;
    Ok(on.unwrap_or(1) == 1)
}

pub async fn set_email_pref(db: &Db, user_id: i64, on: bool) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET email_notices = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(on))
        .bind(UnixMillis::now().0)
        .bind(user_id)
        .execute(db.pool())
        .await
        .map_err(failed("set email preference"))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Email

/// Sends the emails due: each claimed by one worker (a conditional update), sent, marked
/// sent; a failure is tried again later, up to five times. A claim left by a worker that
/// stopped is taken again after ten minutes. Returns how many were sent.
pub async fn deliver_pending(state: &AppState, now: i64) -> Result<u64, String> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM notifications WHERE email_state = 'pending' \
         OR (email_state = 'sending' AND email_claimed_at < $1) ORDER BY id LIMIT 50",
    )
    .bind(now - EMAIL_CLAIM_MS)
    .fetch_all(state.db.pool())
    .await
    .map_err(|e| e.to_string())?;
    let mut sent = 0;
    for id in due {
        // Each claim is stamped when it is made, so a long batch never hands out claims
        // that already look abandoned to other workers.
        let claim_at = UnixMillis::now().0.max(now);
        let claimed = sqlx::query(
            "UPDATE notifications SET email_state = 'sending', email_claimed_at = $1, email_attempts = email_attempts + 1 \
             WHERE id = $2 AND (email_state = 'pending' OR (email_state = 'sending' AND email_claimed_at < $3))",
        )
        .bind(claim_at)
        .bind(id)
        .bind(claim_at - EMAIL_CLAIM_MS)
        .execute(state.db.pool())
        .await
        .map_err(|e| e.to_string())?;
        if claimed.rows_affected() != 1 {
            continue; // another worker has it
        }
        let row = sqlx::query(
            "SELECT n.id, n.kind, n.data, n.created_at, n.read_at, n.email_attempts, u.email, u.locale \
             FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = $1",
        )
        .bind(id)
        .fetch_one(state.db.pool())
        .await
        .map_err(|e| e.to_string())?;
        let attempts: i64 = row.try_get("email_attempts").unwrap_or(EMAIL_MAX_ATTEMPTS);
        let result = match view(&row) {
            Some(notice) => {
                let to: String = row.try_get("email").unwrap_or_default();
                let lang = Lang::from_tag(&row.try_get::<String, _>("locale").unwrap_or_default()).unwrap_or(Lang::Ar);
                state
                    .mailer
                    .send(&notice_email(&to, &notice, lang, &state.config.public_url))
                    .await
                    .map_err(|e| e.to_string())
            }
            None => Err("unknown notification kind".into()),
        };
        let next = match &result {
            Ok(()) => "sent",
            Err(_) if attempts < EMAIL_MAX_ATTEMPTS => "pending",
            Err(_) => "failed",
        };
        if let Err(e) = &result {
            tracing::warn!(notification = id, attempts, error = %e, "notification email not sent");
        }
        // Only while the claim is still this one's.
        sqlx::query(
            "UPDATE notifications SET email_state = $1 WHERE id = $2 AND email_state = 'sending' AND email_claimed_at = $3",
        )
        .bind(next)
        .bind(id)
        .bind(claim_at)
            .execute(state.db.pool())
            .await
            .map_err(|e| e.to_string())?;
        if result.is_ok() {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Sends what is due now, in the background (after an event that emails).
pub fn deliver_soon(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = deliver_pending(&state, UnixMillis::now().0).await {
            tracing::warn!(error = %e, "sending notification emails");
        }
    });
}

/// A notification's email, in the user's language, with a link to what it is about and
/// one to the notification settings.
pub fn notice_email(to: &str, notice: &NoticeView, lang: Lang, public_url: &str) -> Email {
    let t = |key: &str| message(lang, key);
    let title = notice.title(lang);
    let body = notice.body(lang);
    let link = format!("{public_url}{}", notice.kind.href());
    let prefs = format!("{public_url}/app/account#notifications");
    let text = format!(
        "{title}\n\n{body}\n\n{}: {link}\n\n{}\n{prefs}\n\n— {}",
        t("notice-email-open"),
        t("notice-email-prefs"),
        t("app-name")
    );
    use crate::platform::mail::{html_layout, Block};
    let html = html_layout(
        lang,
        &title,
        &[
            Block::Heading(&title),
            Block::Text(&body),
            Block::Button { label: &t("notice-email-open"), href: &link },
            Block::NoteLink { text: &t("notice-email-prefs"), label: &t("notice-email-prefs-link"), href: &prefs },
        ],
    );
    Email { to: to.to_string(), subject: title, text, html }
}

// ---------------------------------------------------------------------------------------
// Scheduled notices

/// The renewal reminders and plan-end notices due now (the sweeper; any number of workers
/// may run it at once: each event makes one notification, and its email is claimed once).
/// Returns how many notifications it added.
pub async fn scheduled_notices(state: &AppState, now: i64) -> Result<u64, String> {
    // Paid or granted periods ending within three days with nothing after them.
    let ending = notify_periods(
        state,
        NoticeKind::RenewalSoon,
        "renewal",
        "s.status = 'active' AND s.source IN ('payment', 'admin') AND s.period_end > $1 AND s.period_end <= $2 \
         AND NOT EXISTS (SELECT 1 FROM subscriptions n WHERE n.user_id = s.user_id AND n.id <> s.id \
                         AND n.status IN ('active', 'cancel_at_period_end') AND n.period_end > s.period_end)",
        (now, now + RENEWAL_NOTICE_MS),
        now,
    )
    .await?;
    // Periods that ended in the last week with no period running now.
    let ended = notify_periods(
        state,
        NoticeKind::PlanExpired,
        "expired",
        "s.status = 'expired' AND s.period_end <= $1 AND s.period_end > $2 \
         AND NOT EXISTS (SELECT 1 FROM subscriptions n WHERE n.user_id = s.user_id \
                         AND n.status IN ('trial', 'active', 'cancel_at_period_end') AND n.period_end > $1)",
        (now, now - 7 * DAY_MS),
        now,
    )
    .await?;
    Ok(ending + ended)
}

/// One notification of `kind` for each subscription matching `filter` (over `s`, with the
/// two bound times), keyed `{key}:{subscription id}`; how many were new.
async fn notify_periods(
    state: &AppState,
    kind: NoticeKind,
    key: &str,
    filter: &str,
    (a, b): (i64, i64),
    now: i64,
) -> Result<u64, String> {
    let text = |e: sqlx::Error| e.to_string();
    let mut conn = state.db.pool().acquire().await.map_err(text)?;
    let rows = sqlx::query(&format!(
        "SELECT s.id, s.user_id, s.period_end, p.code FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE {filter}"
    ))
    .bind(a)
    .bind(b)
    .fetch_all(&mut *conn)
    .await
    .map_err(text)?;
    let mut added = 0;
    for row in rows {
        let id: i64 = row.try_get("id").map_err(text)?;
        let user: i64 = row.try_get("user_id").map_err(text)?;
        let data = NoticeData {
            plan: row.try_get("code").ok(),
            ends_at: row.try_get("period_end").ok(),
            ..NoticeData::default()
        };
        if add_in(&mut conn, user, kind, &format!("{key}:{id}"), &data, now).await.map_err(text)? {
            added += 1;
        }
    }
    Ok(added)
}

// ---------------------------------------------------------------------------------------
// Live

/// How often the hub reads new notifications while someone listens.
pub const POLL: Duration = Duration::from_secs(1);
/// How far back each read looks (a row is stamped when written, but its transaction may
/// commit a little later); the ids already sent keep a row from going out twice.
const WINDOW_MS: i64 = 60_000;

/// A new notification, for its owner.
#[derive(Clone, Debug)]
pub struct Fresh {
    pub user_id: i64,
    pub notice: NoticeView,
}

/// Like the jobs' hub: one poller per process reads the rows added in the last seconds
/// and broadcasts the new ones; each user's stream keeps its own.
#[derive(Debug)]
pub struct Hub {
    tx: broadcast::Sender<Fresh>,
    started: AtomicBool,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { tx: broadcast::channel(1024).0, started: AtomicBool::new(false) }
    }
}

impl Hub {
    pub fn subscribe(&self, db: &Db) -> broadcast::Receiver<Fresh> {
        let rx = self.tx.subscribe();
        if !self.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(poll_forever(db.clone(), self.tx.clone()));
        }
        rx
    }
}

async fn poll_forever(db: Db, tx: broadcast::Sender<Fresh>) {
    let mut sent: HashMap<i64, i64> = HashMap::new(); // id → created_at
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let started = UnixMillis::now().0;
    loop {
        tick.tick().await;
        if tx.receiver_count() == 0 {
            continue;
        }
        let since = (UnixMillis::now().0 - WINDOW_MS).max(started - WINDOW_MS);
        let rows = match sqlx::query(
            "SELECT id, user_id, kind, data, created_at, read_at FROM notifications WHERE created_at >= $1 ORDER BY id",
        )
        .bind(since)
        .fetch_all(db.pool())
        .await
        {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "reading new notifications failed");
                continue;
            }
        };
        for row in rows {
            let (Some(notice), Ok(user_id)) = (view(&row), row.try_get::<i64, _>("user_id")) else { continue };
            if sent.insert(notice.id, notice.created_at).is_none() {
                let _ = tx.send(Fresh { user_id, notice });
            }
        }
        sent.retain(|_, at| *at >= since - WINDOW_MS);
    }
}
