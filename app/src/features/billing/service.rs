//! Billing: orders, what gateways tell us, and what a payment grants.
//!
//! Money in equals what the user got: a gateway's statement is verified by its driver
//! first (forged → refused, nothing changed), recorded once per event id (the same
//! notification any number of times → one effect), matched against the order (amount,
//! currency; a mismatch is recorded as suspicious and grants nothing), and only then, in
//! one transaction with the payment becoming `paid`, turned into a period or an add-on.
//! The return page asks the gateway for the status, so a lost notification still
//! completes the order.

use super::model::*;
use crate::error::AppError;
use crate::features::notifications::{NoticeData, NoticeKind};
use crate::platform::{audit, AppState};
use crate::types::{Fils, UnixMillis};
use pulse_payments::{Checkout, CheckoutRequest, Incoming, PaymentError, PaymentStatus, Verified};
use sqlx::{AnyConnection, Row};

fn new_order_ref() -> String {
    format!("ord{}", &uuid::Uuid::new_v4().simple().to_string()[..24])
}

/// The price of an item, from the plans table or the add-on price.
async fn price_of(state: &AppState, item: &Item) -> Result<Fils, AppError> {
    match item {
        Item::Addon(_) => Ok(Addon::PRICE),
        Item::Plan(code) => sqlx::query_scalar::<_, i64>("SELECT price_fils FROM plans WHERE code = $1 AND active = 1")
            .bind(code)
            .fetch_optional(state.db.pool())
            .await
            .map_err(crate::platform::db::failed("price"))?
            .map(Fils)
            .ok_or_else(|| AppError::Validation("error-unknown-plan".into())),
    }
}

/// Where the browser goes to pay an order: the gateway's page, or ours (sandbox, widget).
pub async fn create_order(
    state: &AppState,
    user_id: i64,
    email: &str,
    name: Option<&str>,
    item: Item,
    lang: crate::i18n::Lang,
) -> Result<String, AppError> {
    let now = UnixMillis::now().0;
    if let Item::Addon(_) = item {
        let period = crate::platform::metering::subscriptions::current(&state.db, user_id, now)
            .await
            .map_err(crate::platform::db::failed("period"))?;
        if period.is_none() {
            return Err(AppError::Validation("billing-addon-needs-plan".into()));
        }
    }
    let price = price_of(state, &item).await?;
    let driver = state.payments.clone();
    let order_ref = new_order_ref();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (user_id, kind, item_code, amount_fils, currency, provider, idempotency_key, status, \
         created_at, updated_at, order_ref) VALUES ($1, $2, $3, $4, 'JOD', $5, $6, 'pending', $7, $7, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(item.kind())
    .bind(item.code())
    .bind(price.0)
    .bind(driver.name())
    .bind(&order_ref)
    .bind(now)
    .fetch_one(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("order"))?;
    let base = state.config.public_url.trim_end_matches('/');
    let description = match &item {
        Item::Plan(code) => format!("Pulse AI Studio {code} plan, one month"),
        Item::Addon(a) => format!("Pulse AI Studio add-on: {}", a.code()),
    };
    let request = CheckoutRequest {
        order_ref: order_ref.clone(),
        amount_fils: price.0,
        currency: "JOD".into(),
        description,
        customer_email: email.to_string(),
        customer_name: name.map(str::to_string),
        lang: lang.code().to_string(),
        return_url: format!("{base}/pay/return/{}/{order_ref}", driver.name()),
        notify_url: format!("{base}/webhooks/{}", driver.name()),
    };
    let checkout = match driver.create_checkout(request).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, order = %order_ref, "checkout could not be created");
            let _ =
                sqlx::query("UPDATE payments SET status = 'failed', failure_code = $1, updated_at = $2 WHERE id = $3")
                    .bind(e.to_string().chars().take(200).collect::<String>())
                    .bind(now)
                    .bind(id)
                    .execute(state.db.pool())
                    .await;
            return Err(AppError::Unavailable);
        }
    };
    let (provider_ref, target, data) = match checkout {
        Checkout::Redirect { url, provider_ref } => (provider_ref, url, None),
        Checkout::Widget { provider_ref, script_url, brands, integrity, .. } => (
            provider_ref,
            format!("/pay/widget/{order_ref}"),
            Some(serde_json::json!({ "script_url": script_url, "brands": brands, "integrity": integrity }).to_string()),
        ),
    };
    sqlx::query("UPDATE payments SET provider_ref = $1, checkout_data = $2 WHERE id = $3")
        .bind(&provider_ref)
        .bind(data)
        .bind(id)
        .execute(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("provider ref"))?;
    let _ = audit::record(
        &state.db,
        Some(user_id),
        "billing.order",
        Some(("payment", id.to_string())),
        serde_json::json!({ "item": item.code(), "kind": item.kind(), "amount_fils": price.0 }),
        None,
    )
    .await;
    Ok(target)
}

