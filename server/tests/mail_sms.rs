//! The SMTP client against a fake SMTP server on loopback, and the SMS code driver.

use crate::common;
use app::i18n::Lang;
use app::platform::mail::Mailer;
use app::platform::sms::{self, DevSms, NoSms, SmsError};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A minimal SMTP server: answers EHLO/MAIL/RCPT/DATA/QUIT and hands back what it got.
async fn fake_smtp() -> (u16, tokio::sync::oneshot::Receiver<(Vec<String>, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let (r, mut w) = stream.into_split();
        let mut lines = BufReader::new(r).lines();
        let mut commands = Vec::new();
        let mut data = String::new();
        w.write_all(b"220 fake.smtp ESMTP ready\r\n").await.unwrap();
        while let Ok(Some(line)) = lines.next_line().await {
            let upper = line.to_uppercase();
            commands.push(line.clone());
            if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                w.write_all(b"250-fake.smtp\r\n250 8BITMIME\r\n").await.unwrap();
            } else if upper.starts_with("DATA") {
                w.write_all(b"354 go ahead\r\n").await.unwrap();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    data.push_str(&l);
                    data.push_str("\r\n");
                }
                w.write_all(b"250 queued as 1\r\n").await.unwrap();
            } else if upper.starts_with("QUIT") {
                w.write_all(b"221 bye\r\n").await.unwrap();
                break;
            } else {
                w.write_all(b"250 ok\r\n").await.unwrap();
            }
        }
        let _ = tx.send((commands, data));
    });
    (port, rx)
}

#[tokio::test]
async fn the_smtp_client_sends_a_bilingual_multipart_message() {
    let (port, rx) = fake_smtp().await;
    let mailer = Mailer::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        std::env::temp_dir().join("unused-outbox"),
        "Pulse AI Studio <no-reply@pulse.jo>",
    )
    .unwrap();
    let email = app::features::auth::service::login_email(
        "sara@example.jo",
        "https://pulse.jo/auth/verify?token=abc",
        Lang::Ar,
    );
    mailer.send(&email).await.unwrap();
    drop(mailer); // closes the pooled connection, so the server sees QUIT
    let (commands, data) = tokio::time::timeout(std::time::Duration::from_secs(10), rx).await.unwrap().unwrap();
    assert!(commands.iter().any(|c| c.to_uppercase().starts_with("EHLO")), "{commands:?}");
    assert!(commands.iter().any(|c| c.contains("MAIL FROM:<no-reply@pulse.jo>")), "{commands:?}");
    assert!(commands.iter().any(|c| c.contains("RCPT TO:<sara@example.jo>")), "{commands:?}");
    let mail = mailparse::parse_mail(data.as_bytes()).unwrap();
    assert_eq!(mail.ctype.mimetype, "multipart/alternative");
    let subject = mail.headers.iter().find(|h| h.get_key() == "Subject").unwrap().get_value();
    assert_eq!(subject, "رابط تسجيل الدخول إلى بلس");
    let text = mail.subparts.iter().find(|p| p.ctype.mimetype == "text/plain").unwrap().get_body().unwrap();
    let html = mail.subparts.iter().find(|p| p.ctype.mimetype == "text/html").unwrap().get_body().unwrap();
    assert!(text.contains("https://pulse.jo/auth/verify?token=abc"));
    assert!(html.contains(r#"dir="rtl""#) && html.contains("تسجيل الدخول"));
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_an_error_not_a_hang() {
    let mailer = Mailer::new(Some("smtp://127.0.0.1:1"), std::env::temp_dir(), "a <a@pulse.jo>").unwrap();
    let email = app::features::auth::service::login_email("x@example.jo", "http://x", Lang::En);
    assert!(mailer.send(&email).await.is_err());
}

#[tokio::test]
async fn sms_codes_are_single_use_expiring_and_attempt_limited() {
    for app in common::apps().await {
        let db = &app.state.db;
        let driver = DevSms::default();
        sms::send_code(db, &driver, "0791234567", "رمزك: {code}").await.unwrap();
        let (phone, text) = driver.sent.lock().unwrap().last().cloned().unwrap();
        assert_eq!(phone, "+962791234567");
        let code = text.trim_start_matches("رمزك: ").to_string();
        assert_eq!(code.len(), 6);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert!(!sms::verify_code(db, "+962 79 123 4567", wrong).await.unwrap(), "{}", app.name);
        assert!(sms::verify_code(db, "+962 79 123 4567", &code).await.unwrap(), "{}", app.name);
        assert!(!sms::verify_code(db, "0791234567", &code).await.unwrap(), "single use");

        // five wrong tries lock the code, even the right one after that
        sms::send_code(db, &driver, "0791234567", "{code}").await.unwrap();
        let code = driver.sent.lock().unwrap().last().unwrap().1.clone();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..sms::MAX_ATTEMPTS {
            assert!(!sms::verify_code(db, "0791234567", wrong).await.unwrap());
        }
        assert!(!sms::verify_code(db, "0791234567", &code).await.unwrap());

        // expired
        sms::send_code(db, &driver, "0791234567", "{code}").await.unwrap();
        let code = driver.sent.lock().unwrap().last().unwrap().1.clone();
        sqlx::query("UPDATE phone_codes SET expires_at = 1").execute(db.pool()).await.unwrap();
        assert!(!sms::verify_code(db, "0791234567", &code).await.unwrap());

        assert_eq!(sms::send_code(db, &driver, "12", "{code}").await, Err(SmsError::InvalidPhone));
        assert_eq!(sms::send_code(db, &NoSms, "0791234567", "{code}").await, Err(SmsError::Disabled));
        app.cleanup().await;
    }
}
