//! The admin console's browser entry point: hydrates the server-rendered `/admin/*` pages
//! (their own app, `app::AdminApp`, with its own shell and bundle).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate(main: &[u8], pages: Option<Vec<u8>>, paths: String) {
    console_error_panic_hook::set_once();
    // The page's messages, fetched beside the bundle by the page's script (`app::i18n::wire`):
    // its language's `main` file, and its `pages` file for a page whose code is split off.
    let files: Vec<&[u8]> = std::iter::once(main).chain(pages.as_deref()).collect();
    if !app::i18n::install(&files, &paths) {
        leptos::logging::error!("the page's messages could not be read");
        return;
    }
    leptos::mount::hydrate_body(app::AdminApp);
    app::shell::mark_hydrated();
}
