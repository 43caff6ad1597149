//! The operator's queries and actions. Every function here is called after
//! `require_admin`; every action is written to the audit log with the admin as actor.

use super::model::*;
use crate::error::AppError;
use crate::features::auth::Role;
use crate::features::jobs::JobStatus;
use crate::i18n::Lang;
use crate::platform::audit;
use crate::platform::auth::{sessions, users};
use crate::platform::db::failed;
use crate::platform::AppState;
use crate::types::{Fils, UnixMillis};
use pulse_clock::{amman_day, amman_day_start, day_label, parse_day};
use sqlx::Row;
use std::collections::BTreeMap;

/// Rows per page of every admin list.
pub const PAGE: i64 = 25;
/// The longest range the dashboard draws, in days.
pub const MAX_RANGE_DAYS: i64 = 400;
/// Amman days as SQL over a Unix ms column (`pulse_clock::amman_day` in SQL).
fn day_sql(column: &str) -> String {
    format!("(({column} + {}) / {})", pulse_clock::AMMAN_OFFSET_MS, pulse_clock::DAY_MS)
}

/// Who acts, from where: the admin and the request's IP, for the audit log.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: i64,
    pub ip: Option<String>,
}

impl Actor {
    async fn record(&self, state: &AppState, action: &str, user: i64, data: serde_json::Value) {
        if let Err(e) =
            audit::record(&state.db, Some(self.id), action, Some(("user", user.to_string())), data, self.ip.as_deref())
                .await
        {
            tracing::error!(error = %e, action, "audit record failed");
        }
    }
}

/// The range a dashboard asked for: both days included, the last 30 days by default,
/// at most [`MAX_RANGE_DAYS`].
pub fn range(from: &str, to: &str, now: i64) -> Result<(i64, i64), AppError> {
    let today = amman_day(now);
    let to = if to.trim().is_empty() { Some(today) } else { parse_day(to) };
    let to = to.ok_or_else(|| AppError::Validation("admin-error-range".into()))?;
    let from = if from.trim().is_empty() { Some(to - 29) } else { parse_day(from) };
    let from = from.ok_or_else(|| AppError::Validation("admin-error-range".into()))?;
    if from > to || to - from >= MAX_RANGE_DAYS {
        return Err(AppError::Validation("admin-error-range".into()));
    }
    Ok((from, to))
}

async fn by_day(state: &AppState, sql: &str, from: i64, to: i64) -> Result<BTreeMap<i64, i64>, AppError> {
    let rows = sqlx::query(sql)
        .bind(amman_day_start(from))
        .bind(amman_day_start(to + 1))
        .fetch_all(state.db.pool())
        .await
        .map_err(failed("dashboard series"))?;
    Ok(rows.iter().map(|r| (r.get::<i64, _>("d"), r.get::<Option<i64>, _>("v").unwrap_or(0))).collect())
}

