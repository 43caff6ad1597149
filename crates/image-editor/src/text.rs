//! Text helpers with no web types: writing direction and label placeholders.

/// Whether a character belongs to a right-to-left script (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko, Samaritan, Mandaic and their presentation forms).
pub fn is_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// The direction of a text from its first strong character (Unicode's P2/P3 rule, in
/// short): `true` for right-to-left. Digits, spaces and punctuation are skipped; a text
/// with no letters is left-to-right.
pub fn is_rtl_text(text: &str) -> bool {
    for c in text.chars() {
        if is_rtl(c) && c.is_alphabetic() {
            return true;
        }
        if c.is_alphabetic() {
            return false;
        }
    }
    false
}

/// Puts `value` in place of every `{ $name }` of a Fluent pattern (with or without the
/// spaces, and without Fluent's isolation marks if the host left them on).
pub fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = after[..close].trim().trim_start_matches('$');
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out.replace(['\u{2068}', '\u{2069}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_from_the_first_strong_character() {
        assert!(is_rtl_text("مرحبا بالعالم"));
        assert!(is_rtl_text("2025 — مرحبا Pulse"));
        assert!(is_rtl_text("שלום"));
        assert!(!is_rtl_text("Pulse مرحبا"));
        assert!(!is_rtl_text("123 !?"));
        assert!(!is_rtl_text(""));
        assert!(is_rtl_text("«١٢٣» سلام"), "Arabic-Indic digits are weak");
    }

    #[test]
    fn placeholders_are_filled() {
        let a = [("width", "1080"), ("height", "1350")];
        assert_eq!(fill("{ $width } × { $height } px", &a), "1080 × 1350 px");
        assert_eq!(fill("{$width} × {$height} بكسل", &a), "1080 × 1350 بكسل");
        assert_eq!(fill("\u{2068}{ $width }\u{2069}", &a), "1080");
        assert_eq!(fill("{ $other } {", &a), "{ $other } {");
        assert_eq!(fill("no args", &a), "no args");
    }
}
