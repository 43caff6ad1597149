//! ZainCash v1 against a fake (apis.md §8): the HS256 init token, `/transaction/init`
//! (form), the pay page redirecting back with a signed token, `/transaction/get`; JOD
//! orders converted at `ZAINCASH_IQD_PER_JOD`; a paid token (which states no amount)
//! confirmed through the status query.

use crate::fake::{checkout, query, Fake, Reply, LONG, SHORT};
use base64::Engine as _;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use pulse_payments::zaincash::{ReturnClaims, ZainCash, ZainCashConfig};
use pulse_payments::{confirm_amount, Checkout, Incoming, Money, PaymentDriver, PaymentError, PaymentStatus};
use serde_json::json;
use std::time::Duration;

// The public test credentials from ZainCash's documentation.
const MERCHANT_ID: &str = "5ffacf6612b5777c6d44266f";
const SECRET: &str = "$2y$10$hBbAZo2GfSSvyqAyV2SaqOfYewgYpfR1O19gIh4SqyGWdmySZYPuS";
const MSISDN: &str = "9647835077893";
const TXN: &str = "5ffd3c5e1a2b3c4d5e6f7a8b";

fn driver(host: &str, timeout: Duration) -> ZainCash {
    ZainCash::new(config(host, timeout, None)).unwrap()
}

fn config(host: &str, timeout: Duration, iqd_per_jod: Option<&str>) -> ZainCashConfig {
    ZainCashConfig {
        host: host.into(),
        merchant_id: MERCHANT_ID.into(),
        secret: SECRET.into(),
        msisdn: MSISDN.into(),
        service_type: "Pulse AI Studio".into(),
        lang: "ar".into(),
        iqd_per_jod: iqd_per_jod.map(str::to_string),
        timeout,
    }
}

/// ZainCash with JOD orders converted at 1850 IQD per JOD.
fn converting(host: &str) -> ZainCash {
    ZainCash::new(config(host, LONG, Some("1850"))).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// A token as ZainCash would sign it (any claims, any key).
fn token(claims: serde_json::Value, key: &str) -> String {
    encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(key.as_bytes())).unwrap()
}

fn claims_of(token: &str) -> serde_json::Value {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_required_spec_claims(&["exp", "iat"]);
    decode::<serde_json::Value>(token, &DecodingKey::from_secret(SECRET.as_bytes()), &v).unwrap().claims
}

fn return_query(token: &str) -> Incoming {
    query(&[("token", token)])
}

