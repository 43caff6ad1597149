//! CV to DOCX (WordprocessingML), written by hand: a fixed set of small XML
//! parts zipped into an OPC package. Hand-written because Arabic needs
//! run-level `w:rtl`, which the DOCX crates don't offer.
//!
//! The document is plain paragraphs in reading order (no tables, text boxes or
//! columns), with Word's built-in style names (Title, Subtitle, heading 1,
//! List Bullet), so ATS parsers and screen readers read it as it looks.
//!
//! Right to left, as Word itself writes it:
//! - a paragraph whose own text starts right to left ([`text_dir`], falling back
//!   to the CV's language) gets `<w:bidi/>` and no `w:jc`, so it starts at the
//!   right margin in Word and LibreOffice alike;
//! - each paragraph's text is cut into runs by direction, resolved like the
//!   Unicode bidi algorithm does (digits follow the letters before them,
//!   spaces and punctuation between two scripts take the paragraph's
//!   direction), and the right-to-left runs get `<w:rtl/>`, the Arabic font as
//!   `w:cs`, `w:lang w:bidi` and the complex-script size and weight
//!   (`w:szCs`, `w:bCs`), which are the ones Word uses for them. So an English
//!   company name inside an Arabic line stays a plain left-to-right run.

use super::{date_range, headings, is_rtl_char, text_dir, Cv, CvLang, CvTemplate, TextDir};
use crate::ooxml::{clean, escape, escape_into, lines, resolve, strong, zip_parts, Bidi, XML_DECL};
use crate::DocumentError;

const LATIN_FONT: &str = "Noto Sans";
const ARABIC_FONT: &str = "Noto Sans Arabic";
/// `w:lang`: Latin text is US English, complex-script text Jordanian Arabic.
const LANG: &str = "en-US";
const BIDI_LANG: &str = "ar-JO";
/// Between the items of one line (contact, dates and place, links).
const SEP: &str = " | ";
/// Between a title and its organisation ("role — company").
const DASH: &str = " — ";
/// Between skills.
const DOT: &str = " · ";
/// Line spacing of a paragraph with text in the Arabic font: 0.85 of single.
/// Word and LibreOffice space lines by the font's ascent + descent, which is
/// 2.11 em for Noto Sans Arabic (room for stacked vowel marks) against 1.36 em
/// for Noto Sans, so at the Latin spacing Arabic lines stand half as far apart
/// again (and the sample CV takes two pages instead of one). Checked in
/// LibreOffice: no mark is clipped.
const ARABIC_LINE_SPACING: &str = r#"<w:spacing w:line="204" w:lineRule="auto"/>"#;
/// Left-to-right and right-to-left marks (zero width): see [`join_list`].
const LRM: char = '\u{200E}';
const RLM: char = '\u{200F}';

/// The CV as a .docx package (Office Open XML, readable by Word 2007 and later,
/// LibreOffice, Google Docs and python-docx).
///
/// Empty fields and sections are left out; `cv.template` only changes sizes,
/// spacing and heading colours, and `cv.ats` drops every colour and rule.
pub fn cv_docx(cv: &Cv) -> Result<Vec<u8>, DocumentError> {
    let look = Look::of(cv);
    let mut w = Body::new(cv, look);
    write_content(&mut w, cv);
    let links = std::mem::take(&mut w.links);
    let document = w.finish(cv);

    let parts: [(&str, String); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels(&links)),
        ("word/styles.xml", styles_xml(&look)),
        ("word/numbering.xml", NUMBERING.to_string()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("docProps/core.xml", core_xml(cv)),
        ("docProps/app.xml", APP.to_string()),
    ];
    zip_parts(parts.iter().map(|(name, xml)| (*name, xml.as_bytes())))
        .map_err(|e| DocumentError::Internal(format!("docx package: {e}")))
}

// ---------------------------------------------------------------- content

