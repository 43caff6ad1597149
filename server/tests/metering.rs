//! The quota ledger under concurrency, warnings, refusals, periods and add-ons — on
//! SQLite and PostgreSQL.

use crate::common;
use app::error::AppError;
use app::features::usage::UsageKind;
use app::platform::metering::ledger::{self, LedgerError, ReserveRequest};
use app::platform::metering::subscriptions;
use app::types::UnixMillis;
use std::sync::Arc;

async fn user_with_plan(app: &common::TestApp, email: &str, plan: &str) -> i64 {
    let (id, _) = app.signed_in(email).await;
    subscriptions::grant_plan(&app.state.db, id, plan, "admin", UnixMillis::now().0).await.unwrap();
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_concurrent_reservations_get_exactly_the_ten_images_left() {
    for app in common::apps().await {
        let user = user_with_plan(&app, "rush@example.jo", "starter").await; // 10 images
        let db = Arc::new(app.state.db.clone());
        let mut tasks = Vec::new();
        for _ in 0..500 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                ledger::reserve(&db, &ReserveRequest::exact(user, UsageKind::Images, 1, "image")).await
            }));
        }
        let mut granted = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(r) => {
                    assert_eq!(r.amount, 1);
                    granted += 1;
                }
                Err(LedgerError::Quota { limit, .. }) => assert_eq!(limit, 10),
                Err(e) => panic!("{}: {e}", app.name),
            }
        }
        assert_eq!(granted, 10, "{}", app.name);
        let s = ledger::summary(&app.state.db, user, UnixMillis::now().0).await.unwrap();
        assert_eq!(s.meter(UsageKind::Images).used, 10);
        app.cleanup().await;
    }
}