/// What applying a gateway's statement did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The payment became paid and its item was granted.
    Applied,
    /// This exact statement was seen before: nothing done.
    Duplicate,
    /// A new statement about a payment already settled: nothing more done.
    AlreadySettled,
    Declined,
    Pending,
    /// Amount, currency or gateway did not match the order: recorded, nothing granted.
    Mismatch,
    UnknownOrder,
    /// A genuine notice that is not a payment to act on (refunds, chargebacks, test and
    /// registration events): acknowledged so the gateway stops retrying, nothing changed.
    Ignored,
}

impl Outcome {
    fn code(&self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Duplicate => "duplicate",
            Outcome::AlreadySettled => "already-settled",
            Outcome::Declined => "declined",
            Outcome::Pending => "pending",
            Outcome::Mismatch => "mismatch",
            Outcome::UnknownOrder => "unknown-order",
            Outcome::Ignored => "ignored",
        }
    }
}

/// Why a notification is refused before anything is looked at.
#[derive(Debug, PartialEq, Eq)]
pub enum NotifyError {
    /// Forged or corrupted: 401.
    Unverified,
    /// Not the gateway's format: 400.
    Unreadable,
    /// Not the configured gateway: 404.
    UnknownProvider,
    Internal,
}

/// A server-to-server notification: verified by the driver, then applied.
pub async fn handle_notification(
    state: &AppState,
    provider: &str,
    incoming: &Incoming,
) -> Result<Outcome, NotifyError> {
    let driver = &state.payments;
    if driver.name() != provider {
        return Err(NotifyError::UnknownProvider);
    }
    let verified = match driver.verify_notification(incoming) {
        Ok(v) => v,
        Err(PaymentError::Ignored(what)) => {
            metrics::counter!("pulse_payment_notifications_total", "result" => "ignored").increment(1);
            tracing::info!(provider, %what, "payment notice acknowledged and ignored");
            return Ok(Outcome::Ignored);
        }
        Err(e) => {
            metrics::counter!("pulse_payment_notifications_total", "result" => "refused").increment(1);
            tracing::warn!(error = %e, provider, "payment notification refused");
            return Err(match e {
                PaymentError::BadSignature => NotifyError::Unverified,
                _ => NotifyError::Unreadable,
            });
        }
    };
    apply(state, provider, "notification", &verified).await.map_err(|_| NotifyError::Internal)
}

