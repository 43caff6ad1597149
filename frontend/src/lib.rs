//! The browser entry point: hydrates the server-rendered page.

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
    // As `leptos::mount::hydrate_lazy` (a lazy page waits for its chunk before its part of
    // the page hydrates), then `<html data-hydrated>` once the whole page has hydrated. Until
    // then the shell's script keeps clicks from the router: a link clicked while a lazy page's
    // chunk loads would otherwise route before that page hydrates, and the page would then
    // be hydrated against the next page's view (a panic). Such a click is an ordinary link.
    app::shell::hydrate_lazy(app::App);
}
