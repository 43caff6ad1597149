//! Web formats shared by the server and the browser, in one place each: percent-encoding
//! (the `percent-encoding` crate), reading a cookie out of a `Cookie` header, the
//! weighted lists of `Accept-Language` and `Accept-Encoding`, and the JSON server
//! functions answer in.

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

/// JSON for server functions' results and errors, read with `serde_json::from_str`, as
/// Leptos reads a resource's value when the page hydrates. server_fn's own `Json` reads
/// with `from_slice`, and serde_json's deserialisers are generic over how they read: every
/// result type that is both a server function's and a resource's was in the browser twice,
/// once per reader. One reader, one copy (see "Performance" in docs/ARCHITECTURE.md).
pub struct JsonText;

/// The result encoding every `#[server]` names (`output = crate::web::Json`): the body of
/// a POST, as server_fn's `Json`, with the one reader above.
pub type Json = leptos::server_fn::codec::Post<JsonText>;

impl leptos::server_fn::ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl leptos::server_fn::FormatType for JsonText {
    const FORMAT_TYPE: leptos::server_fn::Format = leptos::server_fn::Format::Text;
}

impl<T: serde::Serialize> leptos::server_fn::Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<leptos::server_fn::Bytes, Self::Error> {
        serde_json::to_vec(output).map(leptos::server_fn::Bytes::from)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server_fn::Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: leptos::server_fn::Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde::de::Error::custom)?;
        serde_json::from_str(text)
    }
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

    #[test]
    fn server_function_results_read_back_and_bad_bytes_are_an_error() {
        use leptos::server_fn::{Decodes, Encodes};
        let err = crate::error::AppError::RateLimited { retry_after_secs: 3 };
        let bytes = <JsonText as Encodes<_>>::encode(&err).unwrap();
        assert_eq!(&bytes[..], serde_json::to_vec(&err).unwrap().as_slice(), "the same JSON as server_fn's own");
        let back: crate::error::AppError = JsonText::decode(bytes).unwrap();
        assert_eq!(back, err);
        let list: Vec<Option<String>> =
            JsonText::decode(leptos::server_fn::Bytes::from_static(br#"["a\u00e9",null]"#)).unwrap();
        assert_eq!(list, vec![Some("a\u{e9}".to_string()), None]);
        assert!(<JsonText as Decodes<String>>::decode(leptos::server_fn::Bytes::from_static(b"\"\xff\"")).is_err());
        assert!(<JsonText as Decodes<u8>>::decode(leptos::server_fn::Bytes::from_static(b"1 2")).is_err());
    }

    /// A `#[server]` without `output = crate::web::Json` would bring server_fn's own reader
    /// back into the bundle beside ours, for its result type.
    #[test]
    fn every_server_function_answers_through_the_one_reader() {
        let (mut seen, mut missing) = (0, Vec::new());
        for path in crate::test_support::rust_files("") {
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().map(str::trim).filter(|l| l.starts_with("#[server]") || l.starts_with("#[server("))
            {
                seen += 1;
                if !line.contains("output = crate::web::Json") {
                    missing.push(format!("{}: {line}", path.display()));
                }
            }
        }
        assert!(seen > 50, "found only {seen} server functions: is the crate's src/ read?");
        assert!(missing.is_empty(), "server functions without `output = crate::web::Json`:\n{}", missing.join("\n"));
    }
}