fn write_content(w: &mut Body, cv: &Cv) {
    let c = &cv.content;
    let h = headings(cv.lang);
    let base = w.base;

    w.para(Style::Title, Dir::Auto, false, vec![Piece::plain(clean(&c.full_name))]);
    w.para(Style::Subtitle, Dir::Auto, false, vec![Piece::plain(clean(&c.headline))]);

    // Contact and links are lists of separate items, not a sentence: they take
    // the CV's direction rather than the first item's.
    let mut contact = Vec::new();
    let email = clean(&c.email);
    if !email.is_empty() {
        let link = mail_target(&email).map(|t| w.link(t));
        contact.push(Piece { text: email, bold: false, link });
    }
    let phone = clean(&c.phone);
    if !phone.is_empty() {
        // Digits and spaces alone in a right-to-left line come out as
        // "4567 123 79 962+"; a leading LRM keeps the number whole.
        let protect = base == TextDir::Rtl && !phone.chars().any(|c| c.is_alphabetic() || is_rtl_char(c));
        contact.push(Piece::plain(if protect { format!("{LRM}{phone}") } else { phone }));
    }
    contact.push(Piece::plain(clean(&c.location)));
    let contact = contact.into_iter().filter(|p| !p.text.is_empty()).map(|p| vec![p]).collect();
    w.para(Style::Contact, Dir::Fixed(base), false, join_list(contact, SEP, base));

    let mut links = Vec::new();
    for l in &c.links {
        let (label, url) = (clean(&l.label), clean(&l.url));
        let mut item = Vec::new();
        if !label.is_empty() {
            item.push(Piece::plain(if url.is_empty() { label } else { format!("{label}: ") }));
        }
        if !url.is_empty() {
            let link = web_target(&url).map(|t| w.link(t));
            item.push(Piece { text: url, bold: false, link });
        }
        if !item.is_empty() {
            links.push(item);
        }
    }
    w.para(Style::Contact, Dir::Fixed(base), false, join_list(links, SEP, base));

    let summary = lines(&c.summary);
    if !summary.is_empty() {
        w.heading(h.summary);
        for line in summary {
            w.para(Style::Normal, Dir::Auto, false, vec![Piece::plain(line)]);
        }
    }

    let mut started = false;
    for e in &c.experience {
        let (role, company) = (clean(&e.role), clean(&e.company));
        let meta = join_text([clean(&e.place), date_range(&e.start, &e.end, e.current, cv.lang)], SEP);
        let bullets: Vec<String> = e.bullets.iter().map(|b| clean(b)).filter(|b| !b.is_empty()).collect();
        if role.is_empty() && company.is_empty() && meta.is_empty() && bullets.is_empty() {
            continue;
        }
        if !started {
            w.heading(h.experience);
            started = true;
        }
        w.para(Style::Entry, Dir::Auto, true, title_line(role, company));
        w.para(Style::Meta, Dir::Auto, !bullets.is_empty(), vec![Piece::plain(meta)]);
        for b in bullets {
            w.para(Style::Bullet, Dir::Auto, false, vec![Piece::plain(b)]);
        }
    }

    let mut started = false;
    for e in &c.education {
        let (degree, school) = (clean(&e.degree), clean(&e.school));
        let meta = join_text([clean(&e.place), date_range(&e.start, &e.end, false, cv.lang)], SEP);
        let details = lines(&e.details);
        if degree.is_empty() && school.is_empty() && meta.is_empty() && details.is_empty() {
            continue;
        }
        if !started {
            w.heading(h.education);
            started = true;
        }
        w.para(Style::Entry, Dir::Auto, true, title_line(degree, school));
        w.para(Style::Meta, Dir::Auto, !details.is_empty(), vec![Piece::plain(meta)]);
        for d in details {
            w.para(Style::Normal, Dir::Auto, false, vec![Piece::plain(d)]);
        }
    }

    let skills: Vec<String> = c.skills.iter().map(|s| clean(s)).filter(|s| !s.is_empty()).collect();
    if !skills.is_empty() {
        w.heading(h.skills);
        let items = skills.into_iter().map(|s| vec![Piece::plain(s)]).collect();
        w.para(Style::Normal, Dir::Fixed(base), false, join_list(items, DOT, base));
    }

    let languages: Vec<_> =
        c.languages.iter().map(|l| (clean(&l.name), l.level)).filter(|(n, _)| !n.is_empty()).collect();
    if !languages.is_empty() {
        w.heading(h.languages);
        for (name, level) in languages {
            let line = vec![Piece::bold(name), Piece::plain(format!("{DASH}{}", level.label(cv.lang)))];
            w.para(Style::Normal, Dir::Auto, false, line);
        }
    }

    let mut started = false;
    for cert in &c.certificates {
        let (name, issuer, year) = (clean(&cert.name), clean(&cert.issuer), clean(&cert.year));
        if name.is_empty() && issuer.is_empty() && year.is_empty() {
            continue;
        }
        if !started {
            w.heading(h.certificates);
            started = true;
        }
        let mut line = title_line(name, issuer);
        if !year.is_empty() {
            line.push(Piece::plain(if line.is_empty() { year } else { format!("{SEP}{year}") }));
        }
        w.para(Style::Normal, Dir::Auto, false, line);
    }
}

