//! Languages, Fluent messages and number / money formatting.
//!
//! The language of a request is decided once on the server (cookie `lang`, else the
//! `Accept-Language` header, else Arabic) and written into `<html lang dir>` by the shell,
//! so the very first byte is right. The browser reads it back from `<html lang>` when it
//! hydrates, so both sides always agree. Switching language is reactive: every string in
//! a view is a closure over the current language.

use leptos::prelude::*;

/// The messages of both languages, compiled from `locales/*/*.ftl` by `build.rs`: no Fluent
/// runtime on either side (see there). Bidi isolation marks around arguments are not
/// written (they show up as boxes in exports and make exact-text assertions brittle);
/// views wrap mixed-direction values in `<bdi>` instead.
mod compiled {
    /// A piece of a message.
    #[cfg_attr(test, derive(Debug, PartialEq))]
    pub(super) enum Part {
        Text(&'static str),
        /// `{ $name }`.
        Var(&'static str),
        /// `{ $name -> [key] … *[default] … }`: the variable, the variants, the default's index.
        Select(&'static str, &'static [(Key, &'static [Part])], usize),
    }

    /// A variant's key: a plural category or a word (`[few]`, `[kb]`), or a number (`[0]`).
    #[cfg_attr(test, derive(Debug, PartialEq))]
    pub(super) enum Key {
        Name(&'static str),
        Num(i64),
    }

    // The server's tables. The browser's bundle has none: it fetches its language's (`wire`).
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));
}
use compiled::{Key, Part};

pub mod wire;

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The languages the product speaks. Arabic is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    Ar,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ar, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::En => "ltr",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ar => Lang::En,
            Lang::En => Lang::Ar,
        }
    }

    /// Parses a language tag such as `ar`, `ar-JO` or `en-GB`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ar" => Some(Lang::Ar),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::Ar => 0,
            Lang::En => 1,
        }
    }

    /// The language's messages, compiled in (the server's; the browser fetches its files).
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    fn messages(self) -> wire::Table {
        match self {
            Lang::Ar => compiled::AR,
            Lang::En => compiled::EN,
        }
    }

    /// Which of the language's files has the message `key` (`main.ftl`'s or the others').
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    fn group_of(self, key: &str) -> wire::Group {
        let pages = match self {
            Lang::Ar => compiled::AR_PAGES,
            Lang::En => compiled::EN_PAGES,
        };
        if pages.binary_search(&key).is_ok() {
            wire::Group::Pages
        } else {
            wire::Group::Main
        }
    }

    /// The message `key` of this language (the tables are sorted by key). In the browser,
    /// from the files the page has.
    fn find(self, key: &str) -> Option<&'static [Part]> {
        #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
        {
            let table = self.messages();
            table.binary_search_by(|(k, _)| (*k).cmp(key)).ok().map(|i| table[i].1)
        }
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        {
            wire::loaded::find(self, key)
        }
    }

    /// The CLDR cardinal plural category of a whole number: Arabic has six (`n % 100` picks
    /// `few` for 3–10 and `many` for 11–99, so 103 is «103 رموز» and 197 «197 رمزًا»),
    /// English two.
    pub fn plural_category(self, n: i64) -> &'static str {
        match self {
            Lang::Ar => match (n.unsigned_abs(), n.unsigned_abs() % 100) {
                (0, _) => "zero",
                (1, _) => "one",
                (2, _) => "two",
                (_, 3..=10) => "few",
                (_, 11..=99) => "many",
                _ => "other",
            },
            Lang::En if n.unsigned_abs() == 1 => "one",
            Lang::En => "other",
        }
    }
}

/// Picks the language for a request: the `lang` cookie, else the best `Accept-Language`
/// entry we speak (by q-weight), else Arabic.
pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
    if let Some(lang) = cookie_header.and_then(lang_from_cookie_header) {
        return lang;
    }
    accept_language.and_then(lang_from_accept_language).unwrap_or_default()
}

/// The language of a request, from its `Cookie` and `Accept-Language` headers.
pub fn negotiate_headers(headers: &http::HeaderMap) -> Lang {
    let header = |name: http::header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    negotiate(header(http::header::COOKIE), header(http::header::ACCEPT_LANGUAGE))
}

/// The `Set-Cookie` value that remembers a language for a year.
pub fn lang_cookie(lang: Lang, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code())
}

