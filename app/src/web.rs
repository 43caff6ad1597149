//! Web formats shared by the server and the browser, in one place each: percent-encoding
//! (the `percent-encoding` crate), reading a cookie out of a `Cookie` header, and the
//! weighted lists of `Accept-Language` and `Accept-Encoding`.

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

/// The items of a weighted header list (`Accept-Language`, `Accept-Encoding`) in order,
/// each with its weight: `q=` (the name in any case, RFC 9110), 1 when it has none, 0 (not
/// acceptable) when its `q` cannot be read.
pub fn weighted(header: &str) -> impl Iterator<Item = (&str, f32)> {
    header.split(',').map(|item| {
        let mut parts = item.split(';').map(str::trim);
        let token = parts.next().unwrap_or_default();
        let q = parts
            .find_map(|p| p.get(..2).filter(|name| name.eq_ignore_ascii_case("q=")).map(|_| p[2..].trim()))
            .map_or(1.0, |q| q.parse::<f32>().unwrap_or(0.0));
        (token, q)
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
        let list = |h| weighted(h).collect::<Vec<_>>();
        assert_eq!(list("gzip, br;q=0.5 ,zstd;Q=0"), [("gzip", 1.0), ("br", 0.5), ("zstd", 0.0)]);
        assert_eq!(list("en-GB;level=1;q=0.8, ar;q=x"), [("en-GB", 0.8), ("ar", 0.0)]);
    }
}