/// The dashboard over Amman days `from..=to` (`YYYY-MM-DD`; empty: the last 30 days).
pub async fn dashboard(state: &AppState, from: &str, to: &str, lang: Lang) -> Result<Dashboard, AppError> {
    let now = UnixMillis::now().0;
    let (from, to) = range(from, to, now)?;
    let db = state.db.pool();
    let paid = by_day(
        state,
        &format!(
            "SELECT {d} AS d, CAST(SUM(amount_fils) AS BIGINT) AS v FROM payments \
             WHERE status IN ('paid', 'refunded') AND paid_at >= $1 AND paid_at < $2 GROUP BY {d}",
            d = day_sql("paid_at")
        ),
        from,
        to,
    )
    .await?;
    let refunded = by_day(
        state,
        &format!(
            "SELECT {d} AS d, CAST(SUM(amount_fils) AS BIGINT) AS v FROM payments \
             WHERE status = 'refunded' AND refunded_at >= $1 AND refunded_at < $2 GROUP BY {d}",
            d = day_sql("refunded_at")
        ),
        from,
        to,
    )
    .await?;
    let signups = by_day(
        state,
        &format!(
            "SELECT {d} AS d, COUNT(*) AS v FROM users WHERE created_at >= $1 AND created_at < $2 GROUP BY {d}",
            d = day_sql("created_at")
        ),
        from,
        to,
    )
    .await?;
    let days = from..=to;
    let revenue_by_day: Vec<Point> = days
        .clone()
        .map(|d| Point {
            label: day_label(d),
            value: paid.get(&d).copied().unwrap_or(0) - refunded.get(&d).copied().unwrap_or(0),
        })
        .collect();
    let mut months: BTreeMap<String, i64> = BTreeMap::new();
    for p in &revenue_by_day {
        *months.entry(p.label[..7].to_string()).or_default() += p.value;
    }
    let revenue_by_month = months.into_iter().map(|(label, value)| Point { label, value }).collect();
    let signups_by_day: Vec<Point> =
        days.map(|d| Point { label: day_label(d), value: signups.get(&d).copied().unwrap_or(0) }).collect();

    let paying_rows = sqlx::query(
        "SELECT p.code, p.sort_order, COUNT(DISTINCT s.user_id) AS n, CAST(SUM(p.price_fils) AS BIGINT) AS mrr \
         FROM subscriptions s JOIN plans p ON p.id = s.plan_id \
         WHERE s.source = 'payment' AND s.status IN ('active', 'cancel_at_period_end') \
         AND s.period_start <= $1 AND s.period_end > $1 GROUP BY p.code, p.sort_order ORDER BY p.sort_order",
    )
    .bind(now)
    .fetch_all(db)
    .await
    .map_err(failed("paying users"))?;
    let paying: Vec<(String, i64)> = paying_rows.iter().map(|r| (r.get("code"), r.get("n"))).collect();
    let mrr = paying_rows.iter().map(|r| r.get::<Option<i64>, _>("mrr").unwrap_or(0)).sum();

    let usage_rows = sqlx::query(
        "SELECT kind, model, CAST(SUM(amount_settled) AS BIGINT) AS amount FROM usage_ledger \
         WHERE status = 'settled' AND settled_at >= $1 AND settled_at < $2 AND amount_settled > 0 \
         GROUP BY kind, model",
    )
    .bind(amman_day_start(from))
    .bind(amman_day_start(to + 1))
    .fetch_all(db)
    .await
    .map_err(failed("usage by model"))?;
    let catalogue = pulse_providers::Catalogue::load(state.config.model_catalogue.as_deref())
        .unwrap_or_else(|_| pulse_providers::Catalogue::builtin());
    let mut usage: Vec<ModelUsage> = usage_rows
        .iter()
        .map(|r| {
            let model: String = r.get::<Option<String>, _>("model").unwrap_or_default();
            let kind: String = r.get("kind");
            let amount: i64 = r.get::<Option<i64>, _>("amount").unwrap_or(0);
            let spec = catalogue.get(&model);
            let rate = spec.map(|s| s.cost_fils as i64).unwrap_or(0);
            let cost =
                if kind == "tokens" { (amount as i128 * rate as i128 / 1_000_000) as i64 } else { amount * rate };
            ModelUsage {
                name_ar: spec.map(|s| s.name_ar.clone()).unwrap_or_else(|| model.clone()),
                name_en: spec.map(|s| s.name_en.clone()).unwrap_or_else(|| model.clone()),
                model,
                kind,
                amount,
                cost: Fils(cost),
            }
        })
        .collect();
    usage.sort_by(|a, b| b.cost.0.cmp(&a.cost.0).then(b.amount.cmp(&a.amount)).then(a.model.cmp(&b.model)));
    let cost = Fils(usage.iter().map(|u| u.cost.0).sum());

    let count = |sql: &'static str, a: i64, b: i64| async move {
        sqlx::query_scalar::<_, i64>(sql).bind(a).bind(b).fetch_one(db).await.map_err(failed("dashboard count"))
    };
    let (start, end) = (amman_day_start(from), amman_day_start(to + 1));
    let failed_jobs = count(
        "SELECT COUNT(*) FROM jobs WHERE status IN ('failed', 'dead') AND finished_at >= $1 AND finished_at < $2",
        start,
        end,
    )
    .await?;
    let moderation_events =
        count("SELECT COUNT(*) FROM moderation_events WHERE created_at >= $1 AND created_at < $2", start, end).await?;
    let unreviewed_moderation = count(
        "SELECT COUNT(*) FROM moderation_events WHERE reviewed_at IS NULL AND created_at >= $1 AND created_at < $2",
        start,
        end,
    )
    .await?;
    let users: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(db).await.map_err(failed("dashboard users"))?;
    let open_sessions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > $1")
            .bind(now)
            .fetch_one(db)
            .await
            .map_err(failed("dashboard sessions"))?;
    let paid_sum: i64 = paid.values().sum();
    let refunded_sum: i64 = refunded.values().sum();
    let revenue = Fils(paid_sum - refunded_sum);
    let revenue_svg = super::charts::revenue(&revenue_by_day, lang);
    let usage_svg = super::charts::usage(&usage, revenue, lang);
    Ok(Dashboard {
        from: day_label(from),
        to: day_label(to),
        paying,
        mrr: Fils(mrr),
        paid: Fils(paid_sum),
        refunded: Fils(refunded_sum),
        revenue,
        revenue_by_day,
        revenue_by_month,
        signups: signups.values().sum(),
        signups_by_day,
        usage,
        cost,
        failed_jobs,
        moderation_events,
        unreviewed_moderation,
        users,
        open_sessions,
        revenue_svg,
        usage_svg,
    })
}

