//! Sign-in by magic link, sessions, CSRF, roles, account basics — on SQLite and PostgreSQL.

use crate::common;
use crate::common::{apps, header, TestApp, SAME_ORIGIN};
use app::platform::auth::SESSION_COOKIE;
use http::StatusCode;
use sqlx::Row;

async fn request_link(app: &TestApp, email: &str) -> (http::Response<axum::body::Body>, String) {
    app.post_form("/api/auth/request-link", &[("email", email), ("next", "/app/cv"), ("lang", "ar")], &[SAME_ORIGIN])
        .await
}

/// Presses the confirmation page's button: the POST that uses the link.
async fn follow(app: &TestApp, token: &str) -> (http::Response<axum::body::Body>, String) {
    app.post_form("/auth/verify", &[("token", token)], &[SAME_ORIGIN, ("accept", "text/html")]).await
}

fn session_cookie_of(res: &http::Response<axum::body::Body>) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{SESSION_COOKIE}=")))
        .map(|c| c.split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn a_new_user_signs_in_with_a_link_from_the_outbox() {
    for app in apps().await {
        let (res, body) = request_link(&app, "  Sara@Example.JO ").await;
        assert_eq!(res.status(), StatusCode::OK, "{}: {body}", app.name);
        let (token, text) = app.last_link();
        assert!(text.contains("/auth/verify?token="), "{text}");
        let stored: String = sqlx::query("SELECT token_hash FROM login_tokens WHERE email = 'sara@example.jo'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap()
            .try_get("token_hash")
            .unwrap();
        assert_ne!(stored, token, "only a hash is stored");

        let (res, _) = follow(&app, &token).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", app.name);
        assert_eq!(header(&res, "location"), "/app/cv", "lands where the user came from");
        let set = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"), "{set}");
        let cookie = session_cookie_of(&res).unwrap();

        let (res, body) = app.get_with("/app/account", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(body.contains("sara@example.jo"), "{}", app.name);
        let locale: String = sqlx::query("SELECT locale FROM users WHERE email = 'sara@example.jo'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap()
            .try_get("locale")
            .unwrap();
        assert_eq!(locale, "ar", "the account takes the language of the request");
        let audit = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'auth.sign_in'", None).await;
        assert_eq!(audit, 1);

        // The same link a second time: used.
        let (res, _) = follow(&app, &token).await;
        assert_eq!(header(&res, "location"), "/login?error=used");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn expired_wrong_and_malformed_links_are_explained() {
    for app in apps().await {
        request_link(&app, "omar@example.jo").await;
        let (token, _) = app.last_link();
        sqlx::query("UPDATE login_tokens SET expires_at = 1").execute(app.state.db.pool()).await.unwrap();
        let (res, _) = follow(&app, &token).await;
        assert_eq!(header(&res, "location"), "/login?error=expired", "{}", app.name);
        let wrong = format!("{}A", &token[..42]);
        let wrong = if wrong == token { format!("{}B", &token[..42]) } else { wrong };
        let (res, _) = follow(&app, &wrong).await;
        assert_eq!(header(&res, "location"), "/login?error=invalid");
        for bad in ["", "x", "' OR 1=1--"] {
            let (res, _) = follow(&app, bad).await;
            assert_eq!(header(&res, "location"), "/login?error=invalid", "{bad}");
        }
        let (res, body) = app.get("/login?error=expired").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(body.contains("انتهت صلاحية هذا الرابط"), "{}", app.name);
        assert!(body.contains(r#"data-testid="login-email""#));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_answer_is_the_same_for_known_and_unknown_addresses_and_links_are_rate_limited() {
    for app in apps().await {
        app.signed_in("known@example.jo").await;
        let (known, kb) = request_link(&app, "known@example.jo").await;
        let (unknown, ub) = request_link(&app, "nobody@example.jo").await;
        assert_eq!((known.status(), kb), (unknown.status(), ub), "{}", app.name);

        let (res, body) = request_link(&app, "not-an-email").await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        assert!(body.contains("error-email-invalid"), "{body}");

        for _ in 0..4 {
            assert_eq!(request_link(&app, "known@example.jo").await.0.status(), StatusCode::OK);
        }
        let (res, body) = request_link(&app, "KNOWN@example.jo").await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{}: {body}", app.name);
        let retry: u64 = header(&res, "retry-after").parse().unwrap();
        assert!((1..=900).contains(&retry), "{retry}");
        assert!(body.contains("RateLimited"), "{body}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn pages_under_app_need_a_session() {
    let app = common::sqlite_app().await;
    let (res, _) = app.get("/app/video?x=1").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&res, "location"), "/login?next=/app/video%3Fx%3D1");
    let (_, cookie) = app.signed_in("lina@example.jo").await;
    let (res, _) = app.get_with("/app/video", &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (res, _) = app.get("/").await;
    assert_eq!(res.status(), StatusCode::OK, "the landing page is public");
    app.cleanup().await;
}

#[tokio::test]
async fn forged_expired_and_revoked_sessions_are_refused() {
    for app in apps().await {
        let (user_id, cookie) = app.signed_in("huda@example.jo").await;
        let jwt = cookie.split_once('=').unwrap().1.to_string();

        // tampered signature
        let tampered = format!("{SESSION_COOKIE}={}x", &jwt[..jwt.len() - 1]);
        let (res, _) = app.get_with("/app/chat", &[("cookie", &tampered)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", app.name);
        assert!(header(&res, "set-cookie").contains("Max-Age=0"), "a bad cookie is cleared");

        // alg: none with the same claims
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let payload = jwt.split('.').nth(1).unwrap();
        let none = format!("{SESSION_COOKIE}={}.{payload}.", b64.encode(r#"{"alg":"none","typ":"JWT"}"#));
        let (res, _) = app.get_with("/app/chat", &[("cookie", &none)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        // a session whose row has expired
        let (res, _) = app.get_with("/app/chat", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        sqlx::query("UPDATE sessions SET expires_at = 1 WHERE user_id = $1")
            .bind(user_id)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        let (res, _) = app.get_with("/app/chat", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        // sign out revokes this session
        let (_, cookie) = app.signed_in("huda@example.jo").await;
        let (res, _) = app.post_form("/api/auth/sign-out", &[], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        assert!(header(&res, "set-cookie").contains("Max-Age=0"));
        assert!(header(&res, "clear-site-data").contains("storage"), "cached pages are dropped");
        let (res, _) = app.get_with("/app/chat", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "a revoked session is refused");

        // sign out everywhere revokes every session
        let (_, a) = app.signed_in("huda@example.jo").await;
        let (_, b) = app.signed_in("huda@example.jo").await;
        let (res, _) = app.post_form("/api/auth/sign-out-everywhere", &[], &[SAME_ORIGIN, ("cookie", &a)]).await;
        assert!(res.status().is_success() || res.status().is_redirection());
        for c in [a, b] {
            let (res, _) = app.get_with("/app/chat", &[("cookie", &c)]).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }
        let n = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'auth.sign_out'", None).await;
        assert_eq!(n, 2);

        // a suspended user's session stops working, and their links are refused
        let (uid, cookie) = app.signed_in("bad@example.jo").await;
        app::platform::auth::users::set_status(&app.state.db, uid, true).await.unwrap();
        let (res, _) = app.get_with("/app/chat", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        request_link(&app, "bad@example.jo").await;
        let (token, _) = app.last_link();
        let (res, _) = follow(&app, &token).await;
        assert_eq!(header(&res, "location"), "/login?error=suspended");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn state_changes_without_same_origin_evidence_are_refused() {
    let app = common::sqlite_app().await;
    let (_, cookie) = app.signed_in("rami@example.jo").await;
    let attempts: [&[(&str, &str)]; 4] = [
        &[("cookie", &cookie)],
        &[("cookie", &cookie), ("sec-fetch-site", "cross-site")],
        &[("cookie", &cookie), ("origin", "https://evil.example"), ("host", "127.0.0.1:3000")],
        &[("cookie", &cookie), ("origin", "null"), ("host", "127.0.0.1:3000")],
    ];
    for headers in attempts {
        let (res, body) =
            app.post_form("/api/account/profile", &[("display_name", "x"), ("locale", "en")], headers).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(body.contains("رُفض الطلب"), "translated: {body}");
    }
    let name: Option<String> = sqlx::query("SELECT display_name FROM users WHERE email = 'rami@example.jo'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
        .try_get("display_name")
        .unwrap();
    assert_eq!(name, None, "nothing changed");
    let (res, _) = app
        .post_form(
            "/api/account/profile",
            &[("display_name", "رامي"), ("locale", "en")],
            &[("cookie", &cookie), ("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "set-cookie").contains("lang=en"));
    app.cleanup().await;
}

#[tokio::test]
async fn admins_come_from_admin_emails_and_admin_pages_check_the_role() {
    for app in apps().await {
        let (_, user_cookie) = app.signed_in("user@example.jo").await;
        let (res, body) = app.get_with("/admin", &[("cookie", &user_cookie)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{}", app.name);
        assert!(body.contains(r#"data-testid="forbidden""#));
        let (res, _) = app.get("/admin").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let (res, _) = app.post_form("/api/admin/overview", &[], &[SAME_ORIGIN, ("cookie", &user_cookie)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "the server function checks too");

        // boss@pulse.jo is in ADMIN_EMAILS (test config): admin on sign-in, audited.
        request_link(&app, "Boss@Pulse.jo").await;
        let (token, _) = app.last_link();
        let (res, _) = follow(&app, &token).await;
        let cookie = session_cookie_of(&res).unwrap();
        let (res, body) = app.get_with("/admin", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK, "{}: {body}", app.name);
        assert!(body.contains(r#"data-testid="admin""#));
        let n = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'role.change'", None).await;
        assert_eq!(n, 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn account_data_is_exported_and_deleted_for_its_owner_only() {
    for app in apps().await {
        let (a_id, a) = app.signed_in("a@example.jo").await;
        let (_, b) = app.signed_in("b@example.jo").await;
        sqlx::query("INSERT INTO conversations (user_id, title, created_at, updated_at) VALUES ($1, 'سر أ', 1, 1)")
            .bind(a_id)
            .execute(app.state.db.pool())
            .await
            .unwrap();

        let (res, body) = app.get_with("/account/export", &[("cookie", &a)]).await;
        assert_eq!(res.status(), StatusCode::OK, "{}", app.name);
        assert!(header(&res, "content-disposition").contains("attachment"));
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["users"][0]["email"], "a@example.jo");
        assert_eq!(json["conversations"][0]["title"], "سر أ");
        assert!(!body.contains("token_hash") && !body.contains(&a[SESSION_COOKIE.len() + 1..]), "no secrets");

        let (_, body_b) = app.get_with("/account/export", &[("cookie", &b)]).await;
        assert!(!body_b.contains("سر أ") && !body_b.contains("a@example.jo"), "another user's data is not shown");
        let (res, _) = app.get("/account/export").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        // A's sign-in links (address and IP) go with the account.
        request_link(&app, "a@example.jo").await;
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM login_tokens WHERE email = 'a@example.jo'", None).await, 1);

        // B cannot delete A by naming A's email.
        let (res, body) =
            app.post_form("/api/account/delete", &[("confirm", "a@example.jo")], &[SAME_ORIGIN, ("cookie", &b)]).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body}");
        let (res, _) =
            app.post_form("/api/account/delete", &[("confirm", "A@example.jo ")], &[SAME_ORIGIN, ("cookie", &a)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let left = app.count("SELECT COUNT(*) AS n FROM users WHERE email = 'a@example.jo'", None).await;
        assert_eq!(left, 0);
        let convs = app.count("SELECT COUNT(*) AS n FROM conversations", None).await;
        assert_eq!(convs, 0, "their rows went with them");
        let links = app.count("SELECT COUNT(*) AS n FROM login_tokens WHERE email = 'a@example.jo'", None).await;
        assert_eq!(links, 0, "and their sign-in links");
        let audit = app
            .count(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.delete' AND target_id = $1",
                Some(a_id.to_string().as_str()),
            )
            .await;
        assert_eq!(audit, 1);
        let (res, _) = app.get_with("/app/chat", &[("cookie", &a)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn opening_a_link_only_asks_and_only_a_same_origin_post_signs_in() {
    for app in apps().await {
        let (res, _) = request_link(&app, "sara@example.jo").await;
        // The asking browser gets the nonce the link is bound to.
        let nonce = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("pulse_login="))
            .map(|c| c.split(';').next().unwrap().to_string())
            .expect("a login nonce cookie");
        let (token, _) = app.last_link();

        // A mail scanner, or a page elsewhere, opening the link: a question, nothing used.
        for _ in 0..3 {
            let (res, body) = app.get(&format!("/auth/verify?token={token}")).await;
            assert_eq!(res.status(), StatusCode::OK, "{}", app.name);
            assert!(res
                .headers()
                .get_all("set-cookie")
                .iter()
                .all(|c| !c.to_str().unwrap().starts_with(SESSION_COOKIE)));
            assert!(body.contains("sa…@example.jo"), "the address, partly hidden: {body}");
            assert!(!body.contains("sara@example.jo"));
            assert!(body.contains(r#"data-testid="verify-confirm""#));
            assert!(body.contains(r#"data-testid="verify-other-browser""#), "another browser is warned");
        }
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM login_tokens WHERE used_at IS NOT NULL", None).await, 0);

        // The browser that asked sees no warning.
        let (_, body) = app.get_with(&format!("/auth/verify?token={token}"), &[("cookie", &nonce)]).await;
        assert!(body.contains(r#"data-testid="verify-confirm""#));
        assert!(!body.contains(r#"data-testid="verify-other-browser""#), "{}", app.name);

        // A cross-site form post (login CSRF) is refused and uses nothing.
        let (res, _) = app
            .post_form(
                "/auth/verify",
                &[("token", &token)],
                &[("sec-fetch-site", "cross-site"), ("accept", "text/html")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM sessions", None).await, 0);

        // The button: signed in, the nonce cleared.
        let (res, _) = follow(&app, &token).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert!(session_cookie_of(&res).is_some());
        let cleared = res.headers().get_all("set-cookie").iter().any(|c| {
            let c = c.to_str().unwrap();
            c.starts_with("pulse_login=;") && c.contains("Max-Age=0")
        });
        assert!(cleared, "{}", app.name);
        let (_, body) = app.get(&format!("/auth/verify?token={token}")).await;
        assert!(body.contains(r#"data-problem="used""#), "a used link says so: {}", app.name);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_link_requests_at_once_send_at_most_five_links() {
    for app in apps().await {
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let app = app.clone();
            tasks.push(tokio::spawn(async move { request_link(&app, "flood@example.jo").await.0.status() }));
        }
        let mut ok = 0;
        for t in tasks {
            if t.await.unwrap() == StatusCode::OK {
                ok += 1;
            }
        }
        let links = app.count("SELECT COUNT(*) AS n FROM login_tokens WHERE email = 'flood@example.jo'", None).await;
        assert_eq!((ok, links), (5, 5), "{}", app.name);
        std::sync::Arc::into_inner(app).unwrap().cleanup().await;
    }
}

#[tokio::test]
async fn a_session_ends_thirty_days_after_sign_in_however_much_it_is_used() {
    for app in apps().await {
        let (user_id, cookie) = app.signed_in("old@example.jo").await;
        let day = 24 * 60 * 60 * 1000_i64;
        let now = app::types::UnixMillis::now().0;
        // Used yesterday, so the sliding expiry is far away; signed in 31 days ago.
        sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $2, expires_at = $3 WHERE user_id = $4")
            .bind(now - 31 * day)
            .bind(now - day)
            .bind(now + 29 * day)
            .bind(user_id)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        let (res, _) = app.get_with("/app/chat", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", app.name);
        app.cleanup().await;
    }
    let cookie = app::platform::auth::session_cookie(Some("jwt"), 60, true);
    assert!(cookie.starts_with("__Host-pulse_session=jwt;"), "{cookie}");
    assert!(cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"));
}

#[tokio::test]
async fn an_address_taken_off_admin_emails_is_a_user_again() {
    for app in apps().await {
        let (id, cookie) = app.signed_in("former@pulse.jo").await;
        app::platform::auth::users::set_role(&app.state.db, id, app::features::auth::Role::Admin).await.unwrap();
        let (res, _) = app.get_with("/admin", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{}: not listed, so not an admin", app.name);
        let role: String = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!(role, "user");
        let n = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'role.change'", None).await;
        assert_eq!(n, 1, "audited");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn sign_in_links_are_purged_after_a_day() {
    for app in apps().await {
        request_link(&app, "purge@example.jo").await;
        request_link(&app, "purge@example.jo").await;
        let day = 24 * 60 * 60 * 1000_i64;
        sqlx::query(
            "UPDATE login_tokens SET created_at = created_at - $1 WHERE id = (SELECT MIN(id) FROM login_tokens)",
        )
        .bind(day + 1000)
        .execute(app.state.db.pool())
        .await
        .unwrap();
        let purged =
            app::features::auth::service::purge_links(&app.state.db, app::types::UnixMillis::now().0).await.unwrap();
        assert_eq!(purged, 1, "{}", app.name);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM login_tokens", None).await, 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn over_https_the_cookies_are_host_only_and_the_old_session_cookie_is_removed() {
    let app = common::sqlite_app().await.with_config(|c| c.public_url = "https://pulse.jo".into());
    let (res, _) = request_link(&app, "secure@example.jo").await;
    let cookies: Vec<String> =
        res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("__Host-pulse_login=") && c.contains("; Secure")), "{cookies:?}");
    let (token, _) = app.last_link();
    let (res, _) = follow(&app, &token).await;
    let cookies: Vec<String> =
        res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("__Host-pulse_session=") && c.contains("; Secure")), "{cookies:?}");
    // A cookie from before the prefix is cleared on the next request.
    let (res, _) = app.get_with("/", &[("cookie", "pulse_session=old")]).await;
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("pulse_session=;") && v.to_str().unwrap().contains("Max-Age=0"));
    assert!(cleared);
    app.cleanup().await;
}
