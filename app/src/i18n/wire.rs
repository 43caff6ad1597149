//! One language's messages as a file the browser fetches beside its bundle
//! (`/i18n/{lang}.{hash}.bin`), so the first load carries the page's language only: the
//! bundle has no message text, and a language switch fetches the other file (then it is
//! cached like the bundle, by the browser and the service worker).
//!
//! The server encodes its compiled tables once ([`file`]); the browser decodes the file
//! into the same `Part` tables ([`decode`]) and keeps them for the page's life. The format
//! is ours: UTF-8 text, with ASCII control characters (which no message contains) marking
//! where a key ends, a variable or a select starts, and so on. It reads like the `.ftl`
//! files and compresses as well as they do (lengths in front of each string, as a first
//! version had, cost 2 KB more of the Arabic file, brotli); the reader slices one string
//! and allocates nothing per piece of text.
//!
//! ```text
//! file    = "PMF2" lang-code(2 bytes) [ entry { RS entry } ] EOT    keys sorted (binary search)
//! entry   = key US pattern
//! pattern = { text | VAR name END | SEL name END default END variant { variant } CLOSE }
//! variant = ALT word END pattern | ALT "#" number END pattern
//! ```

use super::compiled::{Key, Part};
use super::Lang;

/// A language's messages, sorted by key.
pub(super) type Table = &'static [(&'static str, &'static [Part])];

const MAGIC: &[u8; 4] = b"PMF2";
const VAR: char = '\u{1}';
const SEL: char = '\u{2}';
const ALT: char = '\u{3}';
const CLOSE: char = '\u{4}';
const END: char = '\u{5}';
/// The end of the file: a cut download lacks it.
const EOT: char = '\u{6}';
const RS: char = '\u{1e}';
const US: char = '\u{1f}';
/// Selects nest in selects no deeper than this (ours nest once at most).
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
const MAX_DEPTH: u8 = 8;

fn is_mark(c: char) -> bool {
    matches!(c, VAR | SEL | ALT | CLOSE | END | EOT | RS | US)
}

/// The file of a language, as the server serves it.
#[cfg(feature = "ssr")]
pub struct MessagesFile {
    /// `/i18n/ar.3f9a….bin`: the content's hash in the name, so it is cached for good.
    pub path: String,
    pub bytes: Vec<u8>,
    brotli: std::sync::OnceLock<Vec<u8>>,
}

#[cfg(feature = "ssr")]
impl MessagesFile {
    /// The same, brotli at its best: some 100 ms, made once per process (the server makes
    /// it at start-up, off the request path; a page only needs the name).
    pub fn brotli(&'static self) -> &'static [u8] {
        self.brotli.get_or_init(|| {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            brotli::BrotliCompress(&mut self.bytes.as_slice(), &mut out, &params).expect("compressing into memory");
            out
        })
    }
}

/// The file of `lang`, made on first use (a millisecond or two: the text and its hash).
#[cfg(feature = "ssr")]
pub fn file(lang: Lang) -> &'static MessagesFile {
    use sha2::Digest as _;
    use std::sync::OnceLock;
    static FILES: [OnceLock<MessagesFile>; 2] = [OnceLock::new(), OnceLock::new()];
    FILES[lang.index()].get_or_init(|| {
        let bytes = encode(lang, lang.messages());
        let hash = hex::encode(sha2::Sha256::digest(&bytes));
        MessagesFile { path: format!("/i18n/{}.{}.bin", lang.code(), &hash[..20]), bytes, brotli: OnceLock::new() }
    })
}

/// The language whose file is at `path` (`/i18n/…`), if that is its current name.
#[cfg(feature = "ssr")]
pub fn file_at(path: &str) -> Option<&'static MessagesFile> {
    Lang::ALL.into_iter().map(file).find(|f| f.path == path)
}

/// Makes both files' brotli copies (quality 11, some 100 ms each) on a thread of their
/// own, so the first fetch of one does not wait for them. Called as the server starts.
#[cfg(feature = "ssr")]
pub fn prepare_in_background() {
    std::thread::spawn(|| Lang::ALL.map(|lang| file(lang).brotli().len()));
}