/// Reads the `lang` cookie out of a `Cookie` header.
pub fn lang_from_cookie_header(header: &str) -> Option<Lang> {
    crate::web::cookie_value(header, LANG_COOKIE).and_then(Lang::from_tag)
}

/// Best supported language of an `Accept-Language` header, honouring q-weights.
pub fn lang_from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, usize, Lang)> = None;
    for (pos, (tag, q)) in crate::web::weighted(header).enumerate() {
        if q <= 0.0 {
            continue;
        }
        if let Some(lang) = Lang::from_tag(tag) {
            let better = match best {
                None => true,
                Some((bq, bpos, _)) => q > bq || (q == bq && pos < bpos),
            };
            if better {
                best = Some((q, pos, lang));
            }
        }
    }
    best.map(|(_, _, lang)| lang)
}

/// The message's parts in a language, else in Arabic (the fallback language), else in
/// English, with the language they are in (whose plural rules pick its variants). The
/// server has both; a page in the browser has its own language's, and English only falls
/// back to a page's Arabic when English is not there yet (the offline page names both).
fn lookup(lang: Lang, key: &str) -> Option<(&'static [Part], Lang)> {
    let found = [lang, Lang::Ar, Lang::En].into_iter().find_map(|lang| lang.find(key).map(|parts| (parts, lang)));
    // In the browser, a text not found in its own language's files may be in its `pages`
    // file, not here yet: fetched, and the text drawn again when it comes.
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    if found.is_none_or(|(_, found_in)| found_in != lang) {
        wire::loaded::missing(lang);
    }
    found
}

/// Writes a message as Fluent does: a missing variable shows as `{$name}` and selects
/// nothing (the default variant is taken).
fn write(out: &mut String, parts: &[Part], lang: Lang, args: &[(&str, Arg)]) {
    let arg = |name: &str| args.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Var(name) => match arg(name) {
                Some(Arg::Num(n)) => out.push_str(&n.to_string()),
                Some(Arg::Text(text)) => out.push_str(text),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            },
            Part::Select(name, variants, default) => {
                let value = arg(name);
                let chosen = variants
                    .iter()
                    .find(|(key, _)| match (key, value) {
                        (Key::Num(k), Some(Arg::Num(n))) => k == n,
                        (Key::Name(k), Some(Arg::Num(n))) => *k == lang.plural_category(*n),
                        (Key::Name(k), Some(Arg::Text(text))) => k == text,
                        _ => false,
                    })
                    .unwrap_or(&variants[*default]);
                write(out, chosen.1, lang, args);
            }
        }
    }
}

/// Looks up a message. A missing key shows the key itself, so it is seen and fixed. (In
/// the browser, a text whose file is on its way shows empty until it is here: see
/// `wire::loaded::missing`.)
pub fn message(lang: Lang, key: &str) -> String {
    message_with(lang, key, &[])
}

