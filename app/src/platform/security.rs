//! Content Security Policy. Pages get a fresh nonce per request for the hydration script;
//! everything else gets the same policy without inline scripts.

use leptos::prelude::*;

/// The policy: our own origin only, WASM compilation allowed (`'wasm-unsafe-eval'`), no
/// frames, no plugins, no inline styles. `nonce` admits the page's own inline scripts;
/// `reload_port` admits cargo-leptos's live-reload socket in `make dev`.
/// The payment gateway's origin (`https://host`): browsers may post forms to it (and
/// follow our redirects there). Set once at start-up from the configuration.
static PAYMENT_ORIGIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub fn set_payment_origin(origin: &str) {
    let _ = PAYMENT_ORIGIN.set(origin.trim_end_matches('/').to_string());
}

/// Where signed file links point when storage is a bucket: pages may play video from
/// there (`media-src`). Set once at start-up from the storage configuration.
static MEDIA_ORIGINS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub fn set_media_origins(origins: &[String]) {
    let clean: Vec<&str> = origins
        .iter()
        .map(|o| o.trim_end_matches('/'))
        .filter(|o| !o.is_empty() && o.chars().all(|c| c.is_ascii_alphanumeric() || ":/.-".contains(c)))
        .collect();
    let _ = MEDIA_ORIGINS.set(clean.join(" "));
}

pub fn payment_origin() -> Option<&'static str> {
    PAYMENT_ORIGIN.get().map(String::as_str).filter(|o| !o.is_empty())
}

pub fn content_security_policy(nonce: Option<&str>, reload_port: Option<u32>) -> String {
    let script = match nonce {
        Some(n) => format!("script-src 'self' 'wasm-unsafe-eval' 'nonce-{n}'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_string(),
    };
    let connect = match reload_port {
        Some(p) => format!("connect-src 'self' ws://127.0.0.1:{p} ws://localhost:{p}"),
        None => "connect-src 'self'".to_string(),
    };
    format!(
        "default-src 'self'; {script}; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; \
         {connect}; media-src 'self' blob:{media}; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'{}; frame-ancestors 'none'",
        payment_origin().map(|o| format!(" {o}")).unwrap_or_default(),
        media = MEDIA_ORIGINS.get().filter(|o| !o.is_empty()).map(|o| format!(" {o}")).unwrap_or_default(),
    )
}

/// Whether cargo-leptos's watch mode is running (it injects a reload script).
pub fn live_reload_port() -> Option<u32> {
    std::env::var("LEPTOS_WATCH").ok()?;
    std::env::var("LEPTOS_RELOAD_PORT").ok()?.parse().ok()
}

/// Makes a nonce for this page and puts the matching policy on the response.
pub fn provide_csp_nonce() {
    leptos::nonce::provide_nonce();
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let policy = content_security_policy(Some(nonce.as_inner()), live_reload_port());
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// One TLS crypto provider for the whole process (ring). Several crates pull rustls with
/// different providers; without a process default, the first TLS client (Redis over
/// `rediss://`, SMTP, providers) could not choose. Safe to call more than once.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_allows_wasm_and_nothing_inline_without_nonce() {
        let p = content_security_policy(None, None);
        assert!(p.contains("'wasm-unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!p.contains("unsafe-inline"));
        assert!(!p.contains("'unsafe-eval'"));
        let p = content_security_policy(Some("abc"), None);
        assert!(p.contains("'nonce-abc'"));
    }
}