// ---------------------------------------------------------------------------------------
// Users

/// The plan running now (`now` bound as parameter `$n`).
fn plan_now(n: usize) -> String {
    format!(
        "(SELECT p.code FROM subscriptions s JOIN plans p ON p.id = s.plan_id \
         WHERE s.user_id = u.id AND s.status <> 'expired' AND s.period_start <= ${n} AND s.period_end > ${n} \
         ORDER BY s.period_start DESC LIMIT 1) AS plan"
    )
}

fn user_row(r: &sqlx::any::AnyRow) -> UserRow {
    UserRow {
        id: r.get("id"),
        email: r.get("email"),
        display_name: r.get("display_name"),
        role: r.get("role"),
        suspended: r.get::<String, _>("status") == "suspended",
        plan: r.get("plan"),
        created_at: UnixMillis(r.get("created_at")),
    }
}

/// `%` and `_` typed by the operator match themselves.
fn like_pattern(text: &str) -> String {
    let escaped = text.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Users whose email contains `query` (all when empty), newest first, before `after`.
pub async fn users_page(state: &AppState, query: &str, after: Option<i64>) -> Result<Page<UserRow>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT u.id, u.email, u.display_name, u.role, u.status, u.created_at, {} FROM users u \
         WHERE u.email LIKE $1 ESCAPE '\\' AND u.id < $2 ORDER BY u.id DESC LIMIT $3",
        plan_now(4)
    ))
    .bind(like_pattern(query))
    .bind(after.unwrap_or(i64::MAX))
    .bind(PAGE + 1)
    .bind(UnixMillis::now().0)
    .fetch_all(state.db.pool())
    .await
    .map_err(failed("admin users"))?;
    Ok(paged(rows.iter().map(user_row).collect(), |u| u.id))
}

fn paged<T>(mut items: Vec<T>, id: impl Fn(&T) -> i64) -> Page<T> {
    let next = if items.len() as i64 > PAGE {
        items.truncate(PAGE as usize);
        items.last().map(&id)
    } else {
        None
    };
    Page { items, next }
}

pub async fn user_detail(state: &AppState, admin: i64, id: i64) -> Result<UserDetail, AppError> {
    let now = UnixMillis::now().0;
    let db = state.db.pool();
    let row = sqlx::query(&format!(
        "SELECT u.id, u.email, u.display_name, u.role, u.status, u.created_at, {} FROM users u WHERE u.id = $1",
        plan_now(2)
    ))
    .bind(id)
    .bind(now)
    .fetch_optional(db)
    .await
    .map_err(failed("admin user"))?
    .ok_or(AppError::NotFound)?;
    let usage = crate::platform::metering::ledger::summary(&state.db, id, now).await.map_err(failed("admin usage"))?;
    let payments = sqlx::query(
        "SELECT id, item_code, amount_fils, status, created_at FROM payments WHERE user_id = $1 ORDER BY id DESC LIMIT 20",
    )
    .bind(id)
    .fetch_all(db)
    .await
    .map_err(failed("admin user payments"))?
    .iter()
    .map(|r| UserPayment {
        id: r.get("id"),
        item: r.get("item_code"),
        amount: Fils(r.get("amount_fils")),
        status: r.get("status"),
        created_at: UnixMillis(r.get("created_at")),
    })
    .collect();
    let files = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(bytes), 0) AS BIGINT) AS b FROM files WHERE owner_id = $1",
    )
    .bind(id)
    .fetch_one(db)
    .await
    .map_err(failed("admin user files"))?;
    let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE user_id = $1")
        .bind(id)
        .fetch_one(db)
        .await
        .map_err(failed("admin user jobs"))?;
    Ok(UserDetail {
        user: user_row(&row),
        usage,
        payments,
        open_sessions: sessions::count_open(&state.db, id).await.map_err(failed("admin sessions"))?,
        files: files.get("n"),
        file_bytes: files.get("b"),
        jobs,
        is_self: admin == id,
    })
}

