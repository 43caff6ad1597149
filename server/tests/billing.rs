//! Billing: money in equals what the user got. Buying with the sandbox end to end; a
//! notification replayed 100 times is one activation; 100 forged ones change nothing; a
//! wrong amount grants nothing; out-of-order statements; a lost notification completed by
//! the return page; add-ons; renewals, upgrades and cancellation. On SQLite and PostgreSQL.
//! A paid statement without an amount grants nothing unless the gateway's status query
//! confirms it; ZainCash charges JOD orders in IQD at `ZAINCASH_IQD_PER_JOD`, and refuses
//! to start without it.

use crate::common;
use crate::common::{header, TestApp, SAME_ORIGIN};
use futures_util::future::BoxFuture;
use http::StatusCode;
use pulse_payments::sandbox::{Sandbox, SandboxNotice, SIGNATURE_HEADER};
use pulse_payments::{Checkout, CheckoutRequest, Incoming, PaymentDriver, PaymentError, PaymentStatus, Verified};
use std::sync::{Arc, Mutex};

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
    // Its line and the seller come from the messages (locales/*/pages.ftl), not the code.
    if let Some(text) = crate::common::pdftotext(&pdf) {
        assert!(text.contains("Pro plan — one month"), "{text}");
        assert!(text.contains("Amman, Jordan") && text.contains("Pulse AI Studio"), "{text}");
        // So do its labels, the payment method and the (Amman) date, in both languages.
        use app::i18n::{message, Lang};
        for key in ["invoice-billed-to", "invoice-paid-with", "invoice-total-paid", "payment-provider-sandbox"] {
            assert!(text.contains(&message(Lang::En, key)), "{key}: {text}");
        }
        assert!(text.contains("طريقة الدفع") && text.contains("دفع تجريبي"), "{text}");
        let paid_at: i64 =
            sqlx::query_scalar("SELECT created_at FROM invoices").fetch_one(app.state.db.pool()).await.unwrap();
        assert!(text.contains(&app::i18n::format_date(paid_at, Lang::En)), "{text}");
    }
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

// --- Amounts that must be confirmed, and ZainCash in IQD ---------------------------------

const ZC_SECRET: &str = "zaincash-test-secret";

/// What the fake ZainCash's `/transaction/get` says about a transaction.
#[derive(Clone, Copy, Debug)]
enum ZcAnswer {
    /// `success` with this amount in whole IQD.
    Paid(i64),
    /// `success` without an amount.
    PaidNoAmount,
    /// The gateway is down (HTTP 503).
    Down,
}

/// A ZainCash stand-in on 127.0.0.1: `/transaction/init` keeps the signed token's claims
/// and answers `tx{n}`; `/transaction/get` answers about the asked id as set in `answer`.
#[derive(Clone)]
struct FakeZainCash {
    host: String,
    inits: Arc<Mutex<Vec<serde_json::Value>>>,
    answer: Arc<Mutex<ZcAnswer>>,
}

/// The claims of an HS256 token, unverified (the fake only reads what it was sent).
fn claims(token: &str) -> serde_json::Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

impl FakeZainCash {
    async fn start() -> FakeZainCash {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = FakeZainCash {
            host: format!("http://{}", listener.local_addr().unwrap()),
            inits: Arc::default(),
            answer: Arc::new(Mutex::new(ZcAnswer::Down)),
        };
        let f = fake.clone();
        let router = axum::Router::new().fallback(move |uri: http::Uri, body: axum::body::Bytes| {
            let f = f.clone();
            async move {
                let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap();
                let token = &form.iter().find(|(k, _)| k == "token").unwrap().1;
                let claims = claims(token);
                let json =
                    |status: u16, v: serde_json::Value| (http::StatusCode::from_u16(status).unwrap(), axum::Json(v));
                if uri.path() == "/transaction/init" {
                    let mut inits = f.inits.lock().unwrap();
                    inits.push(claims);
                    return json(200, serde_json::json!({ "id": format!("tx{}", inits.len()) }));
                }
                assert_eq!(uri.path(), "/transaction/get");
                let id = claims["id"].as_str().unwrap().to_string();
                let n: usize = id.trim_start_matches("tx").parse().unwrap();
                let order = f.inits.lock().unwrap()[n - 1]["orderId"].clone();
                match *f.answer.lock().unwrap() {
                    ZcAnswer::Paid(iqd) => {
                        json(200, serde_json::json!({ "id": id, "status": "success", "amount": iqd, "orderId": order }))
                    }
                    ZcAnswer::PaidNoAmount => json(200, serde_json::json!({ "id": id, "status": "success" })),
                    ZcAnswer::Down => json(503, serde_json::json!({ "err": { "msg": "down" } })),
                }
            }
        });
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        fake
    }