/// "**role** — company", either part possibly missing.
fn title_line(title: String, org: String) -> Vec<Piece> {
    let mut line = Vec::new();
    let has_title = !title.is_empty();
    if has_title {
        line.push(Piece::bold(title));
    }
    if !org.is_empty() {
        line.push(Piece::plain(if has_title { format!("{DASH}{org}") } else { org }));
    }
    line
}

/// The items of a list line (contact, links, skills) with `sep` between them,
/// in a paragraph of direction `dir`.
///
/// When an item is written the other way (an email in an Arabic line), the
/// separator starts with a mark of the line's direction (RLM or LRM, zero
/// width) so each item stays in its own place: without it the bidi algorithm
/// joins "sara@example.jo | +962 79 123 4567" into one left-to-right stretch
/// and an Arabic reader meets the phone number first.
fn join_list(items: Vec<Vec<Piece>>, sep: &str, dir: TextDir) -> Vec<Piece> {
    let (own, mark) = match dir {
        TextDir::Ltr => (Bidi::L, LRM),
        TextDir::Rtl => (Bidi::R, RLM),
    };
    let mixed = items.iter().flatten().any(|p| p.text.chars().any(|c| strong(c).is_some_and(|k| k != own)));
    let sep = if mixed { format!(" {mark}{}", sep.trim_start()) } else { sep.to_string() };
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(Piece::plain(sep.clone()));
        }
        out.extend(item);
    }
    out
}

fn join_text<const N: usize>(items: [String; N], sep: &str) -> String {
    items.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(sep)
}

/// A hyperlink target for what the user typed as a link, when it is a plain
/// web address (anything else stays text: Word rejects a file whose link
/// target is not a valid URI).
fn web_target(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let target = if lower.starts_with("https://") || lower.starts_with("http://") {
        url.to_string()
    } else if lower.starts_with("www.") {
        format!("https://{url}")
    } else {
        return None;
    };
    uri_safe(&target).then_some(target)
}

fn mail_target(email: &str) -> Option<String> {
    let target = format!("mailto:{email}");
    (email.contains('@') && uri_safe(&target)).then_some(target)
}

fn uri_safe(s: &str) -> bool {
    s.len() <= 2000
        && s.bytes().all(|b| {
            b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'\\' | b'`' | b'{' | b'}' | b'|' | b'^')
        })
}

// ---------------------------------------------------------------- look

#[derive(Clone, Copy)]
struct Look {
    /// Font sizes in half-points.
    body: u32,
    title: u32,
    subtitle: u32,
    heading: u32,
    entry: u32,
    meta: u32,
    /// Title and heading colour; `None` in ATS mode.
    accent: Option<&'static str>,
    /// Subtitle, contact and date lines; `None` in ATS mode.
    muted: Option<&'static str>,
    link: Option<&'static str>,
    /// A thin rule under each heading.
    rule: bool,
    /// Space before a heading and after a paragraph, in twentieths of a point.
    heading_before: u32,
    after: u32,
    /// Page margins, twentieths of a point.
    margin: u32,
}