/// The browser came back from the gateway: ask the gateway (never the browser) what
/// happened, apply it, and say where the order stands.
pub async fn confirm_return(
    state: &AppState,
    provider: &str,
    user_id: Option<i64>,
    order_ref: &str,
    incoming: &Incoming,
) -> Result<PaymentState, AppError> {
    let driver = &state.payments;
    if driver.name() != provider {
        return Err(AppError::NotFound);
    }
    let row = sqlx::query(
        "SELECT status, provider_ref FROM payments WHERE order_ref = $1 AND (user_id = $2 OR $2 = 0) AND provider = $3",
    )
    .bind(order_ref)
    .bind(user_id.unwrap_or(0))
    .bind(provider)
    .fetch_optional(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("return"))?
    .ok_or(AppError::NotFound)?;
    let state_now = PaymentState::parse(&row.get::<String, _>("status"));
    if state_now == PaymentState::Pending {
        let provider_ref = match driver.verify_return(incoming) {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::warn!(error = %e, provider, "return not verified; asking the gateway with the stored reference");
                row.get::<Option<String>, _>("provider_ref")
            }
        };
        if let Some(provider_ref) = provider_ref {
            match driver.status(&provider_ref).await {
                Ok(verified) => {
                    apply(state, provider, "status", &verified).await?;
                }
                Err(e) => tracing::warn!(error = %e, provider, "status query failed; the notification will settle it"),
            }
        }
    }
    let status: String = sqlx::query_scalar("SELECT status FROM payments WHERE order_ref = $1")
        .bind(order_ref)
        .fetch_one(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("return status"))?;
    Ok(PaymentState::parse(&status))
}