/// Looks up a message with arguments.
pub fn message_with(lang: Lang, key: &str, args: &[(&'static str, Arg)]) -> String {
    let Some((parts, lang)) = lookup(lang, key) else {
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        if wire::loaded::on_the_way(lang) {
            return String::new();
        }
        return key.to_string();
    };
    let mut out = String::new();
    write(&mut out, parts, lang, args);
    out
}

/// An argument to a message.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A number a message may select a plural form on; shown without separators.
    Num(i64),
    /// Text that is shown as it is (already formatted numbers, names…).
    Text(String),
}

/// Whether a key exists in a language (used by tests and the translation check).
pub fn has_message(lang: Lang, key: &str) -> bool {
    lang.find(key).is_some()
}

/// Formats an integer with thousands separators. Western digits in both languages:
/// that is what Jordanian users type and read on prices.
pub fn format_number(n: i64, _lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `num / den` with `places` (at most 18) decimals, "." between: the figures that are not
/// whole numbers ("12.5 MB", a share of a plan). Rounded half away from zero and exact:
/// 1.25 KB shows as "1.3" (float formatting rounded that tie to even, "1.2"), and "3.05"
/// stays 3.05 (3.04999… as an f64). 64-bit integers only: 128-bit division would bring
/// its own code into the bundle.
pub fn fixed_point(num: i64, den: i64, places: u32) -> String {
    if den == 0 {
        return "0".into();
    }
    let negative = (num < 0) != (den < 0);
    let (n, d) = (num.unsigned_abs(), den.unsigned_abs());
    debug_assert!(places <= 18, "10^places must fit in 64 bits");
    let places = places.min(18);
    let scale = 10u64.pow(places);
    // The whole part, then the decimals of the remainder (< d, so only a huge `d` could
    // overflow; it then shows as zeros).
    let (mut whole, rest) = (n / d, n % d);
    let mut decimals = rest.checked_mul(scale).map_or(0, |r| r / d + u64::from((r % d) * 2 >= d));
    if decimals == scale {
        whole += 1;
        decimals = 0;
    }
    let sign = if negative && (whole != 0 || decimals != 0) { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{whole}");
    }
    format!("{sign}{whole}.{decimals:0width$}", width = places as usize)
}

/// Formats money held in fils (1 JOD = 1000 fils): whole dinars without decimals,
/// otherwise the three decimals JOD uses ("1.500").
pub fn format_jod(fils: i64, lang: Lang) -> String {
    let sign = if fils < 0 { "-" } else { "" };
    let abs = fils.unsigned_abs();
    let (dinars, rest) = (abs / 1000, abs % 1000);
    let amount = if rest == 0 {
        format!("{sign}{}", format_number(dinars as i64, lang))
    } else {
        format!("{sign}{}.{rest:03}", format_number(dinars as i64, lang))
    };
    message_with(lang, "money-jod", &[("amount", Arg::Text(amount))])
}

/// A size as users read it: "850 KB", "12.5 MB" (units translated; 1 KB = 1024 bytes).
pub fn format_bytes(bytes: i64, lang: Lang) -> String {
    let bytes = bytes.max(0);
    let (unit_bytes, unit) = match bytes {
        b if b < 1 << 10 => (1, "b"),
        b if b < 1 << 20 => (1 << 10, "kb"),
        b if b < 1 << 30 => (1 << 20, "mb"),
        _ => (1 << 30, "gb"),
    };
    // Tenths of the unit, rounded: whole from 100 up, and when the tenth is 0.
    let (whole, rest) = (bytes / unit_bytes, bytes % unit_bytes);
    let tenths = whole * 10 + (rest * 20 + unit_bytes) / (2 * unit_bytes);
    let n = if unit == "b" || tenths >= 1000 || tenths % 10 == 0 {
        format_number(whole + i64::from(rest * 2 >= unit_bytes), lang)
    } else {
        fixed_point(tenths, 10, 1)
    };
    message_with(lang, "size", &[("n", Arg::Text(n)), ("unit", Arg::Text(unit.into()))])
}

/// A date as users read it, in Amman: "22 كانون الأول 2026" / "22 December 2026".
pub fn format_date(unix_ms: i64, lang: Lang) -> String {
    let date = pulse_clock::amman_date(unix_ms);
    message_with(
        lang,
        "date-long",
        &[
            ("day", Arg::Num(date.day.into())),
            ("month", Arg::Text(message(lang, &format!("month-{}", date.month)))),
            ("year", Arg::Num(date.year.into())),
        ],
    )
}

/// A message with a count: the plural form is picked from `count` (Arabic has six), and
/// `n` carries the formatted number.
pub fn message_count(lang: Lang, key: &str, count: i64) -> String {
    message_with(lang, key, &[("count", Arg::Num(count)), ("n", Arg::Text(format_number(count, lang)))])
}

/// The current language of this page, as a reactive value.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        Self { lang: RwSignal::new(lang) }
    }

    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    pub fn t(&self, key: &str) -> String {
        message(self.lang.get(), key)
    }

    pub fn t_with(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        message_with(self.lang.get(), key, args)
    }

    /// Switches language once its messages are here (in the browser a switch fetches the
    /// other language's file the first time): the signal (every view string follows),
    /// `<html lang dir>`, the `<title>`, and the cookie so the next page load is in the same
    /// language. `Err` (nothing changed) when the messages cannot be had.
    pub async fn switch(&self, lang: Lang) -> Result<(), wire::Unavailable> {
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        wire::loaded::fetch_for_switch(self.lang_untracked(), lang).await?;
        self.lang.set(lang);
        #[cfg(feature = "hydrate")]
        browser::apply_lang(lang);
        Ok(())
    }
}