/// `GET /i18n/{name}`: the file by its current name, brotli when the browser takes it
/// (`Accept-Encoding`), else as it is (the compression layer may gzip it); anything else
/// is a 404. Cache-Control comes from the cache layer (the hash is in the name).
#[cfg(feature = "ssr")]
pub fn response(name: &str, headers: &http::HeaderMap) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    use http::{header, HeaderValue, StatusCode};
    let Some(file) = file_at(&format!("/i18n/{name}")) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let takes_brotli = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| crate::web::weighted(v).any(|(coding, q)| coding.eq_ignore_ascii_case("br") && q > 0.0));
    let octets = (header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
    if takes_brotli {
        let br = (header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        ([octets, vary, br], axum::body::Bytes::from_static(file.brotli())).into_response()
    } else {
        ([octets, vary], axum::body::Bytes::from_static(&file.bytes)).into_response()
    }
}

#[cfg(any(feature = "ssr", test))]
pub(super) fn encode(lang: Lang, table: Table) -> Vec<u8> {
    let mut out = String::from(std::str::from_utf8(MAGIC).unwrap());
    out.push_str(lang.code());
    for (i, (key, parts)) in table.iter().enumerate() {
        if i > 0 {
            out.push(RS);
        }
        put(&mut out, key);
        out.push(US);
        put_pattern(&mut out, parts);
    }
    out.push(EOT);
    out.into_bytes()
}

/// A piece of text: never one of the marks (a test encodes every message).
#[cfg(any(feature = "ssr", test))]
fn put(out: &mut String, s: &str) {
    assert!(!s.contains(is_mark), "a message holds a control character: {s:?}");
    out.push_str(s);
}

#[cfg(any(feature = "ssr", test))]
fn put_pattern(out: &mut String, parts: &[Part]) {
    for part in parts {
        match part {
            Part::Text(text) => put(out, text),
            Part::Var(name) => {
                out.push(VAR);
                put(out, name);
                out.push(END);
            }
            Part::Select(name, variants, default) => {
                out.push(SEL);
                put(out, name);
                out.push(END);
                out.push_str(&default.to_string());
                out.push(END);
                for (key, parts) in *variants {
                    out.push(ALT);
                    match key {
                        Key::Name(word) => put(out, word),
                        Key::Num(n) => out.push_str(&format!("#{n}")),
                    }
                    out.push(END);
                    put_pattern(out, parts);
                }
                out.push(CLOSE);
            }
        }
    }
}

/// Reads a file made by [`encode`]: its language and its table, kept for the rest of the
/// page's life (leaked: at most one table per language). `None` for anything else, without
/// panicking (a truncated download, another format). It reads back exactly what `build.rs`
/// can write: never two text parts in a row or an empty one (it joins text), and no word
/// key starting with `#` (Fluent's identifiers cannot; `#` starts a number key here).
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
pub(super) fn decode(bytes: &[u8]) -> Option<(Lang, Table)> {
    let lang = file_lang(bytes)?;
    let body = std::str::from_utf8(&bytes[MAGIC.len() + 2..]).ok()?;
    let mut reader = Reader { text: Box::leak(body.into()) };
    let mut table = Vec::new();
    while reader.peek() != Some(EOT) {
        if !table.is_empty() {
            reader.expect(RS)?;
        }
        let key = reader.until(is_mark);
        reader.expect(US)?;
        table.push((key, reader.pattern(0)?));
    }
    reader.expect(EOT)?;
    if !reader.text.is_empty() {
        return None;
    }
    table.windows(2).all(|w| w[0].0 < w[1].0).then(|| (lang, &*Box::leak(table.into_boxed_slice())))
}

/// The language a file says it holds (its first bytes).
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
fn file_lang(bytes: &[u8]) -> Option<Lang> {
    let code = bytes.strip_prefix(MAGIC)?.get(..2)?;
    Lang::from_tag(std::str::from_utf8(code).ok()?)
}

/// Walks the text, slicing each piece out of it.
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
struct Reader {
    text: &'static str,
}

#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
impl Reader {
    /// The text up to the first character `stop` takes (or the end).
    fn until(&mut self, stop: impl Fn(char) -> bool) -> &'static str {
        let text: &'static str = self.text;
        let at = text.find(stop).unwrap_or(text.len());
        self.text = &text[at..];
        &text[..at]
    }

    fn peek(&self) -> Option<char> {
        self.text.chars().next()
    }

    fn expect(&mut self, mark: char) -> Option<()> {
        self.text = self.text.strip_prefix(mark)?;
        Some(())
    }

    /// A name or a number, up to its `END`.
    fn field(&mut self) -> Option<&'static str> {
        let field = self.until(is_mark);
        self.expect(END)?;
        Some(field)
    }

    /// Text, variables and selects, up to a mark that ends the pattern (the next entry,
    /// variant or the select's end, which the caller reads).
    fn parts(&mut self, depth: u8) -> Option<Vec<Part>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut parts = Vec::new();
        loop {
            let text = self.until(is_mark);
            if !text.is_empty() {
                parts.push(Part::Text(text));
            }
            match self.peek() {
                Some(VAR) => {
                    self.expect(VAR)?;
                    parts.push(Part::Var(self.field()?));
                }
                Some(SEL) => {
                    self.expect(SEL)?;
                    let name = self.field()?;
                    let default: usize = self.field()?.parse().ok()?;
                    let mut variants = Vec::new();
                    while self.peek() == Some(ALT) {
                        self.expect(ALT)?;
                        let word = self.field()?;
                        let key = match word.strip_prefix('#') {
                            Some(n) => Key::Num(n.parse().ok()?),
                            None => Key::Name(word),
                        };
                        variants.push((key, self.pattern(depth + 1)?));
                    }
                    self.expect(CLOSE)?;
                    if default >= variants.len() {
                        return None;
                    }
                    parts.push(Part::Select(name, Box::leak(variants.into_boxed_slice()), default));
                }
                _ => return Some(parts),
            }
        }
    }

    fn pattern(&mut self, depth: u8) -> Option<&'static [Part]> {
        Some(Box::leak(self.parts(depth)?.into_boxed_slice()))
    }
}

