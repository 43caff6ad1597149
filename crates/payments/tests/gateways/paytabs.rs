//! PayTabs PT2 against a fake (apis.md §7): JSON with the raw server key as
//! `authorization`, the payment page, the query, the HMAC-signed callback and the
//! differently signed return POST.

use crate::fake::{checkout, Fake, Reply, LONG, SHORT};
use hmac::{Hmac, Mac};
use pulse_payments::paytabs::{PayTabs, PayTabsConfig};
use pulse_payments::{Checkout, Incoming, PaymentDriver, PaymentError, PaymentStatus};
use serde_json::json;
use sha2::Sha256;
use std::time::Duration;

const SERVER_KEY: &str = "SWJNLRLRKG-JDMGWKWWZD-RLRMDTKWNT";
const PROFILE: &str = "123456";
const TRAN_REF: &str = "TST2231101374414";

fn driver(host: &str, timeout: Duration) -> PayTabs {
    PayTabs::new(PayTabsConfig {
        host: host.into(),
        profile_id: PROFILE.into(),
        server_key: SERVER_KEY.into(),
        timeout,
    })
    .unwrap()
}

fn hmac_hex(key: &str, text: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(text);
    hex::encode(mac.finalize().into_bytes())
}

fn transaction(status: &str, message: &str, amount: &str) -> serde_json::Value {
    json!({
        "tran_ref": TRAN_REF, "merchant_id": 654321, "profile_id": 123456, "cart_id": "ORD-000123",
        "cart_description": "Pro plan", "cart_currency": "JOD", "cart_amount": amount,
        "tran_currency": "JOD", "tran_total": amount, "tran_type": "Sale", "tran_class": "ECom",
        "customer_details": {"name": "Ali Ahmad", "email": "ali@example.com", "country": "JO"},
        "payment_result": {"response_status": status, "response_code": "G77803", "response_message": message,
                           "transaction_time": "2025-01-01T10:00:00Z"},
        "payment_info": {"payment_method": "Visa", "card_type": "Credit", "card_scheme": "Visa",
                         "payment_description": "4111 11## #### 1111", "expiryMonth": 12, "expiryYear": 2030},
        "ipn_trace": "IPNS0001.xxx", "trace": "PMNT0001.xxx"
    })
}

fn page_reply() -> Reply {
    Reply::json(
        200,
        json!({
            "tran_ref": TRAN_REF, "tran_type": "Sale", "cart_id": "ORD-000123", "cart_description": "Pro plan",
            "cart_currency": "JOD", "cart_amount": "5.00",
            "redirect_url": "https://secure-jordan.paytabs.com/payment/page/599B79ABC",
            "serviceId": 2, "profileId": 123456, "merchantId": 654321, "trace": "PMNT0404.6368BC3D.000BAF4C"
        }),
    )
}