impl Look {
    fn of(cv: &Cv) -> Look {
        let mut look = match cv.template {
            CvTemplate::Classic => Look {
                body: 21,
                title: 44,
                subtitle: 26,
                heading: 26,
                entry: 22,
                meta: 19,
                accent: Some("1F3A5F"),
                muted: Some("555555"),
                link: Some("1F4E9A"),
                rule: true,
                heading_before: 280,
                after: 60,
                margin: 1134,
            },
            CvTemplate::Modern => Look {
                body: 21,
                title: 52,
                subtitle: 28,
                heading: 24,
                entry: 22,
                meta: 19,
                accent: Some("0F766E"),
                muted: Some("4B5563"),
                link: Some("0F766E"),
                rule: false,
                heading_before: 320,
                after: 60,
                margin: 1134,
            },
            CvTemplate::Compact => Look {
                body: 19,
                title: 36,
                subtitle: 22,
                heading: 22,
                entry: 20,
                meta: 17,
                accent: Some("111827"),
                muted: Some("555555"),
                link: Some("1F4E9A"),
                rule: true,
                heading_before: 180,
                after: 30,
                margin: 851,
            },
        };
        if cv.ats {
            look.accent = None;
            look.muted = None;
            look.link = None;
            look.rule = false;
        }
        look
    }
}

/// The paragraph styles used (their ids in styles.xml).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Title,
    Subtitle,
    Contact,
    Heading,
    /// "Role — Company", "Degree — School".
    Entry,
    /// Place and dates under an entry.
    Meta,
    Normal,
    Bullet,
}

impl Style {
    fn id(self) -> &'static str {
        match self {
            Style::Title => "Title",
            Style::Subtitle => "Subtitle",
            Style::Contact => "Contact",
            Style::Heading => "Heading1",
            Style::Entry => "Entry",
            Style::Meta => "Meta",
            Style::Normal => "Normal",
            Style::Bullet => "ListBullet",
        }
    }
    fn size(self, look: &Look) -> u32 {
        match self {
            Style::Title => look.title,
            Style::Subtitle => look.subtitle,
            Style::Contact | Style::Meta => look.meta,
            Style::Heading => look.heading,
            Style::Entry => look.entry,
            Style::Normal | Style::Bullet => look.body,
        }
    }
}

// ---------------------------------------------------------------- document.xml

/// A stretch of one paragraph's text with one formatting.
struct Piece {
    text: String,
    bold: bool,
    /// Relationship id of the hyperlink it is.
    link: Option<String>,
}

impl Piece {
    fn plain(text: impl Into<String>) -> Piece {
        Piece { text: text.into(), bold: false, link: None }
    }
    fn bold(text: impl Into<String>) -> Piece {
        Piece { text: text.into(), bold: true, link: None }
    }
}

enum Dir {
    /// From the paragraph's own text ([`text_dir`]), the CV's direction when it has no letter.
    Auto,
    Fixed(TextDir),
}

struct Body {
    look: Look,
    base: TextDir,
    xml: String,
    paragraphs: usize,
    /// (relationship id, external target) of each hyperlink.
    links: Vec<(String, String)>,
}

impl Body {
    fn new(cv: &Cv, look: Look) -> Body {
        let base = if cv.lang.is_rtl() { TextDir::Rtl } else { TextDir::Ltr };
        Body { look, base, xml: String::with_capacity(16 * 1024), paragraphs: 0, links: Vec::new() }
    }

    fn link(&mut self, target: String) -> String {
        let id = format!("rIdLink{}", self.links.len() + 1);
        self.links.push((id.clone(), target));
        id
    }

    fn heading(&mut self, text: &str) {
        self.para(Style::Heading, Dir::Auto, true, vec![Piece::plain(text)]);
    }

