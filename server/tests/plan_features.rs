//! Plan features on the server: every feature a plan card lists is one the server knows
//! and checks, and the prompt limit (Creator's long prompts) holds on both databases.

use crate::common::{apps, TestApp};
use app::features::plans::PlanFeature;
use http::StatusCode;
use serde_json::json;

async fn user_on(app: &TestApp, email: &str, plan: &str) -> String {
    app::features::usage::service::grant_plan(&app.state, email, plan, None, None).await.unwrap();
    app.signed_in(email).await.1
}

#[tokio::test]
async fn every_feature_on_a_plan_card_is_one_the_server_checks() {
    let app = crate::common::sqlite_app().await;
    let plans = app::features::plans::service::active_plans(&app.state.db).await.unwrap();
    assert_eq!(plans.len(), 3);
    for plan in &plans {
        for code in &plan.features {
            assert!(PlanFeature::parse(code).is_some(), "{}: unknown feature {code}", plan.code);
        }
    }
    let has = |code: &str, f: PlanFeature| {
        plans.iter().find(|p| p.code == code).unwrap().features.contains(&f.code().to_string())
    };
    assert!(
        !has("starter", PlanFeature::Slides) && has("pro", PlanFeature::Slides) && has("creator", PlanFeature::Slides)
    );
    assert!(!has("pro", PlanFeature::LongPrompts) && has("creator", PlanFeature::LongPrompts));
}

async fn send(app: &TestApp, cookie: &str, content: &str) -> (StatusCode, String) {
    let body = json!({ "conversation_id": null, "model": "demo:pulse-demo", "content": content, "mode": "new" });
    let (res, text) = app.post_json("/chat/stream", &body, cookie).await;
    (res.status(), text)
}

