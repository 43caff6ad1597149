//! Pages whose data resolves asynchronously, rendered concurrently on a multi-threaded
//! runtime (as in production): every response completes.

use crate::common;

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

/// Building another router (as every test and every bench does) while pages render must not
/// stall them: route-list generation once parked resources polled meanwhile for good.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_complete_while_other_routers_are_built() {
    let app = std::sync::Arc::new(common::sqlite_app().await);
    let (_, cookie) = app.signed_in("builder@example.jo").await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let builder = {
        let (state, stop) = (app.state.clone(), stop.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let _guard = rt.enter();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                drop(server::routes::app_router(state.clone()));
            }
        })
    };
    let mut tasks = Vec::new();
    for i in 0..200 {
        let (app, cookie) = (app.clone(), cookie.clone());
        tasks.push(tokio::spawn(async move {
            let path = ["/app/account", "/admin", "/app/chat", "/"][i % 4];
            let (res, body) =
                tokio::time::timeout(std::time::Duration::from_secs(20), app.get_with(path, &[("cookie", &cookie)]))
                    .await
                    .unwrap_or_else(|_| panic!("{path} never finished"));
            assert!(res.status().is_success() || res.status() == http::StatusCode::FORBIDDEN, "{path}");
            assert!(body.contains("</html>"), "{path}");
        }));
    }
    let mut failed = None;
    for t in tasks {
        if let Err(e) = t.await {
            failed.get_or_insert(e);
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    builder.join().unwrap();
    if let Some(e) = failed {
        std::panic::resume_unwind(e.into_panic());
    }
}