/// Records and applies one verified statement, exactly once.
///
/// A `Paid` statement grants only when it states what was charged and that is exactly what
/// the gateway charges for the order ([`PaymentDriver::charge_for`](pulse_payments::PaymentDriver::charge_for):
/// the order's own amount and currency, or ZainCash's IQD conversion). One without an
/// amount or currency is first confirmed through the gateway's status query
/// ([`pulse_payments::confirm_amount`]); still without one, it grants nothing, marks the
/// payment suspicious (`Mismatch`, like a wrong amount) and is recorded under
/// `{event_id}:unconfirmed`, so the same fact confirmed later (the return page's status
/// query) is a new event that can still complete the order: no money is left unmatched.
pub async fn apply(state: &AppState, provider: &str, source: &str, v: &Verified) -> Result<Outcome, AppError> {
    let now = UnixMillis::now().0;
    let confirmed = pulse_payments::confirm_amount(&*state.payments, v.clone()).await;
    let unconfirmed =
        confirmed.status == PaymentStatus::Paid && (confirmed.amount_fils.is_none() || confirmed.currency.is_none());
    let v = &if unconfirmed {
        Verified { event_id: format!("{}:unconfirmed", confirmed.event_id), ..confirmed }
    } else {
        confirmed
    };
    let mut tx = state.db.pool().begin().await.map_err(crate::platform::db::failed("begin"))?;
    // The event first: a write, so SQLite takes its write lock here and concurrent copies
    // of the same event wait, then find it.
    let inserted = sqlx::query(
        "INSERT INTO payment_events (provider, event_id, source, outcome, detail, created_at) \
         VALUES ($1, $2, $3, 'received', $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(provider)
    .bind(&v.event_id)
    .bind(source)
    .bind(serde_json::to_string(&v.status).unwrap_or_default())
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(crate::platform::db::failed("event"))?;
    if inserted.rows_affected() == 0 {
        tx.commit().await.map_err(crate::platform::db::failed("commit"))?;
        metrics::counter!("pulse_payment_notifications_total", "result" => "duplicate").increment(1);
        return Ok(Outcome::Duplicate);
    }
    let payment = match &v.order_ref {
        Some(order_ref) => sqlx::query(
            "SELECT id, user_id, kind, item_code, amount_fils, currency, provider, status FROM payments WHERE order_ref = $1",
        )
        .bind(order_ref)
        .fetch_optional(&mut *tx)
        .await,
        None => sqlx::query(
            "SELECT id, user_id, kind, item_code, amount_fils, currency, provider, status FROM payments \
             WHERE provider = $1 AND provider_ref = $2",
        )
        .bind(provider)
        .bind(&v.provider_ref)
        .fetch_optional(&mut *tx)
        .await,
    }
    .map_err(crate::platform::db::failed("find order"))?;
    let outcome = match payment {
        None => Outcome::UnknownOrder,
        Some(p) => {
            let id: i64 = p.get("id");
            let amount: i64 = p.get("amount_fils");
            let currency: String = p.get("currency");
            let order_provider: String = p.get("provider");
            // What the gateway must have charged for this order (its currency may differ).
            let charge = state.payments.charge_for(amount, &currency);
            let mismatch = match (&charge, v.amount_fils, v.currency.as_deref()) {
                _ if order_provider != provider => Some(format!("gateway {provider} for an order of {order_provider}")),
                (_, None, _) | (_, _, None) => Some(format!(
                    "paid without a stated amount and currency (not confirmed by the gateway's status query) \
                     for an order of {amount} fils {currency}"
                )),
                (Err(e), Some(a), Some(c)) => Some(format!(
                    "{a} fils {c} for an order of {amount} fils {currency}, which {provider} cannot charge: {e}"
                )),
                (Ok(want), Some(a), _) if a != want.amount_fils => Some(format!(
                    "amount {a} fils for an order of {amount} fils {currency} (charged as {} fils {})",
                    want.amount_fils, want.currency
                )),
                (Ok(want), _, Some(c)) if !c.eq_ignore_ascii_case(&want.currency) => {
                    Some(format!("currency {c} for an order in {currency} (charged in {})", want.currency))
                }
                (Ok(_), Some(_), Some(_)) => None,
            };
            sqlx::query("UPDATE payment_events SET payment_id = $1 WHERE provider = $2 AND event_id = $3")
                .bind(id)
                .bind(provider)
                .bind(&v.event_id)
                .execute(&mut *tx)
                .await
                .map_err(crate::platform::db::failed("event link"))?;
            match (&v.status, mismatch) {
                (PaymentStatus::Paid, Some(reason)) => {
                    tracing::warn!(payment = id, %reason, "suspicious payment statement: nothing granted");
                    sqlx::query("UPDATE payments SET suspicious = $1, updated_at = $2 WHERE id = $3")
                        .bind(&reason)
                        .bind(now)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(crate::platform::db::failed("suspicious"))?;
                    Outcome::Mismatch
                }
                (PaymentStatus::Paid, None) => {
                    let became_paid = sqlx::query(
                        "UPDATE payments SET status = 'paid', paid_at = $1, updated_at = $1, provider_ref = $2 \
                         WHERE id = $3 AND status IN ('pending', 'failed', 'cancelled')",
                    )
                    .bind(now)
                    .bind(&v.provider_ref)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::platform::db::failed("paid"))?;
                    if became_paid.rows_affected() == 1 {
                        let user_id: i64 = p.get("user_id");
                        let kind: String = p.get("kind");
                        let code: String = p.get("item_code");
                        grant(&mut tx, id, user_id, &kind, &code, now).await?;
                        notify(&mut tx, &p, NoticeKind::PaymentPaid, now).await?;
                        Outcome::Applied
                    } else {
                        Outcome::AlreadySettled
                    }
                }
                (PaymentStatus::Declined { reason }, _) => {
                    // A late decline never undoes a payment (out-of-order notifications).
                    let changed = sqlx::query(
                        "UPDATE payments SET status = 'failed', failure_code = $1, updated_at = $2 \
                         WHERE id = $3 AND status = 'pending'",
                    )
                    .bind(reason.chars().take(200).collect::<String>())
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::platform::db::failed("declined"))?;
                    if changed.rows_affected() == 1 {
                        notify(&mut tx, &p, NoticeKind::PaymentFailed, now).await?;
                        Outcome::Declined
                    } else {
                        Outcome::AlreadySettled
                    }
                }
                (PaymentStatus::Pending, _) => Outcome::Pending,
            }
        }
    };
    sqlx::query("UPDATE payment_events SET outcome = $1 WHERE provider = $2 AND event_id = $3")
        .bind(outcome.code())
        .bind(provider)
        .bind(&v.event_id)
        .execute(&mut *tx)
        .await
        .map_err(crate::platform::db::failed("outcome"))?;
    tx.commit().await.map_err(crate::platform::db::failed("commit"))?;
    metrics::counter!("pulse_payment_notifications_total", "result" => outcome.code()).increment(1);
    if matches!(outcome, Outcome::Applied | Outcome::Declined) {
        crate::features::notifications::service::deliver_soon(state);
    }
    tracing::info!(provider, source, event = %v.event_id, outcome = outcome.code(), "payment statement");
    Ok(outcome)
}