#[tokio::test]
async fn init_and_redirect_with_an_hs256_token() {
    let fake = Fake::start(vec![Reply::json(
        200,
        json!({"id": TXN, "amount": 1000, "orderId": "ORD-000123", "status": "pending", "type": "MERCHANT_PAYMENT",
               "serviceType": "Pulse AI Studio", "createdAt": "2025-01-01T10:00:00.000Z"}),
    )])
    .await;
    let z = driver(&fake.host, LONG);
    let c = z.create_checkout(checkout(1_000_000, "IQD")).await.unwrap();
    assert_eq!(
        c,
        Checkout::Redirect { url: format!("{}/transaction/pay?id={TXN}", fake.host), provider_ref: TXN.into() }
    );
    let r = fake.request();
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/transaction/init"));
    assert_eq!(r.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(r.field("merchantId"), MERCHANT_ID);
    assert_eq!(r.field("lang"), "ar");
    let claims = claims_of(&r.field("token"));
    assert_eq!(claims["amount"], json!(1000), "whole IQD, a number");
    assert_eq!(claims["serviceType"], "Pulse AI Studio");
    assert_eq!(claims["msisdn"], json!(9647835077893_u64), "a number");
    assert_eq!(claims["orderId"], "ORD-000123");
    assert_eq!(claims["redirectUrl"], "https://pulse.example/pay/return/x");
    let (iat, exp) = (claims["iat"].as_i64().unwrap(), claims["exp"].as_i64().unwrap());
    assert!((iat - now()).abs() < 60);
    assert_eq!(exp - iat, 4 * 3600);
    let header = r.field("token").split('.').next().unwrap().to_string();
    let header: serde_json::Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
    assert_eq!(header["alg"], "HS256");
}

#[tokio::test]
async fn only_whole_iqd_is_sent() {
    let fake = Fake::start(vec![]).await;
    let z = driver(&fake.host, LONG);
    let err = z.create_checkout(checkout(5000, "JOD")).await.unwrap_err();
    assert_eq!(
        err,
        PaymentError::Gateway {
            status: 0,
            message: "ZainCash charges in IQD only: a JOD order needs ZAINCASH_IQD_PER_JOD".into()
        }
    );
    assert!(matches!(z.create_checkout(checkout(5000, "USD")).await, Err(PaymentError::Gateway { status: 0, .. })));
    assert!(matches!(
        z.create_checkout(checkout(1_000_500, "IQD")).await,
        Err(PaymentError::Gateway { status: 0, .. })
    ));
    assert!(matches!(z.create_checkout(checkout(0, "IQD")).await, Err(PaymentError::Gateway { status: 0, .. })));
    assert!(fake.seen().is_empty());
}

#[tokio::test]
async fn init_errors() {
    let fake = Fake::start(vec![
        // ZainCash's HTTP codes are unreliable: a 200 without an id is a failure.
        Reply::json(200, json!({"err": {"msg": "Invalid merchant"}})),
        Reply::json(400, json!({"err": {"msg": "Amount must be at least 250"}})),
        Reply::text(503, "Service Unavailable"),
        Reply::json(200, json!({"id": TXN})).slow(),
    ])
    .await;
    let z = driver(&fake.host, SHORT);
    let req = || checkout(1_000_000, "IQD");
    assert_eq!(
        z.create_checkout(req()).await,
        Err(PaymentError::Gateway { status: 200, message: "Invalid merchant".into() })
    );
    assert_eq!(
        z.create_checkout(req()).await,
        Err(PaymentError::Gateway { status: 400, message: "Amount must be at least 250".into() })
    );
    assert_eq!(
        z.create_checkout(req()).await,
        Err(PaymentError::Gateway { status: 503, message: "Service Unavailable".into() })
    );
    assert_eq!(z.create_checkout(req()).await, Err(PaymentError::Timeout));
}

#[tokio::test]
async fn the_pay_page_sends_back_a_token_that_verifies() {
    // Init, then the fake pay page redirects to redirectUrl?token=… as ZainCash does.
    let back = token(
        json!({"status": "success", "orderid": "ORD-000123", "id": TXN, "iat": now(), "exp": now() + 3600}),
        SECRET,
    );
    let fake = Fake::start(vec![
        Reply::json(200, json!({"id": TXN})),
        Reply::redirect(format!("https://pulse.example/pay/return/x?token={back}")),
    ])
    .await;
    let z = driver(&fake.host, LONG);
    let Checkout::Redirect { url, .. } = z.create_checkout(checkout(1_000_000, "IQD")).await.unwrap() else {
        panic!("a redirect")
    };
    let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = browser.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 302);
    let location = reqwest::Url::parse(page.headers()["location"].to_str().unwrap()).unwrap();
    let incoming = Incoming { query: location.query_pairs().into_owned().collect(), ..Default::default() };
    assert_eq!(fake.seen()[1].query, vec![("id".to_string(), TXN.to_string())]);

    assert_eq!(z.verify_return(&incoming).unwrap(), TXN);
    let v = z.verify_notification(&incoming).unwrap();
    assert_eq!(v.status, PaymentStatus::Paid);
    assert_eq!(v.provider_ref, TXN);
    assert_eq!(v.order_ref.as_deref(), Some("ORD-000123"));
    assert_eq!(v.event_id, format!("{TXN}:success"));
    // The same token twice: the same event.
    assert_eq!(z.verify_return_token(&back).unwrap(), v);
}

#[tokio::test]
async fn return_tokens_failed_pending_and_without_times() {
    let z = driver("http://127.0.0.1:9", LONG);
    let failed =
        token(json!({"status": "failed", "orderid": "ORD-1", "id": TXN, "msg": "Insufficient balance"}), SECRET);
    let v = z.verify_notification(&return_query(&failed)).unwrap();
    assert_eq!(v.status, PaymentStatus::Declined { reason: "Insufficient balance (failed)".into() });
    assert_eq!((v.amount_fils, v.currency), (None, None));
    let pending = token(json!({"status": "pending", "orderid": "ORD-1", "id": TXN}), SECRET);
    assert_eq!(z.verify_notification(&return_query(&pending)).unwrap().status, PaymentStatus::Pending);
    let completed = token(json!({"status": "completed", "orderid": "ORD-1", "id": TXN}), SECRET);
    assert_eq!(z.verify_notification(&return_query(&completed)).unwrap().status, PaymentStatus::Paid);
    // As a form field too.
    let body = format!("token={failed}").into_bytes();
    assert_eq!(z.verify_return(&Incoming { body, ..Default::default() }).unwrap(), TXN);
}

