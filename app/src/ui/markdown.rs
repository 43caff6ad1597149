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
//!
//! Where it runs ([`live_html`]): the server renders every message with the page. In the
//! browser the parser is not in the first load: the HTML the server sent is kept as it is
//! (hydration neither parses nor touches it), and text that changes in the browser — an
//! answer streaming, a message sent or opened in this tab — is rendered by the markdown
//! module, a split of the bundle fetched the first time it is needed ([`preload`] fetches
//! it as the user starts typing). Until it is there, the text shows as plain paragraphs.

use leptos::prelude::*;
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

/// The text as escaped paragraphs, without parsing it: what a message shows until the
/// markdown module has arrived.
pub fn plain_html(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let dir = direction_of(para).unwrap_or("auto");
        out.push_str(&format!(
            "<div class=\"md-block\" dir=\"{dir}\"><p>{}</p></div>",
            escape(para).replace('\n', "<br>")
        ));
    }
    out
}

/// A message body's HTML, following its text and the copy button's label.
#[cfg(not(feature = "hydrate"))]
pub fn live_html(text: Signal<String>, copy_label: Signal<String>) -> Signal<String> {
    Signal::derive(move || render(&text.get(), &copy_label.get()))
}

/// A message body's HTML, following its text and the copy button's label (see the module's
/// "Where it runs"): empty while it is the server's HTML; each change rendered by the
/// markdown module, the latest change winning. While the module is not here, changed text
/// shows at once as plain paragraphs (a label alone changing keeps the HTML shown), and
/// every body renders when the module arrives.
#[cfg(feature = "hydrate")]
pub fn live_html(text: Signal<String>, copy_label: Signal<String>) -> Signal<String> {
    let hydrating = Owner::current_shared_context().is_some_and(|c| c.during_hydration());
    let html = RwSignal::new(if hydrating { String::new() } else { text.with_untracked(|t| plain_html(t)) });
    // The text and label whose markdown the element shows (the server's, when hydrating).
    let shown = StoredValue::new(hydrating.then(|| (text.get_untracked(), copy_label.get_untracked())));
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        ARRIVED.with(|arrived| arrived.track());
        let wanted = (text.get(), copy_label.get());
        let Some((same, same_text)) = shown.try_with_value(|shown| match shown {
            Some(shown) => (shown == &wanted, shown.0 == wanted.0),
            None => (false, false),
        }) else {
            return;
        };
        if same {
            return;
        }
        if !same_text && MODULE.get() != Module::Loaded {
            html.try_set(plain_html(&wanted.0));
        }
        let Some(n) = latest.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let rendered = from_module(wanted.0.clone(), Some(wanted.1.clone())).await;
            if let Some(rendered) = rendered.filter(|_| latest.try_get_value() == Some(n)) {
                shown.try_set_value(Some(wanted));
                html.try_set(rendered);
            }
        });
    });
    html.into()
}

/// The words of a markdown text without its marks ([`plain_text`]), from the markdown
/// module; the text as it is while the module is not here.
#[cfg(feature = "hydrate")]
pub async fn plain_text_later(text: String) -> String {
    from_module(text.clone(), None).await.unwrap_or(text)
}

/// Fetches the markdown module if it is not here yet.
#[cfg(feature = "hydrate")]
pub fn preload() {
    if MODULE.get() != Module::Loaded {
        leptos::task::spawn_local(async {
            let _ = from_module(String::new(), None).await;
        });
    }
}

/// Where the markdown module stands in this tab.
#[cfg(feature = "hydrate")]
#[derive(Clone, Copy, PartialEq)]
enum Module {
    NotAsked,
    Loading,
    Loaded,
    /// Its fetch failed at this time (ms since the epoch).
    FailedAt(f64),
}

/// After a failed fetch the module is fetched again on its own after 3 s, then 6, 12, … up
/// to a minute; in between, a stream's frames and keystrokes do not fetch it.
#[cfg(feature = "hydrate")]
fn retry_after_ms(failures: u32) -> f64 {
    (3_000.0 * 2f64.powi(failures.saturating_sub(1).min(5) as i32)).min(60_000.0)
}

#[cfg(feature = "hydrate")]
thread_local! {
    static MODULE: std::cell::Cell<Module> = const { std::cell::Cell::new(Module::NotAsked) };
    /// Failed fetches in a row.
    static FAILURES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// Notified when the module has arrived: bodies shown as plain text meanwhile render.
    static ARRIVED: ArcTrigger = ArcTrigger::new();
}

/// [`markdown_module`] if it is here or can be fetched now (one fetch at a time, none while
/// a retry waits); `None` when it is not here (being fetched, or its fetch failed): the
/// caller keeps plain text, and [`ARRIVED`] runs it again once the module is here.
#[cfg(feature = "hydrate")]
async fn from_module(text: String, copy_label: Option<String>) -> Option<String> {
    match MODULE.get() {
        Module::Loaded => {}
        Module::Loading => return None,
        Module::FailedAt(at) if js_sys::Date::now() - at < retry_after_ms(FAILURES.get()) => return None,
        Module::NotAsked | Module::FailedAt(_) => MODULE.set(Module::Loading),
    }
    match markdown_module(text, copy_label).await {
        Ok(out) => {
            FAILURES.set(0);
            if MODULE.replace(Module::Loaded) != Module::Loaded {
                ARRIVED.with(|arrived| arrived.notify());
            }
            Some(out)
        }
        Err(_) => {
            let failures = FAILURES.get() + 1;
            FAILURES.set(failures);
            MODULE.set(Module::FailedAt(js_sys::Date::now()));
            // Try again on its own: what waits for the module renders once it is here.
            set_timeout(
                || {
                    if matches!(MODULE.get(), Module::FailedAt(_)) {
                        MODULE.set(Module::NotAsked);
                        preload();
                    }
                },
                std::time::Duration::from_millis(retry_after_ms(failures) as u64),
            );
            None
        }
    }
}

/// The markdown module: the parser and renderer, split from the bundle (`fallible`: a
/// failed fetch is an `Err`, where by default it would panic and stop the whole app). With
/// a copy label, the HTML of `text`; without one, its plain words.
#[cfg(feature = "hydrate")]
#[leptos::wasm_split::wasm_split(markdown_module, wasm_split_path = ::leptos::wasm_split, fallible)]
fn markdown_module(text: String, copy_label: Option<String>) -> Result<String, leptos::wasm_split::SplitLoaderError> {
    Ok(match copy_label {
        Some(label) => render(&text, &label),
        None => plain_text(&text),
    })
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
    fn before_the_markdown_module_text_shows_as_escaped_paragraphs_in_their_own_direction() {
        let html = plain_html("**مرحبا** <b>x</b>\nسطر ثان\n\nHello there\n\n\n");
        assert_eq!(
            html,
            "<div class=\"md-block\" dir=\"rtl\"><p>**مرحبا** &lt;b&gt;x&lt;/b&gt;<br>سطر ثان</p></div>\
             <div class=\"md-block\" dir=\"ltr\"><p>Hello there</p></div>"
        );
        assert_eq!(plain_html("  \n\n "), "");
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
