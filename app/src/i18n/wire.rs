//! A language's messages as files the browser fetches beside its bundle, so the first load
//! carries the page's language only, and only the part of it the page needs: the bundle has
//! no message text. Each language has two files ([`Group`]): `main` (`locales/*/main.ftl`:
//! the shell, chat, errors, meters, notifications, `/i18n/ar.main.{hash}.bin`), which every
//! page fetches, and `pages` (the other `.ftl` files: the pages whose code is fetched when
//! one is opened, `/i18n/ar.pages.{hash}.bin`), which such a page fetches with its code. A
//! language switch fetches the other language's files the page has (then they are cached
//! like the bundle, by the browser and the service worker).
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
//! file    = "PMF3" lang-code(2 bytes) group("m" | "p") [ entry { RS entry } ] EOT    keys sorted
//! entry   = key US pattern
//! pattern = { text | VAR name END | SEL name END default END variant { variant } CLOSE }
//! variant = ALT word END pattern | ALT "#" number END pattern
//! ```

use super::compiled::{Key, Part};
use super::Lang;

/// A language's messages, sorted by key.
pub(super) type Table = &'static [(&'static str, &'static [Part])];

/// Which of a language's two files a message is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// `main.ftl`: what the pages in the main bundle show (chat, the shell, errors, meters,
    /// notifications). Every page fetches it.
    Main,
    /// The other `.ftl` files: the pages whose code is fetched when one is opened (the
    /// tools, the account, billing, sign-in, the landing page, admin). Fetched with them.
    Pages,
}

impl Group {
    pub const ALL: [Group; 2] = [Group::Main, Group::Pages];

    fn index(self) -> usize {
        self as usize
    }

    fn name(self) -> &'static str {
        match self {
            Group::Main => "main",
            Group::Pages => "pages",
        }
    }

    /// The byte after the language in a file.
    fn mark(self) -> u8 {
        self.name().as_bytes()[0]
    }
}

const MAGIC: &[u8; 4] = b"PMF3";
/// The magic, the language and the group.
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
const HEADER_LEN: usize = MAGIC.len() + 3;
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
    /// `/i18n/ar.main.3f9a….bin`: the content's hash in the name, so it is cached for good.
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

/// The `group` file of `lang`, made on first use (a millisecond or two: the text and its
/// hash).
#[cfg(feature = "ssr")]
pub fn file(lang: Lang, group: Group) -> &'static MessagesFile {
    use sha2::Digest as _;
    use std::sync::OnceLock;
    static FILES: [[OnceLock<MessagesFile>; 2]; 2] = [const { [const { OnceLock::new() }; 2] }; 2];
    FILES[lang.index()][group.index()].get_or_init(|| {
        let bytes = encode(lang, group, lang.messages());
        let hash = hex::encode(sha2::Sha256::digest(&bytes));
        let path = format!("/i18n/{}.{}.{}.bin", lang.code(), group.name(), &hash[..20]);
        MessagesFile { path, bytes, brotli: OnceLock::new() }
    })
}

/// Every file: each language's two.
#[cfg(feature = "ssr")]
fn files() -> impl Iterator<Item = &'static MessagesFile> {
    Lang::ALL.into_iter().flat_map(|lang| Group::ALL.map(|group| file(lang, group)))
}

/// The file at `path` (`/i18n/…`), if that is its current name.
#[cfg(feature = "ssr")]
pub fn file_at(path: &str) -> Option<&'static MessagesFile> {
    files().find(|f| f.path == path)
}

/// Makes the files' brotli copies (quality 11, up to 100 ms each) on a thread of their
/// own, so the first fetch of one does not wait for them. Called as the server starts.
#[cfg(feature = "ssr")]
pub fn prepare_in_background() {
    std::thread::spawn(|| files().map(|f| f.brotli().len()).sum::<usize>());
}

