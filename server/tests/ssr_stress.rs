//! Pages whose data resolves asynchronously, rendered concurrently on a multi-threaded
//! runtime (as in production): every response completes.

mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_pages_with_async_data_all_complete() {
    for app in common::apps().await {
        let (user, cookie) = app.signed_in("stress@example.jo").await;
        // A user in a period: the meters have data, a reset date and (on the account page) history.
        app::platform::metering::subscriptions::grant_plan(
            &app.state.db,
            user,
            "pro",
            "admin",
            app::types::UnixMillis::now().0,
        )
        .await
        .unwrap();
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for i in 0..120 {
            let app = app.clone();
            let cookie = cookie.clone();
            tasks.push(tokio::spawn(async move {
                let path = ["/app/account", "/app/chat", "/", "/app/image", "/login", "/admin"][i % 6];
                let (res, body) = tokio::time::timeout(
                    std::time::Duration::from_secs(20),
                    app.get_with(path, &[("cookie", &cookie)]),
                )
                .await
                .unwrap_or_else(|_| panic!("{path} never finished"));
                assert!(
                    res.status() == http::StatusCode::OK
                        || (path == "/admin" && res.status() == http::StatusCode::FORBIDDEN),
                    "{path}"
                );
                assert!(body.contains("</html>"), "{path}");
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    }
}
