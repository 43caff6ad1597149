//! HyperPay COPYandPAY against a fake OPPWA (apis.md §6): form-encoded requests with a
//! Bearer token, result codes deciding outcomes (declines as HTTP 400), AES-256-GCM
//! webhooks.

use crate::fake::{checkout, closed_host, query, Fake, Reply, LONG, SHORT};
use pulse_payments::hyperpay::{seal_webhook, HyperPay, HyperPayConfig, IV_HEADER, TAG_HEADER};
use pulse_payments::{Checkout, Incoming, PaymentDriver, PaymentError, PaymentStatus};
use serde_json::json;
use std::time::Duration;

const TOKEN: &str = "OGE4Mjk0MTc0YjdlY2IyODAxNGI5Njk5MjIwMDE1Y2N8c3k2S0pzVDg=";
const ENTITY: &str = "8a8294174b7ecb28014b9699220015ca";
const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const CHECKOUT_ID: &str = "1C0E44AE887ED736818BBB1EA0EEC78D.uat01-vm-tx04";

fn driver(host: &str, timeout: Duration) -> HyperPay {
    HyperPay::new(HyperPayConfig {
        host: host.into(),
        access_token: TOKEN.into(),
        entity_id: ENTITY.into(),
        webhook_key_hex: KEY.into(),
        brands: "VISA MASTER".into(),
        extra_params: vec![("testMode".into(), "EXTERNAL".into())],
        timeout,
    })
    .unwrap()
}

fn payment(code: &str, description: &str, amount: &str) -> serde_json::Value {
    json!({
        "id": "8ac7a4a1845f7e5e01846a1b8f9a1234",
        "paymentType": "DB",
        "paymentBrand": "VISA",
        "amount": amount,
        "currency": "JOD",
        "descriptor": "1234.5678.9012 Pulse",
        "merchantTransactionId": "ORD-000123",
        "result": {"code": code, "description": description},
        "card": {"bin": "420000", "last4Digits": "0000", "holder": "Ali", "expiryMonth": "12", "expiryYear": "2030"},
        "customer": {"email": "ali@example.com", "ip": "1.2.3.4"},
        "buildNumber": "b", "timestamp": "2025-01-01 10:01:00+0000", "ndc": "n"
    })
}