async fn existing(state: &AppState, id: i64) -> Result<users::UserRow, AppError> {
    users::by_id(&state.db, id).await.map_err(failed("admin user"))?.ok_or(AppError::NotFound)
}

fn not_self(actor: &Actor, id: i64) -> Result<(), AppError> {
    if actor.id == id {
        Err(AppError::Conflict("admin-error-self".into()))
    } else {
        Ok(())
    }
}

/// The one place a suspension is made or lifted (the console and `pulse admin`):
/// suspending also ends every session of the user; how many ended.
pub async fn set_suspended(state: &AppState, id: i64, suspended: bool) -> Result<u64, AppError> {
    users::set_status(&state.db, id, suspended).await.map_err(failed("suspension"))?;
    if suspended {
        sessions::revoke_all(&state.db, id).await.map_err(failed("revoke sessions"))
    } else {
        Ok(0)
    }
}

/// Suspends a user: their sessions end at once (the next request of theirs signs them
/// out), their API keys stop working, sign-in links are refused.
pub async fn suspend(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    not_self(actor, id)?;
    let user = existing(state, id).await?;
    let revoked = set_suspended(state, id, true).await?;
    actor
        .record(state, "admin.user.suspend", id, serde_json::json!({ "email": user.user.email, "sessions": revoked }))
        .await;
    Ok(())
}

pub async fn unsuspend(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let user = existing(state, id).await?;
    set_suspended(state, id, false).await?;
    actor.record(state, "admin.user.unsuspend", id, serde_json::json!({ "email": user.user.email })).await;
    Ok(())
}

pub async fn set_role(state: &AppState, actor: &Actor, id: i64, role: &str) -> Result<(), AppError> {
    not_self(actor, id)?;
    let role = match role {
        "admin" => Role::Admin,
        "user" => Role::User,
        _ => return Err(AppError::Validation("admin-error-role".into())),
    };
    let user = existing(state, id).await?;
    if role == Role::User && state.config.admin_emails.iter().any(|a| a == &user.user.email) {
        // The list would make them admin again on their next request.
        return Err(AppError::Conflict("admin-error-listed".into()));
    }
    let listed = state.config.admin_emails.iter().any(|a| a == &user.user.email);
    if listed {
        // The list gives the role; the console does not take it over (so that taking the
        // address off the list still ends it).
        users::set_role(&state.db, id, role).await.map_err(failed("set role"))?;
    } else {
        users::set_role_from_console(&state.db, id, role).await.map_err(failed("set role"))?;
    }
    actor
        .record(state, "admin.user.role", id, serde_json::json!({ "email": user.user.email, "role": role.as_str() }))
        .await;
    Ok(())
}

/// Deletes a user and everything of theirs (as they could themselves).
pub async fn delete_user(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    not_self(actor, id)?;
    let user = existing(state, id).await?;
    crate::features::account::service::delete_account(state, id, actor.ip.as_deref()).await?;
    actor.record(state, "admin.user.delete", id, serde_json::json!({ "email": user.user.email })).await;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Subscriptions, jobs, moderation

pub async fn subscriptions_page(
    state: &AppState,
    only_current: bool,
    after: Option<i64>,
) -> Result<Page<SubscriptionRow>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT s.id, s.user_id, u.email, p.code, s.status, s.source, s.period_start, s.period_end \
         FROM subscriptions s JOIN users u ON u.id = s.user_id JOIN plans p ON p.id = s.plan_id \
         WHERE s.id < $1 {} ORDER BY s.id DESC LIMIT $2",
        if only_current { "AND s.status <> 'expired'" } else { "" }
    ))
    .bind(after.unwrap_or(i64::MAX))
    .bind(PAGE + 1)
    .fetch_all(state.db.pool())
    .await
    .map_err(failed("admin subscriptions"))?;
    let items = rows
        .iter()
        .map(|r| SubscriptionRow {
            id: r.get("id"),
            user_id: r.get("user_id"),
            email: r.get("email"),
            plan: r.get("code"),
            status: r.get("status"),
            source: r.get("source"),
            period_start: UnixMillis(r.get("period_start")),
            period_end: UnixMillis(r.get("period_end")),
        })
        .collect();
    Ok(paged(items, |s| s.id))
}