/// Keeps the page's messages (the files its script fetched beside the bundle: its
/// language's `main` file, and its `pages` file when the page is one of those) and where
/// every file is (`wire::paths`); the bundle's entry point calls this before hydrating.
/// `false` if a file is not such a file or the names are not the four. (With the server's
/// features as well, as a workspace-wide check builds it, the tables are compiled in and
/// this does nothing.)
#[cfg(feature = "hydrate")]
pub fn install(files: &[&[u8]], paths: &str) -> bool {
    #[cfg(not(feature = "ssr"))]
    {
        wire::loaded::set_paths(paths) && files.iter().all(|bytes| wire::loaded::keep(bytes))
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (files, paths);
        true
    }
}

/// The address that switches to `lang` with a page load and comes back to `here` (a path
/// with its query): the switch without JavaScript, and the way when the page's own
/// messages are another deploy's.
pub fn switch_href(lang: Lang, here: &str) -> String {
    format!("/lang/{}?next={}", lang.code(), crate::web::encode_path(here))
}

/// The i18n context of the current page.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        let i18n = I18n::new(initial_lang());
        provide_context(i18n);
        i18n
    })
}

/// The language the page starts with.
fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        if let Some(parts) = use_context::<http::request::Parts>() {
            return negotiate_headers(&parts.headers);
        }
    }
    #[cfg(feature = "hydrate")]
    {
        if let Some(lang) = browser::document_lang() {
            return lang;
        }
    }
    Lang::default()
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Lang;
    use wasm_bindgen::JsCast;

    pub fn document_lang() -> Option<Lang> {
        let el = web_sys::window()?.document()?.document_element()?;
        Lang::from_tag(&el.get_attribute("lang")?)
    }

    pub fn apply_lang(lang: Lang) {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Some(el) = doc.document_element() {
            let _ = el.set_attribute("lang", lang.code());
            let _ = el.set_attribute("dir", lang.dir());
        }
        if let Ok(html_doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
            let _ = html_doc.set_cookie(&super::lang_cookie(lang, false));
        }
    }
}

