//! The HTML document around the app: `<html lang dir>` decided on the server, so the
//! first byte already has the right direction; the manifest, fonts, CSS, and the
//! hydration scripts (with the per-request CSP nonce).

use crate::i18n::use_i18n;
use crate::routes::{AdminApp, App};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    document(options.clone(), options, view! { <App /> })
}

/// The admin console's page: the same document, hydrated by the admin bundle
/// (`pulse_admin`, its hashes in `hash-admin.txt` beside the server binary).
pub fn admin_shell(options: LeptosOptions) -> impl IntoView {
    let admin = admin_options(&options);
    document(options, admin, view! { <AdminApp /> })
}

/// The options that name the admin bundle instead of the main one.
pub fn admin_options(options: &LeptosOptions) -> LeptosOptions {
    let mut admin = options.clone();
    admin.output_name = format!("{}_admin", options.output_name).into();
    admin.hash_file = "hash-admin.txt".into();
    admin
}

/// `<html>` with the language and direction, the head (stylesheet and fonts from the main
/// options, the hydration scripts of `scripts`' bundle) and `body`.
fn document(options: LeptosOptions, scripts: LeptosOptions, body: impl IntoView + 'static) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::platform::security::provide_csp_nonce();
    let lang = use_i18n().lang_untracked();
    let nonce = leptos::nonce::use_nonce();
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
                <link rel="preload" href="/fonts/plex-arabic-arabic-400.v1.woff2" r#as="font" r#type="font/woff2" crossorigin="" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options />
                <HydrationScripts options=scripts />
                <script nonce=nonce>{register_sw}</script>
                <MetaTags />
            </head>
            <body>
                {body}
            </body>
        </html>
    }
}