/// Jobs that failed or died (`failed`), or that are queued or running (`active`).
pub async fn jobs_page(state: &AppState, which: &str, after: Option<i64>) -> Result<Page<AdminJob>, AppError> {
    let statuses = match which {
        "active" => "('queued', 'running')",
        _ => "('failed', 'dead')",
    };
    let rows = sqlx::query(&format!(
        "SELECT j.id, j.kind, j.user_id, u.email, j.status, j.attempts, j.error, j.updated_at \
         FROM jobs j JOIN users u ON u.id = j.user_id WHERE j.status IN {statuses} AND j.id < $1 \
         ORDER BY j.id DESC LIMIT $2"
    ))
    .bind(after.unwrap_or(i64::MAX))
    .bind(PAGE + 1)
    .fetch_all(state.db.pool())
    .await
    .map_err(failed("admin jobs"))?;
    let items = rows
        .iter()
        .map(|r| AdminJob {
            id: r.get("id"),
            kind: r.get("kind"),
            user_id: r.get("user_id"),
            email: r.get("email"),
            status: JobStatus::parse(&r.get::<String, _>("status")).unwrap_or(JobStatus::Failed),
            attempts: r.get("attempts"),
            error: r.get("error"),
            updated_at: UnixMillis(r.get("updated_at")),
        })
        .collect();
    Ok(paged(items, |j| j.id))
}

async fn job_owner(state: &AppState, id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT user_id FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_optional(state.db.pool())
        .await
        .map_err(failed("job owner"))?
        .ok_or(AppError::NotFound)
}

/// Queues a failed or dead job again; its cost is reserved anew from its owner's plan.
pub async fn retry_job(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let owner = job_owner(state, id).await?;
    crate::platform::jobs::retry(state, None, crate::platform::jobs::JobId(id)).await?;
    actor.record(state, "admin.job.retry", owner, serde_json::json!({ "job": id })).await;
    Ok(())
}

pub async fn cancel_job(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let owner = job_owner(state, id).await?;
    crate::platform::jobs::cancel(state, None, crate::platform::jobs::JobId(id)).await?;
    actor.record(state, "admin.job.cancel", owner, serde_json::json!({ "job": id })).await;
    Ok(())
}

pub async fn moderation_page(
    state: &AppState,
    only_unreviewed: bool,
    after: Option<i64>,
) -> Result<Page<ModerationRow>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT m.id, u.email, m.kind, m.source, m.categories, m.excerpt, m.created_at, m.reviewed_at \
         FROM moderation_events m LEFT JOIN users u ON u.id = m.user_id WHERE m.id < $1 {} \
         ORDER BY m.id DESC LIMIT $2",
        if only_unreviewed { "AND m.reviewed_at IS NULL" } else { "" }
    ))
    .bind(after.unwrap_or(i64::MAX))
    .bind(PAGE + 1)
    .fetch_all(state.db.pool())
    .await
    .map_err(failed("admin moderation"))?;
    let items = rows
        .iter()
        .map(|r| ModerationRow {
            id: r.get("id"),
            email: r.get("email"),
            kind: r.get("kind"),
            source: r.get("source"),
            categories: r.get("categories"),
            excerpt: r.get("excerpt"),
            created_at: UnixMillis(r.get("created_at")),
            reviewed_at: r.get::<Option<i64>, _>("reviewed_at").map(UnixMillis),
        })
        .collect();
    Ok(paged(items, |m| m.id))
}