#[tokio::test]
async fn a_long_prompt_is_for_creator_and_refused_before_anything_is_written() {
    for app in apps().await {
        // ~12,000 estimated tokens: over Starter's and Pro's 8,000, under Creator's 32,000.
        let long = "word ".repeat(9_600);
        let starter = user_on(&app, "long-starter@example.jo", "starter").await;
        let (status, body) = send(&app, &starter, &long).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", app.name);
        assert!(body.contains("FeatureLocked") && body.contains("long_prompts"), "{body}");
        let pro = user_on(&app, "long-pro@example.jo", "pro").await;
        assert_eq!(send(&app, &pro, &long).await.0, StatusCode::FORBIDDEN);
        // Longer than any plan takes: no upgrade is offered, a plain 400.
        let (status, body) = send(&app, &pro, &"word ".repeat(30_000)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM conversations", None).await, 0, "nothing written");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, 0, "nothing reserved");

        let creator = user_on(&app, "long-creator@example.jo", "creator").await;
        let (status, body) = send(&app, &creator, &long).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", app.name);
        assert!(body.contains("\"done\"") || body.contains("event: done"), "{body}");
        // Beyond even Creator's limit: a plain 400, no upgrade offered.
        let (status, body) = send(&app, &creator, &"word ".repeat(30_000)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body.contains("chat-prompt-too-long"), "{body}");
        app.cleanup().await;
    }
}

/// Each feature a plan card can list, with the request that must be refused (403 with the
/// upgrade offer) to a plan without it and let through for one with it. The match is
/// exhaustive: a new feature cannot reach a card without a line here.
#[tokio::test]
async fn every_feature_a_card_lists_is_refused_to_a_plan_without_it() {
    use crate::common::SAME_ORIGIN;
    let app = crate::common::sqlite_app().await;
    let starter = user_on(&app, "feat-starter@example.jo", "starter").await;
    let creator = user_on(&app, "feat-creator@example.jo", "creator").await;
    // A user whose plan has ended: no current period, so no feature at all.
    let (lapsed_id, lapsed) = app.signed_in("feat-lapsed@example.jo").await;
    sqlx::query("DELETE FROM subscriptions WHERE user_id = $1")
        .bind(lapsed_id)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let plans = app::features::plans::service::active_plans(&app.state.db).await.unwrap();
    let listed = |plan: &str, f: PlanFeature| {
        plans.iter().find(|p| p.code == plan).unwrap().features.contains(&f.code().to_string())
    };
    let form = |cookie: &str, path: &str, fields: &[(&str, &str)]| {
        let cookie = cookie.to_string();
        let path = path.to_string();
        let fields: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let app = &app;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let (res, body) = app.post_form(&path, &fields, &[SAME_ORIGIN, ("cookie", &cookie)]).await;
            (res.status(), body)
        }
    };
    let locked = |status: StatusCode, body: &str, f: PlanFeature| {
        status == StatusCode::FORBIDDEN && body.contains("FeatureLocked") && body.contains(f.code())
    };
    for feature in PlanFeature::ALL {
        match feature {
            // On every card; what they cost is metered, not gated.
            PlanFeature::Chat | PlanFeature::Cv => {
                assert!(["starter", "pro", "creator"].iter().all(|p| listed(p, feature)), "{feature:?}");
            }
            PlanFeature::Image => {
                let ask = json!({ "prompt": "a cat", "count": 1, "aspect": "1:1", "style": "none" });
                let (res, body) = app.post_json("/image/generate", &ask, &lapsed).await;
                assert!(locked(res.status(), &body, feature), "{feature:?}: {} {body}", res.status());
                let (res, _) = app.post_json("/image/generate", &ask, &starter).await;
                assert_eq!(res.status(), StatusCode::OK, "{feature:?}");
            }
            PlanFeature::Video => {
                let ask = json!({ "form": { "prompt": "a cat", "seconds": 4, "aspect": "16:9" } });
                let (res, body) = app.post_json("/api/video/generate", &ask, &lapsed).await;
                assert!(locked(res.status(), &body, feature), "{feature:?}: {} {body}", res.status());
                let (res, body) = app.post_json("/api/video/generate", &ask, &starter).await;
                assert_eq!(res.status(), StatusCode::OK, "{feature:?}: {body}");
            }
            PlanFeature::Slides => {
                let (status, body) = form(&starter, "/api/slides/list", &[]).await;
                assert!(locked(status, &body, feature), "{feature:?}: {status} {body}");
                let (status, _) = form(&creator, "/api/slides/list", &[]).await;
                assert_eq!(status, StatusCode::OK, "{feature:?}");
            }
            PlanFeature::PdfSummary => {
                let fields = [("file_id", "0123456789abcdef0123456789abcdef"), ("model", "demo:pulse-demo")];
                let (status, body) = form(&starter, "/api/chat/pdf-cost", &fields).await;
                assert!(locked(status, &body, feature), "{feature:?}: {status} {body}");
                // Creator passes the gate (and meets the missing file).
                let (status, body) = form(&creator, "/api/chat/pdf-cost", &fields).await;
                assert!(!locked(status, &body, feature), "{feature:?}: {status} {body}");
            }
            PlanFeature::LongPrompts => {
                let long = "word ".repeat(12_000);
                let ask = json!({ "model": "demo:pulse-demo", "content": long, "mode": "new" });
                let (res, body) = app.post_json("/chat/stream", &ask, &starter).await;
                assert!(
                    locked(res.status(), &body, feature),
                    "{feature:?}: {} {}",
                    res.status(),
                    &body[..body.len().min(300)]
                );
                let (res, _) = app.post_json("/chat/stream", &ask, &creator).await;
                assert_eq!(res.status(), StatusCode::OK, "{feature:?}");
            }
            PlanFeature::AdvancedEditors => {
                // Captions at the top of a clip: the video editor's styles are Creator's.
                let ask = json!({ "form": { "file_id": "0123456789abcdef0123456789abcdef", "start": 0.0, "end": 1.0,
                    "position": "top", "captions": [{ "text": "x", "start": 0.0, "end": 1.0 }] } });
                let (res, body) = app.post_json("/api/video/edit", &ask, &starter).await;
                assert!(locked(res.status(), &body, feature), "{feature:?}: {} {body}", res.status());
                let (res, body) = app.post_json("/api/video/edit", &ask, &creator).await;
                assert_eq!(res.status(), StatusCode::NOT_FOUND, "{feature:?}: past the gate, no such file: {body}");
            }
        }
    }
    app.cleanup().await;
}