    fn answer(&self, a: ZcAnswer) {
        *self.answer.lock().unwrap() = a;
    }

    /// The amount (whole IQD) the n-th checkout asked ZainCash for.
    fn asked_iqd(&self, n: usize) -> i64 {
        self.inits.lock().unwrap()[n - 1]["amount"].as_i64().unwrap()
    }
}

fn zaincash_settings(host: &str) -> app::platform::config::PaymentSettings {
    app::platform::config::PaymentSettings::ZainCash {
        host: host.into(),
        merchant_id: "merchant-1".into(),
        secret: ZC_SECRET.into(),
        msisdn: "9647835077893".into(),
        iqd_per_jod: "1850".into(),
    }
}

/// A signed return token as ZainCash puts on the return URL (no amount in it).
fn zaincash_token(host: &str, id: &str, order_ref: &str) -> String {
    let z = pulse_payments::zaincash::ZainCash::new(pulse_payments::zaincash::ZainCashConfig {
        host: host.into(),
        merchant_id: "merchant-1".into(),
        secret: ZC_SECRET.into(),
        msisdn: "9647835077893".into(),
        ..Default::default()
    })
    .unwrap();
    z.sign_return_token(&pulse_payments::zaincash::ReturnClaims {
        status: "success".into(),
        orderid: Some(order_ref.into()),
        id: id.into(),
        msg: None,
    })
}

