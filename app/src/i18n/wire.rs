//! One language's messages as a file the browser fetches beside its bundle
//! (`/i18n/{lang}.{hash}.bin`), so the first load carries the page's language only: the
//! bundle has no message text, and a language switch fetches the other file (then it is
//! cached like the bundle, by the browser and the service worker).
//!
//! The server encodes its compiled tables once ([`file`]); the browser decodes the file
//! into the same `Part` tables ([`decode`]) and keeps them for the page's life. The format
//! is ours and small: all the text first, as one UTF-8 string (it compresses best
//! together), then the shape that cuts it up.
//!
//! ```text
//! file   = "PMF1" lang-code(2 bytes) num(text length) text entries
//! entries = num(count) { str(key) parts }        keys sorted, as the lookup's binary search needs
//! parts  = num(count) { 0 str(text) | 1 str(variable) | 2 str(variable) num(default) num(count) { key parts } }
//! key    = 0 str(word) | 1 num(zigzag number)
//! str    = num(byte length): the next that many bytes of the text
//! num    = unsigned LEB128
//! ```

use super::compiled::{Key, Part};
use super::Lang;

/// A language's messages, sorted by key.
pub(super) type Table = &'static [(&'static str, &'static [Part])];

const MAGIC: &[u8; 4] = b"PMF1";
/// Selects nest in selects no deeper than this (ours nest once at most).
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
const MAX_DEPTH: u8 = 8;

/// The file of a language, as the server serves it.
#[cfg(feature = "ssr")]
pub struct MessagesFile {
    /// `/i18n/ar.3f9a….bin`: the content's hash in the name, so it is cached for good.
    pub path: String,
    pub bytes: Vec<u8>,
    /// The same, brotli at its best (made once per process).
    pub brotli: Vec<u8>,
}

/// The file of `lang`, made on first use.
#[cfg(feature = "ssr")]
pub fn file(lang: Lang) -> &'static MessagesFile {
    use sha2::Digest as _;
    use std::sync::OnceLock;
    static FILES: [OnceLock<MessagesFile>; 2] = [OnceLock::new(), OnceLock::new()];
    FILES[lang.index()].get_or_init(|| {
        let bytes = encode(lang, lang.messages());
        let hash = hex::encode(sha2::Sha256::digest(&bytes));
        let mut brotli = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut brotli, &params).expect("compressing into memory");
        MessagesFile { path: format!("/i18n/{}.{}.bin", lang.code(), &hash[..20]), bytes, brotli }
    })
}

/// The language whose file is at `path` (`/i18n/…`), if that is its current name.
#[cfg(feature = "ssr")]
pub fn file_at(path: &str) -> Option<&'static MessagesFile> {
    Lang::ALL.into_iter().map(file).find(|f| f.path == path)
}

#[cfg(any(feature = "ssr", test))]
pub(super) fn encode(lang: Lang, table: Table) -> Vec<u8> {
    let mut text = String::new();
    let mut shape = Vec::new();
    put_num(&mut shape, table.len() as u64);
    for (key, parts) in table {
        put_str(&mut shape, &mut text, key);
        put_parts(&mut shape, &mut text, parts);
    }
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(lang.code().as_bytes());
    put_num(&mut out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(&shape);
    out
}

#[cfg(any(feature = "ssr", test))]
fn put_num(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

#[cfg(any(feature = "ssr", test))]
fn put_str(shape: &mut Vec<u8>, text: &mut String, s: &str) {
    put_num(shape, s.len() as u64);
    text.push_str(s);
}

#[cfg(any(feature = "ssr", test))]
fn put_parts(shape: &mut Vec<u8>, text: &mut String, parts: &[Part]) {
    put_num(shape, parts.len() as u64);
    for part in parts {
        match part {
            Part::Text(s) => {
                shape.push(0);
                put_str(shape, text, s);
            }
            Part::Var(name) => {
                shape.push(1);
                put_str(shape, text, name);
            }
            Part::Select(name, variants, default) => {
                shape.push(2);
                put_str(shape, text, name);
                put_num(shape, *default as u64);
                put_num(shape, variants.len() as u64);
                for (key, parts) in *variants {
                    match key {
                        Key::Name(word) => {
                            shape.push(0);
                            put_str(shape, text, word);
                        }
                        Key::Num(n) => {
                            shape.push(1);
                            put_num(shape, ((n << 1) ^ (n >> 63)) as u64);
                        }
                    }
                    put_parts(shape, text, parts);
                }
            }
        }
    }
}

/// Reads a file made by [`encode`]: its language and its table, kept for the rest of the
/// page's life (leaked: at most one table per language). `None` for anything else, without
/// panicking (a truncated download, another format).
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
pub(super) fn decode(bytes: &[u8]) -> Option<(Lang, Table)> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let lang = Lang::from_tag(std::str::from_utf8(rest.get(..2)?).ok()?)?;
    let mut reader = Reader { shape: &rest[2..], text: "" };
    let len = usize::try_from(reader.num()?).ok()?;
    let text = std::str::from_utf8(reader.shape.get(..len)?).ok()?;
    reader.shape = &reader.shape[len..];
    reader.text = Box::leak(text.into());
    let count = reader.count()?;
    let mut table = Vec::with_capacity(count);
    for _ in 0..count {
        let key = reader.str()?;
        table.push((key, reader.parts(0)?));
    }
    let sorted = table.windows(2).all(|w| w[0].0 < w[1].0);
    (sorted && reader.shape.is_empty() && reader.text.is_empty()).then(|| (lang, &*Box::leak(table.into_boxed_slice())))
}

/// Walks the shape, taking each string from the front of the text.
#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
struct Reader<'a> {
    shape: &'a [u8],
    text: &'static str,
}

