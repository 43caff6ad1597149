//! The HTML document around the app: `<html lang dir>` decided on the server, so the
//! first byte already has the right direction; the manifest, fonts, CSS, and the
//! hydration script (with the per-request CSP nonce).

use crate::i18n::{use_i18n, Lang};
use crate::routes::{AdminApp, App};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let pages_text = !crate::routes::in_main_bundle(&request_path());
    document(options.clone(), options, pages_text, view! { <App /> })
}

/// The path of the page being drawn (the server's request).
fn request_path() -> String {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return parts.uri.path().to_string();
    }
    String::new()
}

/// The admin console's page: the same document, hydrated by the admin bundle
/// (`pulse_admin`, its hashes in `hash-admin.txt` beside the server binary).
pub fn admin_shell(options: LeptosOptions) -> impl IntoView {
    let admin = admin_options(&options);
    document(options, admin, true, view! { <AdminApp /> })
}

/// The options that name the admin bundle instead of the main one.
pub fn admin_options(options: &LeptosOptions) -> LeptosOptions {
    let mut admin = options.clone();
    admin.output_name = format!("{}_admin", options.output_name).into();
    admin.hash_file = "hash-admin.txt".into();
    admin
}

/// `<html>` with the language and direction, the head (stylesheet and fonts from the main
/// options, the hydration scripts of `scripts`' bundle, which fetch the `pages` messages
/// too if `pages_text`) and `body`.
fn document(
    options: LeptosOptions,
    scripts: LeptosOptions,
    pages_text: bool,
    body: impl IntoView + 'static,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::platform::security::provide_csp_nonce();
    let lang = use_i18n().lang_untracked();
    let nonce = leptos::nonce::use_nonce();
    // The file that draws most of this language's text (the rest follow as text needs them).
    let font = match lang {
        Lang::Ar => "/fonts/plex-arabic-arabic-400.v4.woff2",
        Lang::En => "/fonts/plex-arabic-latin-400.v4.woff2",
    };
    // Registers the service worker after load; the file itself is /sw.js (root scope).
    let register_sw = "if('serviceWorker' in navigator){addEventListener('load',function(){navigator.serviceWorker.register('/sw.js').catch(function(){})})}";
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="theme-color" content="#0f766e" media="(prefers-color-scheme: light)" />
                <meta name="theme-color" content="#0b1f1d" media="(prefers-color-scheme: dark)" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/favicon.ico" sizes="32x32" />
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <link rel="preload" href=font r#as="font" r#type="font/woff2" crossorigin="" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options />
                <Hydration options=scripts pages_text />
                <script nonce=nonce>{register_sw}</script>
                <MetaTags />
            </head>
            <body>
                {body}
            </body>
        </html>
    }
}

