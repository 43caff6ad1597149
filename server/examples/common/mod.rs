//! What the chat benches share (`chat_bench` and `streams_bench` include this file): an app
//! state over a database, signed-in users, and a process's resident memory.

use app::platform::{auth::sessions, config::Config, db::Db, AppState};
use futures_util::StreamExt;
use leptos::prelude::LeptosOptions;

/// An app state over `db` with `config`; its site folder is an empty one under `dir` (the
/// benches serve no assets).
pub async fn state(config: Config, db: Db, dir: &std::path::Path) -> AppState {
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let options = LeptosOptions::builder().output_name("pulse").site_root(site.display().to_string()).build();
    let storage = app::platform::storage::Storage::connect(&config.storage).await.unwrap();
    AppState::new(options, config, db, storage).unwrap()
}

/// `n` users `{prefix}{i}@bench.example.jo` on the Creator plan, each signed in (8 at a
/// time): their session cookies, in order.
pub async fn signed_in_users(state: &AppState, prefix: &str, n: usize) -> Vec<String> {
    futures_util::stream::iter(0..n)
        .map(|i| async move {
            let email = format!("{prefix}{i}@bench.example.jo");
            app::features::usage::service::grant_plan(state, &email, "creator", None, None).await.unwrap();
            let (user, _) =
                app::platform::auth::users::find_or_create(&state.db, &email, app::i18n::Lang::Ar).await.unwrap();
            let s = sessions::create(
                &state.db,
                &state.config.jwt_secret,
                user.user.id,
                state.config.session_lifetime(),
                None,
                None,
            )
            .await
            .unwrap();
            format!("{}={}", app::platform::auth::SESSION_COOKIE, s.jwt)
        })
        .buffered(8)
        .collect()
        .await
}

/// The resident memory of process `pid` (or `"self"`) in KB, 0 if it cannot be read.
pub fn rss_kb(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
