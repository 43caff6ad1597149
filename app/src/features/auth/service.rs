//! The magic-link flow: ask for a link (rate-limited, same answer for every address),
//! follow it (single use, 15 minutes, bound to the email), get a session.

use super::Role;
use crate::error::AppError;
use crate::i18n::{message, message_with, Arg, Lang};
use crate::platform::auth::{sessions, tokens, users};
use crate::platform::mail::{Email, Mailer};
use crate::platform::{audit, AppState};
use crate::types::UnixMillis;
use sqlx::Row;

pub const LINK_TTL_MS: i64 = 15 * 60 * 1000;
pub const RATE_WINDOW_MS: i64 = 15 * 60 * 1000;
pub const DEFAULT_LANDING: &str = "/app/chat";

/// Lower-cases and checks an email address.
pub fn normalise_email(input: &str) -> Option<String> {
    let email = input.trim().to_lowercase();
    (email.len() <= 254 && email.parse::<lettre::Address>().is_ok() && email.contains('.')).then_some(email)
}

/// Where to land after signing in: a same-site path, never `/login` or `/auth/…` again.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.starts_with("/login")
        && !next.starts_with("/auth/")
        && !next.chars().any(|c| c.is_control())
        && next.len() <= 1024;
    ok.then(|| next.to_string())
}

/// Sends a sign-in link if the limits allow. Whether an account exists changes nothing.
/// `browser`: the asking browser's nonce (a short-lived cookie); the link remembers its
/// hash, so opening it elsewhere asks for confirmation.
///
/// The limits are checked and the link recorded in one write transaction (SQLite: the one
/// writer; PostgreSQL: advisory locks on the address and the IP, always taken in that
/// order), so parallel requests cannot all pass the count before any of them is inserted.
#[allow(clippy::too_many_arguments)]
pub async fn request_link(
    state: &AppState,
    raw_email: &str,
    next: Option<&str>,
    lang: Lang,
    ip: Option<&str>,
    browser: &str,
    mailer: &Mailer,
) -> Result<(), AppError> {
    let email = normalise_email(raw_email).ok_or_else(|| AppError::Validation("error-email-invalid".into()))?;
    let db = &state.db;
    let now = UnixMillis::now().0;
    let since = now - RATE_WINDOW_MS;
    let internal = |e: sqlx::Error| {
        tracing::error!(error = %e, "login link: database");
        AppError::Internal
    };

    let mut tx = crate::platform::db::WriteTx::begin(db).await.map_err(internal)?;
    if tx.backend() == crate::platform::db::Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(1, hashtext($1))")
            .bind(format!("login-email:{email}"))
            .execute(tx.conn())
            .await
            .map_err(internal)?;
        if let Some(ip) = ip {
            sqlx::query("SELECT pg_advisory_xact_lock(1, hashtext($1))")
                .bind(format!("login-ip:{ip}"))
                .execute(tx.conn())
                .await
                .map_err(internal)?;
        }
    }
    let mut checks = vec![("email", email.clone(), state.config.login_links_per_email)];
    if let Some(ip) = ip {
        checks.push(("ip", ip.to_string(), state.config.login_links_per_ip));
    }
    for (column, value, limit) in checks {
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM login_tokens WHERE {column} = $1 AND created_at > $2"
        ))
        .bind(value)
        .bind(since)
        .fetch_one(tx.conn())
        .await
        .map_err(internal)?;
        let count: i64 = row.try_get("n").map_err(internal)?;
        let oldest: Option<i64> = row.try_get("oldest").map_err(internal)?;
        if count >= limit {
            tx.rollback().await;
            let retry_after_secs = ((oldest.unwrap_or(now) + RATE_WINDOW_MS - now).max(1000) / 1000) as u64;
            return Err(AppError::RateLimited { retry_after_secs });
        }
    }

    let token = tokens::random_token();
    sqlx::query(
        "INSERT INTO login_tokens (email, token_hash, next_path, locale, ip, created_at, expires_at, browser_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&email)
    .bind(tokens::sha256_hex(&token))
    .bind(safe_next(next))
    .bind(lang.code())
    .bind(ip.map(str::to_string))
    .bind(now)
    .bind(now + LINK_TTL_MS)
    .bind(tokens::sha256_hex(browser))
    .execute(tx.conn())
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;

    let link = format!("{}/auth/verify?token={token}", state.config.public_url);
    // Links are secrets: logged only in development, where the outbox stands in for mail.
    if state.config.mode == crate::platform::config::Mode::Dev && matches!(mailer, Mailer::Outbox { .. }) {
        tracing::info!(%email, %link, "sign-in link (development: no SMTP configured)");
    }
    mailer.send(&login_email(&email, &link, lang)).await.map_err(|e| {
        tracing::error!(error = %e, "login link: sending failed");
        AppError::Unavailable
    })
}

