//! What the CV and deck templates read from `sys.inputs`: user text as `{"t", "d"}`
//! pieces, each with its own direction, so a template never guesses one.

use crate::cv::{text_dir, TextDir};
use serde_json::{json, Value};

pub(crate) fn dir_code(dir: TextDir) -> &'static str {
    match dir {
        TextDir::Rtl => "rtl",
        TextDir::Ltr => "ltr",
    }
}

/// One piece of text for a template, `{"t", "d"}`, or `null` when blank.
/// `fallback` is the direction of text with no letters (dates, numbers, symbols).
pub(crate) fn piece(text: &str, fallback: TextDir) -> Value {
    let t = text.trim();
    if t.is_empty() {
        Value::Null
    } else {
        json!({ "t": t, "d": dir_code(text_dir(t, fallback)) })
    }
}

/// A multi-line field as paragraphs, each with its own direction; blank lines dropped.
pub(crate) fn paragraphs(text: &str, fallback: TextDir) -> Vec<Value> {
    text.lines().map(|line| piece(line, fallback)).filter(|v| !v.is_null()).collect()
}

/// A list's non-blank items as pieces.
pub(crate) fn pieces(items: &[String], fallback: TextDir) -> Vec<Value> {
    items.iter().map(|s| piece(s, fallback)).filter(|v| !v.is_null()).collect()
}