/// The payer's notification (and email) of a payment that became paid or failed: one per
/// payment and outcome, however often the gateway says so.
async fn notify(
    tx: &mut AnyConnection,
    payment: &sqlx::any::AnyRow,
    kind: NoticeKind,
    now: i64,
) -> Result<(), AppError> {
    let id: i64 = payment.get("id");
    let item: String = payment.get("item_code");
    let is_plan = payment.get::<String, _>("kind") == "plan";
    let data = NoticeData {
        plan: is_plan.then(|| item.clone()),
        item: (!is_plan).then_some(item),
        amount_fils: Some(payment.get("amount_fils")),
        ..NoticeData::default()
    };
    let key = format!("payment:{id}:{}", kind.as_str());
    crate::features::notifications::service::add_in(tx, payment.get("user_id"), kind, &key, &data, now)
        .await
        .map(|_| ())
        .map_err(crate::platform::db::failed("payment notice"))
}

/// What a paid payment gives, inside the transaction that marked it paid.
async fn grant(
    tx: &mut AnyConnection,
    payment_id: i64,
    user_id: i64,
    kind: &str,
    code: &str,
    now: i64,
) -> Result<(), AppError> {
    use crate::platform::metering::subscriptions;
    if kind == "addon" {
        let addon = Addon::parse(code).ok_or(AppError::Internal)?;
        let (meter, amount) = addon.grant();
        let meter = crate::features::usage::UsageKind::parse(meter).ok_or(AppError::Internal)?;
        let credited = subscriptions::grant_addon_in(tx, user_id, meter, amount, Some(payment_id), None, now)
            .await
            .map_err(crate::platform::db::failed("addon"))?;
        if credited.is_none() {
            // Paid, but the period ended meanwhile: say so for an admin to grant by hand.
            sqlx::query("UPDATE payments SET suspicious = 'add-on paid with no current period' WHERE id = $1")
                .bind(payment_id)
                .execute(&mut *tx)
                .await
                .map_err(crate::platform::db::failed("addon orphan"))?;
        }
    } else {
        let current =
            subscriptions::current_on(tx, user_id, now).await.map_err(crate::platform::db::failed("current"))?;
        let price: i64 = sqlx::query_scalar("SELECT price_fils FROM plans WHERE code = $1")
            .bind(code)
            .fetch_one(&mut *tx)
            .await
            .map_err(crate::platform::db::failed("plan"))?;
        let current_price: Option<i64> = match &current {
            Some(p) if p.status != "trial" => sqlx::query_scalar("SELECT price_fils FROM plans WHERE code = $1")
                .bind(&p.plan_code)
                .fetch_optional(&mut *tx)
                .await
                .map_err(crate::platform::db::failed("current plan"))?,
            _ => None,
        };
        // A trial, nothing, or a bigger plan starts now; the same or a smaller plan starts
        // when the paid time already bought ends (and paying again undoes a cancellation).
        let start = match current_price {
            Some(cp) if price <= cp => subscriptions::paid_until_and_resume_in(tx, user_id, now)
                .await
                .map_err(crate::platform::db::failed("paid until"))?,
            _ => {
                subscriptions::end_current_in(tx, user_id, now, false)
                    .await
                    .map_err(crate::platform::db::failed("end current"))?;
                now
            }
        };
        subscriptions::start_period_in(tx, user_id, code, start, "payment", now).await.map_err(|e| {
            tracing::error!(error = %e, "starting a paid period");
            AppError::Internal
        })?;
    }
    let year = pulse_clock::amman_date(now).year;
    sqlx::query("INSERT INTO invoices (payment_id, user_id, number, created_at) VALUES ($1, $2, $3, $4)")
        .bind(payment_id)
        .bind(user_id)
        .bind(format!("PLS-{year}-{payment_id:06}"))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(crate::platform::db::failed("invoice"))?;
    Ok(())
}