/// The hydration script, in place of Leptos' `HydrationScripts`: the page is painted from
/// the server's HTML first, and the bundle is fetched only when the browser is idle after
/// that (`requestIdleCallback`, at most 2 s later), so nothing of the WASM competes with the
/// HTML, CSS and fonts that draw the page. That is `HydrationScripts defer=true` without its
/// `<link rel=preload>` hints for the bundle and for a lazy page's modules (its split
/// manifest is not provided, so the router adds none): preloaded, they still download
/// before the first paint, and on a phone over mobile data the page then waits for them.
/// A lazy page's module is fetched by the bundle once it runs. Without `requestIdleCallback`
/// (Safari) the import starts right after the next frame. `<html>` gets `data-hydrated` once
/// the whole page has hydrated, a lazy page's module included ([`mark_hydrated`], from the
/// bundle's entry point); browser tests wait for that mark. Until then this script stops
/// clicks on their way down (capture phase, no `preventDefault`): they do what they do
/// without JavaScript (a link is followed, a form is sent), and the router, whose listener
/// is installed as hydration starts, cannot route away from a page still hydrating.
///
/// The page's messages come in files of their own (`i18n::wire`), fetched beside the bundle
/// and given to it with where the other files are: the bundle carries no text. Every page
/// fetches its language's `main` file; a page whose code is split off (`pages_text`: every
/// page but chat) its `pages` file as well. If that one fails, the bundle starts without it
/// and the page's loader fetches it again, with the page's module (`routes::lazy_page`).
#[component]
fn Hydration(options: LeptosOptions, pages_text: bool) -> impl IntoView {
    let (js, wasm) = bundle_files(&options);
    let nonce = leptos::nonce::use_nonce();
    let pkg = &options.site_pkg_dir;
    #[cfg(feature = "ssr")]
    let (files, paths) = {
        use crate::i18n::wire::{file, paths, Group};
        let lang = use_i18n().lang_untracked();
        let groups: &[Group] = if pages_text { &Group::ALL } else { &[Group::Main] };
        let files: Vec<String> = groups.iter().map(|&group| format!("\"{}\"", file(lang, group).path)).collect();
        (files.join(","), paths())
    };
    #[cfg(not(feature = "ssr"))]
    let (files, paths) = {
        let _ = pages_text;
        (String::new(), String::new())
    };
    let script = format!(
        "(()=>{{const d=document.documentElement;addEventListener(\"click\",e=>{{d.hasAttribute(\"data-hydrated\")||e.stopPropagation()}},true);const h=()=>{{const f=u=>fetch(u).then(r=>{{if(!r.ok)throw Error(r.status+\" \"+u);return r.arrayBuffer()}}),t=Promise.all([{files}].map((u,i)=>i?f(u).catch(()=>null):f(u)));t.catch(()=>{{}});import(\"/{pkg}/{js}\").then(m=>Promise.all([t,m.default({{module_or_path:\"/{pkg}/{wasm}\"}})]).then(([b])=>m.hydrate(new Uint8Array(b[0]),b[1]&&new Uint8Array(b[1]),\"{paths}\"))).catch(e=>console.error(\"not hydrated:\",e))}};\"requestIdleCallback\" in window?requestIdleCallback(h,{{timeout:2000}}):requestAnimationFrame(()=>setTimeout(h))}})()"
    );
    view! { <script type="module" nonce=nonce>{script}</script> }
}

/// Hydrates the page as `leptos::mount::hydrate_lazy` does (a lazy page waits for its
/// module before its part hydrates), then marks it hydrated.
///
/// It starts in a task of its own: the bundle's start (its instance, the page's text read
/// into tables) is one task on the main thread and the hydration another, so that neither
/// holds a phone's main thread for long (Lighthouse's total blocking time counts what each
/// task takes beyond 50 ms).
#[cfg(feature = "hydrate")]
pub fn hydrate_lazy<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    wasm_bindgen_futures::spawn_local(async move {
        crate::ui::stream::sleep_ms(0).await;
        let Some(body) = leptos::prelude::document().body() else { return };
        leptos::mount::hydrate_from_async(body, app).await.forget();
        mark_hydrated();
    });
}

/// Marks the page hydrated (`<html data-hydrated>`): clicks reach the app from now on.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(html) = leptos::prelude::document().document_element() {
        let _ = html.set_attribute("data-hydrated", "");
    }
}

/// The bundle's JS and WASM file names: with content hashes from the hash file beside the
/// server binary (`hash.txt`, `hash-admin.txt`: lines `js: …`, `wasm: …`) when hashing is
/// on, as Leptos names them. Read once per bundle and process: the binary and its hash files
/// are deployed together (and `make dev` does not hash).
fn bundle_files(options: &LeptosOptions) -> (String, String) {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashMap<String, (String, String)>>> = OnceLock::new();
    let key = format!("{}:{}", options.output_name, options.hash_file);
    let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    names
        .entry(key)
        .or_insert_with(|| {
            let name = options.output_name.to_string();
            let hashes = options
                .hash_files
                .then(|| {
                    let exe = std::env::current_exe().ok()?;
                    std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()
                })
                .flatten();
            if options.hash_files && hashes.is_none() {
                leptos::logging::error!("File hashing is on but {} is missing beside the binary", options.hash_file);
            }
            let hashes = hashes.unwrap_or_default();
            let hash = |kind: &str| {
                hashes.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    (k.trim() == kind).then(|| format!(".{}", v.trim()))
                })
            };
            let wasm = match hash("wasm") {
                Some(h) => format!("{name}{h}.wasm"),
                // cargo-leptos sets LEPTOS_OUTPUT_NAME and names the module like the JS.
                None if option_env!("LEPTOS_OUTPUT_NAME").is_some() => format!("{name}.wasm"),
                None => format!("{name}_bg.wasm"),
            };
            (format!("{name}{}.js", hash("js").unwrap_or_default()), wasm)
        })
        .clone()
}