#[tokio::test]
async fn forged_expired_and_missing_tokens_are_refused() {
    let z = driver("http://127.0.0.1:9", LONG);
    let claims = json!({"status": "success", "orderid": "ORD-1", "id": TXN});
    let forged = token(claims.clone(), "another-secret");
    assert_eq!(z.verify_notification(&return_query(&forged)), Err(PaymentError::BadSignature));
    assert_eq!(z.verify_return(&return_query(&forged)), Err(PaymentError::BadSignature));

    // A payload changed after signing (failed → success).
    let genuine = token(json!({"status": "failed", "orderid": "ORD-1", "id": TXN}), SECRET);
    let mut parts: Vec<String> = genuine.split('.').map(str::to_string).collect();
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string());
    assert_eq!(z.verify_notification(&return_query(&parts.join("."))), Err(PaymentError::BadSignature));

    // alg: none.
    let none_header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{}.", parts[1]);
    assert_eq!(z.verify_notification(&return_query(&unsigned)), Err(PaymentError::BadSignature));

    // Expired (beyond the minute of leeway).
    let expired = token(json!({"status": "success", "orderid": "ORD-1", "id": TXN, "exp": now() - 600}), SECRET);
    assert_eq!(z.verify_notification(&return_query(&expired)), Err(PaymentError::BadSignature));

    assert_eq!(z.verify_notification(&return_query("not.a.jwt")), Err(PaymentError::BadSignature));
    assert_eq!(z.verify_notification(&query(&[])), Err(PaymentError::BadSignature));
    assert!(matches!(z.verify_return(&query(&[])), Err(PaymentError::BadPayload(_))));

    // Signed, but no transaction id.
    let no_id = token(json!({"status": "success", "orderid": "ORD-1", "id": ""}), SECRET);
    assert!(matches!(z.verify_notification(&return_query(&no_id)), Err(PaymentError::BadPayload(_))));
}