/// A `payments` row as the page shows it (`number`, the invoice, when the query joins it).
pub fn payment_view(r: &sqlx::any::AnyRow) -> PaymentView {
    PaymentView {
        id: r.get("id"),
        order_ref: r.get::<Option<String>, _>("order_ref").unwrap_or_default(),
        kind: r.get("kind"),
        item: r.get("item_code"),
        amount: Fils(r.get("amount_fils")),
        currency: r.get("currency"),
        provider: r.get("provider"),
        state: PaymentState::parse(&r.get::<String, _>("status")),
        created_at: UnixMillis(r.get("created_at")),
        paid_at: r.get::<Option<i64>, _>("paid_at").map(UnixMillis),
        invoice_number: r.try_get::<Option<String>, _>("number").ok().flatten(),
    }
}

/// The account page's billing card.
pub async fn view(state: &AppState, user_id: i64) -> Result<BillingView, AppError> {
    let now = UnixMillis::now().0;
    let current = crate::platform::metering::subscriptions::current(&state.db, user_id, now)
        .await
        .map_err(crate::platform::db::failed("current"))?;
    let paid_until: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(period_end) FROM subscriptions WHERE user_id = $1 AND status IN ('active', 'cancel_at_period_end') \
         AND period_end > $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_one(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("paid until"))?;
    let offers = crate::features::plans::service::active_plans(&state.db).await.map_err(|e| {
        tracing::error!(error = %e, "database: offers");
        AppError::Internal
    })?;
    let payments = sqlx::query(
        "SELECT p.id, p.order_ref, p.kind, p.item_code, p.amount_fils, p.currency, p.provider, p.status, p.created_at, \
         p.paid_at, i.number FROM payments p LEFT JOIN invoices i ON i.payment_id = p.id WHERE p.user_id = $1 \
         ORDER BY p.id DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("history"))?
    .iter()
    .map(payment_view)
    .collect();
    Ok(BillingView {
        plan: current.as_ref().map(|p| p.plan_code.clone()),
        on_trial: current.as_ref().is_some_and(|p| p.status == "trial"),
        status: current.as_ref().map(|p| p.status.clone()),
        renews_at: current.as_ref().map(|p| UnixMillis(paid_until.unwrap_or(p.end).max(p.end))),
        offers,
        payments,
        provider: state.payments.name().to_string(),
    })
}

/// Cancels: the plan stays until its paid time ends, then lapses.
pub async fn cancel(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let now = UnixMillis::now().0;
    let done = sqlx::query(
        "UPDATE subscriptions SET status = 'cancel_at_period_end', updated_at = $1 \
         WHERE user_id = $2 AND status = 'active' AND period_end > $1",
    )
    .bind(now)
    .bind(user_id)
    .execute(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("cancel"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::Validation("billing-nothing-to-cancel".into()));
    }
    let _ = audit::record(&state.db, Some(user_id), "billing.cancel", None, serde_json::json!({}), None).await;
    Ok(())
}

/// The newest payments (all, or only suspicious ones) for admins.
pub async fn admin_list(
    state: &AppState,
    only_suspicious: bool,
    after: Option<i64>,
) -> Result<crate::features::admin::model::Page<AdminPayment>, AppError> {
    const PAGE: usize = 25;
    let rows = sqlx::query(&format!(
        "SELECT p.id, u.email, p.order_ref, p.kind, p.item_code, p.amount_fils, p.provider, p.provider_ref, p.status, \
         p.suspicious, p.refund_note, p.created_at FROM payments p JOIN users u ON u.id = p.user_id \
         WHERE p.id < $1 {} ORDER BY p.id DESC LIMIT $2",
        if only_suspicious { "AND p.suspicious IS NOT NULL" } else { "" }
    ))
    .bind(after.unwrap_or(i64::MAX))
    .bind(PAGE as i64 + 1)
    .fetch_all(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("admin list"))?;
    let mut items: Vec<AdminPayment> = rows
        .iter()
        .map(|r| AdminPayment {
            id: r.get("id"),
            email: r.get("email"),
            order_ref: r.get::<Option<String>, _>("order_ref").unwrap_or_default(),
            kind: r.get("kind"),
            item: r.get("item_code"),
            amount: Fils(r.get("amount_fils")),
            provider: r.get("provider"),
            provider_ref: r.get("provider_ref"),
            state: PaymentState::parse(&r.get::<String, _>("status")),
            suspicious: r.get("suspicious"),
            refund_note: r.get("refund_note"),
            created_at: UnixMillis(r.get("created_at")),
        })
        .collect();
    let next = (items.len() > PAGE).then(|| {
        items.truncate(PAGE);
        items.last().map(|p| p.id).unwrap_or(0)
    });
    Ok(crate::features::admin::model::Page { items, next })
}

/// Marks a payment suspicious (or clears the mark with an empty note).
pub async fn admin_flag(state: &AppState, admin: i64, payment_id: i64, note: &str) -> Result<(), AppError> {
    let note = note.trim();
    let done = sqlx::query("UPDATE payments SET suspicious = $1, updated_at = $2 WHERE id = $3")
        .bind((!note.is_empty()).then_some(note))
        .bind(UnixMillis::now().0)
        .bind(payment_id)
        .execute(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("flag"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let _ = audit::record(
        &state.db,
        Some(admin),
        "billing.flag",
        Some(("payment", payment_id.to_string())),
        serde_json::json!({ "note": note }),
        None,
    )
    .await;
    Ok(())
}

/// Records a refund made by hand at the gateway (the money goes back there; this keeps
/// the books true). Only a paid payment can be refunded.
pub async fn admin_refund(state: &AppState, admin: i64, payment_id: i64, note: &str) -> Result<(), AppError> {
    let now = UnixMillis::now().0;
    let done = sqlx::query(
        "UPDATE payments SET status = 'refunded', refunded_at = $1, refund_note = $2, updated_at = $1 \
         WHERE id = $3 AND status = 'paid'",
    )
    .bind(now)
    .bind(note.trim())
    .bind(payment_id)
    .execute(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("refund"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::Validation("billing-refund-not-paid".into()));
    }
    let _ = audit::record(
        &state.db,
        Some(admin),
        "billing.refund",
        Some(("payment", payment_id.to_string())),
        serde_json::json!({ "note": note.trim() }),
        None,
    )
    .await;
    Ok(())
}

/// Grants an add-on to a user's current period without a payment.
/// Credits an add-on to a user's current period; `admin` is who did it (none: the
/// operator's command line).
pub async fn admin_grant_addon(
    state: &AppState,
    admin: Option<i64>,
    email: &str,
    addon: Addon,
) -> Result<(), AppError> {
    let email = email.trim().to_lowercase();
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(state.db.pool())
        .await
        .map_err(crate::platform::db::failed("user"))?
        .ok_or(AppError::NotFound)?;
    let (meter, amount) = addon.grant();
    let kind = crate::features::usage::UsageKind::parse(meter).ok_or(AppError::Internal)?;
    let period = crate::platform::metering::subscriptions::grant_addon(
        &state.db,
        user,
        kind,
        amount,
        None,
        admin,
        UnixMillis::now().0,
    )
    .await
    .map_err(crate::platform::db::failed("grant addon"))?;
    if period.is_none() {
        return Err(AppError::Validation("billing-addon-needs-plan".into()));
    }
    let _ = audit::record(
        &state.db,
        admin,
        "billing.grant_addon",
        Some(("user", user.to_string())),
        serde_json::json!({ "addon": addon.code() }),
        None,
    )
    .await;
    Ok(())
}