/// The tables the page has, and where to fetch the others (the browser's side).
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub(super) mod loaded {
    use super::{decode, file_lang, Lang, Table, Unavailable};
    use std::sync::OnceLock;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    static TABLES: [OnceLock<Table>; 2] = [OnceLock::new(), OnceLock::new()];
    static PATHS: OnceLock<[String; 2]> = OnceLock::new();

    /// The table of `lang`, empty until it is here.
    pub fn table(lang: Lang) -> Table {
        TABLES[lang.index()].get().copied().unwrap_or(&[])
    }

    pub fn has(lang: Lang) -> bool {
        TABLES[lang.index()].get().is_some()
    }

    /// Keeps a file's table (unless its language is here already: two switches at once
    /// read it once). `false` if the bytes are not such a file.
    pub fn keep(bytes: &[u8]) -> bool {
        if file_lang(bytes).is_some_and(has) {
            return true;
        }
        match decode(bytes) {
            Some((lang, table)) => {
                let _ = TABLES[lang.index()].set(table);
                true
            }
            None => false,
        }
    }

    /// Where each language's file is (from the page's script).
    pub fn set_paths(ar: String, en: String) {
        let _ = PATHS.set([ar, en]);
    }

    /// Fetches the table of `lang` unless the page has it.
    pub async fn fetch(lang: Lang) -> Result<(), Unavailable> {
        use Unavailable::{Offline, Stale};
        if has(lang) {
            return Ok(());
        }
        let path = PATHS.get().map(|p| p[lang.index()].clone()).ok_or(Stale)?;
        let window = web_sys::window().ok_or(Offline)?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str(&path)).await.map_err(|_| Offline)?.dyn_into().map_err(|_| Offline)?;
        match response.status() {
            200..=299 => {}
            // No such file: this page's name is another deploy's now.
            404 | 410 => return Err(Stale),
            // The server or the way to it is having a moment (a 502 mid-deploy, a 429):
            // like offline, the page stays and the user tries again.
            _ => return Err(Offline),
        }
        let buffer = JsFuture::from(response.array_buffer().map_err(|_| Offline)?).await.map_err(|_| Offline)?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        if keep(&bytes) && has(lang) {
            Ok(())
        } else {
            Err(Stale)
        }
    }
}

/// Why a language's messages could not be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// The fetch itself failed (offline, the server cannot be reached) or the server
    /// answered with an error other than "no such file". Try again later.
    Offline,
    /// The server has no file by this page's name (404), or what came is not such a file: a
    /// deploy came since the page was loaded. A page load in that language has it.
    Stale,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_reads_back_as_it_was_written() {
        for lang in Lang::ALL {
            let bytes = encode(lang, lang.messages());
            let (read_lang, table) = decode(&bytes).expect("its own file");
            assert_eq!(read_lang, lang);
            assert_eq!(table, lang.messages(), "{lang:?}");
        }
    }

    #[test]
    fn a_cut_or_spoilt_file_is_refused_without_a_panic() {
        let bytes = encode(Lang::Ar, Lang::Ar.messages());
        // Every cut (a download that stopped part-way) is refused.
        for len in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            assert!(decode(&bytes[..len]).is_none(), "cut at {len}");
        }
        // Bytes flipped anywhere: refused or read, never a panic.
        for at in (0..bytes.len()).step_by(101) {
            let mut spoilt = bytes.clone();
            spoilt[at] ^= 0xa5;
            let _ = decode(&spoilt);
        }
        // A mark where text was, or text where a mark was: refused or read, never a panic.
        for at in (6..bytes.len()).step_by(211).filter(|&at| bytes[at].is_ascii()) {
            for mark in [1, 2, 3, 4, 5, 6, 0x1e, 0x1f, b'#', b'9', b'x'] {
                let mut spoilt = bytes.clone();
                spoilt[at] = mark;
                let _ = decode(&spoilt);
            }
        }
        assert!(decode(b"PMF2xx\x06").is_none(), "an unknown language");
        assert_eq!(decode(b"PMF2en\x06").map(|(_, t)| t.len()), Some(0), "an empty table");
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(decode(&extra).is_none(), "bytes after the table");
    }

    #[test]
    fn negative_and_large_numbers_as_keys_read_back() {
        static ONE: &[Part] = &[Part::Text("x")];
        static VARIANTS: &[(Key, &[Part])] = &[
            (Key::Num(-3), ONE),
            (Key::Num(0), ONE),
            (Key::Num(i64::MAX), ONE),
            (Key::Num(i64::MIN), ONE),
            (Key::Name("other"), ONE),
        ];
        static PARTS: &[Part] = &[Part::Select("n", VARIANTS, 4)];
        static TABLE: &[(&str, &[Part])] = &[("k", PARTS)];
        let (_, table) = decode(&encode(Lang::En, TABLE)).unwrap();
        assert_eq!(table, TABLE);
    }
}