    /// One paragraph; nothing when its text is empty.
    fn para(&mut self, style: Style, dir: Dir, keep_next: bool, pieces: Vec<Piece>) {
        let text: String = pieces.iter().map(|p| p.text.as_str()).collect();
        if text.trim().is_empty() {
            return;
        }
        let dir = match dir {
            Dir::Auto => text_dir(&text, self.base),
            Dir::Fixed(d) => d,
        };
        let kinds = resolve(&text, dir);
        let size = style.size(&self.look);
        // Cut each piece where the resolved direction changes, then join
        // neighbours that look the same (as "Rust · TypeScript").
        let mut runs: Vec<Run> = Vec::new();
        let mut at = 0; // char index into `kinds`
        for piece in &pieces {
            for c in piece.text.chars() {
                let kind = kinds[at];
                at += 1;
                match runs.last_mut() {
                    Some(r) if r.kind == kind && r.bold == piece.bold && r.link == piece.link.as_deref() => {
                        r.text.push(c)
                    }
                    _ => runs.push(Run { text: c.to_string(), kind, bold: piece.bold, link: piece.link.as_deref() }),
                }
            }
        }
        // Runs (or the paragraph mark) set in the Arabic font.
        let arabic = dir == TextDir::Rtl || runs.iter().any(|r| r.kind == Bidi::R);
        let x = &mut self.xml;
        x.push_str("<w:p>");
        if style != Style::Normal || keep_next || dir == TextDir::Rtl || arabic {
            x.push_str("<w:pPr>");
            if style != Style::Normal {
                push_val(x, "w:pStyle", style.id());
            }
            if keep_next {
                x.push_str("<w:keepNext/>");
            }
            if dir == TextDir::Rtl {
                x.push_str("<w:bidi/>");
            }
            if arabic {
                x.push_str(ARABIC_LINE_SPACING);
            }
            if dir == TextDir::Rtl {
                // The paragraph mark's own run is right to left too, as Word writes it.
                x.push_str("<w:rPr><w:rtl/></w:rPr>");
            }
            x.push_str("</w:pPr>");
        }
        let mut open_link = None;
        for run in &runs {
            if open_link != run.link {
                if open_link.is_some() {
                    x.push_str("</w:hyperlink>");
                }
                if let Some(id) = run.link {
                    x.push_str(r#"<w:hyperlink r:id=""#);
                    x.push_str(id);
                    x.push_str(r#"" w:history="1">"#);
                }
                open_link = run.link;
            }
            push_run(x, run, size);
        }
        if open_link.is_some() {
            x.push_str("</w:hyperlink>");
        }
        x.push_str("</w:p>");
        self.paragraphs += 1;
    }

    fn finish(mut self, cv: &Cv) -> String {
        if self.paragraphs == 0 {
            self.xml.push_str("<w:p/>"); // Word expects at least one paragraph
        }
        let m = self.look.margin;
        let bidi = if cv.lang.is_rtl() { "<w:bidi/>" } else { "" };
        format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                "\n",
                r#"<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}"#,
                r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>"#,
                r#"<w:pgMar w:top="{m}" w:right="{m}" w:bottom="{m}" w:left="{m}" w:header="567" w:footer="567" w:gutter="0"/>"#,
                r#"<w:cols w:space="708"/>{bidi}<w:docGrid w:linePitch="360"/></w:sectPr>"#,
                "</w:body></w:document>"
            ),
            W = NS_W,
            R = NS_R,
            body = self.xml,
            m = m,
            bidi = bidi,
        )
    }
}

/// A run: text of one direction and one formatting.
struct Run<'a> {
    text: String,
    kind: Bidi,
    bold: bool,
    link: Option<&'a str>,
}

