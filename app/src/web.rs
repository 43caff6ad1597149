//! Web formats shared by the server and the browser, in one place each: percent-encoding
//! (the `percent-encoding` crate) and reading a cookie out of a `Cookie` header.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// The same, but `/` kept (a same-site path carried in a query, such as `next=`).
const PATH: &AsciiSet = &COMPONENT.remove(b'/');

/// A query value or path segment: everything but unreserved characters encoded.
pub fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// A path (with its own query) carried as a query value: `/` kept for readability.
pub fn encode_path(s: &str) -> String {
    utf8_percent_encode(s, PATH).to_string()
}

/// The value of the cookie `name` in a `Cookie` header (`a=1; b=2`), trimmed.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k.trim() == name).then(|| v.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_paths_and_cookies() {
        assert_eq!(encode_component("sara+1@example.jo/x y"), "sara%2B1%40example.jo%2Fx%20y");
        assert_eq!(encode_path("/app/video?x=1&y=مرحبا"), "/app/video%3Fx%3D1%26y%3D%D9%85%D8%B1%D8%AD%D8%A8%D8%A7");
        assert_eq!(encode_component("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(cookie_value("a=1; lang=en ; b=2", "lang"), Some("en"));
        assert_eq!(cookie_value("xlang=en", "lang"), None);
        assert_eq!(cookie_value("", "lang"), None);
    }
}