/// Orders `item` with whatever gateway the app has: (order ref, where the browser is sent).
async fn buy(app: &TestApp, cookie: &str, item: &str) -> (String, String) {
    let (res, body) = app.post_form("/api/billing/buy", &[("item", item)], &[SAME_ORIGIN, ("cookie", cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let target: String = serde_json::from_str(&body).unwrap();
    let order_ref: String = sqlx::query_scalar("SELECT order_ref FROM payments ORDER BY id DESC LIMIT 1")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    (order_ref, target)
}

async fn suspicious(app: &TestApp, order_ref: &str) -> Option<String> {
    sqlx::query_scalar("SELECT suspicious FROM payments WHERE order_ref = $1")
        .bind(order_ref)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn zaincash_in_iqd(app: TestApp) {
    let fake = FakeZainCash::start().await;
    let mut config = (*app.state.config).clone();
    config.payments = zaincash_settings(&fake.host);
    let mut app = app;
    app.state.payments = app::platform::payments::driver_from_config(&config).unwrap();
    let ai = app.state.ai.clone();
    let app = app.with_ai(ai);
    let (user, cookie) = app.signed_in("baghdad@example.jo").await;
    let paid_periods =
        || async { scalar(&app, "SELECT COUNT(*) AS n FROM subscriptions WHERE source = $1", "payment").await };

    // 5.000 JOD is charged as 9250 IQD (1850 IQD per JOD); the order stays in JOD.
    let (pro, target) = buy(&app, &cookie, "plan:pro").await;
    assert_eq!(target, format!("{}/transaction/pay?id=tx1", fake.host));
    assert_eq!(fake.asked_iqd(1), 9250);
    assert_eq!(scalar(&app, "SELECT amount_fils AS n FROM payments WHERE order_ref = $1", &pro).await, 5000);
    // The browser comes back with a token that states no amount: the status query does,
    // in IQD, and it is exactly the order converted.
    fake.answer(ZcAnswer::Paid(9250));
    let back = format!("/pay/return/zaincash/{pro}?token={}", zaincash_token(&fake.host, "tx1", &pro));
    let (res, _) = app.get_with(&back, &[("cookie", &cookie)]).await;
    assert_eq!(header(&res, "location"), "/app/account?payment=paid#billing");
    assert_eq!(plan_of(&app, user).await.unwrap().0, "pro");
    assert_eq!(suspicious(&app, &pro).await, None);

    // 7.000 JOD is 12950 IQD: a payment of 7000 IQD (the JOD figure, unconverted) grants nothing.
    let (creator, _) = buy(&app, &cookie, "plan:creator").await;
    assert_eq!(fake.asked_iqd(2), 12950);
    fake.answer(ZcAnswer::Paid(7000));
    let back = format!("/pay/return/zaincash/{creator}?token={}", zaincash_token(&fake.host, "tx2", &creator));
    let (res, _) = app.get_with(&back, &[("cookie", &cookie)]).await;
    assert_ne!(header(&res, "location"), "/app/account?payment=paid#billing");
    assert_eq!(plan_of(&app, user).await.unwrap().0, "pro", "no upgrade");
    assert!(suspicious(&app, &creator).await.unwrap().contains("7000000 fils"), "recorded");

    // A paid token posted as a notification while ZainCash cannot say the amount (down, or
    // an answer without one): nothing granted, recorded as unconfirmed and suspicious.
    let (starter, _) = buy(&app, &cookie, "plan:starter").await;
    assert_eq!(fake.asked_iqd(3), 5550);
    let token = zaincash_token(&fake.host, "tx3", &starter);
    for answer in [ZcAnswer::Down, ZcAnswer::PaidNoAmount] {
        fake.answer(answer);
        let req = http::Request::post(format!("/webhooks/zaincash?token={token}"))
            .header("sec-fetch-site", "cross-site")
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status(), StatusCode::OK, "{answer:?}");
    }
    assert_eq!(paid_periods().await, 1, "nothing granted without a confirmed amount");
    assert!(suspicious(&app, &starter).await.unwrap().contains("without a stated amount"));
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) AS n FROM payment_events WHERE event_id = $1", "tx3:success:unconfirmed").await,
        1
    );
    // Once ZainCash answers, the return page completes the order: no money is left behind.
    fake.answer(ZcAnswer::Paid(5550));
    let (res, _) = app.get_with(&format!("/pay/return/zaincash/{starter}?token={token}"), &[("cookie", &cookie)]).await;
    assert_eq!(header(&res, "location"), "/app/account?payment=paid#billing");
    assert_eq!(paid_periods().await, 2, "the starter month is queued after the paid pro time");
    app.cleanup().await;
}

#[tokio::test]
async fn zaincash_charges_jod_orders_in_iqd_and_grants_only_on_a_confirmed_amount() {
    for app in common::apps().await {
        zaincash_in_iqd(app).await;
    }
}

/// A gateway whose notifications say "paid" without an amount; its status query answers
/// what the test sets (None: it fails).
#[derive(Debug)]
struct Amountless {
    status_answer: Mutex<Option<(PaymentStatus, Option<i64>)>>,
}

impl PaymentDriver for Amountless {
    fn name(&self) -> &'static str {
        "amountless"
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
        let answer = self.status_answer.lock().unwrap().clone();
        let provider_ref = provider_ref.to_string();
        Box::pin(async move {
            let (status, amount_fils) = answer.ok_or(PaymentError::Timeout)?;
            Ok(Verified {
                event_id: format!("{provider_ref}:status"),
                order_ref: provider_ref.strip_prefix("tx-").map(str::to_string),
                provider_ref,
                status,
                amount_fils,
                currency: Some("JOD".into()),
            })
        })
    }
    fn verify_notification(&self, incoming: &Incoming) -> Result<Verified, PaymentError> {
        let order_ref = String::from_utf8(incoming.body.clone()).unwrap();
        Ok(Verified {
            event_id: format!("tx-{order_ref}:paid"),
            provider_ref: format!("tx-{order_ref}"),
            order_ref: Some(order_ref),
            status: PaymentStatus::Paid,
            amount_fils: None,
            currency: None,
        })
    }
    fn verify_return(&self, _: &Incoming) -> Result<String, PaymentError> {
        Err(PaymentError::BadSignature)
    }
}