/// The sign-in email, in the user's language: plain text and an HTML version laid out
/// right-to-left for Arabic.
pub fn login_email(to: &str, link: &str, lang: Lang) -> Email {
    let t = |key: &str| message(lang, key);
    let minutes = message_with(lang, "email-login-expiry", &[("minutes", Arg::Num(LINK_TTL_MS / 60_000))]);
    let text = format!(
        "{}\n\n{}\n\n{link}\n\n{minutes}\n{}\n\n— {}",
        t("email-login-greeting"),
        t("email-login-intro"),
        t("email-login-ignore"),
        t("app-name"),
    );
    use crate::platform::mail::{html_layout, Block};
    let html = html_layout(
        lang,
        &t("email-login-subject"),
        &[
            Block::Text(&t("email-login-greeting")),
            Block::Text(&t("email-login-intro")),
            Block::Button { label: &t("email-login-button"), href: link },
            Block::Note(&minutes),
            Block::Note(&t("email-login-fallback")),
            Block::Link(link),
            Block::Note(&t("email-login-ignore")),
        ],
    );
    Email { to: to.to_string(), subject: t("email-login-subject"), text, html }
}

/// Why a link did not sign anyone in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    Invalid,
    Expired,
    Used,
    Suspended,
}

impl LinkProblem {
    pub fn code(self) -> &'static str {
        match self {
            LinkProblem::Invalid => "invalid",
            LinkProblem::Expired => "expired",
            LinkProblem::Used => "used",
            LinkProblem::Suspended => "suspended",
        }
    }
}

/// How long sign-in links (the address and the IP that asked) are kept: past their
/// 15 minutes they serve only the rate limits' 15-minute window and abuse checks.
pub const LINKS_KEPT_MS: i64 = 24 * 60 * 60 * 1000;

/// Deletes sign-in links older than [`LINKS_KEPT_MS`] (the auth feature's sweeper).
pub async fn purge_links(db: &crate::platform::db::Db, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM login_tokens WHERE created_at < $1")
        .bind(now - LINKS_KEPT_MS)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

/// What the confirmation page shows before anyone is signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkPeek {
    /// The address, partly hidden: `sa…@example.jo`.
    pub email_hint: String,
    /// The link was asked for in this browser (its nonce cookie matches).
    pub same_browser: bool,
}

/// `sara@example.jo` → `sa…@example.jo`: enough for its owner to recognise, not enough
/// to learn someone's address from a forwarded link.
pub fn email_hint(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let shown: String = local.chars().take(if local.chars().count() > 3 { 2 } else { 1 }).collect();
    format!("{shown}…@{domain}")
}

/// Looks at a link without using it (a mail scanner's visit changes nothing).
pub async fn peek_link(
    state: &AppState,
    token: &str,
    browser: Option<&str>,
) -> Result<Result<LinkPeek, LinkProblem>, AppError> {
    if !tokens::looks_like_token(token) {
        return Ok(Err(LinkProblem::Invalid));
    }
    let row = sqlx::query("SELECT email, expires_at, used_at, browser_hash FROM login_tokens WHERE token_hash = $1")
        .bind(tokens::sha256_hex(token))
        .fetch_optional(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("peek link"))?;
    let Some(row) = row else { return Ok(Err(LinkProblem::Invalid)) };
    if row.get::<Option<i64>, _>("used_at").is_some() {
        return Ok(Err(LinkProblem::Used));
    }
    if row.get::<i64, _>("expires_at") <= UnixMillis::now().0 {
        return Ok(Err(LinkProblem::Expired));
    }
    let bound: Option<String> = row.get("browser_hash");
    let same_browser = match (bound, browser.filter(|b| tokens::looks_like_token(b))) {
        (Some(hash), Some(nonce)) => hash == tokens::sha256_hex(nonce),
        _ => false,
    };
    Ok(Ok(LinkPeek { email_hint: email_hint(&row.get::<String, _>("email")), same_browser }))
}

/// Applies `ADMIN_EMAILS`: a listed address is made admin, an admin from the list no
/// longer listed is made a user again (audited either way); an admin made in the admin
/// console is left alone. Called at sign-in and by the session layer, so removing an
/// address takes effect at once.
pub async fn sync_role(state: &AppState, user: &mut super::SessionUser, ip: Option<&str>) -> Result<(), sqlx::Error> {
    let listed = state.config.admin_emails.iter().any(|a| a == &user.email);
    let should = if listed { Role::Admin } else { Role::User };
    if user.role == should {
        return Ok(());
    }
    // An admin made in the console (not from the list) stays one.
    if user.role == Role::Admin && users::admin_from_console(&state.db, user.id).await? {
        return Ok(());
    }
    users::set_role(&state.db, user.id, should).await?;
    let _ = audit::record(
        &state.db,
        Some(user.id),
        "role.change",
        Some(("user", user.id.to_string())),
        serde_json::json!({ "from": user.role.as_str(), "to": should.as_str(), "by": "ADMIN_EMAILS" }),
        ip,
    )
    .await;
    user.role = should;
    Ok(())
}