#[tokio::test]
async fn checkout_is_a_form_post_with_bearer_and_two_decimals() {
    let fake = Fake::start(vec![Reply::json(
        200,
        json!({
            "result": {"code": "000.200.100", "description": "successfully created checkout"},
            "buildNumber": "b", "timestamp": "2025-01-01 10:00:00+0000", "ndc": "n",
            "id": CHECKOUT_ID, "integrity": "sha384-abc"
        }),
    )])
    .await;
    let hp = driver(&fake.host, LONG);
    let checkout = hp.create_checkout(checkout(5000, "JOD")).await.unwrap();
    assert_eq!(
        checkout,
        Checkout::Widget {
            script_url: format!("{}/v1/paymentWidgets.js?checkoutId={CHECKOUT_ID}", fake.host),
            checkout_id: CHECKOUT_ID.into(),
            brands: "VISA MASTER".into(),
            provider_ref: CHECKOUT_ID.into(),
            integrity: Some("sha384-abc".into()),
        }
    );
    let r = fake.request();
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/checkouts"));
    assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(r.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert!(r.query.is_empty(), "parameters go in the body");
    assert_eq!(r.field("entityId"), ENTITY);
    assert_eq!(r.field("amount"), "5.00");
    assert_eq!(r.field("currency"), "JOD");
    assert_eq!(r.field("paymentType"), "DB");
    assert_eq!(r.field("merchantTransactionId"), "ORD-000123");
    assert_eq!(r.field("customer.email"), "ali@example.com");
    assert_eq!(r.field("customer.givenName"), "Ali");
    assert_eq!(r.field("customer.surname"), "Ahmad");
    assert_eq!(r.field("integrity"), "true");
    assert_eq!(r.field("testMode"), "EXTERNAL");
}

#[tokio::test]
async fn amounts_that_need_three_decimals_are_refused_before_sending() {
    let fake = Fake::start(vec![]).await;
    let hp = driver(&fake.host, LONG);
    let err = hp.create_checkout(checkout(5005, "JOD")).await.unwrap_err();
    assert!(matches!(err, PaymentError::Gateway { status: 0, .. }), "{err:?}");
    assert!(fake.seen().is_empty());
    // 10.50 JOD is fine.
    let fake = Fake::start(vec![Reply::json(200, json!({"result": {"code": "000.200.100"}, "id": "abc"}))]).await;
    driver(&fake.host, LONG).create_checkout(checkout(10_500, "JOD")).await.unwrap();
    assert_eq!(fake.request().field("amount"), "10.50");
}

#[tokio::test]
async fn checkout_errors_carry_the_gateway_words() {
    let fake = Fake::start(vec![
        Reply::json(
            400,
            json!({"result": {"code": "200.300.404", "description": "invalid or missing parameter"},
                   "buildNumber": "b", "timestamp": "t", "ndc": "n"}),
        ),
        Reply::json(
            401,
            json!({"result": {"code": "800.900.300", "description": "invalid authentication information"}}),
        ),
        Reply::text(500, "<html>oops</html>"),
    ])
    .await;
    let hp = driver(&fake.host, LONG);
    assert_eq!(
        hp.create_checkout(checkout(5000, "JOD")).await,
        Err(PaymentError::Gateway { status: 400, message: "invalid or missing parameter (200.300.404)".into() })
    );
    assert_eq!(
        hp.create_checkout(checkout(5000, "JOD")).await,
        Err(PaymentError::Gateway { status: 401, message: "invalid authentication information (800.900.300)".into() })
    );
    assert_eq!(
        hp.create_checkout(checkout(5000, "JOD")).await,
        Err(PaymentError::Gateway { status: 500, message: "<html>oops</html>".into() })
    );
}

#[tokio::test]
async fn status_success_pending_and_decline_as_http_400() {
    let fake = Fake::start(vec![
        Reply::json(
            200,
            payment("000.100.110", "Request successfully processed in 'Merchant in Integrator Test Mode'", "5.00"),
        ),
        Reply::json(
            200,
            json!({"result": {"code": "000.200.000", "description": "transaction pending"}, "id": CHECKOUT_ID}),
        ),
        Reply::json(400, payment("800.100.151", "transaction declined (invalid card)", "5.00")),
        Reply::json(400, payment("100.396.101", "Cancelled by user", "5.00")),
        Reply::json(
            200,
            payment("000.400.000", "Transaction succeeded (please review manually due to fraud suspicion)", "5.00"),
        ),
    ])
    .await;
    let hp = driver(&fake.host, LONG);

    let v = hp.status(CHECKOUT_ID).await.unwrap();
    assert_eq!(v.status, PaymentStatus::Paid);
    assert_eq!(v.provider_ref, CHECKOUT_ID);
    assert_eq!(v.order_ref.as_deref(), Some("ORD-000123"));
    assert_eq!(v.amount_fils, Some(5000));
    assert_eq!(v.currency.as_deref(), Some("JOD"));
    assert_eq!(v.event_id, "8ac7a4a1845f7e5e01846a1b8f9a1234:000.100.110");

    let v = hp.status(CHECKOUT_ID).await.unwrap();
    assert_eq!((v.status, v.amount_fils), (PaymentStatus::Pending, None));

    let v = hp.status(CHECKOUT_ID).await.unwrap();
    assert_eq!(
        v.status,
        PaymentStatus::Declined { reason: "transaction declined (invalid card) (800.100.151)".into() }
    );
    let v = hp.status(CHECKOUT_ID).await.unwrap();
    assert_eq!(v.status, PaymentStatus::Declined { reason: "Cancelled by user (100.396.101)".into() });
    let v = hp.status(CHECKOUT_ID).await.unwrap();
    assert_eq!(v.status, PaymentStatus::Paid, "processed, with a review advised: the money is taken");

    for r in fake.seen() {
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", format!("/v1/checkouts/{CHECKOUT_ID}/payment").as_str())
        );
        assert_eq!(r.query, vec![("entityId".to_string(), ENTITY.to_string())]);
        assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }
}

