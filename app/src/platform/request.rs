//! Facts about the request a server function is answering.

/// Whether the request is a plain form post (no JavaScript yet, e.g. a slow phone): the
/// browser then wants an HTML answer and follows a 302. A hydrated page's server-function
/// call does not.
pub fn plain_form() -> bool {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}