/// A successful sign-in.
pub struct SignedIn {
    pub user_id: i64,
    pub jwt: String,
    pub max_age_secs: i64,
    pub next: String,
}

/// Follows a link: consumes the token (once, even under concurrent clicks), finds or
/// creates the user, applies `ADMIN_EMAILS`, refuses suspended users, opens a session.
pub async fn verify_link(
    state: &AppState,
    token: &str,
    user_agent: Option<&str>,
    ip: Option<&str>,
) -> Result<Result<SignedIn, LinkProblem>, AppError> {
    if !tokens::looks_like_token(token) {
        return Ok(Err(LinkProblem::Invalid));
    }
    let db = &state.db;
    let internal = |e: sqlx::Error| {
        tracing::error!(error = %e, "verify link: database");
        AppError::Internal
    };
    let now = UnixMillis::now().0;
    let row =
        sqlx::query("SELECT id, email, next_path, locale, expires_at, used_at FROM login_tokens WHERE token_hash = $1")
            .bind(tokens::sha256_hex(token))
            .fetch_optional(db.pool())
            .await
            .map_err(internal)?;
    let Some(row) = row else { return Ok(Err(LinkProblem::Invalid)) };
    let id: i64 = row.try_get("id").map_err(internal)?;
    let email: String = row.try_get("email").map_err(internal)?;
    let next: Option<String> = row.try_get("next_path").map_err(internal)?;
    let locale: String = row.try_get("locale").map_err(internal)?;
    let expires_at: i64 = row.try_get("expires_at").map_err(internal)?;
    let used_at: Option<i64> = row.try_get("used_at").map_err(internal)?;
    if used_at.is_some() {
        return Ok(Err(LinkProblem::Used));
    }
    if expires_at <= now {
        return Ok(Err(LinkProblem::Expired));
    }
    let consumed =
        sqlx::query("UPDATE login_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1")
            .bind(now)
            .bind(id)
            .execute(db.pool())
            .await
            .map_err(internal)?;
    if consumed.rows_affected() != 1 {
        return Ok(Err(LinkProblem::Used));
    }

    let (mut user, created) =
        users::find_or_create(db, &email, Lang::from_tag(&locale).unwrap_or_default()).await.map_err(internal)?;
    if created {
        let trial = state.config.trial;
        crate::platform::metering::subscriptions::start_trial(db, user.user.id, trial, now).await.map_err(internal)?;
    }
    if user.suspended {
        let _ = audit::record(db, Some(user.user.id), "auth.refused_suspended", None, serde_json::json!({}), ip).await;
        return Ok(Err(LinkProblem::Suspended));
    }
    sync_role(state, &mut user.user, ip).await.map_err(internal)?;
    let issued =
        sessions::create(db, &state.config.jwt_secret, user.user.id, state.config.session_lifetime(), user_agent, ip)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "verify link: session");
                AppError::Internal
            })?;
    let _ = audit::record(
        db,
        Some(user.user.id),
        "auth.sign_in",
        Some(("session", issued.session_id.clone())),
        serde_json::json!({ "new_account": created }),
        ip,
    )
    .await;
    Ok(Ok(SignedIn {
        user_id: user.user.id,
        jwt: issued.jwt,
        max_age_secs: issued.max_age_secs,
        next: safe_next(next.as_deref()).unwrap_or_else(|| DEFAULT_LANDING.to_string()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(normalise_email("  Sara@Example.JO ").as_deref(), Some("sara@example.jo"));
        for bad in ["", "sara", "sara@", "@example.jo", "a b@example.jo", "sara@localhost"] {
            assert_eq!(normalise_email(bad), None, "{bad}");
        }
        assert_eq!(normalise_email(&format!("{}@example.jo", "a".repeat(250))), None);
    }

    #[test]
    fn next_paths_stay_on_site() {
        assert_eq!(safe_next(Some("/app/cv")).as_deref(), Some("/app/cv"));
        for bad in ["//evil.example", "https://evil.example", "/\\evil", "/login", "/auth/verify?token=x", "app"] {
            assert_eq!(safe_next(Some(bad)), None, "{bad}");
        }
    }

    #[test]
    fn the_email_is_bilingual_and_right_to_left_in_arabic() {
        let ar = login_email("s@example.jo", "http://x/auth/verify?token=abc&x=<1>", Lang::Ar);
        assert!(ar.html.contains(r#"<html lang="ar" dir="rtl">"#));
        assert!(ar.html.contains("token=abc&amp;x=&lt;1&gt;"), "the link is escaped");
        assert!(ar.text.contains("http://x/auth/verify?token=abc&x=<1>"));
        assert!(ar.subject.contains("تسجيل الدخول"), "{}", ar.subject);
        assert!(ar.text.contains("15"));
        let en = login_email("s@example.jo", "http://x/l", Lang::En);
        assert!(en.html.contains(r#"<html lang="en" dir="ltr">"#));
        assert!(en.subject.contains("sign-in link"), "{}", en.subject);
    }
}
