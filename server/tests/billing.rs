//! Billing: money in equals what the user got. Buying with the sandbox end to end; a
//! notification replayed 100 times is one activation; 100 forged ones change nothing; a
//! wrong amount grants nothing; out-of-order statements; a lost notification completed by
//! the return page; add-ons; renewals, upgrades and cancellation. On SQLite and PostgreSQL.

use crate::common;
use crate::common::{header, TestApp, SAME_ORIGIN};
use futures_util::future::BoxFuture;
use http::StatusCode;
use pulse_payments::sandbox::{Sandbox, SandboxNotice, SIGNATURE_HEADER};
use pulse_payments::{Checkout, CheckoutRequest, Incoming, PaymentDriver, PaymentError, PaymentStatus, Verified};
use std::sync::Arc;

fn sandbox(app: &TestApp) -> Sandbox {
    Sandbox::new("", &app::platform::payments::sandbox_secret(&app.state.config))
}

/// Orders `item` through the real server function, as the hydrated page calls it; the
/// order reference. The page is given the checkout's address to load as a whole page.
async fn order(app: &TestApp, cookie: &str, item: &str) -> String {
    let (res, body) = app.post_form("/api/billing/buy", &[("item", item)], &[SAME_ORIGIN, ("cookie", cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    assert!(res.headers().get("location").is_none(), "no client-side redirect: the page loads the target itself");
    let target: String = serde_json::from_str(&body).unwrap();
    assert!(target.starts_with("http://127.0.0.1/pay/sandbox/ord"), "{target}");
    target.rsplit('/').next().unwrap().to_string()
}

fn notice(order_ref: &str, result: &str, amount_fils: i64) -> SandboxNotice {
    SandboxNotice {
        provider_ref: Sandbox::provider_ref(order_ref),
        order_ref: order_ref.into(),
        result: result.into(),
        amount_fils,
        currency: "JOD".into(),
    }
}

async fn post_notice(app: &TestApp, body: Vec<u8>, signature: &str) -> StatusCode {
    let req = http::Request::post("/webhooks/sandbox")
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, signature)
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from(body))
        .unwrap();
    app.send(req).await.status()
}

async fn scalar(app: &TestApp, sql: &str, bind: &str) -> i64 {
    app.count(sql, Some(bind)).await
}

async fn plan_of(app: &TestApp, user: i64) -> Option<(String, String, i64, i64)> {
    let now = app::types::UnixMillis::now().0;
    app::platform::metering::subscriptions::current(&app.state.db, user, now)
        .await
        .unwrap()
        .map(|p| (p.plan_code, p.status, p.tokens_limit, p.end))
}

async fn sandbox_purchase(app: &TestApp) {
    let (user, cookie) = app.signed_in("buyer@example.jo").await;
    // Nothing bought yet: no add-ons without a plan.
    let (res, body) =
        app.post_form("/api/billing/buy", &[("item", "addon:tokens")], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("billing-addon-needs-plan"));

    let order_ref = order(app, &cookie, "plan:pro").await;
    assert_eq!(
        scalar(app, "SELECT COUNT(*) AS n FROM payments WHERE order_ref = $1 AND status = 'pending'", &order_ref).await,
        1
    );
    // The sandbox page's "pay" button: the signed notice through the real path.
    let (res, body) = app
        .post_form(
            "/api/billing/sandbox-decide",
            &[("order_ref", &order_ref), ("result", "paid")],
            &[SAME_ORIGIN, ("cookie", &cookie)],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{body}");
    assert_eq!(header(&res, "location"), "/app/account?payment=paid#billing");
    // Coming back through the gateway's return path says the same.
    let (res, _) = app.get_with(&format!("/pay/return/sandbox/{order_ref}"), &[("cookie", &cookie)]).await;
    assert_eq!(header(&res, "location"), "/app/account?payment=paid#billing");
    let (plan, status, tokens, _) = plan_of(app, user).await.expect("a period");
    assert_eq!((plan.as_str(), status.as_str(), tokens), ("pro", "active", 400_000));
    assert_eq!(scalar(app, "SELECT COUNT(*) AS n FROM invoices WHERE number LIKE $1", "PLS-%").await, 1);
    // Its invoice: a PDF for the owner only.
    let payment_id: i64 =
        sqlx::query_scalar("SELECT payment_id FROM invoices").fetch_one(app.state.db.pool()).await.unwrap();
    let (res, pdf) = app.get_bytes(&format!("/billing/invoices/{payment_id}.pdf"), &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let (_, stranger) = app.signed_in("nosy-invoice@example.jo").await;
    let (res, _) = app.get_bytes(&format!("/billing/invoices/{payment_id}.pdf"), &[("cookie", &stranger)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // An add-on is added to this period.
    let addon = order(app, &cookie, "addon:images").await;
    let s = sandbox(app);
    let (body, sig) = s.sign(&notice(&addon, "paid", 1000));
    assert_eq!(post_notice(app, body, &sig).await, StatusCode::OK);
    assert_eq!(
        scalar(app, "SELECT COUNT(*) AS n FROM addon_grants WHERE kind = $1 AND amount = 10", "images").await,
        1
    );

    // The account page shows the plan, its renewal and the history.
    let (res, page) = app.get_with("/app/account", &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(page.contains("data-plan=\"pro\""), "current plan on the page");
    assert!(page.contains("data-testid=\"renews-at\""));
    assert_eq!(page.matches("data-testid=\"payment-row\"").count(), 2);
}

#[tokio::test]
async fn a_plan_bought_with_the_sandbox_is_active_and_invoiced() {
    for app in common::apps().await {
        sandbox_purchase(&app).await;
        app.cleanup().await;
    }
}

async fn replays_and_forgeries(app: &TestApp) {
    let (user, cookie) = app.signed_in("replay@example.jo").await;
    let order_ref = order(app, &cookie, "plan:starter").await;
    let s = sandbox(app);
    let (body, sig) = s.sign(&notice(&order_ref, "paid", 3000));
    // 100 forged notices first: wrong signatures, changed bodies, no signature.
    for i in 0..100 {
        let forged_sig = format!("{:064x}", i);
        let status = post_notice(app, body.clone(), &forged_sig).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let cheap = s.sign(&notice(&order_ref, "paid", 3000)).1;
    let tampered = serde_json::to_vec(&notice(&order_ref, "paid", 1)).unwrap();
    assert_eq!(post_notice(app, tampered, &cheap).await, StatusCode::UNAUTHORIZED);
    assert_eq!(post_notice(app, b"not json".to_vec(), &cheap).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        scalar(app, "SELECT COUNT(*) AS n FROM payments WHERE order_ref = $1 AND status = 'pending'", &order_ref).await,
        1
    );
    assert!(plan_of(app, user).await.is_none(), "nothing granted by forgeries");

    // The real one, 100 times at once: one activation, one invoice.
    let sends: Vec<_> = (0..100).map(|_| post_notice(app, body.clone(), &sig)).collect();
    for status in futures_util::future::join_all(sends).await {
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(scalar(app, "SELECT COUNT(*) AS n FROM subscriptions WHERE source = $1", "payment").await, 1);
    assert_eq!(scalar(app, "SELECT COUNT(*) AS n FROM invoices WHERE number LIKE $1", "PLS-%").await, 1);
    assert_eq!(scalar(app, "SELECT COUNT(*) AS n FROM payment_events WHERE provider = $1", "sandbox").await, 1);
    assert_eq!(plan_of(app, user).await.unwrap().0, "starter");

    // A late decline does not undo it (out of order).
    let (body, sig) = s.sign(&notice(&order_ref, "declined", 3000));
    assert_eq!(post_notice(app, body, &sig).await, StatusCode::OK);
    assert_eq!(
        scalar(app, "SELECT COUNT(*) AS n FROM payments WHERE order_ref = $1 AND status = 'paid'", &order_ref).await,
        1
    );
}

#[tokio::test]
async fn replayed_100_times_is_one_activation_and_forgeries_change_nothing() {
    for app in common::apps().await {
        replays_and_forgeries(&app).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_amount_or_currency_grants_nothing_and_is_recorded() {
    let app = common::sqlite_app().await;
    let (user, cookie) = app.signed_in("cheat@example.jo").await;
    let order_ref = order(&app, &cookie, "plan:creator").await;
    let s = sandbox(&app);
    let (body, sig) = s.sign(&notice(&order_ref, "paid", 1000));
    assert_eq!(post_notice(&app, body, &sig).await, StatusCode::OK);
    let (body, sig) = s.sign(&SandboxNotice { currency: "USD".into(), ..notice(&order_ref, "paid", 7000) });
    assert_eq!(post_notice(&app, body, &sig).await, StatusCode::OK);
    assert!(plan_of(&app, user).await.is_none());
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) AS n FROM payments WHERE order_ref = $1 AND status = 'pending' AND suspicious IS NOT NULL",
            &order_ref
        )
        .await,
        1
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM payment_events WHERE outcome = $1", "mismatch").await, 2);
    // The right one still completes it.
    let (body, sig) = s.sign(&notice(&order_ref, "paid", 7000));
    assert_eq!(post_notice(&app, body, &sig).await, StatusCode::OK);
    assert_eq!(plan_of(&app, user).await.unwrap().0, "creator");
    app.cleanup().await;
}

#[tokio::test]
async fn a_decline_then_a_success_ends_paid_and_a_decline_alone_charges_nothing() {
    let app = common::sqlite_app().await;
    let (user, cookie) = app.signed_in("retry@example.jo").await;
    let order_ref = order(&app, &cookie, "plan:pro").await;
    let s = sandbox(&app);
    let (body, sig) = s.sign(&notice(&order_ref, "declined", 5000));
    assert_eq!(post_notice(&app, body, &sig).await, StatusCode::OK);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) AS n FROM payments WHERE order_ref = $1 AND status = 'failed'", &order_ref).await,
        1
    );
    assert!(plan_of(&app, user).await.is_none());
    let (body, sig) = s.sign(&notice(&order_ref, "paid", 5000));
    assert_eq!(post_notice(&app, body, &sig).await, StatusCode::OK);
    assert_eq!(plan_of(&app, user).await.unwrap().0, "pro");
    app.cleanup().await;
}

/// A gateway whose notifications never arrive, but whose status query says "paid".
#[derive(Debug)]
struct LostNotifications;

impl PaymentDriver for LostNotifications {
    fn name(&self) -> &'static str {
        "quiet"
    }
    fn create_checkout(&self, req: CheckoutRequest) -> BoxFuture<'_, Result<Checkout, PaymentError>> {
        Box::pin(async move {
            Ok(Checkout::Redirect {
                url: "https://gateway.example/pay".into(),
                provider_ref: format!("tx-{}", req.order_ref),
            })
        })
    }
    fn status(&self, provider_ref: &str) -> BoxFuture<'_, Result<Verified, PaymentError>> {
        let provider_ref = provider_ref.to_string();
        Box::pin(async move {
            Ok(Verified {
                event_id: format!("{provider_ref}:paid"),
                order_ref: provider_ref.strip_prefix("tx-").map(str::to_string),
                provider_ref,
                status: PaymentStatus::Paid,
                amount_fils: Some(5000),
                currency: Some("JOD".into()),
            })
        })
    }
    fn verify_notification(&self, _: &Incoming) -> Result<Verified, PaymentError> {
        Err(PaymentError::BadSignature)
    }
    fn verify_return(&self, incoming: &Incoming) -> Result<String, PaymentError> {
        incoming.query.iter().find(|(k, _)| k == "tranRef").map(|(_, v)| v.clone()).ok_or(PaymentError::BadSignature)
    }
}

#[tokio::test]
async fn a_lost_notification_is_completed_by_the_return_page() {
    let mut app = common::sqlite_app().await;
    app.state.payments = Arc::new(LostNotifications);
    let ai = app.state.ai.clone();
    app = app.with_ai(ai);
    let (user, cookie) = app.signed_in("patient@example.jo").await;
    // A plain form (no JavaScript) is sent to the gateway with a 302.
    let (res, _) = app
        .post_form(
            "/api/billing/buy",
            &[("item", "plan:pro")],
            &[SAME_ORIGIN, ("cookie", &cookie), ("accept", "text/html,application/xhtml+xml")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(header(&res, "location"), "https://gateway.example/pay");
    let order_ref: String =
        sqlx::query_scalar("SELECT order_ref FROM payments").fetch_one(app.state.db.pool()).await.unwrap();
    // The browser comes back by a cross-site POST without the session cookie.
    let req = http::Request::post(format!("/pay/return/quiet?order={order_ref}&tranRef=tx-{order_ref}"))
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(header(&res, "location"), "/app/account?payment=paid#billing");
    assert_eq!(plan_of(&app, user).await.unwrap().0, "pro");
    // Coming back again changes nothing.
    let (res, _) = app
        .get_with(&format!("/pay/return/quiet?order={order_ref}&tranRef=tx-{order_ref}"), &[("cookie", &cookie)])
        .await;
    assert_eq!(header(&res, "location"), "/app/account?payment=paid#billing");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM subscriptions WHERE source = $1", "payment").await, 1);
    app.cleanup().await;
}

#[tokio::test]
async fn renewals_queue_upgrades_start_now_and_cancelling_keeps_the_paid_time() {
    let app = common::sqlite_app().await;
    let (user, cookie) = app.signed_in("loyal@example.jo").await;
    let s = sandbox(&app);
    let pay = |order_ref: String, amount: i64| {
        let (body, sig) = s.sign(&notice(&order_ref, "paid", amount));
        let app = &app;
        async move { post_notice(app, body, &sig).await }
    };
    assert_eq!(pay(order(&app, &cookie, "plan:pro").await, 5000).await, StatusCode::OK);
    let (_, _, _, first_end) = plan_of(&app, user).await.unwrap();
    // Renewing the same plan adds a month after the paid time.
    assert_eq!(pay(order(&app, &cookie, "plan:pro").await, 5000).await, StatusCode::OK);
    let (plan, _, _, end) = plan_of(&app, user).await.unwrap();
    assert_eq!((plan.as_str(), end), ("pro", first_end), "the current period is unchanged");
    let paid_until: i64 = sqlx::query_scalar("SELECT MAX(period_end) FROM subscriptions WHERE user_id = $1")
        .bind(user)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert!(paid_until > first_end + 27 * 86_400_000, "a month is queued after it");
    // Cancelling keeps what was paid for.
    let (res, _) = app.post_form("/api/billing/cancel", &[], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(plan_of(&app, user).await.unwrap().1, "cancel_at_period_end");
    // An upgrade starts now with the bigger allowance.
    assert_eq!(pay(order(&app, &cookie, "plan:creator").await, 7000).await, StatusCode::OK);
    let (plan, status, tokens, _) = plan_of(&app, user).await.unwrap();
    assert_eq!((plan.as_str(), status.as_str(), tokens), ("creator", "active", 1_000_000));
    app.cleanup().await;
}
