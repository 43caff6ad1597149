//! The browser entry point: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_lazy`: a lazy page waits for its chunk before its part of the page hydrates.
    leptos::mount::hydrate_lazy(app::App);
}
