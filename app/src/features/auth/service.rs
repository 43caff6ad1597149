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
pub async fn request_link(
    state: &AppState,
    raw_email: &str,
    next: Option<&str>,
    lang: Lang,
    ip: Option<&str>,
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

    let window = |column: &'static str, value: String| async move {
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM login_tokens WHERE {column} = $1 AND created_at > $2"
        ))
        .bind(value)
        .bind(since)
        .fetch_one(db.pool())
        .await?;
        let n: i64 = row.try_get("n")?;
        let oldest: Option<i64> = row.try_get("oldest")?;
        Ok::<_, sqlx::Error>((n, oldest.unwrap_or(now)))
    };
    let mut checks =
        vec![(window("email", email.clone()).await.map_err(internal)?, state.config.login_links_per_email)];
    if let Some(ip) = ip {
        checks.push((window("ip", ip.to_string()).await.map_err(internal)?, state.config.login_links_per_ip));
    }
    for ((count, oldest), limit) in checks {
        if count >= limit {
            let retry_after_secs = ((oldest + RATE_WINDOW_MS - now).max(1000) / 1000) as u64;
            return Err(AppError::RateLimited { retry_after_secs });
        }
    }

    let token = tokens::random_token();
    sqlx::query(
        "INSERT INTO login_tokens (email, token_hash, next_path, locale, ip, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&email)
    .bind(tokens::sha256_hex(&token))
    .bind(safe_next(next))
    .bind(lang.code())
    .bind(ip.map(str::to_string))
    .bind(now)
    .bind(now + LINK_TTL_MS)
    .execute(db.pool())
    .await
    .map_err(internal)?;

    let link = format!("{}/auth/verify?token={token}", state.config.public_url);
    if matches!(mailer, Mailer::Outbox { .. }) {
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
    let esc = |s: &str| html_escape::encode_text(s).into_owned();
    let href = html_escape::encode_double_quoted_attribute(link).into_owned();
    let (dir, align) = match lang {
        Lang::Ar => ("rtl", "right"),
        Lang::En => ("ltr", "left"),
    };
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="{code}" dir="{dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{subject}</title></head>
<body style="margin:0;padding:0;background:#f7faf9;font-family:Tahoma,'Segoe UI',Arial,sans-serif;color:#10201d;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f7faf9;padding:24px 0;"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" dir="{dir}" style="max-width:520px;background:#ffffff;border-radius:16px;padding:32px;text-align:{align};">
<tr><td style="font-size:20px;font-weight:bold;padding-bottom:16px;">{app}</td></tr>
<tr><td style="font-size:16px;line-height:1.7;padding-bottom:8px;">{greeting}</td></tr>
<tr><td style="font-size:16px;line-height:1.7;padding-bottom:24px;">{intro}</td></tr>
<tr><td style="padding-bottom:24px;" align="center"><a href="{href}" style="display:inline-block;background:#0f766e;color:#ffffff;text-decoration:none;font-weight:bold;font-size:16px;padding:14px 28px;border-radius:999px;">{button}</a></td></tr>
<tr><td style="font-size:14px;line-height:1.7;color:#4b5f5b;padding-bottom:8px;">{minutes}</td></tr>
<tr><td style="font-size:14px;line-height:1.7;color:#4b5f5b;padding-bottom:8px;">{fallback}</td></tr>
<tr><td dir="ltr" style="font-size:13px;word-break:break-all;text-align:left;padding-bottom:16px;"><a href="{href}" style="color:#0f766e;">{link_text}</a></td></tr>
<tr><td style="font-size:13px;line-height:1.7;color:#4b5f5b;">{ignore}</td></tr>
</table></td></tr></table>
</body>
</html>"#,
        code = lang.code(),
        subject = esc(&t("email-login-subject")),
        app = esc(&t("app-name")),
        greeting = esc(&t("email-login-greeting")),
        intro = esc(&t("email-login-intro")),
        button = esc(&t("email-login-button")),
        minutes = esc(&minutes),
        fallback = esc(&t("email-login-fallback")),
        link_text = esc(link),
        ignore = esc(&t("email-login-ignore")),
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
    if state.config.admin_emails.iter().any(|a| a == &email) && user.user.role != Role::Admin {
        users::set_role(db, user.user.id, Role::Admin).await.map_err(internal)?;
        let _ = audit::record(
            db,
            Some(user.user.id),
            "role.change",
            Some(("user", user.user.id.to_string())),
            serde_json::json!({ "from": user.user.role.as_str(), "to": "admin", "by": "ADMIN_EMAILS" }),
            ip,
        )
        .await;
        user.user.role = Role::Admin;
    }
    let issued =
        sessions::create(db, &state.config.jwt_secret, user.user.id, state.config.session_days, user_agent, ip)
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