/// A tiny deterministic generator, so a failure can be replayed from its seed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn random_reserve_settle_release_and_expiry_never_settle_past_the_limit() {
    for app in common::apps().await {
        let user = user_with_plan(&app, "random@example.jo", "pro").await; // 30 images
        let db = Arc::new(app.state.db.clone());
        let mut tasks = Vec::new();
        for seed in 0..120u64 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let mut rng = Lcg(seed * 7919 + 17);
                let want = 1 + rng.next(3) as i64;
                let ttl = if rng.next(4) == 0 { 30 } else { 60_000 };
                let req = ReserveRequest {
                    user_id: user,
                    kind: UsageKind::Images,
                    min: 1,
                    max: want,
                    model: Some("demo"),
                    feature: "image",
                    ttl_ms: ttl,
                };
                let Ok(r) = ledger::reserve(&db, &req).await else { return };
                tokio::time::sleep(std::time::Duration::from_millis(rng.next(60))).await;
                match rng.next(4) {
                    0 => ledger::release(&db, r.id).await.unwrap(),
                    1 => {} // abandoned: lapses, the sweeper marks it
                    _ => {
                        // providers sometimes report more than was reserved
                        let actual = rng.next(r.amount as u64 + 3) as i64;
                        ledger::settle(&db, r.id, actual).await.unwrap();
                    }
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        ledger::sweep_expired(&app.state.db, UnixMillis::now().0 + 120_000).await.unwrap();
        use sqlx::Row;
        let settled: i64 = sqlx::query(
            "SELECT CAST(COALESCE(SUM(amount_settled), 0) AS BIGINT) AS n FROM usage_ledger WHERE user_id = $1 AND status = 'settled'",
        )
        .bind(user)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert!(settled <= 30, "{}: settled {settled} of 30", app.name);
        let open: i64 = sqlx::query("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'reserved'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(open, 0, "the sweeper closed every lapsed reservation");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn warning_once_at_80_percent_and_a_402_at_100() {
    for app in common::apps().await {
        let db = &app.state.db;
        let user = user_with_plan(&app, "warn@example.jo", "starter").await; // 10 images
        let mut warnings = 0;
        for _ in 0..10 {
            let r = ledger::reserve(db, &ReserveRequest::exact(user, UsageKind::Images, 1, "image")).await.unwrap();
            if ledger::settle(db, r.id, 1).await.unwrap().warning_issued {
                warnings += 1;
            }
        }
        assert_eq!(warnings, 1, "{}: one warning per period and kind", app.name);
        // The bell said so once at 80 % and once at 100 %.
        for kind in ["quota_80", "quota_100"] {
            let n = app.count("SELECT COUNT(*) AS n FROM notifications WHERE kind = $1", Some(kind)).await;
            assert_eq!(n, 1, "{kind}");
        }
        let err = ledger::reserve(db, &ReserveRequest::exact(user, UsageKind::Images, 1, "image")).await.unwrap_err();
        let app_err = AppError::from(err);
        assert_eq!(app_err.status(), 402);
        let body = serde_json::to_value(&app_err).unwrap();
        let q = &body["QuotaExceeded"];
        assert_eq!((q["kind"].as_str(), q["limit"].as_i64(), q["used"].as_i64()), (Some("images"), Some(10), Some(10)));
        assert_eq!(q["upgrade_url"], "/app/account#plans");

        // The meter says the same.
        let s = ledger::summary(db, user, UnixMillis::now().0).await.unwrap();
        let m = s.meter(UsageKind::Images);
        assert_eq!((m.used, m.limit), (10, 10));
        assert_eq!(s.history.len(), 10);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn settling_caps_at_the_reservation_and_release_gives_it_back() {
    for app in common::apps().await {
        let db = &app.state.db;
        let user = user_with_plan(&app, "tokens@example.jo", "starter").await; // 150,000 tokens
        let req = ReserveRequest {
            user_id: user,
            kind: UsageKind::Tokens,
            min: 100,
            max: 8_000,
            model: Some("openai:gpt-5"),
            feature: "chat",
            ttl_ms: 60_000,
        };
        let r = ledger::reserve(db, &req).await.unwrap();
        assert_eq!(r.amount, 8_000);
        assert_eq!(ledger::settle(db, r.id, 9_999).await.unwrap().amount, 8_000, "never more than reserved");
        assert_eq!(ledger::settle(db, r.id, 1).await.unwrap().amount, 8_000, "settling twice keeps the first figure");
        let r2 = ledger::reserve(db, &req).await.unwrap();
        ledger::release(db, r2.id).await.unwrap();
        let s = ledger::summary(db, user, UnixMillis::now().0).await.unwrap();
        assert_eq!(s.meter(UsageKind::Tokens).used, 8_000, "{}", app.name);

        // Near the end, a flexible request gets what is left, then nothing.
        use sqlx::Row;
        let _ = sqlx::query("SELECT 1 AS x").fetch_one(db.pool()).await.unwrap().try_get::<i64, _>("x");
        let big = ReserveRequest { min: 1, max: 1_000_000, ..req.clone() };
        let rest = ledger::reserve(db, &big).await.unwrap();
        assert_eq!(rest.amount, 142_000);
        assert!(matches!(ledger::reserve(db, &big).await, Err(LedgerError::Quota { .. })));
        assert!(matches!(
            ledger::reserve(db, &ReserveRequest { min: 0, ..req.clone() }).await,
            Err(LedgerError::InvalidAmount)
        ));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn periods_roll_over_and_add_ons_raise_the_limit_for_their_period() {
    for app in common::apps().await {
        let db = &app.state.db;
        let (user, _) = app.signed_in("roll@example.jo").await;
        // No plan: nothing can be used.
        let err = ledger::reserve(db, &ReserveRequest::exact(user, UsageKind::Videos, 1, "video")).await.unwrap_err();
        assert!(matches!(err, LedgerError::Quota { limit: 0, .. }), "{}", app.name);

        let month_ago = UnixMillis::now().0 - 31 * 86_400_000;
        subscriptions::grant_plan(db, user, "starter", "admin", month_ago).await.unwrap(); // 2 videos, ended by now
        let now = UnixMillis::now().0;
        assert!(subscriptions::current(db, user, now).await.unwrap().is_none(), "the old period is over");
        assert_eq!(subscriptions::expire_finished(db, now).await.unwrap(), 1);

        subscriptions::grant_plan(db, user, "starter", "admin", now).await.unwrap();
        for _ in 0..2 {
            let r = ledger::reserve(db, &ReserveRequest::exact(user, UsageKind::Videos, 1, "video")).await.unwrap();
            ledger::settle(db, r.id, 1).await.unwrap();
        }
        assert!(ledger::reserve(db, &ReserveRequest::exact(user, UsageKind::Videos, 1, "video")).await.is_err());
        subscriptions::grant_addon(db, user, UsageKind::Videos, 1, None, None, now).await.unwrap().unwrap();
        let r = ledger::reserve(db, &ReserveRequest::exact(user, UsageKind::Videos, 1, "video")).await.unwrap();
        ledger::settle(db, r.id, 1).await.unwrap();
        let s = ledger::summary(db, user, UnixMillis::now().0).await.unwrap();
        assert_eq!((s.meter(UsageKind::Videos).used, s.meter(UsageKind::Videos).limit), (3, 3), "{}", app.name);

        // A new period starts fresh: the add-on and the use stay with the old one.
        subscriptions::grant_plan(db, user, "pro", "admin", UnixMillis::now().0 + 1).await.unwrap();
        let s = ledger::summary(db, user, UnixMillis::now().0 + 2).await.unwrap();
        assert_eq!((s.meter(UsageKind::Videos).used, s.meter(UsageKind::Videos).limit), (0, 5));
        assert_eq!(s.plan_code.as_deref(), Some("pro"));
        assert!(subscriptions::grant_plan(db, user, "gold", "admin", now).await.is_err());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn usage_preview_and_admin_grant_over_http() {
    use common::SAME_ORIGIN;
    use http::StatusCode;
    let app = common::sqlite_app().await;
    let (_, user) = app.signed_in("plain@example.jo").await;
    // Not an admin: refused by the server function itself.
    let (res, _) = app
        .post_form(
            "/api/admin/grant-plan",
            &[("email", "plain@example.jo"), ("plan", "creator")],
            &[SAME_ORIGIN, ("cookie", &user)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let (admin_id, admin) = app.signed_in("boss@pulse.jo").await;
    app::platform::auth::users::set_role(&app.state.db, admin_id, app::features::auth::Role::Admin).await.unwrap();
    let (res, body) = app
        .post_form(
            "/api/admin/grant-plan",
            &[("email", "plain@example.jo"), ("plan", "creator")],
            &[SAME_ORIGIN, ("cookie", &admin)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let (res, body) = app
        .post_form(
            "/api/admin/grant-plan",
            &[("email", "plain@example.jo"), ("plan", "gold")],
            &[SAME_ORIGIN, ("cookie", &admin)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body}");

    let (res, body) = app.post_form("/api/usage/summary", &[], &[SAME_ORIGIN, ("cookie", &user)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let summary: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(summary["plan_code"], "creator");
    assert_eq!(summary["meters"][1]["limit"], 60);

    let (res, body) = app
        .post_form("/api/usage/preview", &[("kind", "Images"), ("amount", "1")], &[SAME_ORIGIN, ("cookie", &user)])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let p: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((p["remaining"].as_i64(), p["allowed"].as_bool()), (Some(60), Some(true)));
    let phrase = app::i18n::message_with(
        app::i18n::Lang::En,
        "cost-preview",
        &[
            ("kind", app::i18n::Arg::Text("images".into())),
            ("amount", app::i18n::Arg::Num(1)),
            ("remaining", app::i18n::Arg::Num(60)),
        ],
    );
    assert_eq!(phrase, "Uses 1 of your 60 remaining images");
    let (res, _) = app.post_form("/api/usage/summary", &[], &[SAME_ORIGIN]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "signed-out callers get 401");
    app.cleanup().await;
}

/// The 80 % banner's "dismiss" is a plain form: without script it posts and comes back to
/// the page; once hydrated the page's action sends the same fields and reads JSON back (the
/// browser's side: image.spec.ts). Either way it is gone for the rest of the period, on
/// every page.
#[tokio::test]
async fn the_80_percent_banner_goes_with_one_press_as_a_form_or_from_the_page() {
    for app in common::apps().await {
        let db = &app.state.db;
        let (user, cookie) = app.signed_in("banner@example.jo").await;
        subscriptions::grant_plan(db, user, "starter", "admin", UnixMillis::now().0).await.unwrap();
        for _ in 0..8 {
            let r = ledger::reserve(db, &ReserveRequest::exact(user, UsageKind::Images, 1, "image")).await.unwrap();
            ledger::settle(db, r.id, 1).await.unwrap();
        }
        let page = |path: &'static str| {
            let cookie = cookie.clone();
            let app = &app;
            async move { app.get_with(path, &[("cookie", &cookie)]).await.1 }
        };
        let html = page("/app/chat").await;
        assert_eq!(html.matches(r#"data-testid="warning-banner""#).count(), 1, "{}: one kind at 80 %", app.name);
        assert!(
            html.contains(r#"<form method="post" action="/api/usage/dismiss-warning">"#),
            "{}: the dismiss form posts without script",
            app.name
        );
        assert!(html.contains(r#"name="kind" value="Images""#), "{}", app.name);

        // No script: the browser posts the form and follows the answer back to the page.
        let (res, _) = app
            .post_form(
                "/api/usage/dismiss-warning",
                &[("kind", "Images")],
                &[
                    ("accept", "text/html"),
                    ("cookie", &cookie),
                    ("referer", "http://127.0.0.1:3000/app/chat"),
                    common::SAME_ORIGIN,
                ],
            )
            .await;
        assert!(res.status().is_redirection(), "{}: {}", app.name, res.status());
        let back = common::header(&res, "location");
        assert_eq!(back.trim_end_matches('?'), "http://127.0.0.1:3000/app/chat", "{}: back to the page", app.name);
        for path in ["/app/chat", "/app/image"] {
            let html = page(path).await;
            assert!(!html.contains(r#"data-testid="warning-banner""#), "{}: gone from {path}", app.name);
            assert!(html.contains(r#"data-testid="meter-images""#), "{}: the meter stays on {path}", app.name);
        }

        // As the hydrated page sends it (the action's own call: the form's fields, JSON back).
        let r = ledger::reserve(db, &ReserveRequest::exact(user, UsageKind::Tokens, 120_000, "chat")).await.unwrap();
        ledger::settle(db, r.id, 120_000).await.unwrap();
        assert!(page("/app/chat").await.contains(r#"name="kind" value="Tokens""#), "{}", app.name);
        let (res, body) = app
            .post_form("/api/usage/dismiss-warning", &[("kind", "Tokens")], &[("cookie", &cookie), common::SAME_ORIGIN])
            .await;
        assert_eq!((res.status().as_u16(), body.as_str()), (200, "null"), "{}", app.name);
        assert_eq!(common::header(&res, "content-type"), "application/json", "{}", app.name);
        assert!(!page("/app/chat").await.contains(r#"data-testid="warning-banner""#), "{}", app.name);
        app.cleanup().await;
    }
}
