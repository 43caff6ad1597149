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
