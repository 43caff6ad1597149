//! The admin console's browser entry point: hydrates the server-rendered `/admin/*` pages
//! (their own app, `app::AdminApp`, with its own shell and bundle).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate(messages: &[u8], ar_path: String, en_path: String) {
    console_error_panic_hook::set_once();
    // The page's messages, fetched beside the bundle by the page's script (`app::i18n::wire`).
    if !app::i18n::install(messages, ar_path, en_path) {
        leptos::logging::error!("the page's messages could not be read");
        return;
    }
    leptos::mount::hydrate_body(app::AdminApp);
    app::shell::mark_hydrated();
}