#[tokio::test]
async fn status_errors_and_timeouts() {
    let fake = Fake::start(vec![
        Reply::text(500, "Internal Server Error"),
        Reply::json(404, json!({"result": {"code": "700.400.580", "description": "cannot find transaction"}})),
        Reply::json(400, json!({"nothing": "here"})),
        Reply::json(200, payment("000.000.000", "ok", "5.00")).slow(),
    ])
    .await;
    let hp = driver(&fake.host, SHORT);
    assert!(matches!(hp.status(CHECKOUT_ID).await, Err(PaymentError::Gateway { status: 500, .. })));
    assert_eq!(
        hp.status(CHECKOUT_ID).await,
        Err(PaymentError::Gateway { status: 404, message: "cannot find transaction (700.400.580)".into() })
    );
    assert!(matches!(hp.status(CHECKOUT_ID).await, Err(PaymentError::Gateway { status: 400, .. })));
    assert_eq!(hp.status(CHECKOUT_ID).await, Err(PaymentError::Timeout));
    // Nothing unsafe goes into the URL path.
    assert!(matches!(hp.status("../../v1/payments").await, Err(PaymentError::BadPayload(_))));
    assert_eq!(fake.seen().len(), 4);
    // Nobody listening.
    let hp = driver(&closed_host().await, SHORT);
    assert!(matches!(hp.status(CHECKOUT_ID).await, Err(PaymentError::Network(_))));
}

fn webhook(plaintext: &serde_json::Value, key: &str, iv: &[u8]) -> Incoming {
    let (body, iv, tag) = seal_webhook(key, iv, plaintext.to_string().as_bytes()).unwrap();
    let mut incoming = Incoming { body: body.into_bytes(), ..Default::default() };
    incoming.headers.insert("X-Initialization-Vector", iv.parse().unwrap());
    incoming.headers.insert("X-Authentication-Tag", tag.parse().unwrap());
    incoming.headers.insert("content-type", "text/plain".parse().unwrap());
    incoming
}

fn paid_notice() -> serde_json::Value {
    json!({"type": "PAYMENT", "payload": payment("000.000.000", "Transaction succeeded", "5.00")})
}

#[tokio::test]
async fn webhooks_decrypt_verify_and_read_exactly() {
    let hp = driver("http://127.0.0.1:9", LONG);
    let incoming = webhook(&paid_notice(), KEY, &[3u8; 12]);
    let v = hp.verify_notification(&incoming).unwrap();
    assert_eq!(v.status, PaymentStatus::Paid);
    assert_eq!(v.provider_ref, "8ac7a4a1845f7e5e01846a1b8f9a1234");
    assert_eq!(v.order_ref.as_deref(), Some("ORD-000123"));
    assert_eq!((v.amount_fils, v.currency.as_deref()), (Some(5000), Some("JOD")));
    assert_eq!(v.event_id, "8ac7a4a1845f7e5e01846a1b8f9a1234:000.000.000");
    // The same notification again (and re-encrypted with another IV): the same event id.
    assert_eq!(hp.verify_notification(&incoming).unwrap().event_id, v.event_id);
    assert_eq!(hp.verify_notification(&webhook(&paid_notice(), KEY, &[4u8; 16])).unwrap(), v);
    // Wrapped as {"encryptedBody": …}.
    let mut wrapped = incoming.clone();
    wrapped.body = json!({"encryptedBody": String::from_utf8(incoming.body.clone()).unwrap()}).to_string().into_bytes();
    assert_eq!(hp.verify_notification(&wrapped).unwrap(), v);

    // Amounts are exact: "10.50" → 10500, "0.07" → 70.
    let notice = json!({"type": "PAYMENT", "payload": payment("000.000.000", "ok", "10.50")});
    assert_eq!(hp.verify_notification(&webhook(&notice, KEY, &[1u8; 12])).unwrap().amount_fils, Some(10_500));
    let notice = json!({"type": "PAYMENT", "payload": payment("000.000.000", "ok", "0.07")});
    assert_eq!(hp.verify_notification(&webhook(&notice, KEY, &[1u8; 12])).unwrap().amount_fils, Some(70));

    // A declined payment's notice.
    let notice =
        json!({"type": "PAYMENT", "payload": payment("800.100.151", "transaction declined (invalid card)", "5.00")});
    let d = hp.verify_notification(&webhook(&notice, KEY, &[1u8; 12])).unwrap();
    assert!(matches!(d.status, PaymentStatus::Declined { .. }));
    assert_ne!(d.event_id, v.event_id, "another result, another event");
}

