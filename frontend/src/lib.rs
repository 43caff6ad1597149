//! The browser entry point: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate(messages: &[u8], ar_path: String, en_path: String) {
    console_error_panic_hook::set_once();
    // The page's messages, fetched beside the bundle by the page's script (`app::i18n::wire`).
    if !app::i18n::install(messages, ar_path, en_path) {
        leptos::logging::error!("the page's messages could not be read");
        return;
    }
    // As `leptos::mount::hydrate_lazy` (a lazy page waits for its chunk before its part of
    // the page hydrates), then `<html data-hydrated>` once the whole page has hydrated. Until
    // then the shell's script keeps clicks from the router: a link clicked while a lazy page's
    // chunk loads would otherwise route before that page hydrates, and the page would then
    // be hydrated against the next page's view (a panic). Such a click is an ordinary link.
    app::shell::hydrate_lazy(app::App);
}