#[tokio::test]
async fn status_by_transaction_get() {
    let fake = Fake::start(vec![
        Reply::json(200, json!({"id": TXN, "status": "success", "amount": 1000, "orderId": "ORD-000123"})),
        Reply::json(
            200,
            json!({"id": TXN, "status": "failed", "amount": "1000", "orderId": "ORD-000123", "msg": "Rejected"}),
        ),
        Reply::json(200, json!({"id": TXN, "status": "pending", "amount": 1000, "orderId": "ORD-000123"})),
        Reply::json(200, json!({"err": {"msg": "Transaction not found"}})),
        Reply::json(200, json!({"id": "someone-else", "status": "success", "amount": 1000})),
        Reply::text(500, "Internal Server Error"),
        Reply::json(200, json!({"id": TXN, "status": "success"})).slow(),
    ])
    .await;
    let z = driver(&fake.host, SHORT);
    let v = z.status(TXN).await.unwrap();
    assert_eq!(v.status, PaymentStatus::Paid);
    assert_eq!((v.amount_fils, v.currency.as_deref()), (Some(1_000_000), Some("IQD")));
    assert_eq!(v.order_ref.as_deref(), Some("ORD-000123"));
    assert_eq!(v.event_id, format!("{TXN}:success"), "the same event id as the return token's");
    assert_eq!(z.status(TXN).await.unwrap().status, PaymentStatus::Declined { reason: "Rejected (failed)".into() });
    assert_eq!(z.status(TXN).await.unwrap().status, PaymentStatus::Pending);
    assert_eq!(
        z.status(TXN).await,
        Err(PaymentError::Gateway { status: 200, message: "Transaction not found".into() })
    );
    assert!(matches!(z.status(TXN).await, Err(PaymentError::BadPayload(_))));
    assert!(matches!(z.status(TXN).await, Err(PaymentError::Gateway { status: 500, .. })));
    assert_eq!(z.status(TXN).await, Err(PaymentError::Timeout));

    let r = &fake.seen()[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/transaction/get"));
    assert_eq!(r.field("merchantId"), MERCHANT_ID);
    let claims = claims_of(&r.field("token"));
    assert_eq!(claims["id"], TXN);
    assert_eq!(claims["msisdn"], json!(9647835077893_u64));
}

#[test]
fn our_signed_return_tokens_read_back() {
    let z = driver("http://127.0.0.1:9", LONG);
    let claims = ReturnClaims { status: "success".into(), orderid: Some("ORD-1".into()), id: TXN.into(), msg: None };
    let token = z.sign_return_token(&claims);
    assert_eq!(z.return_claims(&token).unwrap(), claims);
}

#[tokio::test]
async fn jod_orders_are_charged_in_iqd_at_the_configured_rate() {
    let fake = Fake::start(vec![
        Reply::json(200, json!({"id": TXN})),
        Reply::json(200, json!({"id": "5ffd3c5e1a2b3c4d5e6f7a8c"})),
        Reply::json(200, json!({"id": TXN, "status": "success", "amount": 9250, "orderId": "ORD-000123"})),
    ])
    .await;
    let z = converting(&fake.host);
    // 5.000 JOD × 1850 = 9250 IQD; 4.990 JOD × 1850 = 9231.5 → 9232 (rounded up, never down).
    z.create_checkout(checkout(5000, "JOD")).await.unwrap();
    z.create_checkout(checkout(4990, "JOD")).await.unwrap();
    let seen = fake.seen();
    assert_eq!(claims_of(&seen[0].field("token"))["amount"], json!(9250));
    assert_eq!(claims_of(&seen[1].field("token"))["amount"], json!(9232));
    // IQD orders are still charged as they are.
    assert_eq!(z.charge_for(1_000_000, "IQD"), Ok(Money { amount_fils: 1_000_000, currency: "IQD".into() }));

    // What comes back is in IQD and is exactly what the order is charged.
    let v = z.status(TXN).await.unwrap();
    let charged = Money { amount_fils: v.amount_fils.unwrap(), currency: v.currency.unwrap() };
    assert_eq!(z.charge_for(5000, "JOD"), Ok(charged.clone()));
    assert_ne!(z.charge_for(4990, "JOD"), Ok(charged), "another order's price does not match");
}

#[tokio::test]
async fn a_rate_that_is_not_a_number_stops_the_driver() {
    let err = ZainCash::new(config("http://127.0.0.1:9", LONG, Some("1,850"))).unwrap_err();
    assert!(err.0.contains("ZAINCASH_IQD_PER_JOD"), "{err}");
}

/// A paid return token says nothing about the amount: the status query supplies it, or
/// nothing is confirmed.
#[tokio::test]
async fn a_paid_token_is_confirmed_by_the_status_query_or_stays_without_an_amount() {
    let fake = Fake::start(vec![
        Reply::json(200, json!({"id": TXN, "status": "success", "amount": 9250, "orderId": "ORD-1"})),
        Reply::json(200, json!({"id": TXN, "status": "pending", "amount": 9250, "orderId": "ORD-1"})),
        Reply::json(200, json!({"id": TXN, "status": "success", "amount": 9250, "orderId": "ORD-2"})),
        Reply::json(200, json!({"id": TXN, "status": "success", "orderId": "ORD-1"})),
        Reply::json(200, json!({"err": {"msg": "Transaction not found"}})),
        Reply::text(503, "Service Unavailable"),
    ])
    .await;
    let z = converting(&fake.host);
    let paid = z
        .verify_notification(&return_query(&token(json!({"status": "success", "orderid": "ORD-1", "id": TXN}), SECRET)))
        .unwrap();
    assert_eq!((paid.status.clone(), paid.amount_fils, paid.currency.clone()), (PaymentStatus::Paid, None, None));

    let confirmed = confirm_amount(&z, paid.clone()).await;
    assert_eq!((confirmed.amount_fils, confirmed.currency.as_deref()), (Some(9_250_000), Some("IQD")));
    assert_eq!(confirmed.event_id, paid.event_id, "the statement keeps its own event id");
    assert_eq!(fake.seen()[0].path, "/transaction/get");

    // Pending at the gateway, about another order, without an amount, unknown, down: the
    // statement comes back without an amount (the app grants nothing on it).
    for _ in 0..5 {
        let unconfirmed = confirm_amount(&z, paid.clone()).await;
        assert_eq!(unconfirmed, paid);
    }
    assert_eq!(fake.seen().len(), 6);

    // Statements that say their amount, or are not "paid", are not queried.
    let declined = z
        .verify_notification(&return_query(&token(json!({"status": "failed", "orderid": "ORD-1", "id": TXN}), SECRET)))
        .unwrap();
    assert_eq!(confirm_amount(&z, declined.clone()).await, declined);
    let stated = pulse_payments::Verified { amount_fils: Some(9_250_000), currency: Some("IQD".into()), ..paid };
    assert_eq!(confirm_amount(&z, stated.clone()).await, stated);
    assert_eq!(fake.seen().len(), 6, "no more queries");
}
