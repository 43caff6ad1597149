//! The HTML document around the app: `<html lang dir>` decided on the server, so the
//! first byte already has the right direction; the manifest, fonts, CSS, and the
//! hydration scripts (with the per-request CSP nonce).

use crate::i18n::use_i18n;
use crate::routes::App;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

pub fn shell(options: LeptosOptions) -> impl IntoView {
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
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <script nonce=nonce>{register_sw}</script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}
