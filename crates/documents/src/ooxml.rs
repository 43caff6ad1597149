//! What the hand-written Office Open XML writers (CV to DOCX, deck to PPTX)
//! share: XML escaping, cleaning user text, cutting a paragraph into runs by
//! direction, and zipping the parts into a package.

use std::io::{Cursor, Write};

use crate::cv::{is_rtl_char, TextDir};

pub(crate) const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// The parts, in order, as a zip (XML deflated, pictures stored as they are,
/// fixed 1980-01-01 timestamps, so the same input always gives the same bytes).
pub(crate) fn zip_parts<'a>(parts: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        let compressed = [".png", ".jpeg", ".jpg"].iter().any(|ext| name.ends_with(ext));
        let options = if compressed { options.compression_method(zip::CompressionMethod::Stored) } else { options };
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// XML-escapes text for element content and attribute values alike.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// One field as a single line: controls (newlines, tabs) become spaces, and
/// characters XML 1.0 forbids are dropped; trimmed.
pub(crate) fn clean(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    s.trim().to_string()
}

/// A multi-line field as its non-empty lines (one paragraph each).
pub(crate) fn lines(s: &str) -> Vec<String> {
    s.lines().map(clean).filter(|l| !l.is_empty()).collect()
}

// ---------------------------------------------------------------- directions

/// A run's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bidi {
    L,
    R,
}

/// A strong direction: Arabic-script (and other right-to-left) letters and
/// Arabic-Indic digits are R, other letters L, the directional marks their own.
pub(crate) fn strong(c: char) -> Option<Bidi> {
    match c {
        '\u{200E}' => Some(Bidi::L),
        '\u{200F}' => Some(Bidi::R),
        // Arabic comma and percent sign are separators, not letters.
        '\u{060C}' | '\u{066A}' => None,
        c if is_rtl_char(c) => Some(Bidi::R),
        c if c.is_alphabetic() => Some(Bidi::L),
        _ => None,
    }
}

/// Combining marks and joiners: they belong to the character before them.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x200C | 0x200D)
}

/// The direction of each character of a paragraph whose direction is `para`,
/// resolved as the Unicode bidi algorithm would at one embedding level:
/// European digits take the direction of the letter before them (rule W7),
/// marks that of their base (W1), and a stretch of spaces and punctuation
/// that of its neighbours when they agree, else the paragraph's (N1, N2).
/// Runs cut this way lose nothing when Word applies `w:rtl` to them.
pub(crate) fn resolve(text: &str, para: TextDir) -> Vec<Bidi> {
    let para = match para {
        TextDir::Ltr => Bidi::L,
        TextDir::Rtl => Bidi::R,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut kinds: Vec<Option<Bidi>> = Vec::with_capacity(chars.len());
    let mut last_strong = para;
    for (i, &c) in chars.iter().enumerate() {
        let kind = if let Some(s) = strong(c) {
            last_strong = s;
            Some(s)
        } else if c.is_numeric() {
            Some(last_strong)
        } else if is_mark(c) && i > 0 {
            kinds[i - 1]
        } else {
            None
        };
        kinds.push(kind);
    }
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < kinds.len() {
        if let Some(k) = kinds[i] {
            out.push(k);
            i += 1;
            continue;
        }
        let start = i;
        while i < kinds.len() && kinds[i].is_none() {
            i += 1;
        }
        let before = if start == 0 { para } else { out[start - 1] };
        let after = kinds.get(i).copied().flatten().unwrap_or(para);
        let k = if before == after { before } else { para };
        out.extend(std::iter::repeat_n(k, i - start));
    }
    out
}

/// `text` cut where [`resolve`]'s direction changes: (direction, piece), in
/// logical order.
pub(crate) fn bidi_runs(text: &str, para: TextDir) -> Vec<(Bidi, String)> {
    let mut out: Vec<(Bidi, String)> = Vec::new();
    for (c, k) in text.chars().zip(resolve(text, para)) {
        match out.last_mut() {
            Some((last, s)) if *last == k => s.push(c),
            _ => out.push((k, c.to_string())),
        }
    }
    out
}