/// A view string that follows the language. One function (so one closure type) for every
/// call site: each distinct closure type would otherwise be compiled into the WASM again.
pub fn tr(key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// A view string that follows the language: `tr!("key")`.
#[macro_export]
macro_rules! tr {
    ($key:expr) => {
        $crate::i18n::tr($key)
    };
    ($key:expr, $($name:literal => $value:expr),+ $(,)?) => {{
        let i18n = $crate::i18n::use_i18n();
        move || i18n.t_with($key, &[$(($name, $value)),+])
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message key written literally in the code (`tr!("…")`, `.t("…")`,
    /// `t_with("…"`, `message_count(…, "…"`, `Validation("…"`, `key="…"`, `Some("job-stage-…")`
    /// and the like) exists in both languages.
    #[test]
    fn every_message_key_in_the_code_is_in_both_locales() {
        let openers = [
            "tr!(\"",
            ".t(\"",
            "t_with(\"",
            "Validation(\"",
            "Conflict(\"",
            "key=\"",
            "message(lang, \"",
            "i18n.lang(), \"",
        ];
        // The keys each language's files define (`key = …` at the start of a line).
        let defined = |lang: &str| -> std::collections::HashSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../locales/{lang}"));
            std::fs::read_dir(dir)
                .unwrap()
                .flat_map(|file| {
                    std::fs::read_to_string(file.unwrap().path())
                        .unwrap()
                        .lines()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
                .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.starts_with(' '))
                .collect()
        };
        let locales = [("ar", defined("ar")), ("en", defined("en"))];
        let mut missing = Vec::new();
        let mut seen = 0;
        for path in crate::test_support::rust_files("") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for opener in openers {
                for (at, _) in text.match_indices(opener) {
                    let rest = &text[at + opener.len()..];
                    let Some(end) = rest.find('"') else { continue };
                    let key = &rest[..end];
                    let is_key = !key.is_empty()
                        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && key.contains('-');
                    if !is_key {
                        continue;
                    }
                    seen += 1;
                    for (lang, keys) in &locales {
                        if !keys.contains(key) {
                            missing.push(format!("{lang} {key} ({})", path.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 200, "the scan found the keys ({seen})");
        assert!(missing.is_empty(), "message keys missing from a locale: {missing:#?}");
    }

    #[test]
    fn cookie_wins_over_accept_language() {
        assert_eq!(negotiate(Some("a=1; lang=en"), Some("ar")), Lang::En);
        assert_eq!(negotiate(Some("lang=ar"), Some("en-US,en;q=0.9")), Lang::Ar);
    }

    #[test]
    fn accept_language_honours_weights() {
        assert_eq!(negotiate(None, Some("fr-FR,en;q=0.8,ar;q=0.9")), Lang::Ar);
        assert_eq!(negotiate(None, Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(negotiate(None, Some("fr, de;q=0.5")), Lang::Ar);
        assert_eq!(negotiate(None, Some("en;q=0, ar;q=0.1")), Lang::Ar);
        assert_eq!(negotiate(None, None), Lang::Ar);
        assert_eq!(negotiate(Some("lang=xx"), Some("en")), Lang::En);
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(format_number(1_000_000, Lang::Ar), "1,000,000");
        assert_eq!(format_number(999, Lang::En), "999");
        assert_eq!(format_number(-12345, Lang::En), "-12,345");
        assert_eq!(format_jod(3000, Lang::En), "3 JOD");
        assert_eq!(format_jod(3000, Lang::Ar), "3 د.أ");
        assert_eq!(format_jod(1500, Lang::En), "1.500 JOD");
        assert_eq!(format_jod(50, Lang::En), "0.050 JOD");
    }

    #[test]
    fn fractions_and_sizes_are_rounded_as_people_read_them() {
        assert_eq!(fixed_point(1234, 10_000, 2), "0.12");
        assert_eq!(fixed_point(125, 1000, 2), "0.13");
        assert_eq!(fixed_point(28, 5, 1), "5.6");
        assert_eq!(fixed_point(6999, 1000, 3), "6.999");
        assert_eq!(fixed_point(-15, 10, 1), "-1.5");
        assert_eq!(fixed_point(-1, 1000, 2), "0.00");
        assert_eq!(fixed_point(7, 0, 2), "0");
        assert_eq!(fixed_point(i64::MAX, 1, 2), format!("{}.00", i64::MAX));
        assert_eq!(fixed_point(i64::MIN, 1, 1), format!("{}.0", i64::MIN));
        assert_eq!(fixed_point(1999, 1000, 2), "2.00");
        assert_eq!(fixed_point(7, i64::MAX, 2), "0.00");
        assert_eq!(fixed_point(2, 3, 0), "1");
        let size = |b: i64| format_bytes(b, Lang::En).replace(['\u{2068}', '\u{2069}'], "");
        for (bytes, shown) in [
            (850, "850 bytes"),
            (1024, "1 KB"),
            (1536, "1.5 KB"),
            (1280, "1.3 KB"),
            (3 * 1024 - 40, "3 KB"),
            (3 * 1024 + 40, "3 KB"),
            (3 * 1024 - 80, "2.9 KB"),
            (12 * 1024 * 1024 + 512 * 1024, "12.5 MB"),
            (100 * 1024 - 30, "100 KB"),
            (1023 * 1024 + 1000, "1,024 KB"),
            (5 << 30, "5 GB"),
            (-3, "0 bytes"),
        ] {
            assert_eq!(size(bytes), shown, "{bytes} bytes");
        }
    }

    #[test]
    fn dates_use_local_month_names() {
        // 2026-12-22
        let ms = 1_797_897_600_000;
        assert_eq!(format_date(ms, Lang::Ar), "22 كانون الأول 2026");
        assert_eq!(format_date(ms, Lang::En), "22 December 2026");
        // Amman dates: 22:00 UTC on the 21st is 01:00 on the 22nd in Amman.
        assert_eq!(format_date(ms - 2 * 3_600_000, Lang::En), "22 December 2026");
        assert_eq!(format_date(ms - 4 * 3_600_000, Lang::En), "21 December 2026");
    }

    #[test]
    fn arabic_plurals_follow_cldr() {
        assert_eq!(message_count(Lang::Ar, "quota-images", 1), "صورة واحدة");
        assert_eq!(message_count(Lang::Ar, "quota-images", 2), "صورتان");
        assert_eq!(message_count(Lang::Ar, "quota-images", 10), "10 صور");
        assert_eq!(message_count(Lang::Ar, "quota-images", 30), "30 صورة");
        assert_eq!(message_count(Lang::Ar, "quota-tokens", 96), "96 رمزًا");
        assert_eq!(message_count(Lang::Ar, "quota-tokens", 197), "197 رمزًا");
        assert_eq!(message_count(Lang::Ar, "quota-tokens", 100), "100 رمز");
        assert_eq!(message_count(Lang::Ar, "quota-tokens", 103), "103 رموز");
        assert_eq!(message_count(Lang::Ar, "quota-tokens", 1_000_000), "1,000,000 رمز");
        assert_eq!(message_count(Lang::Ar, "quota-tokens", 150_011), "150,011 رمزًا");
        assert_eq!(message_count(Lang::Ar, "quota-tokens", 2), "رمزان");
        assert_eq!(message_count(Lang::Ar, "quota-tokens", 0), "لا رموز");
        assert_eq!(message_count(Lang::En, "quota-images", 1), "1 image");
        assert_eq!(message_count(Lang::En, "quota-images", 60), "60 images");
    }

    /// Every message of both languages reads exactly as `fluent-bundle` (Fluent's own
    /// runtime, which the app used before the messages were compiled) makes it, for every
    /// argument a message can select on: numbers across the plural categories and exact
    /// keys, and each word a select names. (Not above 102 but for round numbers: there
    /// fluent's plural rules are wrong for Arabic, see `Lang::plural_category`.)
    #[test]
    fn compiled_messages_read_as_fluent_makes_them() {
        use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
        fn vars(parts: &[Part], names: &mut Vec<&'static str>, words: &mut Vec<&'static str>) {
            for part in parts {
                match part {
                    Part::Text(_) => {}
                    Part::Var(name) => names.push(name),
                    Part::Select(name, variants, _) => {
                        names.push(name);
                        for (key, parts) in variants.iter() {
                            if let Key::Name(word) = key {
                                words.push(word);
                            }
                            vars(parts, names, words);
                        }
                    }
                }
            }
        }
        let mut compared = 0;
        for lang in Lang::ALL {
            let mut bundle = FluentBundle::new(vec![lang.code().parse::<unic_langid::LanguageIdentifier>().unwrap()]);
            bundle.set_use_isolating(false);
            let dir = format!("{}/../locales/{}", env!("CARGO_MANIFEST_DIR"), lang.code());
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                bundle.add_resource(FluentResource::try_new(text).unwrap()).unwrap();
            }
            let numbers = (0..=102).chain([1000, 1001, 20_000, 150_000, 1_000_000, -1, -5]);
            for (key, parts) in lang.messages() {
                let (mut names, mut words) = (Vec::new(), Vec::new());
                vars(parts, &mut names, &mut words);
                let mut cases: Vec<Vec<(&'static str, Arg)>> = vec![vec![]];
                cases.extend(numbers.clone().map(|n| names.iter().map(|v| (*v, Arg::Num(n))).collect()));
                cases.extend(words.iter().map(|w| names.iter().map(|v| (*v, Arg::Text(w.to_string()))).collect()));
                for args in cases {
                    let mut fluent_args = FluentArgs::new();
                    for (name, value) in &args {
                        match value {
                            Arg::Num(n) => fluent_args.set(*name, *n),
                            Arg::Text(text) => fluent_args.set(*name, text.clone()),
                        }
                    }
                    let message = bundle.get_message(key).unwrap_or_else(|| panic!("fluent lacks {key}"));
                    let mut errors = Vec::new();
                    let expected =
                        bundle.format_pattern(message.value().unwrap(), Some(&fluent_args), &mut errors).to_string();
                    assert_eq!(message_with(lang, key, &args), expected, "{lang:?} {key} {args:?}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000, "compared {compared} readings");
    }

    #[test]
    fn plural_categories_follow_cldr() {
        let ar = |n| Lang::Ar.plural_category(n);
        assert_eq!(
            [ar(0), ar(1), ar(2), ar(3), ar(10), ar(11), ar(99), ar(100)],
            ["zero", "one", "two", "few", "few", "many", "many", "other"]
        );
        assert_eq!(
            [ar(101), ar(102), ar(103), ar(110), ar(111), ar(197), ar(1000)],
            ["other", "other", "few", "few", "many", "many", "other"]
        );
        assert_eq!(
            [Lang::En.plural_category(1), Lang::En.plural_category(0), Lang::En.plural_category(2)],
            ["one", "other", "other"]
        );
    }

    #[test]
    fn a_missing_key_shows_the_key_and_a_missing_variable_its_name() {
        assert_eq!(message(Lang::En, "no-such-key"), "no-such-key");
        assert_eq!(message(Lang::En, "usage-pill"), "Usage · {$pct}%");
        assert!(has_message(Lang::Ar, "usage-pill") && !has_message(Lang::En, "no-such-key"));
    }

    /// The main bundle's pages (chat, the shell, the offline page) show only `main.ftl`'s
    /// messages, the file every page fetches: a key of theirs in another file would show
    /// empty while that file comes (`wire::loaded::missing`). The code of the main bundle
    /// (what `pulse-wasm-split` leaves in it; checked by the name section, see "Performance"
    /// in docs/ARCHITECTURE.md) and the server's shared services, whose error keys any page
    /// shows, are read for every string that is a key (`"chat-send"`), or the start of keys
    /// made at run time (`"job-kind-{}"`: every `job-kind-…`).
    #[test]
    fn the_main_bundles_pages_find_their_text_in_main_ftl() {
        use wire::Group;
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let files = [
            "shell.rs",
            "routes.rs",
            "error.rs",
            "web.rs",
            "i18n.rs",
            "types.rs",
            "lib.rs",
            "ui/mod.rs",
            "ui/app_layout.rs",
            "ui/empty_state.rs",
            "ui/icons.rs",
            "ui/lang_toggle.rs",
            "ui/locked.rs",
            "ui/markdown.rs",
            "ui/meters.rs",
            "ui/page_title.rs",
            "ui/stream.rs",
            "ui/upload.rs",
            "features/cv/send.rs",
            "features/files/mod.rs",
        ];
        let dirs = [
            "platform",
            "features/chat",
            "features/jobs",
            "features/notifications",
            "features/usage",
            "features/plans",
            "features/system",
        ];
        let mut paths: Vec<std::path::PathBuf> = files.iter().map(|f| src.join(f)).collect();
        paths.extend(dirs.iter().flat_map(|d| crate::test_support::rust_files(d)));
        let keys: Vec<&str> = Lang::Ar.messages().iter().map(|(k, _)| *k).collect();
        let mut elsewhere = std::collections::BTreeSet::new();
        let mut seen = 0;
        for path in &paths {
            let text = std::fs::read_to_string(path).unwrap();
            // The code, not its tests.
            let code = text.split("#[cfg(test)]").next().unwrap();
            for piece in code.split('"').skip(1) {
                let word: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'))
                    .collect();
                if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_lowercase()) {
                    continue;
                }
                let named: Vec<&str> = if word.ends_with('-') {
                    keys.iter().copied().filter(|k| k.starts_with(&word)).collect()
                } else {
                    keys.iter().copied().filter(|k| *k == word).collect()
                };
                seen += named.len();
                for key in named {
                    for lang in Lang::ALL {
                        if lang.group_of(key) != Group::Main {
                            elsewhere.insert(format!("{lang:?} {key} ({})", path.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 200, "the scan found the keys ({seen})");
        assert!(elsewhere.is_empty(), "keys the main bundle shows, not in main.ftl: {elsewhere:#?}");
    }

    #[test]
    fn both_languages_have_the_same_keys_in_the_same_files() {
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let dir = format!("{}/../locales/{lang}", env!("CARGO_MANIFEST_DIR"));
            let mut keys = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let file = path.file_name().unwrap().to_string_lossy().to_string();
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines() {
                    if let Some((k, _)) = line.split_once(" =") {
                        if !k.starts_with([' ', '#', '-', '*', '[']) && !k.is_empty() {
                            // With its file: a message is in the same file in both languages
                            // (the file decides when a page fetches it, `wire::Group`).
                            keys.insert(format!("{file}: {}", k.trim()));
                        }
                    }
                }
            }
            keys
        };
        let (ar, en) = (keys("ar"), keys("en"));
        assert!(!ar.is_empty());
        let only_ar: Vec<_> = ar.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&ar).collect();
        assert!(only_ar.is_empty() && only_en.is_empty(), "ar only: {only_ar:?}, en only: {only_en:?}");
    }
}