#[tokio::test]
async fn a_paid_notification_without_an_amount_grants_only_what_the_status_query_confirms() {
    let mut app = common::sqlite_app().await;
    let driver = Arc::new(Amountless { status_answer: Mutex::new(None) });
    app.state.payments = driver.clone();
    let ai = app.state.ai.clone();
    let app = app.with_ai(ai);
    let (user, cookie) = app.signed_in("unstated@example.jo").await;
    let notify = |order_ref: String| {
        let app = &app;
        async move {
            let req = http::Request::post("/webhooks/amountless")
                .header("sec-fetch-site", "cross-site")
                .body(axum::body::Body::from(order_ref))
                .unwrap();
            let res = app.send(req).await;
            assert_eq!(res.status(), StatusCode::OK);
            let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
            String::from_utf8(body.to_vec()).unwrap()
        }
    };
    let set = |answer: Option<(PaymentStatus, Option<i64>)>| *driver.status_answer.lock().unwrap() = answer;

    // Unconfirmable: the query fails, says pending, or says paid without an amount or with
    // another one. Each time: a mismatch, nothing granted, the order marked suspicious.
    for (i, answer) in [
        None,
        Some((PaymentStatus::Pending, Some(5000))),
        Some((PaymentStatus::Paid, None)),
        Some((PaymentStatus::Paid, Some(50))),
    ]
    .into_iter()
    .enumerate()
    {
        let (order_ref, _) = buy(&app, &cookie, "plan:pro").await;
        set(answer.clone());
        assert_eq!(notify(order_ref.clone()).await, "Mismatch", "case {i}: {answer:?}");
        assert!(plan_of(&app, user).await.is_none(), "case {i}: nothing granted");
        assert!(suspicious(&app, &order_ref).await.is_some(), "case {i}: recorded");
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) AS n FROM payments WHERE order_ref = $1 AND status = 'pending'", &order_ref)
                .await,
            1
        );
    }
    // Confirmed by the gateway: granted once, replays included.
    let (order_ref, _) = buy(&app, &cookie, "plan:pro").await;
    set(Some((PaymentStatus::Paid, Some(5000))));
    assert_eq!(notify(order_ref.clone()).await, "Applied");
    assert_eq!(notify(order_ref.clone()).await, "Duplicate");
    assert_eq!(plan_of(&app, user).await.unwrap().0, "pro");
    assert_eq!(suspicious(&app, &order_ref).await, None);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM subscriptions WHERE source = $1", "payment").await, 1);
    app.cleanup().await;
}

// --- ZAINCASH_IQD_PER_JOD is required ----------------------------------------------------

fn zaincash_env(rate: Option<&str>) -> Vec<(&str, &str)> {
    let mut env = vec![
        ("PAYMENTS_PROVIDER", "zaincash"),
        ("ZAINCASH_MERCHANT_ID", "merchant-1"),
        ("ZAINCASH_SECRET", "s3cret"),
        ("ZAINCASH_MSISDN", "9647835077893"),
    ];
    env.extend(rate.map(|r| ("ZAINCASH_IQD_PER_JOD", r)));
    env
}

#[test]
fn zaincash_is_refused_without_a_readable_rate() {
    use app::platform::config::{Config, PaymentSettings};
    let config = |env: &[(&str, &str)]| {
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(move |k| env.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()))
    };
    let ok = config(&zaincash_env(Some("1846.5"))).unwrap();
    assert!(matches!(ok.payments, PaymentSettings::ZainCash { ref iqd_per_jod, .. } if iqd_per_jod == "1846.5"));
    let err = config(&zaincash_env(None)).unwrap_err().to_string();
    assert!(err.contains("ZAINCASH_IQD_PER_JOD is required with PAYMENTS_PROVIDER=zaincash"), "{err}");
    let err = config(&zaincash_env(Some("1,850"))).unwrap_err().to_string();
    assert!(err.contains("ZAINCASH_IQD_PER_JOD must be the number of IQD one JOD buys"), "{err}");
    // In production too, among the other problems.
    let mut production = zaincash_env(None);
    production.push(("PULSE_ENV", "production"));
    let err = config(&production).unwrap_err().to_string();
    assert!(err.contains("ZAINCASH_IQD_PER_JOD is required"), "{err}");
}

#[test]
fn the_binary_exits_2_naming_the_missing_rate() {
    let run = |env: &[(&str, &str)]| {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pulse"));
        cmd.current_dir(dir.path()).arg("check-config").env_clear().env("PATH", std::env::var("PATH").unwrap());
        cmd.envs(env.iter().copied());
        let out = cmd.output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out.status.code().unwrap_or(-1), text)
    };
    let (code, text) = run(&zaincash_env(None));
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("ZAINCASH_IQD_PER_JOD is required"), "{text}");
    assert!(!text.contains("s3cret"), "{text}");
    let (code, text) = run(&zaincash_env(Some("1850")));
    assert_eq!(code, 0, "{text}");
}
