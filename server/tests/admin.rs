//! The admin console and notifications, on SQLite and PostgreSQL: every admin server
//! function and route refuses anyone but an admin; suspending ends the user's sessions at
//! once; the dashboard's revenue is paid minus refunded; each event makes one
//! notification however often it is handled; the renewal reminder goes out once per
//! period with two workers.

use crate::common::{self, header, TestApp, SAME_ORIGIN};
use app::features::auth::Role;
use app::features::notifications::service as notices;
use app::i18n::Lang;
use app::platform::auth::users;
use app::types::UnixMillis;
use http::StatusCode;

const DAY: i64 = 86_400_000;

async fn admin(app: &TestApp) -> (i64, String) {
    let (id, cookie) = app.signed_in("boss@pulse.jo").await;
    users::set_role(&app.state.db, id, Role::Admin).await.unwrap();
    (id, cookie)
}

/// Every admin server function with arguments it can decode, and the admin routes.
fn admin_calls(user: i64) -> Vec<(String, Vec<(&'static str, String)>)> {
    let id = || ("id", user.to_string());
    vec![
        ("/api/admin/overview".into(), vec![]),
        ("/api/admin/dashboard".into(), vec![("from", "".into()), ("to", "".into()), ("lang", "en".into())]),
        ("/api/admin/users".into(), vec![("query", "".into())]),
        ("/api/admin/user".into(), vec![id()]),
        ("/api/admin/suspend".into(), vec![id()]),
        ("/api/admin/unsuspend".into(), vec![id()]),
        ("/api/admin/set-role".into(), vec![id(), ("role", "admin".into())]),
        ("/api/admin/grant-plan".into(), vec![("email", "victim@example.jo".into()), ("plan", "pro".into())]),
        ("/api/admin/delete-user".into(), vec![id()]),
        ("/api/admin/subscriptions".into(), vec![("current", "true".into())]),
        ("/api/admin/jobs".into(), vec![("which", "failed".into())]),
        ("/api/admin/job-retry".into(), vec![("id", "1".into())]),
        ("/api/admin/job-cancel".into(), vec![("id", "1".into())]),
        ("/api/admin/moderation".into(), vec![("unreviewed", "true".into())]),
        ("/api/admin/moderation-review".into(), vec![("id", "1".into())]),
        (
            "/api/admin/audit".into(),
            vec![
                ("filter[actor]", "".into()),
                ("filter[action]", "".into()),
                ("filter[from]", "".into()),
                ("filter[to]", "".into()),
            ],
        ),
        ("/api/admin/payments".into(), vec![("only_suspicious", "false".into())]),
        ("/api/admin/payment-flag".into(), vec![("id", "1".into()), ("note", "x".into())]),
        ("/api/admin/payment-refund".into(), vec![("id", "1".into()), ("note", "x".into())]),
        ("/api/admin/grant-addon".into(), vec![("email", "victim@example.jo".into()), ("addon", "images".into())]),
    ]
}

#[tokio::test]
async fn every_admin_function_and_route_refuses_anyone_but_an_admin() {
    for app in common::apps().await {
        let (victim, victim_cookie) = app.signed_in("victim@example.jo").await;
        let (_, user_cookie) = app.signed_in("plain@example.jo").await;
        let calls = admin_calls(victim);
        // No two server functions share an endpoint (the second would silently shadow the first).
        let mut all: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "an endpoint is registered twice");
        // The table covers every admin server function the app registers.
        let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path)
            .filter(|p| p.starts_with("/api/admin/"))
            .collect();
        for path in &registered {
            assert!(calls.iter().any(|(p, _)| p == path), "{path} is missing from the table");
        }
        for (path, form) in &calls {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (res, body) = app.post_form(path, &form, &[SAME_ORIGIN, ("cookie", &user_cookie)]).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{} {path}: {body}", app.name);
            let (res, _) = app.post_form(path, &form, &[SAME_ORIGIN]).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{} {path} signed out", app.name);
        }
        let (res, _) = app.get_with("/admin/audit.csv", &[("cookie", &user_cookie)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        for page in ["/admin", "/admin/users", "/admin/users/1", "/admin/jobs", "/admin/audit"] {
            let (res, body) = app.get_with(page, &[("cookie", &user_cookie)]).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{page}");
            assert!(body.contains(r#"data-testid="forbidden""#), "{page}");
        }
        // Nothing happened to the victim.
        let row = users::by_id(&app.state.db, victim).await.unwrap().unwrap();
        assert!(!row.suspended && row.user.role == Role::User);
        let (res, _) = app.get_with("/app/account", &[("cookie", &victim_cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'admin.%'", None).await, 0);

        // An admin gets through each of them (the pages too).
        let (_, boss) = admin(&app).await;
        for page in ["/admin", "/admin/users", &format!("/admin/users/{victim}"), "/admin/jobs", "/admin/audit"] {
            let (res, body) = app.get_with(page, &[("cookie", &boss)]).await;
            assert_eq!(res.status(), StatusCode::OK, "{page}: {body}");
            assert!(body.contains(r#"data-testid="admin""#), "{page}");
            // Hydrated by the console's own bundle, not by the one every user loads.
            assert!(body.contains("/pkg/pulse_admin.js") && !body.contains("/pkg/pulse.js"), "{page}");
        }
        let (_, chat) = app.get_with("/app/chat", &[("cookie", &boss)]).await;
        assert!(chat.contains("/pkg/pulse.js") && !chat.contains("pulse_admin"), "the app's pages use the main bundle");
        // A cell a spreadsheet would run is written as text.
        sqlx::query("INSERT INTO audit_log (action, data, created_at) VALUES ('admin.=HYPERLINK(1)', '{}', $1)")
            .bind(UnixMillis::now().0)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        let (_, csv) = app.get_with("/admin/audit.csv?action=admin.", &[("cookie", &boss)]).await;
        assert!(csv.contains("admin.=HYPERLINK(1)"), "{csv}");
        sqlx::query("INSERT INTO audit_log (action, data, created_at) VALUES ('=cmd()', '{}', $1)")
            .bind(UnixMillis::now().0)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        let (_, csv) = app.get_with("/admin/audit.csv", &[("cookie", &boss)]).await;
        assert!(csv.contains("'=cmd()") && !csv.contains(",=cmd()"), "{csv}");
        let (res, csv) = app.get_with("/admin/audit.csv?action=admin.", &[("cookie", &boss)]).await;
        assert_eq!(res.status(), StatusCode::OK, "{csv}");
        assert!(header(&res, "content-type").starts_with("text/csv"));
        assert!(csv.trim_start_matches('\u{feff}').starts_with("id,time,actor,action,target,data,ip"), "{csv}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn suspending_ends_the_users_sessions_at_once_and_is_audited() {
    for app in common::apps().await {
        let (_, boss) = admin(&app).await;
        let (victim, cookie) = app.signed_in("noisy@example.jo").await;
        let (_, phone) = app.signed_in("noisy@example.jo").await; // a second device
        let (res, _) = app.get_with("/app/account", &[("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK);

        let (res, body) =
            app.post_form("/api/admin/users", &[("query", "NOISY")], &[SAME_ORIGIN, ("cookie", &boss)]).await;
        assert_eq!(res.status(), StatusCode::OK, "{body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), 1, "{body}");
        assert_eq!(page["items"][0]["email"], "noisy@example.jo");

        let (res, body) = app
            .post_form("/api/admin/suspend", &[("id", &victim.to_string())], &[SAME_ORIGIN, ("cookie", &boss)])
            .await;
        assert!(res.status().is_success(), "{body}");
        for c in [&cookie, &phone] {
            let (res, _) = app.get_with("/app/account", &[("cookie", c)]).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", app.name);
            assert!(header(&res, "location").starts_with("/login"), "{}", header(&res, "location"));
        }
        let open = app
            .count(&format!("SELECT COUNT(*) AS n FROM sessions WHERE user_id = {victim} AND revoked_at IS NULL"), None)
            .await;
        assert_eq!(open, 0);
        let audited = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'admin.user.suspend'", None).await;
        assert_eq!(audited, 1);
        // An admin cannot suspend or delete themselves.
        let boss_id = users::by_email(&app.state.db, "boss@pulse.jo").await.unwrap().unwrap().user.id;
        let (res, body) = app
            .post_form("/api/admin/suspend", &[("id", &boss_id.to_string())], &[SAME_ORIGIN, ("cookie", &boss)])
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{body}");
        assert!(body.contains("admin-error-self"));

        let (res, _) = app
            .post_form("/api/admin/unsuspend", &[("id", &victim.to_string())], &[SAME_ORIGIN, ("cookie", &boss)])
            .await;
        assert!(res.status().is_success());
        assert!(!users::by_id(&app.state.db, victim).await.unwrap().unwrap().suspended);
        let (res, csv) = app.get_with("/admin/audit.csv?actor=boss@pulse.jo", &[("cookie", &boss)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(csv.contains("admin.user.suspend") && csv.contains("admin.user.unsuspend"), "{csv}");
        app.cleanup().await;
    }
}

async fn payment(app: &TestApp, user: i64, amount: i64, status: &str, paid_at: Option<i64>, refunded_at: Option<i64>) {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    sqlx::query(
        "INSERT INTO payments (user_id, kind, item_code, amount_fils, currency, provider, idempotency_key, status, \
         created_at, updated_at, paid_at, refunded_at, order_ref) VALUES ($1, 'plan', 'pro', $2, 'JOD', 'sandbox', $3, $4, $5, $5, $6, $7, $8)",
    )
    .bind(user)
    .bind(amount)
    .bind(format!("fixture-{n}-{}", app.name))
    .bind(status)
    .bind(paid_at.unwrap_or(1))
    .bind(paid_at)
    .bind(refunded_at)
    .bind(format!("ordfixture{n}{}", app.name))
    .execute(app.state.db.pool())
    .await
    .unwrap();
}

#[tokio::test]
async fn revenue_is_paid_minus_refunded_by_amman_day() {
    for app in common::apps().await {
        let (_, boss) = admin(&app).await;
        let (user, _) = app.signed_in("payer@example.jo").await;
        // Noon in Amman some days ago, and one payment at 22:00 UTC (01:00 the next day in Amman).
        let today = pulse_clock::amman_day(UnixMillis::now().0);
        let noon = |days_ago: i64| pulse_clock::amman_day_start(today - days_ago) + 12 * 3_600_000;
        payment(&app, user, 3000, "paid", Some(noon(10)), None).await;
        payment(&app, user, 5000, "paid", Some(noon(9)), None).await;
        payment(&app, user, 7000, "refunded", Some(noon(9)), Some(noon(2))).await;
        payment(&app, user, 9000, "failed", None, None).await;
        payment(&app, user, 4000, "pending", None, None).await;
        payment(&app, user, 1000, "paid", Some(noon(5) + 13 * 3_600_000), None).await; // 22:00 UTC: 01:00 in Amman
        payment(&app, user, 50_000, "paid", Some(noon(60)), None).await; // outside the range

        let d = app::features::admin::service::dashboard(&app.state, "", "", Lang::En).await.unwrap();
        assert_eq!(d.paid.0, 3000 + 5000 + 7000 + 1000, "{}", app.name);
        assert_eq!(d.refunded.0, 7000);
        assert_eq!(d.revenue.0, 9000);
        assert_eq!(d.revenue_by_day.len(), 30);
        assert_eq!(d.revenue_by_day.iter().map(|p| p.value).sum::<i64>(), d.revenue.0);
        let day = |ago: i64| pulse_clock::day_label(today - ago);
        let on = |ago: i64| d.revenue_by_day.iter().find(|p| p.label == day(ago)).unwrap().value;
        assert_eq!(
            (on(10), on(9), on(2), on(5), on(4)),
            (3000, 12_000, -7000, 0, 1000),
            "22:00 UTC is the next Amman day"
        );
        assert_eq!(d.revenue_by_month.iter().map(|p| p.value).sum::<i64>(), 9000);
        assert!(d.revenue_svg.contains("<svg") && d.usage_svg.contains("<svg"));

        // The server function says the same, to an admin, and refuses a bad range.
        let (res, body) = app
            .post_form(
                "/api/admin/dashboard",
                &[("from", &day(20)), ("to", &day(0)), ("lang", "ar")],
                &[SAME_ORIGIN, ("cookie", &boss)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["revenue"], 9000);
        assert!(json["revenue_svg"].as_str().unwrap().contains("direction=\"rtl\""));
        let (res, body) = app
            .post_form(
                "/api/admin/dashboard",
                &[("from", "2026-02-30"), ("to", ""), ("lang", "en")],
                &[SAME_ORIGIN, ("cookie", &boss)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body}");
        assert!(body.contains("admin-error-range"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn each_event_makes_one_notification_however_often_it_is_handled() {
    for app in common::apps().await {
        let (user, cookie) = app.signed_in("notified@example.jo").await;
        let data = app::features::notifications::NoticeData {
            plan: Some("pro".into()),
            amount_fils: Some(5000),
            ..Default::default()
        };
        let kind = app::features::notifications::NoticeKind::PaymentPaid;
        // The same event handled by several workers at once, and again later.
        let tries = (0..8).map(|_| notices::add(&app.state.db, user, kind, "payment:1:payment_paid", &data));
        let made: Vec<bool> = futures_util::future::join_all(tries).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(made.iter().filter(|m| **m).count(), 1, "{}", app.name);
        assert!(!notices::add(&app.state.db, user, kind, "payment:1:payment_paid", &data).await.unwrap());
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM notifications", None).await, 1);

        // The list, the unread count, marking read.
        let (res, body) = app.post_form("/api/notices/list", &[], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK, "{body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(page["unread"], 1);
        assert_eq!(page["items"][0]["kind"], "payment_paid");
        let top = page["items"][0]["id"].as_i64().unwrap().to_string();
        let (_, body) =
            app.post_form("/api/notices/read", &[("up_to", &top)], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
        assert_eq!(body.trim(), "0");
        // Another user sees none of it.
        let (_, other) = app.signed_in("other@example.jo").await;
        let (_, body) = app.post_form("/api/notices/list", &[], &[SAME_ORIGIN, ("cookie", &other)]).await;
        assert!(body.contains(r#""items":[]"#), "{body}");

        // Its email goes out once, in the user's language, even with two senders at once.
        let now = UnixMillis::now().0;
        let (a, b) = tokio::join!(notices::deliver_pending(&app.state, now), notices::deliver_pending(&app.state, now));
        assert_eq!(a.unwrap() + b.unwrap(), 1);
        assert_eq!(notices::deliver_pending(&app.state, now).await.unwrap(), 0);
        let sent = app.count("SELECT COUNT(*) AS n FROM notifications WHERE email_state = 'sent'", None).await;
        assert_eq!(sent, 1);
        let (_, text) = app.last_mail();
        assert!(text.contains("المحترف") && text.contains("/app/account#notifications"), "{text}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_renewal_reminder_goes_out_once_per_period_with_two_workers() {
    for app in common::apps().await {
        let (user, cookie) = app.signed_in("renew@example.jo").await;
        let now = UnixMillis::now().0;
        app::platform::metering::subscriptions::grant_plan(&app.state.db, user, "starter", "payment", now - 28 * DAY)
            .await
            .unwrap();
        // A user who turned such emails off still sees the bell.
        let (quiet, _) = app.signed_in("quiet@example.jo").await;
        app::platform::metering::subscriptions::grant_plan(&app.state.db, quiet, "pro", "payment", now - 29 * DAY)
            .await
            .unwrap();
        notices::set_email_pref(&app.state.db, quiet, false).await.unwrap();

        let run = || async {
            let added = notices::scheduled_notices(&app.state, now).await.unwrap();
            let sent = notices::deliver_pending(&app.state, now).await.unwrap();
            (added, sent)
        };
        let ((a1, s1), (a2, s2)) = tokio::join!(run(), run());
        assert_eq!(a1 + a2, 2, "{}: one reminder each", app.name);
        assert_eq!(s1 + s2, 1, "one email: the quiet user turned them off");
        let (a3, s3) = run().await;
        assert_eq!((a3, s3), (0, 0), "the next pass adds nothing");
        let reminders = app.count("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'renewal_soon'", None).await;
        assert_eq!(reminders, 2);
        let skipped = app.count("SELECT COUNT(*) AS n FROM notifications WHERE email_state = 'skipped'", None).await;
        assert_eq!(skipped, 1);
        let (to, text) = app.last_mail();
        assert_eq!(to, "renew@example.jo");
        assert!(text.contains("المبتدئ"), "{text}");

        // Bought again: the next period is queued and no second reminder comes for it.
        let (res, _) = app.post_form("/api/notices/list", &[], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
        assert_eq!(res.status(), StatusCode::OK);

        // When the period ends with nothing after it, one "plan ended" notice.
        let later = now + 3 * DAY;
        app::platform::metering::subscriptions::expire_finished(&app.state.db, later).await.unwrap();
        let (e1, e2) =
            tokio::join!(notices::scheduled_notices(&app.state, later), notices::scheduled_notices(&app.state, later));
        assert_eq!(e1.unwrap() + e2.unwrap(), 2, "one for each user");
        assert_eq!(notices::scheduled_notices(&app.state, later).await.unwrap(), 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_admin_made_in_the_console_stays_one_and_a_listed_one_cannot_be_demoted_there() {
    for app in common::apps().await {
        let (boss_id, boss) = admin(&app).await;
        let (helper, helper_cookie) = app.signed_in("helper@example.jo").await;
        let set = |id: i64, role: &'static str| {
            let boss = boss.clone();
            let app = &app;
            async move {
                app.post_form(
                    "/api/admin/set-role",
                    &[("id", &id.to_string()), ("role", role)],
                    &[SAME_ORIGIN, ("cookie", &boss)],
                )
                .await
            }
        };
        let (res, body) = set(helper, "admin").await;
        assert!(res.status().is_success(), "{body}");
        // Not in ADMIN_EMAILS, yet an admin on every request from now on.
        for _ in 0..2 {
            let (res, _) = app.get_with("/admin", &[("cookie", &helper_cookie)]).await;
            assert_eq!(res.status(), StatusCode::OK, "{}", app.name);
        }
        let (res, _) = set(helper, "user").await;
        assert!(res.status().is_success());
        let (res, _) = app.get_with("/admin", &[("cookie", &helper_cookie)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        // boss@pulse.jo is listed: another admin cannot take the role the list gives.
        let (ops, ops_cookie) = app.signed_in("ops@example.jo").await;
        users::set_role_from_console(&app.state.db, ops, Role::Admin).await.unwrap();
        let (res, body) = app
            .post_form(
                "/api/admin/set-role",
                &[("id", &boss_id.to_string()), ("role", "user")],
                &[SAME_ORIGIN, ("cookie", &ops_cookie)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{body}");
        assert!(body.contains("admin-error-listed"), "{body}");
        // Promoting a listed address leaves the role to the list.
        let (res, _) = app
            .post_form(
                "/api/admin/set-role",
                &[("id", &boss_id.to_string()), ("role", "admin")],
                &[SAME_ORIGIN, ("cookie", &ops_cookie)],
            )
            .await;
        assert!(res.status().is_success());
        assert!(!users::admin_from_console(&app.state.db, boss_id).await.unwrap(), "still the list's admin");
        let (res, _) = app.get_with("/admin", &[("cookie", &boss)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let audited = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'admin.user.role'", None).await;
        assert_eq!(audited, 3);
        app.cleanup().await;
    }
}
