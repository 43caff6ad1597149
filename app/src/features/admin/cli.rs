//! `pulse admin …`: the operator's commands for when the web is down. Each prints plain
//! text for a terminal and is audited (actor: none, `via: cli`).

use crate::error::AppError;
use crate::i18n::{message, Lang};
use crate::platform::audit;
use crate::platform::auth::users;
use crate::platform::AppState;
use crate::types::UnixMillis;
use pulse_clock::ymd;
use sqlx::Row;

pub const USAGE: &str = "usage: pulse admin users [SEARCH] | suspend EMAIL | unsuspend EMAIL | grant-addon EMAIL tokens|images|video | grant-plan EMAIL PLAN | stats";

/// Runs one command; the text to print, or why it could not.
pub async fn run(state: &AppState, args: &[&str]) -> Result<String, String> {
    let explain = |e: AppError| format!("{} ({})", message(Lang::En, e.message_key()), e.message_key());
    match args {
        ["users"] => users_list(state, "").await.map_err(explain),
        ["users", search] => users_list(state, search).await.map_err(explain),
        ["suspend", email] => set_suspended(state, email, true).await.map_err(explain),
        ["unsuspend", email] => set_suspended(state, email, false).await.map_err(explain),
        ["grant-addon", email, kind] => {
            let addon = crate::features::billing::model::Addon::parse(kind)
                .ok_or_else(|| format!("unknown add-on {kind:?}: tokens, images or video"))?;
            crate::features::billing::service::admin_grant_addon(state, None, email, addon).await.map_err(explain)?;
            Ok(format!("{}: +{} {}", email.trim().to_lowercase(), addon.grant().1, addon.grant().0))
        }
        ["grant-plan", email, plan] => {
            let period =
                crate::features::usage::service::grant_plan(state, email, plan, None, None).await.map_err(explain)?;
            Ok(format!("{}: {plan} until {}", email.trim().to_lowercase(), ymd(period.end)))
        }
        ["stats"] => stats(state).await.map_err(explain),
        _ => Err(USAGE.to_string()),
    }
}

async fn users_list(state: &AppState, search: &str) -> Result<String, AppError> {
    let page = super::service::users_page(state, search, None).await?;
    let mut out = format!("{:>6}  {:<40} {:<6} {:<10} {:<8} {}\n", "id", "email", "role", "status", "plan", "joined");
    for u in &page.items {
        out.push_str(&format!(
            "{:>6}  {:<40} {:<6} {:<10} {:<8} {}\n",
            u.id,
            u.email,
            u.role,
            if u.suspended { "suspended" } else { "active" },
            u.plan.as_deref().unwrap_or("-"),
            ymd(u.created_at.0)
        ));
    }
    if page.next.is_some() {
        out.push_str(&format!("(the newest {}; add a search to narrow)\n", page.items.len()));
    }
    Ok(out)
}

async fn set_suspended(state: &AppState, email: &str, suspended: bool) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let user = users::by_email(&state.db, &email)
        .await
        .map_err(crate::platform::db::failed("user"))?
        .ok_or(AppError::NotFound)?;
    let revoked = super::service::set_suspended(state, user.user.id, suspended).await?;
    let action = if suspended { "admin.user.suspend" } else { "admin.user.unsuspend" };
    let _ = audit::record(
        &state.db,
        None,
        action,
        Some(("user", user.user.id.to_string())),
        serde_json::json!({ "email": email, "via": "cli", "sessions": revoked }),
        None,
    )
    .await;
    Ok(if suspended {
        format!("{email}: suspended ({revoked} sessions ended)")
    } else {
        format!("{email}: active again")
    })
}

async fn stats(state: &AppState) -> Result<String, AppError> {
    let d = super::service::dashboard(state, "", "", Lang::En).await?;
    let now = UnixMillis::now().0;
    let queued: i64 = sqlx::query("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')")
        .fetch_one(state.db.pool())
        .await
        .and_then(|r| r.try_get("n"))
        .map_err(crate::platform::db::failed("stats"))?;
    let jod = |f: i64| crate::i18n::format_jod(f, Lang::En);
    let mut out = format!("Pulse AI Studio, {} (Amman days {} to {})\n", ymd(now), d.from, d.to);
    out.push_str(&format!("users            {}\n", d.users));
    out.push_str(&format!("open sessions    {}\n", d.open_sessions));
    out.push_str(&format!("sign-ups (30 d)  {}\n", d.signups));
    let paying: Vec<String> = d.paying.iter().map(|(p, n)| format!("{p} {n}")).collect();
    out.push_str(&format!("paying now       {}\n", if paying.is_empty() { "none".into() } else { paying.join(", ") }));
    out.push_str(&format!("MRR              {}\n", jod(d.mrr.0)));
    out.push_str(&format!(
        "revenue (30 d)   {} (paid {}, refunded {})\n",
        jod(d.revenue.0),
        jod(d.paid.0),
        jod(d.refunded.0)
    ));
    out.push_str(&format!("provider cost    {} (estimated)\n", jod(d.cost.0)));
    out.push_str(&format!("failed jobs      {} (30 d); {} queued or running now\n", d.failed_jobs, queued));
    out.push_str(&format!(
        "moderation       {} events, {} not reviewed (30 d)\n",
        d.moderation_events, d.unreviewed_moderation
    ));
    Ok(out)
}
