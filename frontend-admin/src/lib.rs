//! The admin console's browser entry point: hydrates the server-rendered `/admin/*` pages
//! (their own app, `app::AdminApp`, with its own shell and bundle).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::AdminApp);
    app::shell::mark_hydrated();
}
