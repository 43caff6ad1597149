//! The server crate's own helpers (cache headers, origin checks, the client's address,
//! local redirects). They live here, not in `#[cfg(test)]` modules, so the server builds
//! no test binary of its own (each was a whole linked server).

use axum::body::Body;
use axum::extract::Request;
use server::auth_layer::{proxied_client_ip, same_origin};
use server::http_layers::cache_policy;
use server::routes::is_safe_local_path;

#[test]
fn cache_policies() {
    assert_eq!(cache_policy("/pkg/pulse.Ab12Cd34Ef56.wasm"), "public, max-age=31536000, immutable");
    assert_eq!(cache_policy("/pkg/pulse.wasm"), "no-cache");
    assert_eq!(cache_policy("/fonts/plex-arabic-arabic-400.v4.woff2"), "public, max-age=31536000, immutable");
    assert_eq!(cache_policy("/sw.js"), "no-cache");
    assert_eq!(cache_policy("/app/chat"), "private, no-cache");
}

fn req(headers: &[(&str, &str)]) -> Request {
    let mut b = Request::post("/api/x");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::empty()).unwrap()
}

#[test]
fn forged_forwarded_for_entries_are_ignored() {
    let ip = proxied_client_ip;
    assert_eq!(ip(None, Some("6.6.6.6, 203.0.113.7")).as_deref(), Some("203.0.113.7"), "the ALB's entry");
    assert_eq!(ip(Some("198.51.100.9:53211"), Some("6.6.6.6, 10.0.0.1")).as_deref(), Some("198.51.100.9"));
    assert_eq!(ip(Some("2001:db8::7:443"), None).as_deref(), Some("2001:db8::7"));
    assert_eq!(ip(None, Some("not-an-ip")), None);
    assert_eq!(ip(None, None), None);
}

#[test]
fn same_origin_rules() {
    let public = "https://pulse.jo";
    assert!(same_origin(&req(&[("sec-fetch-site", "same-origin")]), public));
    assert!(!same_origin(&req(&[("sec-fetch-site", "cross-site"), ("origin", "https://pulse.jo")]), public));
    assert!(!same_origin(&req(&[("sec-fetch-site", "same-site")]), public));
    assert!(same_origin(&req(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]), public));
    assert!(same_origin(&req(&[("host", "internal:8080"), ("origin", "https://pulse.jo")]), public));
    assert!(!same_origin(&req(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")]), public));
    assert!(!same_origin(&req(&[("host", "127.0.0.1:3000"), ("origin", "null")]), public));
    assert!(same_origin(&req(&[("host", "127.0.0.1:3000"), ("referer", "http://127.0.0.1:3000/login")]), public));
    assert!(!same_origin(&req(&[("host", "127.0.0.1:3000")]), public), "no evidence at all");
}

#[test]
fn only_local_paths_are_followed() {
    assert!(is_safe_local_path("/app/chat?x=1"));
    assert!(is_safe_local_path("/"));
    assert!(!is_safe_local_path("//evil.example"));
    assert!(!is_safe_local_path("/\\evil.example"));
    assert!(!is_safe_local_path("https://evil.example"));
    assert!(!is_safe_local_path("javascript:alert(1)"));
    assert!(!is_safe_local_path("/a\nb"));
}