pub async fn review_moderation(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE moderation_events SET reviewed_at = $1, reviewed_by = $2 WHERE id = $3 AND reviewed_at IS NULL",
    )
    .bind(UnixMillis::now().0)
    .bind(actor.id)
    .bind(id)
    .execute(state.db.pool())
    .await
    .map_err(failed("review moderation"))?;
    if done.rows_affected() == 1 {
        if let Err(e) = audit::record(
            &state.db,
            Some(actor.id),
            "admin.moderation.review",
            Some(("moderation_event", id.to_string())),
            serde_json::json!({}),
            actor.ip.as_deref(),
        )
        .await
        {
            tracing::error!(error = %e, "audit record failed");
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Audit log

fn audit_where(filter: &AuditFilter) -> Result<(String, Vec<AuditBind>), AppError> {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    if !filter.actor.trim().is_empty() {
        binds.push(AuditBind::Text(filter.actor.trim().to_lowercase()));
        clauses.push(format!("u.email = ${}", binds.len()));
    }
    if !filter.action.trim().is_empty() {
        let prefix = filter.action.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        binds.push(AuditBind::Text(format!("{prefix}%")));
        clauses.push(format!("a.action LIKE ${} ESCAPE '\\'", binds.len()));
    }
    let day = |s: &str| parse_day(s).ok_or_else(|| AppError::Validation("admin-error-range".into()));
    if !filter.from.trim().is_empty() {
        binds.push(AuditBind::Int(amman_day_start(day(&filter.from)?)));
        clauses.push(format!("a.created_at >= ${}", binds.len()));
    }
    if !filter.to.trim().is_empty() {
        binds.push(AuditBind::Int(amman_day_start(day(&filter.to)? + 1)));
        clauses.push(format!("a.created_at < ${}", binds.len()));
    }
    Ok((clauses.iter().map(|c| format!(" AND {c}")).collect(), binds))
}

enum AuditBind {
    Text(String),
    Int(i64),
}

async fn audit_rows(
    state: &AppState,
    filter: &AuditFilter,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRow>, AppError> {
    let (clauses, binds) = audit_where(filter)?;
    let n = binds.len();
    let sql = format!(
        "SELECT a.id, u.email, a.action, a.target_type, a.target_id, a.data, a.ip, a.created_at \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.id < ${} {clauses} \
         ORDER BY a.id DESC LIMIT ${}",
        n + 1,
        n + 2
    );
    let mut q = sqlx::query(&sql);
    for b in binds {
        q = match b {
            AuditBind::Text(s) => q.bind(s),
            AuditBind::Int(i) => q.bind(i),
        };
    }
    let rows =
        q.bind(after.unwrap_or(i64::MAX)).bind(limit).fetch_all(state.db.pool()).await.map_err(failed("audit log"))?;
    Ok(rows
        .iter()
        .map(|r| AuditRow {
            id: r.get("id"),
            actor: r.get("email"),
            action: r.get("action"),
            target: match (r.get::<Option<String>, _>("target_type"), r.get::<Option<String>, _>("target_id")) {
                (Some(t), Some(id)) => Some(format!("{t}:{id}")),
                (Some(t), None) => Some(t),
                _ => None,
            },
            data: r.get("data"),
            ip: r.get("ip"),
            created_at: UnixMillis(r.get("created_at")),
        })
        .collect())
}

pub async fn audit_page(
    state: &AppState,
    filter: &AuditFilter,
    after: Option<i64>,
) -> Result<Page<AuditRow>, AppError> {
    Ok(paged(audit_rows(state, filter, after, PAGE + 1).await?, |a| a.id))
}

/// The most rows one CSV export holds.
pub const CSV_MAX_ROWS: i64 = 100_000;

/// The filtered audit log as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read Arabic).
pub async fn audit_csv(state: &AppState, actor: &Actor, filter: &AuditFilter) -> Result<Vec<u8>, AppError> {
    let rows = audit_rows(state, filter, None, CSV_MAX_ROWS).await?;
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let write = |out: &mut csv::Writer<Vec<u8>>, record: &[&str]| {
        out.write_record(record).map_err(|e| {
            tracing::error!(error = %e, "audit csv");
            AppError::Internal
        })
    };
    write(&mut out, &["id", "time", "actor", "action", "target", "data", "ip"])?;
    // A cell a spreadsheet would run as a formula is quoted as text (CSV injection).
    let cell = |s: &str| -> String {
        if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{s}")
        } else {
            s.to_string()
        }
    };
    for r in &rows {
        let time = pulse_clock::rfc3339(r.created_at.0);
        write(
            &mut out,
            &[
                &r.id.to_string(),
                &time,
                &cell(r.actor.as_deref().unwrap_or("")),
                &cell(&r.action),
                &cell(r.target.as_deref().unwrap_or("")),
                &cell(&r.data),
                &cell(r.ip.as_deref().unwrap_or("")),
            ],
        )?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    if let Err(e) = audit::record(
        &state.db,
        Some(actor.id),
        "admin.audit.export",
        None,
        serde_json::to_value(filter).unwrap_or_default(),
        actor.ip.as_deref(),
    )
    .await
    {
        tracing::error!(error = %e, "audit record failed");
    }
    Ok(bytes)
}
