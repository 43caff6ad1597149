//! Chat markdown to safe HTML, the same on the server and in the browser.
//!
//! Safety: raw HTML in the text is shown as text (never parsed), links keep only `http(s):`,
//! `mailto:` and same-site targets (anything else — `javascript:`, `data:`, `vbscript:` —
//! becomes `#`), images become their alt text (no remote loads), and pulldown-cmark escapes
//! every text and attribute. The result is safe for `inner_html`.
//!
//! Direction: every top-level block (paragraph, heading, list, quote, table) gets `dir`
//! from its own letters — an Arabic paragraph that starts with an English word is still
//! right-to-left — and code blocks are always left-to-right with a copy button.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// The text direction of a piece of text by majority of strong letters, or `None` when it
/// has none (numbers, punctuation).
pub fn direction_of(text: &str) -> Option<&'static str> {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars() {
        if is_rtl(c) {
            rtl += 1;
        } else if c.is_alphabetic() {
            ltr += 1;
        }
    }
    match (rtl, ltr) {
        (0, 0) => None,
        (r, l) if r >= l => Some("rtl"),
        _ => Some("ltr"),
    }
}

fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether a link target may stay.
pub fn safe_url(url: &str) -> bool {
    let cleaned: String = url.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect();
    let lower = cleaned.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
        return true;
    }
    // Same-site: a path or a fragment, never `//host` and never a scheme.
    (lower.starts_with('/') && !lower.starts_with("//") && !lower.starts_with("/\\")) || lower.starts_with('#')
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The words of a markdown text without its marks, blocks separated by a space: what a
/// screen reader is given to announce a finished answer.
pub fn plain_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders markdown. `copy_label` is the (translated) label of the code blocks' copy button.
pub fn render(text: &str, copy_label: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::new();
    let mut block: Vec<Event> = Vec::new();
    let mut depth = 0usize;
    let mut in_image = 0usize;
    for event in Parser::new_ext(text, options) {
        let event = match event {
            Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("#") };
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { .. }) => {
                in_image += 1;
                continue;
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                continue;
            }
            other => other,
        };
        let _ = in_image;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        block.push(event);
        if depth == 0 {
            flush(&mut out, &mut block, copy_label);
        }
    }
    flush(&mut out, &mut block, copy_label);
    out
}

fn flush(out: &mut String, block: &mut Vec<Event>, copy_label: &str) {
    if block.is_empty() {
        return;
    }
    if let Some(Event::Start(Tag::CodeBlock(kind))) = block.first() {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let code: String = block
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let lang_class =
            lang.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '+').collect::<String>();
        out.push_str("<div class=\"code-block\" dir=\"ltr\"><div class=\"code-head\"><span>");
        out.push_str(&escape(&lang_class));
        out.push_str("</span><button type=\"button\" class=\"copy-code\">");
        out.push_str(&escape(copy_label));
        out.push_str("</button></div><pre><code");
        if !lang_class.is_empty() {
            out.push_str(&format!(" class=\"language-{lang_class}\""));
        }
        out.push('>');
        out.push_str(&escape(&code));
        out.push_str("</code></pre></div>");
    } else {
        let text: String = block
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, block.drain(..));
        let html = html.replace("<a href=", "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\" href=");
        let dir = direction_of(&text).unwrap_or("auto");
        out.push_str(&format!("<div class=\"md-block\" dir=\"{dir}\">{html}</div>"));
    }
    block.clear();
}

#[cfg(test)]
mod tests {

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_marks() {
        assert_eq!(plain_text("**مرحبا** بالعالم\n\n- `code` item"), "مرحبا بالعالم code item");
        assert_eq!(plain_text(""), "");
    }

    use super::*;

    fn r(s: &str) -> String {
        render(s, "Copy")
    }

    #[test]
    fn paragraphs_take_their_own_direction() {
        let html = r("React هي مكتبة لبناء الواجهات التفاعلية\n\nThis one is English، مع كلمة");
        let blocks: Vec<&str> = html.split("<div class=\"md-block\"").skip(1).collect();
        assert!(blocks[0].starts_with(" dir=\"rtl\""), "an Arabic paragraph starting with an English word: {html}");
        assert!(blocks[1].starts_with(" dir=\"ltr\""), "{html}");
        assert!(r("123 + 456").contains("dir=\"auto\""));
    }

    #[test]
    fn code_blocks_are_ltr_with_a_copy_button() {
        let html = r("شرح:\n\n```rust\nfn main() { println!(\"<مرحبا>\"); }\n```\n");
        assert!(html.contains("<div class=\"code-block\" dir=\"ltr\">"));
        assert!(html.contains("class=\"copy-code\">Copy</button>"));
        assert!(html.contains("class=\"language-rust\""));
        assert!(html.contains("&lt;مرحبا&gt;"), "code is escaped: {html}");
    }

    /// An XSS corpus: whatever the model writes, nothing runs.
    #[test]
    fn nothing_in_the_corpus_survives_as_active_html() {
        let corpus = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click]( javascript:alert(1) )",
            "[click](java\tscript:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[click](vbscript:msgbox(1))",
            "[click](//evil.example/x)",
            "<javascript:alert(1)>",
            "![x](https://evil.example/track.png)",
            "![x\" onerror=\"alert(1)](x)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "`<script>alert(1)</script>`",
            "```\n</code></pre><script>alert(1)</script>\n```",
            "<details open ontoggle=alert(1)>",
            "[x](https://ok.example \"title\\\" onmouseover=alert(1)\")",
        ];
        const ALLOWED: [&str; 27] = [
            "div",
            "p",
            "a",
            "code",
            "pre",
            "span",
            "button",
            "ul",
            "ol",
            "li",
            "em",
            "strong",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "del",
            "br",
        ];
        for input in corpus {
            let html = r(input).to_lowercase();
            // Every tag comes from our renderer: known names, no handlers, no script URLs.
            for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
                let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
                assert!(ALLOWED.contains(&name) || name == "hr", "{input:?}: <{tag}>");
                // Attribute names only (values are quoted and escaped, so text inside them is inert).
                let names: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
                assert!(!names.contains(" on") && !names.contains("style="), "{input:?}: <{tag}>");
                for bad in ["javascript:", "vbscript:", "data:"] {
                    assert!(!tag.contains(bad), "{input:?}: <{tag}>");
                }
            }
        }
        assert!(r("[ok](https://pulse.jo/a?b=1)").contains("href=\"https://pulse.jo/a?b=1\""));
        assert!(r("[ok](https://pulse.jo)").contains("rel=\"noopener noreferrer nofollow\""));
        assert!(r("[x](//evil.example/x)").contains("href=\"#\""));
    }
}