#[tokio::test]
async fn forged_or_broken_webhooks_are_refused() {
    let hp = driver("http://127.0.0.1:9", LONG);
    let good = webhook(&paid_notice(), KEY, &[3u8; 12]);

    let mut tampered = good.clone();
    let last = tampered.body.len() - 1;
    tampered.body[last] = if tampered.body[last] == b'0' { b'1' } else { b'0' };
    assert_eq!(hp.verify_notification(&tampered), Err(PaymentError::BadSignature), "changed ciphertext");

    let mut bad_tag = good.clone();
    bad_tag.headers.insert(TAG_HEADER, "00".repeat(16).parse().unwrap());
    assert_eq!(hp.verify_notification(&bad_tag), Err(PaymentError::BadSignature), "wrong tag");

    let mut bad_iv = good.clone();
    bad_iv.headers.insert(IV_HEADER, "04".repeat(12).parse().unwrap());
    assert_eq!(hp.verify_notification(&bad_iv), Err(PaymentError::BadSignature), "wrong IV");

    let other_key = "ff".repeat(32);
    let forged = webhook(&paid_notice(), &other_key, &[3u8; 12]);
    assert_eq!(hp.verify_notification(&forged), Err(PaymentError::BadSignature), "another key");

    for header in [IV_HEADER, TAG_HEADER] {
        let mut missing = good.clone();
        missing.headers.remove(header);
        assert_eq!(hp.verify_notification(&missing), Err(PaymentError::BadSignature), "no {header}");
    }
    let mut plain = good.clone();
    plain.body = paid_notice().to_string().into_bytes();
    assert_eq!(hp.verify_notification(&plain), Err(PaymentError::BadSignature), "plaintext body");
    let mut empty = good.clone();
    empty.body.clear();
    assert_eq!(hp.verify_notification(&empty), Err(PaymentError::BadSignature), "empty body");

    // Without a configured key, nothing verifies.
    let no_key = HyperPay::new(HyperPayConfig {
        host: "http://127.0.0.1:9".into(),
        access_token: TOKEN.into(),
        entity_id: ENTITY.into(),
        ..HyperPayConfig::default()
    })
    .unwrap();
    assert_eq!(no_key.verify_notification(&good), Err(PaymentError::BadSignature));
}

#[tokio::test]
async fn authentic_non_payment_notices_are_ignored() {
    let hp = driver("http://127.0.0.1:9", LONG);
    let registration = json!({"type": "REGISTRATION", "action": "CREATED", "payload": {"id": "r1"}});
    assert!(matches!(hp.verify_notification(&webhook(&registration, KEY, &[5u8; 12])), Err(PaymentError::Ignored(_))));
    let mut refund = payment("000.000.000", "Transaction succeeded", "5.00");
    refund["paymentType"] = json!("RF");
    let notice = json!({"type": "PAYMENT", "payload": refund});
    assert!(matches!(hp.verify_notification(&webhook(&notice, KEY, &[5u8; 12])), Err(PaymentError::Ignored(_))));
    // A PAYMENT with no result code is not readable.
    let notice = json!({"type": "PAYMENT", "payload": {"id": "x", "amount": "5.00"}});
    assert!(matches!(hp.verify_notification(&webhook(&notice, KEY, &[5u8; 12])), Err(PaymentError::BadPayload(_))));
    let notice = json!({"type": "PAYMENT", "payload": payment("000.000.000", "ok", "5.5.0")});
    assert!(matches!(hp.verify_notification(&webhook(&notice, KEY, &[5u8; 12])), Err(PaymentError::BadPayload(_))));
}

#[tokio::test]
async fn the_return_gives_the_checkout_id() {
    let hp = driver("http://127.0.0.1:9", LONG);
    let path = format!("/v1/checkouts/{CHECKOUT_ID}/payment");
    assert_eq!(hp.verify_return(&query(&[("id", CHECKOUT_ID), ("resourcePath", &path)])).unwrap(), CHECKOUT_ID);
    assert_eq!(hp.verify_return(&query(&[("order", "ORD-1"), ("id", CHECKOUT_ID)])).unwrap(), CHECKOUT_ID);
    assert!(matches!(
        hp.verify_return(&query(&[("id", CHECKOUT_ID), ("resourcePath", "/v1/checkouts/other/payment")])),
        Err(PaymentError::BadPayload(_))
    ));
    assert!(matches!(hp.verify_return(&query(&[("id", "../x")])), Err(PaymentError::BadPayload(_))));
    assert!(matches!(hp.verify_return(&query(&[])), Err(PaymentError::BadPayload(_))));
}

#[tokio::test]
async fn status_and_webhook_about_one_payment_share_the_event_id() {
    let fake = Fake::start(vec![Reply::json(200, payment("000.000.000", "Transaction succeeded", "5.00"))]).await;
    let hp = driver(&fake.host, LONG);
    let by_status = hp.status(CHECKOUT_ID).await.unwrap();
    let by_webhook = hp.verify_notification(&webhook(&paid_notice(), KEY, &[8u8; 12])).unwrap();
    assert_eq!(by_status.event_id, by_webhook.event_id);
}