#[cfg(any(all(feature = "hydrate", not(feature = "ssr")), test))]
impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.shape.split_first()?;
        self.shape = rest;
        Some(b)
    }

    fn num(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    /// A count of items that each take at least one byte of the shape: never more than
    /// is left (so a corrupt count cannot ask for a huge allocation).
    fn count(&mut self) -> Option<usize> {
        usize::try_from(self.num()?).ok().filter(|&n| n <= self.shape.len())
    }

    fn str(&mut self) -> Option<&'static str> {
        let len = usize::try_from(self.num()?).ok()?;
        let text: &'static str = self.text;
        let s = text.get(..len)?;
        self.text = &text[len..];
        Some(s)
    }

    fn parts(&mut self, depth: u8) -> Option<&'static [Part]> {
        if depth > MAX_DEPTH {
            return None;
        }
        let count = self.count()?;
        let mut parts = Vec::with_capacity(count);
        for _ in 0..count {
            parts.push(match self.byte()? {
                0 => Part::Text(self.str()?),
                1 => Part::Var(self.str()?),
                2 => {
                    let name = self.str()?;
                    let default = usize::try_from(self.num()?).ok()?;
                    let count = self.count()?;
                    let mut variants = Vec::with_capacity(count);
                    for _ in 0..count {
                        let key = match self.byte()? {
                            0 => Key::Name(self.str()?),
                            1 => {
                                let z = self.num()?;
                                Key::Num((z >> 1) as i64 ^ -((z & 1) as i64))
                            }
                            _ => return None,
                        };
                        variants.push((key, self.parts(depth + 1)?));
                    }
                    if default >= variants.len() {
                        return None;
                    }
                    Part::Select(name, Box::leak(variants.into_boxed_slice()), default)
                }
                _ => return None,
            });
        }
        Some(Box::leak(parts.into_boxed_slice()))
    }
}

/// The tables the page has, and where to fetch the others (the browser's side).
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub(super) mod loaded {
    use super::{decode, Lang, Table};
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

    /// Keeps a file's table. `false` if the bytes are not such a file.
    pub fn keep(bytes: &[u8]) -> bool {
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

    /// Fetches the table of `lang` unless the page has it. `Err` when it cannot be had
    /// (offline, the server gone, a file from another deploy).
    pub async fn fetch(lang: Lang) -> Result<(), ()> {
        if has(lang) {
            return Ok(());
        }
        let path = PATHS.get().map(|p| p[lang.index()].clone()).ok_or(())?;
        let window = web_sys::window().ok_or(())?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str(&path)).await.map_err(|_| ())?.dyn_into().map_err(|_| ())?;
        if !response.ok() {
            return Err(());
        }
        let buffer = JsFuture::from(response.array_buffer().map_err(|_| ())?).await.map_err(|_| ())?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        if keep(&bytes) && has(lang) {
            Ok(())
        } else {
            Err(())
        }
    }
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
        for at in (0..bytes.len()).step_by(13) {
            let mut spoilt = bytes.clone();
            spoilt[at] ^= 0xa5;
            let _ = decode(&spoilt);
        }
        assert!(decode(b"PMF1xx\x00\x00").is_none(), "an unknown language");
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