fn push_run(x: &mut String, run: &Run, size: u32) {
    x.push_str("<w:r>");
    let rtl = run.kind == Bidi::R;
    if rtl || run.bold || run.link.is_some() {
        // In schema order: rStyle, rFonts, b, bCs, szCs, rtl, lang.
        x.push_str("<w:rPr>");
        if run.link.is_some() {
            push_val(x, "w:rStyle", "Hyperlink");
        }
        if rtl {
            x.push_str(&format!(r#"<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:cs="{ARABIC_FONT}"/>"#));
        }
        if run.bold {
            x.push_str("<w:b/><w:bCs/>");
        }
        if rtl {
            x.push_str(&format!(r#"<w:szCs w:val="{size}"/><w:rtl/><w:lang w:val="{LANG}" w:bidi="{BIDI_LANG}"/>"#));
        }
        x.push_str("</w:rPr>");
    }
    x.push_str(r#"<w:t xml:space="preserve">"#);
    escape_into(x, &run.text);
    x.push_str("</w:t></w:r>");
}

fn push_val(x: &mut String, element: &str, val: &str) {
    x.push('<');
    x.push_str(element);
    x.push_str(r#" w:val=""#);
    escape_into(x, val);
    x.push_str(r#""/>"#);
}

// ---------------------------------------------------------------- the other parts

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

fn document_rels(links: &[(String, String)]) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str("\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    x.push_str(r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#);
    x.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#);
    x.push_str(r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#);
    for (id, target) in links {
        x.push_str(&format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#,
            escape(target)
        ));
    }
    x.push_str("</Relationships>");
    x
}

fn styles_xml(look: &Look) -> String {
    let color = |c: Option<&str>| c.map(|c| format!(r#"<w:color w:val="{c}"/>"#)).unwrap_or_default();
    let size = |hp: u32| format!(r#"<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>"#);
    let accent = color(look.accent);
    let muted = color(look.muted);
    let rule = match (look.rule, look.accent) {
        (true, Some(c)) => format!(r#"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="{c}"/></w:pBdr>"#),
        _ => String::new(),
    };
    let after = look.after;
    let mut x = String::from(XML_DECL);
    x.push('\n');
    x.push_str(&format!(r#"<w:styles xmlns:w="{NS_W}">"#));
    // Defaults: Latin and complex-script fonts, sizes and languages, so text
    // typed later in Word (in either script) matches the rest.
    x.push_str(&format!(
        concat!(
            r#"<w:docDefaults><w:rPrDefault><w:rPr>"#,
            r#"<w:rFonts w:ascii="{lat}" w:eastAsia="{lat}" w:hAnsi="{lat}" w:cs="{ar}"/>{size}"#,
            r#"<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="{bidi}"/></w:rPr></w:rPrDefault>"#,
            r#"<w:pPrDefault><w:pPr><w:spacing w:after="{after}" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>"#,
            r#"</w:docDefaults>"#
        ),
        lat = LATIN_FONT,
        ar = ARABIC_FONT,
        size = size(look.body),
        lang = LANG,
        bidi = BIDI_LANG,
        after = after,
    ));
    x.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#);
    x.push_str(r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#);
    x.push_str(&format!(
        r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/><w:pPr><w:spacing w:after="40" w:line="240" w:lineRule="auto"/><w:contextualSpacing/></w:pPr><w:rPr><w:b/><w:bCs/>{accent}<w:kern w:val="28"/>{}</w:rPr></w:style>"#,
        size(look.title)
    ));
    x.push_str(&format!(
        r#"<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/><w:pPr><w:spacing w:after="80"/></w:pPr><w:rPr>{muted}{}</w:rPr></w:style>"#,
        size(look.subtitle)
    ));
    x.push_str(&format!(
        r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Contact"><w:name w:val="Contact"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="20"/></w:pPr><w:rPr>{muted}{}</w:rPr></w:style>"#,
        size(look.meta)
    ));
    x.push_str(&format!(
        r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>{rule}<w:spacing w:before="{}" w:after="100"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/>{accent}{}</w:rPr></w:style>"#,
        look.heading_before,
        size(look.heading)
    ));
    x.push_str(&format!(
        r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Entry"><w:name w:val="Entry"/><w:basedOn w:val="Normal"/><w:next w:val="Meta"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="{}" w:after="0"/></w:pPr><w:rPr>{}</w:rPr></w:style>"#,
        look.after * 2,
        size(look.entry)
    ));
    x.push_str(&format!(
        r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Meta"><w:name w:val="Meta"/><w:basedOn w:val="Normal"/><w:next w:val="ListBullet"/><w:qFormat/><w:pPr><w:spacing w:after="{after}"/></w:pPr><w:rPr>{muted}{}</w:rPr></w:style>"#,
        size(look.meta)
    ));
    x.push_str(&format!(
        r#"<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="{}"/><w:ind w:left="360" w:hanging="270"/></w:pPr></w:style>"#,
        after / 2
    ));
    x.push_str(&format!(
        r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr>{}<w:u w:val="single"/></w:rPr></w:style>"#,
        color(look.link)
    ));
    x.push_str("</w:styles>");
    x
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="270"/></w:pPr><w:rPr><w:rFonts w:ascii="Noto Sans" w:hAnsi="Noto Sans" w:cs="Noto Sans" w:hint="default"/></w:rPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:bidi="ar-JO"/></w:settings>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Pulse AI Studio</Application><DocSecurity>0</DocSecurity></Properties>"#;

/// Title and author are the person's name; the language is the CV's.
fn core_xml(cv: &Cv) -> String {
    let name = escape(&clean(&cv.content.full_name));
    let subject = escape(&clean(&cv.content.headline));
    let lang = match cv.lang {
        CvLang::Ar => "ar-JO",
        CvLang::En => "en-US",
    };
    let mut x = String::from(XML_DECL);
    x.push_str(concat!(
        "\n",
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
        r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
    ));
    if !name.is_empty() {
        x.push_str(&format!("<dc:title>{name}</dc:title><dc:creator>{name}</dc:creator>"));
    }
    if !subject.is_empty() {
        x.push_str(&format!("<dc:subject>{subject}</dc:subject>"));
    }
    x.push_str(&format!("<dc:language>{lang}</dc:language></cp:coreProperties>"));
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs `resolve` cuts a paragraph into.
    fn runs(text: &str, para: TextDir) -> Vec<(Bidi, String)> {
        let mut out: Vec<(Bidi, String)> = Vec::new();
        for (c, k) in text.chars().zip(resolve(text, para)) {
            match out.last_mut() {
                Some((last, s)) if *last == k => s.push(c),
                _ => out.push((k, c.to_string())),
            }
        }
        out
    }

    fn r(k: Bidi, s: &str) -> (Bidi, String) {
        (k, s.to_string())
    }

    #[test]
    fn latin_names_in_an_arabic_line_are_their_own_runs() {
        use Bidi::*;
        assert_eq!(
            runs("مهندسة برمجيات — Orange Jordan", TextDir::Rtl),
            vec![r(R, "مهندسة برمجيات — "), r(L, "Orange Jordan")]
        );
        assert_eq!(
            runs("بنسبة 40% باستخدام Rust و WebAssembly", TextDir::Rtl),
            vec![r(R, "بنسبة 40% باستخدام "), r(L, "Rust"), r(R, " و "), r(L, "WebAssembly")]
        );
        // Digits after Latin letters stay with them (W7).
        assert_eq!(runs("Windows 11 و Linux", TextDir::Rtl), vec![r(L, "Windows 11"), r(R, " و "), r(L, "Linux")]);
        assert_eq!(
            runs("Led a team at شركة Orange.", TextDir::Ltr),
            vec![r(L, "Led a team at "), r(R, "شركة"), r(L, " Orange.")]
        );
        // Neutrals-only text takes the paragraph's direction.
        assert_eq!(runs("2014 – 2018", TextDir::Rtl), vec![r(R, "2014 – 2018")]);
        // A leading LRM holds a phone number left to right.
        assert_eq!(runs("\u{200E}+962 79 | عمّان", TextDir::Rtl), vec![r(L, "\u{200E}+962 79"), r(R, " | عمّان")]);
        // Combining marks go with their letter.
        assert_eq!(runs("Cafe\u{301} مقهى", TextDir::Rtl), vec![r(L, "Cafe\u{301}"), r(R, " مقهى")]);
    }

    #[test]
    fn text_is_escaped_and_cleaned() {
        assert_eq!(escape(r#"<a & "b" 'c'>"#), "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;");
        assert_eq!(clean(" a\tb\u{0}c\u{FFFF} "), "a b c");
        assert_eq!(lines("one\n\n two \r\nthree"), vec!["one", "two", "three"]);
    }

    #[test]
    fn only_plain_web_addresses_become_links() {
        assert_eq!(web_target("https://github.com/sara").as_deref(), Some("https://github.com/sara"));
        assert_eq!(web_target("www.example.jo").as_deref(), Some("https://www.example.jo"));
        assert_eq!(web_target("github.com/sara"), None);
        assert_eq!(web_target("https://example.jo/a b"), None);
        assert_eq!(web_target("javascript:alert(1)"), None);
        assert_eq!(mail_target("sara@example.jo").as_deref(), Some("mailto:sara@example.jo"));
    }
}