#[tokio::test]
async fn payment_page_request_shape() {
    let fake = Fake::start(vec![page_reply(), page_reply(), page_reply()]).await;
    let pt = driver(&fake.host, LONG);
    let c = pt.create_checkout(checkout(5000, "JOD")).await.unwrap();
    assert_eq!(
        c,
        Checkout::Redirect {
            url: "https://secure-jordan.paytabs.com/payment/page/599B79ABC".into(),
            provider_ref: TRAN_REF.into()
        }
    );
    pt.create_checkout(checkout(10_500, "jod")).await.unwrap();
    pt.create_checkout(checkout(5125, "JOD")).await.unwrap();
    let seen = fake.seen();
    let r = &seen[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/payment/request"));
    assert_eq!(r.header("authorization"), Some(SERVER_KEY), "the raw key, no Bearer");
    assert_eq!(r.header("content-type"), Some("application/json"));
    let b = r.json();
    assert_eq!(b["profile_id"], json!(123456), "a number");
    assert_eq!(b["tran_type"], "sale");
    assert_eq!(b["tran_class"], "ecom");
    assert_eq!(b["cart_id"], "ORD-000123");
    assert_eq!(b["cart_currency"], "JOD");
    assert_eq!(b["cart_description"], "Pro plan, 1 month");
    assert_eq!(b["callback"], "https://pulse.example/webhooks/x");
    assert_eq!(b["return"], "https://pulse.example/pay/return/x");
    assert_eq!(b["paypage_lang"], "ar");
    assert_eq!(b["customer_details"], json!({"name": "Ali Ahmad", "email": "ali@example.com"}));
    // cart_amount is a JSON number, written from the exact decimal.
    assert!(r.text().contains(r#""cart_amount":5,"#), "{}", r.text());
    assert!(seen[1].text().contains(r#""cart_amount":10.5,"#), "{}", seen[1].text());
    assert_eq!(seen[1].json()["cart_currency"], "JOD");
    assert!(seen[2].text().contains(r#""cart_amount":5.125,"#), "{}", seen[2].text());
}

#[tokio::test]
async fn payment_page_errors() {
    let fake = Fake::start(vec![
        Reply::json(
            200,
            json!({"code": 1, "message": "Authentication failed. Check authentication header.", "trace": "PMNT"}),
        ),
        Reply::json(400, json!({"code": 4, "message": "Duplicate request", "trace": "PMNT"})),
        Reply::text(502, "Bad Gateway"),
        page_reply().slow(),
    ])
    .await;
    let pt = driver(&fake.host, SHORT);
    assert_eq!(
        pt.create_checkout(checkout(5000, "JOD")).await,
        Err(PaymentError::Gateway {
            status: 200,
            message: "Authentication failed. Check authentication header. (code 1)".into()
        })
    );
    assert_eq!(
        pt.create_checkout(checkout(5000, "JOD")).await,
        Err(PaymentError::Gateway { status: 400, message: "Duplicate request (code 4)".into() })
    );
    assert_eq!(
        pt.create_checkout(checkout(5000, "JOD")).await,
        Err(PaymentError::Gateway { status: 502, message: "Bad Gateway".into() })
    );
    assert_eq!(pt.create_checkout(checkout(5000, "JOD")).await, Err(PaymentError::Timeout));
    // A USD amount with a third decimal cannot be sent; nothing is.
    assert!(matches!(pt.create_checkout(checkout(5005, "USD")).await, Err(PaymentError::Gateway { status: 0, .. })));
    assert_eq!(fake.seen().len(), 4);
}

#[tokio::test]
async fn query_outcomes() {
    let fake = Fake::start(vec![
        Reply::json(200, transaction("A", "Authorised", "10.50")),
        Reply::json(200, transaction("D", "Insufficient funds", "10.50")),
        Reply::json(200, transaction("H", "On hold", "10.50")),
        Reply::json(200, transaction("P", "Pending", "10.50")),
        Reply::json(200, transaction("E", "Error", "10.50")),
        Reply::json(200, json!({"code": 2, "message": "Transaction not found", "trace": "PMNT"})),
        Reply::text(500, "Internal Server Error"),
        Reply::json(200, transaction("A", "Authorised", "10.50")).slow(),
    ])
    .await;
    let pt = driver(&fake.host, SHORT);
    let v = pt.status(TRAN_REF).await.unwrap();
    assert_eq!(v.status, PaymentStatus::Paid);
    assert_eq!(v.provider_ref, TRAN_REF);
    assert_eq!(v.order_ref.as_deref(), Some("ORD-000123"));
    assert_eq!((v.amount_fils, v.currency.as_deref()), (Some(10_500), Some("JOD")));
    assert_eq!(v.event_id, format!("{TRAN_REF}:A"));
    assert_eq!(
        pt.status(TRAN_REF).await.unwrap().status,
        PaymentStatus::Declined { reason: "Insufficient funds (D)".into() }
    );
    assert_eq!(pt.status(TRAN_REF).await.unwrap().status, PaymentStatus::Pending);
    assert_eq!(pt.status(TRAN_REF).await.unwrap().status, PaymentStatus::Pending);
    assert!(matches!(pt.status(TRAN_REF).await.unwrap().status, PaymentStatus::Declined { .. }));
    assert_eq!(
        pt.status(TRAN_REF).await,
        Err(PaymentError::Gateway { status: 200, message: "Transaction not found (code 2)".into() })
    );
    assert!(matches!(pt.status(TRAN_REF).await, Err(PaymentError::Gateway { status: 500, .. })));
    assert_eq!(pt.status(TRAN_REF).await, Err(PaymentError::Timeout));
    for r in fake.seen() {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/payment/query"));
        assert_eq!(r.header("authorization"), Some(SERVER_KEY));
        assert_eq!(r.json(), json!({"profile_id": 123456, "tran_ref": TRAN_REF}));
    }
}

fn callback(body: &str, signature: Option<&str>) -> Incoming {
    let mut incoming = Incoming { body: body.as_bytes().to_vec(), ..Default::default() };
    incoming.headers.insert("content-type", "application/json".parse().unwrap());
    if let Some(s) = signature {
        incoming.headers.insert("Signature", s.parse().unwrap());
    }
    incoming
}

#[tokio::test]
async fn callbacks_are_checked_over_the_raw_body() {
    let pt = driver("http://127.0.0.1:9", LONG);
    // Pretty-printed on purpose: the signature covers these exact bytes.
    let body = serde_json::to_string_pretty(&transaction("A", "Authorised", "5.00")).unwrap();
    let signature = hmac_hex(SERVER_KEY, body.as_bytes());
    assert_eq!(pt.sign_callback(body.as_bytes()), signature);
    let v = pt.verify_notification(&callback(&body, Some(&signature))).unwrap();
    assert_eq!(v.status, PaymentStatus::Paid);
    assert_eq!(
        (v.amount_fils, v.currency.as_deref(), v.order_ref.as_deref()),
        (Some(5000), Some("JOD"), Some("ORD-000123"))
    );
    // Twice: the same event. Upper-case hex is accepted too.
    assert_eq!(pt.verify_notification(&callback(&body, Some(&signature.to_uppercase()))).unwrap().event_id, v.event_id);

    let tampered = body.replace("\"5.00\"", "\"0.50\"");
    assert_eq!(pt.verify_notification(&callback(&tampered, Some(&signature))), Err(PaymentError::BadSignature));
    let reformatted = serde_json::to_string(&transaction("A", "Authorised", "5.00")).unwrap();
    assert_eq!(pt.verify_notification(&callback(&reformatted, Some(&signature))), Err(PaymentError::BadSignature));
    let wrong_key = hmac_hex("another-server-key", body.as_bytes());
    assert_eq!(pt.verify_notification(&callback(&body, Some(&wrong_key))), Err(PaymentError::BadSignature));
    assert_eq!(pt.verify_notification(&callback(&body, None)), Err(PaymentError::BadSignature));
    assert_eq!(pt.verify_notification(&callback(&body, Some("not-hex"))), Err(PaymentError::BadSignature));
    assert_eq!(pt.verify_notification(&callback(&body, Some(""))), Err(PaymentError::BadSignature));

    // Declined and pending callbacks.
    let body = transaction("D", "Do not honour", "5.00").to_string();
    let v = pt.verify_notification(&callback(&body, Some(&hmac_hex(SERVER_KEY, body.as_bytes())))).unwrap();
    assert_eq!(v.status, PaymentStatus::Declined { reason: "Do not honour (D)".into() });
    let body = transaction("H", "Hold", "5.00").to_string();
    let v = pt.verify_notification(&callback(&body, Some(&hmac_hex(SERVER_KEY, body.as_bytes())))).unwrap();
    assert_eq!(v.status, PaymentStatus::Pending);

    // A refund of the order is authentic but not a payment.
    let mut refund = transaction("A", "Authorised", "5.00");
    refund["tran_type"] = json!("Refund");
    let body = refund.to_string();
    assert!(matches!(
        pt.verify_notification(&callback(&body, Some(&hmac_hex(SERVER_KEY, body.as_bytes())))),
        Err(PaymentError::Ignored(_))
    ));
    // Signed but not JSON.
    assert!(matches!(
        pt.verify_notification(&callback("nope", Some(&hmac_hex(SERVER_KEY, b"nope")))),
        Err(PaymentError::BadPayload(_))
    ));
}

fn return_post(fields: &[(&str, &str)]) -> Incoming {
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields.iter().copied()).finish();
    Incoming { body: body.into_bytes(), ..Default::default() }
}

#[tokio::test]
async fn return_posts_are_checked_with_the_sorted_field_signature() {
    let pt = driver("http://127.0.0.1:9", LONG);
    let mut fields = vec![
        ("acquirerMessage", ""),
        ("acquirerRRN", ""),
        ("cartId", "ORD-000123"),
        ("customerEmail", "ali@example.com"),
        ("respCode", "G77803"),
        ("respMessage", "Authorised"),
        ("respStatus", "A"),
        ("token", ""),
        ("tranRef", TRAN_REF),
    ];
    // Computed here by hand, as PHP's http_build_query would write it.
    let expected_text = format!(
        "cartId=ORD-000123&customerEmail=ali%40example.com&respCode=G77803&respMessage=Authorised&respStatus=A&tranRef={TRAN_REF}"
    );
    let signature = hmac_hex(SERVER_KEY, expected_text.as_bytes());
    fields.push(("signature", &signature));
    let incoming = return_post(&fields);
    assert_eq!(pt.verify_return(&incoming).unwrap(), TRAN_REF);

    // The signature field can sit anywhere; the order of fields does not matter.
    let mut shuffled = fields.clone();
    shuffled.reverse();
    assert_eq!(pt.verify_return(&return_post(&shuffled)).unwrap(), TRAN_REF);

    // A changed field, a missing signature, another key.
    let mut tampered = fields.clone();
    tampered[6] = ("respStatus", "D");
    assert_eq!(pt.verify_return(&return_post(&tampered)), Err(PaymentError::BadSignature));
    let mut added = fields.clone();
    added.push(("extra", "x"));
    assert_eq!(pt.verify_return(&return_post(&added)), Err(PaymentError::BadSignature));
    assert_eq!(pt.verify_return(&return_post(&fields[..9])), Err(PaymentError::BadSignature));
    let forged = hmac_hex("another-server-key", expected_text.as_bytes());
    let mut forged_fields = fields[..9].to_vec();
    forged_fields.push(("signature", &forged));
    assert_eq!(pt.verify_return(&return_post(&forged_fields)), Err(PaymentError::BadSignature));

    // Arabic and symbols are encoded the PHP way (spaces as +, * and ~ escaped).
    let message = "تمت الموافقة *~";
    let mut arabic: Vec<(&str, &str)> = fields[..9].to_vec();
    arabic[5] = ("respMessage", message);
    let signature = pt.sign_return(&arabic.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>());
    let by_hand = format!(
        "cartId=ORD-000123&customerEmail=ali%40example.com&respCode=G77803&respMessage=\
         %D8%AA%D9%85%D8%AA+%D8%A7%D9%84%D9%85%D9%88%D8%A7%D9%81%D9%82%D8%A9+%2A%7E&respStatus=A&tranRef={TRAN_REF}"
    );
    assert_eq!(signature, hmac_hex(SERVER_KEY, by_hand.as_bytes()));
    arabic.push(("signature", &signature));
    assert_eq!(pt.verify_return(&return_post(&arabic)).unwrap(), TRAN_REF);

    // A bare GET (plain-http return): nothing to verify, the app uses its stored tran_ref.
    assert!(matches!(pt.verify_return(&Incoming::default()), Err(PaymentError::BadPayload(_))));
}