/// The names the page's script is given, `ar.main ar.pages en.main en.pages` in that
/// order, space-separated: where a switch or a page opened later fetches the others.
#[cfg(feature = "ssr")]
pub fn paths() -> String {
    files().map(|f| f.path.as_str()).collect::<Vec<_>>().join(" ")
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

/// The file of `group`: the messages of `table` that are in it ([`Lang::group_of`]).
#[cfg(any(feature = "ssr", test))]
pub(super) fn encode(lang: Lang, group: Group, table: Table) -> Vec<u8> {
    let mut out = String::from(std::str::from_utf8(MAGIC).unwrap());
    out.push_str(lang.code());
    out.push(char::from(group.mark()));
    for (i, (key, parts)) in table.iter().filter(|(key, _)| lang.group_of(key) == group).enumerate() {
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

/// Reads a file made by [`encode`]: its language, its group and its table, kept for the rest
/// of the page's life (leaked: at most two tables per language). `None` for anything else, without
/// panicking (a truncated download, another format). It reads back exactly what `build.rs`
/// can write: never two text parts in a row or an empty one (it joins text), and no word
/// key starting with `#` (Fluent's identifiers cannot; `#` starts a number key here).
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
pub(super) fn decode(bytes: &[u8]) -> Option<(Lang, Group, Table)> {
    let (lang, group) = file_kind(bytes)?;
    let body = std::str::from_utf8(&bytes[HEADER_LEN..]).ok()?;
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
    table.windows(2).all(|w| w[0].0 < w[1].0).then(|| (lang, group, &*Box::leak(table.into_boxed_slice())))
}

/// The language and group a file says it holds (its first bytes).
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
fn file_kind(bytes: &[u8]) -> Option<(Lang, Group)> {
    let head = bytes.strip_prefix(MAGIC)?.get(..3)?;
    let lang = Lang::from_tag(std::str::from_utf8(&head[..2]).ok()?)?;
    let group = Group::ALL.into_iter().find(|g| g.mark() == head[2])?;
    Some((lang, group))
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

/// The `pages` messages of the languages the page has: a page whose code is split off
/// fetches them with its code (`routes::lazy_page`). (With the server's features as well,
/// as a workspace-wide check builds it, every message is compiled in.)
#[cfg(feature = "hydrate")]
pub async fn fetch_pages() -> Result<(), Unavailable> {
    #[cfg(not(feature = "ssr"))]
    {
        loaded::fetch_pages().await
    }
    #[cfg(feature = "ssr")]
    {
        Ok(())
    }
}

/// The tables the page has, and where to fetch the others (the browser's side).
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub(super) mod loaded {
    use super::super::compiled::Part;
    use super::{decode, file_kind, Group, Lang, Table, Unavailable};
    use leptos::prelude::{ArcTrigger, Notify as _, Track as _};
    use std::cell::Cell;
    use std::sync::OnceLock;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    static TABLES: [[OnceLock<Table>; 2]; 2] = [const { [const { OnceLock::new() }; 2] }; 2];
    static PATHS: OnceLock<[[String; 2]; 2]> = OnceLock::new();

    /// Where a language's `pages` file is, for a text that found none of its own.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Asked {
        No,
        Fetching,
        /// The fetch failed: texts show what they can (the key) until a page's own fetch
        /// of the file (`fetch_pages`, as a tab opens) brings it.
        Failed,
    }

    thread_local! {
        /// Notified whenever a `pages` file is kept: the texts that did not find theirs
        /// (and tracked this) are drawn again, whichever fetch brought it.
        static ARRIVED: ArcTrigger = ArcTrigger::new();
        static ASKED: [Cell<Asked>; 2] = const { [Cell::new(Asked::No), Cell::new(Asked::No)] };
    }

    /// The message `key` of `lang`, from whichever of its files has it.
    pub fn find(lang: Lang, key: &str) -> Option<&'static [Part]> {
        Group::ALL.into_iter().find_map(|group| {
            let table = TABLES[lang.index()][group.index()].get()?;
            table.binary_search_by(|(k, _)| (*k).cmp(key)).ok().map(|i| table[i].1)
        })
    }

    pub fn has(lang: Lang, group: Group) -> bool {
        TABLES[lang.index()][group.index()].get().is_some()
    }

    /// A text of `lang` is not in the files of `lang` the page has (a page in the main
    /// bundle showing a message of the `pages` file, or a page whose file did not come, or
    /// came for the other language while a switch was under way). Unless the file is here,
    /// fetches it once; the view that asked tracks its arrival and is drawn again then.
    pub fn missing(lang: Lang) {
        if !has(lang, Group::Main) || has(lang, Group::Pages) {
            return;
        }
        ARRIVED.with(|arrived| arrived.track());
        if ASKED.with(|asked| asked[lang.index()].get()) != Asked::No {
            return;
        }
        ASKED.with(|asked| asked[lang.index()].set(Asked::Fetching));
        leptos::task::spawn_local(async move {
            let failed = fetch(lang, Group::Pages).await.is_err();
            ASKED.with(|asked| asked[lang.index()].set(if failed { Asked::Failed } else { Asked::No }));
            if failed {
                // Drawn again: from empty to the key, not empty for good.
                ARRIVED.with(|arrived| arrived.notify());
            }
        });
    }

    /// Whether `lang`'s `pages` file is on its way for a missing text (which shows empty
    /// meanwhile, rather than as its key).
    pub fn on_the_way(lang: Lang) -> bool {
        ASKED.with(|asked| asked[lang.index()].get()) == Asked::Fetching
    }

    /// Keeps a file's table (unless it is here already: two switches at once read it
    /// once). `false` if the bytes are not such a file.
    pub fn keep(bytes: &[u8]) -> bool {
        if file_kind(bytes).is_some_and(|(lang, group)| has(lang, group)) {
            return true;
        }
        match decode(bytes) {
            Some((lang, group, table)) => {
                let _ = TABLES[lang.index()][group.index()].set(table);
                if group == Group::Pages {
                    ARRIVED.with(|arrived| arrived.notify());
                }
                true
            }
            None => false,
        }
    }

    /// Where each file is (from the page's script: `ar.main ar.pages en.main en.pages`).
    /// `false` if that is not four names.
    pub fn set_paths(paths: &str) -> bool {
        let names: Vec<String> = paths.split(' ').map(str::to_string).collect();
        let Ok([ar_main, ar_pages, en_main, en_pages]) = <[String; 4]>::try_from(names) else { return false };
        let _ = PATHS.set([[ar_main, ar_pages], [en_main, en_pages]]);
        true
    }

    /// The `pages` file of the page's language (`<html lang>`), for a page whose code is
    /// fetched when it is opened (beside its code). A switch under way meanwhile fetches the
    /// other language's only if this one was here when it started; if not, the texts of the
    /// new language that miss it fetch it themselves ([`missing`]).
    pub async fn fetch_pages() -> Result<(), Unavailable> {
        let lang = crate::i18n::browser::document_lang().unwrap_or_default();
        fetch(lang, Group::Pages).await
    }

    /// What a switch from `from` to `to` needs: `to`'s files of the groups `from` has here.
    pub async fn fetch_for_switch(from: Lang, to: Lang) -> Result<(), Unavailable> {
        let pages = async move {
            if has(from, Group::Pages) {
                fetch(to, Group::Pages).await
            } else {
                Ok(())
            }
        };
        let (main, pages) = futures_util::future::join(fetch(to, Group::Main), pages).await;
        main.and(pages)
    }

    /// Fetches the `group` file of `lang` unless the page has it.
    pub async fn fetch(lang: Lang, group: Group) -> Result<(), Unavailable> {
        use Unavailable::{Offline, Stale};
        if has(lang, group) {
            return Ok(());
        }
        let path = PATHS.get().map(|p| p[lang.index()][group.index()].clone()).ok_or(Stale)?;
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
        if keep(&bytes) && has(lang, group) {
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
    fn a_language_reads_back_as_it_was_written_in_its_two_files() {
        for lang in Lang::ALL {
            let mut both = Vec::new();
            for group in Group::ALL {
                let bytes = encode(lang, group, lang.messages());
                let (read_lang, read_group, table) = decode(&bytes).expect("its own file");
                assert_eq!((read_lang, read_group), (lang, group));
                assert!(table.len() > 200, "{lang:?} {group:?}: {} messages", table.len());
                assert!(table.iter().all(|(key, _)| lang.group_of(key) == group));
                both.extend_from_slice(table);
            }
            both.sort_by_key(|(key, _)| *key);
            assert_eq!(both, lang.messages(), "{lang:?}: every message, in one file or the other");
        }
        // What decides the file: chat's text comes with every page, a tool's with the tool.
        assert_eq!(Lang::Ar.group_of("chat-send"), Group::Main);
        assert_eq!(Lang::Ar.group_of("cv-new"), Group::Pages);
        assert_eq!(Lang::En.group_of("editor-toolbar"), Group::Pages);
    }

    #[test]
    fn a_cut_or_spoilt_file_is_refused_without_a_panic() {
        let bytes = encode(Lang::Ar, Group::Pages, Lang::Ar.messages());
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
        assert!(decode(b"PMF3xxm\x06").is_none(), "an unknown language");
        assert!(decode(b"PMF3enx\x06").is_none(), "an unknown group");
        assert!(decode(b"PMF2en\x06").is_none(), "the format before the groups");
        assert_eq!(decode(b"PMF3enp\x06").map(|(_, g, t)| (g, t.len())), Some((Group::Pages, 0)), "an empty table");
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
        let (_, _, table) = decode(&encode(Lang::En, Group::Main, TABLE)).unwrap();
        assert_eq!(table, TABLE);
    }
}
