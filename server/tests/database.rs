//! The schema and the data-access layer behave the same on SQLite and PostgreSQL.

use crate::common;
use app::features::plans::service::active_plans;
use app::platform::db::Db;
use app::types::Fils;
use sqlx::Row;

const TABLES: [&str; 19] = [
    "users",
    "login_tokens",
    "sessions",
    "plans",
    "subscriptions",
    "payments",
    "invoices",
    "addon_grants",
    "usage_ledger",
    "conversations",
    "messages",
    "files",
    "jobs",
    "cv_documents",
    "slide_decks",
    "moderation_events",
    "audit_log",
    "invoices",
    "plans",
];

#[tokio::test]
async fn the_first_migration_creates_every_table_and_seeds_the_plans() {
    for app in common::apps().await {
        let db = &app.state.db;
        for table in TABLES {
            let n: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .fetch_one(db.pool())
                .await
                .unwrap_or_else(|e| panic!("{}: {table}: {e}", app.name))
                .try_get("n")
                .unwrap();
            assert!(n >= 0);
        }
        let plans = active_plans(db).await.unwrap();
        let summary: Vec<_> = plans.iter().map(|p| (p.code.as_str(), p.price, p.tokens, p.images, p.videos)).collect();
        assert_eq!(
            summary,
            vec![
                ("starter", Fils(3000), 150_000, 10, 2),
                ("pro", Fils(5000), 400_000, 30, 5),
                ("creator", Fils(7000), 1_000_000, 60, 10),
            ],
            "{}",
            app.name
        );
        assert!(plans[1].features.contains(&"slides".to_string()));
        assert!(!plans[0].features.contains(&"slides".to_string()));
        // Running the migrations again changes nothing.
        db.migrate().await.unwrap();
        assert_eq!(active_plans(db).await.unwrap().len(), 3);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn constraints_hold_on_both_backends() {
    for app in common::apps().await {
        let pool = app.state.db.pool();
        sqlx::query("INSERT INTO users (email, created_at, updated_at) VALUES ($1, $2, $2)")
            .bind("sara@example.jo")
            .bind(1_i64)
            .execute(pool)
            .await
            .unwrap();
        let dup = sqlx::query("INSERT INTO users (email, created_at, updated_at) VALUES ($1, $2, $2)")
            .bind("sara@example.jo")
            .bind(2_i64)
            .execute(pool)
            .await;
        assert!(dup.is_err(), "{}: emails are unique", app.name);
        let bad_role = sqlx::query("INSERT INTO users (email, role, created_at, updated_at) VALUES ($1, 'root', 1, 1)")
            .bind("x@example.jo")
            .execute(pool)
            .await;
        assert!(bad_role.is_err(), "{}: roles are checked", app.name);
        let user_id: i64 = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind("sara@example.jo")
            .fetch_one(pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        // Deleting a user removes their rows.
        sqlx::query("INSERT INTO conversations (user_id, title, created_at, updated_at) VALUES ($1, $2, 1, 1)")
            .bind(user_id)
            .bind("مرحبا")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(pool).await.unwrap();
        let left: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM conversations").fetch_one(pool).await.unwrap().try_get("n").unwrap();
        assert_eq!(left, 0, "{}", app.name);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_unreachable_database_is_a_clear_error() {
    let err = Db::connect("postgres://pulse:secret@127.0.0.1:1/pulse", 1).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("cannot connect to the database"), "{text}");
    assert!(!text.contains("secret"), "the password is not printed: {text}");
    let err = Db::connect("mysql://x", 1).await.unwrap_err();
    assert!(err.to_string().contains("unsupported"));
}
