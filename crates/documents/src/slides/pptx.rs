//! Deck to PPTX (PresentationML), written by hand like the CV's DOCX: a fixed
//! set of small XML parts plus one part per slide, notes page and picture,
//! zipped into an OPC package that PowerPoint, LibreOffice and python-pptx
//! open as is.
//!
//! The package: one slide master with three layouts ("Title Slide",
//! "Title and Content", "Two Content") whose placeholders the slides use, so
//! titles are real titles (outline view, screen readers, python-pptx's
//! `shapes.title`) and bullets real body text; every shape still carries its
//! own position, so nothing depends on how an application resolves the
//! inheritance. A notes master (with its own theme) and one notes page per
//! slide that has notes. The theme (`ppt/theme/theme1.xml`) holds the deck's
//! colours and its two faces: the Latin face as `a:latin`, the Arabic one as
//! `a:cs` and as the `Arab` script font.
//!
//! The look follows the PDF's template (`templates/deck.typ`): the same grid,
//! sizes, colours and theme decorations (Oasis's bottom bar, Midnight's glows,
//! Desert's frame, Petra's title bars), a body's lead above its bullets, and
//! slide numbers. Sizes are chosen here from an estimate of the text's extent
//! (PowerPoint sets lines 1.2 em apart at 100% whatever the font), the
//! largest at which it fits its box.
//!
//! Right to left, as PowerPoint itself writes it:
//! - a paragraph whose own text starts right to left ([`text_dir`], falling
//!   back to the deck's language when it has no letter) gets `rtl="1"`; its
//!   bullet and indent then sit on the right. Titles, leads and quotes are
//!   aligned to the deck's start side (`algn="r"` in an Arabic deck) or
//!   centred, bullets to their own start side. In an Arabic deck the master,
//!   layouts and notes are right to left too, so text typed later is;
//! - its text is cut into runs by direction as the Unicode bidi algorithm
//!   resolves it ([`crate::ooxml::resolve`]): right-to-left runs are tagged
//!   `lang="ar-JO"` (and set a little larger, as the PDF does, since the
//!   Arabic faces look small), the others `lang="en-US"`, and every run names
//!   both faces (`a:latin`, `a:cs`), so an English name inside an Arabic line
//!   is set in the Latin face and spell-checked as English. Text stays in
//!   logical order; PowerPoint and LibreOffice shape and order it themselves;
//! - mirrored layouts: in an Arabic deck the first column of
//!   [`Layout::TwoColumns`] is on the right, the picture of
//!   [`Layout::ImageText`] on the left, title rules start at the right, slide
//!   numbers sit on the left, and the presentation is marked `rtl="1"`.

use std::collections::BTreeMap;

use super::{text_dir, Deck, DeckImage, Layout, Slide, TextDir, Theme};
use crate::cv::is_rtl_char;
use crate::ooxml::{bidi_runs, clean, escape, escape_into, lines, zip_parts, Bidi, XML_DECL};
use crate::DocumentError;

/// One point in EMU (English Metric Units).
const PT: i64 = 12_700;
/// 16:9, 13.333 × 7.5 inches (960 × 540 points), PowerPoint's default.
const SLIDE_W: i64 = 12_192_000;
const SLIDE_H: i64 = 6_858_000;
/// A portrait notes page, 7.5 × 10 inches.
const NOTES_W: i64 = 6_858_000;
const NOTES_H: i64 = 9_144_000;
/// `lang` of Latin and of right-to-left runs.
const LANG: &str = "en-US";
const BIDI_LANG: &str = "ar-JO";
const BULLET: &str = "•";

const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument";

/// The deck as a .pptx package (16:9, one slide per [`Slide`], speaker notes
/// as notes pages).
///
/// `images` are the pictures slides name by id (PNG or JPEG, recognised by
/// their bytes); an [`Layout::ImageText`] slide whose picture is missing or in
/// another format shows its bullets across the whole width. Empty fields are
/// left out. The same inputs always give the same bytes.
pub fn deck_pptx(deck: &Deck, images: &[DeckImage]) -> Result<Vec<u8>, DocumentError> {
    let look = Look::of(deck);
    let mut media = Media::default();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |name: String, xml: String| parts.push((name, xml.into_bytes()));

    let mut slides = Vec::with_capacity(deck.slides.len());
    let mut notes = 0;
    for (i, slide) in deck.slides.iter().enumerate() {
        let n = i + 1;
        let built = build_slide(&look, n, slide, images, &mut media);
        let mut rels = vec![(format!("{REL}/slideLayout"), format!("../slideLayouts/slideLayout{}.xml", built.layout))];
        for name in &built.pictures {
            rels.push((format!("{REL}/image"), format!("../media/{name}")));
        }
        let note_lines = lines(&slide.notes);
        let has_notes = !note_lines.is_empty();
        if has_notes {
            notes += 1;
            rels.push((format!("{REL}/notesSlide"), format!("../notesSlides/notesSlide{n}.xml")));
            put(format!("ppt/notesSlides/notesSlide{n}.xml"), notes_slide_xml(&look, &note_lines));
            put(
                format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
                rels_xml(&[
                    (format!("{REL}/notesMaster"), "../notesMasters/notesMaster1.xml".into()),
                    (format!("{REL}/slide"), format!("../slides/slide{n}.xml")),
                ]),
            );
        }
        put(format!("ppt/slides/slide{n}.xml"), built.xml);
        put(format!("ppt/slides/_rels/slide{n}.xml.rels"), rels_xml(&rels));
        slides.push(has_notes);
    }

    let mut head: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |name: &str, xml: String| head.push((name.to_string(), xml.into_bytes()));
    put("[Content_Types].xml", content_types(&slides));
    put("_rels/.rels", ROOT_RELS.to_string());
    put("docProps/core.xml", core_xml(deck));
    put("docProps/app.xml", app_xml(slides.len(), notes));
    put("ppt/presentation.xml", presentation_xml(&look, slides.len()));
    put("ppt/_rels/presentation.xml.rels", presentation_rels(slides.len()));
    put("ppt/presProps.xml", PRES_PROPS.to_string());
    put("ppt/viewProps.xml", VIEW_PROPS.to_string());
    put("ppt/tableStyles.xml", TABLE_STYLES.to_string());
    put("ppt/theme/theme1.xml", theme_xml(&look, false));
    put("ppt/theme/theme2.xml", theme_xml(&look, true));
    put("ppt/slideMasters/slideMaster1.xml", master_xml(&look));
    put(
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        rels_xml(&[
            (format!("{REL}/slideLayout"), "../slideLayouts/slideLayout1.xml".into()),
            (format!("{REL}/slideLayout"), "../slideLayouts/slideLayout2.xml".into()),
            (format!("{REL}/slideLayout"), "../slideLayouts/slideLayout3.xml".into()),
            (format!("{REL}/theme"), "../theme/theme1.xml".into()),
        ]),
    );
    for n in 1..=3 {
        put(&format!("ppt/slideLayouts/slideLayout{n}.xml"), layout_xml(&look, n));
        put(
            &format!("ppt/slideLayouts/_rels/slideLayout{n}.xml.rels"),
            rels_xml(&[(format!("{REL}/slideMaster"), "../slideMasters/slideMaster1.xml".into())]),
        );
    }
    put("ppt/notesMasters/notesMaster1.xml", notes_master_xml(&look));
    put(
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        rels_xml(&[(format!("{REL}/theme"), "../theme/theme2.xml".into())]),
    );

    let media_parts = media.files.iter().map(|f| (format!("ppt/media/{}", f.name), f.bytes));
    let all: Vec<(String, &[u8])> =
        head.iter().chain(parts.iter()).map(|(n, b)| (n.clone(), b.as_slice())).chain(media_parts).collect();
    zip_parts(all.iter().map(|(n, b)| (n.as_str(), *b)))
        .map_err(|e| DocumentError::Internal(format!("pptx package: {e}")))
}

// ---------------------------------------------------------------- look

/// The deck's colours, faces, direction and grid, as the PDF template
/// (`templates/deck.typ`) has them, so the PPTX looks like the preview.
struct Look {
    theme: Theme,
    bg: &'static str,
    ink: &'static str,
    accent: &'static str,
    /// Subtitles, leads and slide numbers: ink 70% over the background.
    muted: String,
    /// A pale accent: accent 16% over the background.
    soft: String,
    arabic: &'static str,
    latin: &'static str,
    /// How much larger Arabic is set than Latin at the same size (the Arabic
    /// faces look smaller than their Latin partners; Kufi the least).
    scale: f64,
    /// The Arabic face's average letter width, in em (Kufi is the widest).
    arabic_advance: f64,
    base: TextDir,
    geo: Geo,
}

/// The grid of a content slide, in points: the title area from `top`
/// (`title_h` tall, padded), a gap with the theme's rule, then the body down
/// to `bottom` above the page's edge.
#[derive(Clone, Copy)]
struct Geo {
    top: f64,
    title_h: f64,
    pad_top: f64,
    pad_bottom: f64,
    gap: f64,
    bottom: f64,
}

impl Look {
    fn of(deck: &Deck) -> Look {
        let (arabic, latin) = deck.theme.faces();
        let (bg, ink, accent) = deck.theme.colours();
        // Measured in LibreOffice's rendering of the sample decks.
        let (scale, arabic_advance) = match arabic {
            "Noto Kufi Arabic" => (1.0, 0.6),
            "Noto Naskh Arabic" => (1.16, 0.46),
            _ => (1.1, 0.52),
        };
        let geo = if deck.theme == Theme::Petra {
            Geo { top: 0.0, title_h: 128.0, pad_top: 16.0, pad_bottom: 10.0, gap: 34.0, bottom: 52.0 }
        } else {
            Geo { top: 24.0, title_h: 110.0, pad_top: 10.0, pad_bottom: 0.0, gap: 40.0, bottom: 52.0 }
        };
        Look {
            theme: deck.theme,
            bg,
            ink,
            accent,
            muted: mix(ink, bg, 0.7),
            soft: mix(accent, bg, 0.16),
            arabic,
            latin,
            scale,
            arabic_advance,
            base: if deck.lang.is_rtl() { TextDir::Rtl } else { TextDir::Ltr },
            geo,
        }
    }

    fn rtl(&self) -> bool {
        self.base == TextDir::Rtl
    }

    /// Whether the background is dark (then the theme's "dark 1" is the
    /// background and the colour map swaps, as in PowerPoint's dark themes).
    fn dark(&self) -> bool {
        luminance(self.bg) < luminance(self.ink)
    }

    /// The colour of a content slide's title.
    fn title_colour(&self) -> &'static str {
        match self.theme {
            Theme::Oasis => self.accent,
            Theme::Petra => self.bg,
            Theme::Midnight | Theme::Desert => self.ink,
        }
    }

    /// A content slide's title box.
    fn title_rect(&self) -> Rect {
        let g = self.geo;
        Rect::new(MX, g.top + g.pad_top, INNER_W, g.title_h - g.pad_top - g.pad_bottom)
    }

    /// A content slide's body area.
    fn body_rect(&self) -> Rect {
        let g = self.geo;
        let y = g.top + g.title_h + g.gap;
        Rect::new(MX, y, INNER_W, H - y - g.bottom)
    }
}

fn luminance(rgb: &str) -> u32 {
    let c = |i: usize| u32::from_str_radix(&rgb[i..i + 2], 16).unwrap_or(0);
    2 * c(0) + 7 * c(2) + c(4)
}

/// `a` over `b` at `t` (0 to 1), per sRGB channel.
fn mix(a: &str, b: &str, t: f64) -> String {
    let c = |s: &str, i: usize| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0) as f64;
    (0..3).map(|k| format!("{:02X}", (c(a, 2 * k) * t + c(b, 2 * k) * (1.0 - t)).round() as u8)).collect()
}

/// A box on the slide, in points (960 × 540).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    const fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }
    fn xfrm(self) -> String {
        format!(
            r#"<a:xfrm><a:off x="{}" y="{}"/><a:ext cx="{}" cy="{}"/></a:xfrm>"#,
            emu(self.x),
            emu(self.y),
            emu(self.w).max(0),
            emu(self.h).max(0)
        )
    }
    /// The same box mirrored across the slide's vertical centre when `rtl`.
    fn mirrored(self, rtl: bool) -> Rect {
        if rtl {
            Rect { x: W - self.x - self.w, ..self }
        } else {
            self
        }
    }
}

fn emu(pt: f64) -> i64 {
    (pt * PT as f64).round() as i64
}

/// The page, and its side margins.
const W: f64 = 960.0;
const H: f64 = 540.0;
const MX: f64 = 60.0;
const INNER_W: f64 = W - 2.0 * MX;

// ---------------------------------------------------------------- text

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    /// The deck's start side (right in an Arabic deck) whatever the text.
    Deck,
    /// The paragraph's own start side (where its bullet is).
    Own,
    Centre,
}

/// How the paragraphs of one group look.
#[derive(Clone, Copy)]
struct TextStyle<'a> {
    /// Points (of Latin text; Arabic runs are `Look::scale` larger).
    size: f64,
    bold: bool,
    /// `None`: the colour the master gives (notes pages).
    colour: Option<&'a str>,
    /// The colour's opacity, in thousandths of a percent.
    alpha: u32,
    align: Align,
    bullet: bool,
    /// Line spacing, percent of single (1.2 em); Arabic gets [`ARABIC_LINE`] more.
    line: u32,
    /// Space before each paragraph but the first, points.
    before: f64,
}

/// Extra line spacing (percent) for a right-to-left paragraph with Arabic:
/// room for its dots and marks, as the PDF's taller Arabic leading.
const ARABIC_LINE: u32 = 15;

impl TextStyle<'_> {
    fn plain(size: f64, colour: &str, align: Align, line: u32) -> TextStyle<'_> {
        TextStyle { size, bold: false, colour: Some(colour), alpha: 100_000, align, bullet: false, line, before: 0.0 }
    }
    fn bold(self) -> Self {
        TextStyle { bold: true, ..self }
    }
    fn before(self, before: f64) -> Self {
        TextStyle { before, ..self }
    }
}

/// Paragraphs (`a:p`) of `texts` in `style`; the first has `first_before` points above it.
fn paragraphs(look: &Look, style: TextStyle, texts: &[String], first_before: f64) -> String {
    let mut x = String::new();
    for (i, text) in texts.iter().enumerate() {
        paragraph(&mut x, look, style, text, if i == 0 { first_before } else { style.before });
    }
    x
}

/// The paragraph's direction, whether it is set with Arabic's taller lines
/// and larger size, and its line spacing in percent.
fn para_dir(look: &Look, style: TextStyle, text: &str) -> (TextDir, bool, u32) {
    let dir = text_dir(text, look.base);
    let arabic = dir == TextDir::Rtl && text.chars().any(is_rtl_char);
    (dir, arabic, style.line + if arabic { ARABIC_LINE } else { 0 })
}

fn paragraph(x: &mut String, look: &Look, style: TextStyle, text: &str, before: f64) {
    let (dir, _, line) = para_dir(look, style, text);
    let rtl = dir == TextDir::Rtl;
    x.push_str("<a:p><a:pPr");
    if style.bullet {
        // The bullet hangs in the start margin: on the right when rtl="1".
        let indent = emu(bullet_indent(style.size));
        x.push_str(&format!(r#" marL="{indent}" indent="-{indent}""#));
    } else {
        x.push_str(r#" marL="0" indent="0""#);
    }
    let right = match style.align {
        Align::Centre => None,
        Align::Deck => Some(look.rtl()),
        Align::Own => Some(rtl),
    };
    let algn = match right {
        None => "ctr",
        Some(true) => "r",
        Some(false) => "l",
    };
    x.push_str(&format!(r#" algn="{algn}""#));
    x.push_str(if rtl { r#" rtl="1">"# } else { r#" rtl="0">"# });
    x.push_str(&format!(r#"<a:lnSpc><a:spcPct val="{}"/></a:lnSpc>"#, line * 1000));
    x.push_str(&format!(r#"<a:spcBef><a:spcPts val="{}"/></a:spcBef>"#, (before * 100.0).round() as i64));
    if style.bullet {
        x.push_str(&format!(
            r#"<a:buClr><a:srgbClr val="{}"/></a:buClr><a:buSzPct val="100000"/><a:buFont typeface="{}"/><a:buChar char="{BULLET}"/>"#,
            look.accent,
            escape(look.latin)
        ));
    } else {
        x.push_str("<a:buNone/>");
    }
    x.push_str("</a:pPr>");
    for (kind, run) in bidi_runs(text, dir) {
        x.push_str("<a:r>");
        push_run_props(x, look, style, "a:rPr", kind, rtl);
        x.push_str("<a:t>");
        escape_into(x, &run);
        x.push_str("</a:t></a:r>");
    }
    let end = if rtl { Bidi::R } else { Bidi::L };
    push_run_props(x, look, style, "a:endParaRPr", end, rtl);
    x.push_str("</a:p>");
}

/// `a:rPr` (or `a:endParaRPr`): language by direction, size, weight, colour
/// and both faces, in schema order. Right-to-left runs of a right-to-left
/// paragraph are set `Look::scale` larger (Latin words in them are not).
fn push_run_props(x: &mut String, look: &Look, style: TextStyle, element: &str, kind: Bidi, rtl_para: bool) {
    let (lang, scale) = match kind {
        Bidi::L => (LANG, 1.0),
        Bidi::R => (BIDI_LANG, if rtl_para { look.scale } else { 1.0 }),
    };
    let sz = ((style.size * scale * 100.0).round() as i64).clamp(100, 400_000);
    x.push_str(&format!(r#"<{element} lang="{lang}" sz="{sz}""#));
    if style.bold {
        x.push_str(r#" b="1""#);
    }
    x.push_str(r#" dirty="0">"#);
    if let Some(c) = style.colour {
        x.push_str(&fill_xml(Some((c, style.alpha))));
    }
    x.push_str(&format!(r#"<a:latin typeface="{}"/><a:cs typeface="{}"/>"#, escape(look.latin), escape(look.arabic)));
    x.push_str(&format!("</{element}>"));
}

/// The hanging indent of a bullet: the marker and a gap.
fn bullet_indent(size: f64) -> f64 {
    (size * 1.1).max(14.0)
}

/// About how tall `texts` are in `style` in a box `width` wide: a rough
/// estimate of glyph widths, lines 1.2 em apart at 100% as PowerPoint spaces
/// them whatever the font (LibreOffice too, for a PPTX), and the space
/// between paragraphs. `first_before` is the space above the first.
fn measure(look: &Look, texts: &[String], width: f64, style: TextStyle, first_before: f64) -> f64 {
    let width = width - if style.bullet { bullet_indent(style.size) } else { 0.0 };
    let mut height = 0.0;
    for (i, t) in texts.iter().enumerate() {
        let (_, arabic, line) = para_dir(look, style, t);
        let scale = |c: char| if arabic && !c.is_ascii_alphabetic() { look.scale } else { 1.0 };
        let em: f64 = t.chars().map(|c| advance(look, c) * scale(c)).sum::<f64>() * if style.bold { 1.12 } else { 1.0 };
        // Words don't break: allow a little slack per line.
        let lines = (em * style.size / (width * 0.94)).ceil().max(1.0);
        let size = style.size * if arabic { look.scale } else { 1.0 };
        height += lines * size * 1.2 * line as f64 / 100.0;
        height += if i == 0 { first_before } else { style.before };
    }
    height
}

/// A character's rough advance, in em.
fn advance(look: &Look, c: char) -> f64 {
    match c {
        ' ' => 0.26,
        c if is_rtl_char(c) => look.arabic_advance,
        c if c.is_uppercase() || c.is_ascii_digit() => 0.66,
        c if c.is_alphabetic() => 0.55,
        _ => 0.4,
    }
}

/// The first of `sizes` (largest first) whose text is at most `height`
/// tall by `measure`; the last when none is. Boxes of bullets also carry
/// `normAutofit`, so an application that measures can still shrink them.
fn fit(sizes: &[f64], height: f64, measure: impl Fn(f64) -> f64) -> f64 {
    sizes.iter().copied().find(|&s| measure(s) <= height).unwrap_or(*sizes.last().unwrap())
}

/// The sizes tried for each kind of text, largest first (the PDF's).
const BODY_SIZES: &[f64] = &[28.0, 26.0, 24.0, 22.0, 20.0, 18.0, 16.0, 15.0, 14.0, 13.0, 12.0];
const TITLE_SIZES: &[f64] = &[42.0, 38.0, 34.0, 30.0, 26.0, 22.0, 19.0, 16.0];
const CTR_TITLE_SIZES: &[f64] = &[64.0, 58.0, 52.0, 46.0, 40.0, 34.0, 28.0, 24.0];
const SUBTITLE_SIZES: &[f64] = &[30.0, 27.0, 24.0, 21.0, 18.0, 16.0, 14.0];
const QUOTE_SIZES: &[f64] = &[40.0, 36.0, 32.0, 28.0, 25.0, 22.0, 20.0, 18.0, 16.0, 14.0];
const SECTION_SIZES: &[f64] = &[54.0, 48.0, 42.0, 36.0, 30.0, 26.0, 22.0];
const SECTION_LINE_SIZES: &[f64] = &[26.0, 24.0, 22.0, 20.0, 18.0, 16.0, 14.0];

/// Line spacing (percent, Latin) of titles, of body text, of quotes.
const TITLE_LINE: u32 = 100;
const BODY_LINE: u32 = 115;
const QUOTE_LINE: u32 = 110;

// ---------------------------------------------------------------- shapes

/// A placeholder a slide's text box stands for.
#[derive(Clone, Copy)]
enum Ph {
    Title,
    CtrTitle,
    SubTitle,
    /// A body placeholder: `idx` 1, or 2 for a second column.
    Body(u32),
}

impl Ph {
    fn xml(self) -> String {
        match self {
            Ph::Title => r#"<p:ph type="title"/>"#.into(),
            Ph::CtrTitle => r#"<p:ph type="ctrTitle"/>"#.into(),
            Ph::SubTitle => r#"<p:ph type="subTitle" idx="1"/>"#.into(),
            Ph::Body(idx) => format!(r#"<p:ph type="body" idx="{idx}"/>"#),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Ph::Title | Ph::CtrTitle => "Title",
            Ph::SubTitle => "Subtitle",
            Ph::Body(_) => "Content",
        }
    }
}

/// A shape's fill: a colour and its opacity in thousandths of a percent.
type Fill<'a> = Option<(&'a str, u32)>;

fn solid(colour: &str) -> Fill<'_> {
    Some((colour, 100_000))
}

fn fill_xml(fill: Fill) -> String {
    match fill {
        None => "<a:noFill/>".into(),
        Some((c, 100_000)) => format!(r#"<a:solidFill><a:srgbClr val="{c}"/></a:solidFill>"#),
        Some((c, alpha)) => {
            format!(r#"<a:solidFill><a:srgbClr val="{c}"><a:alpha val="{alpha}"/></a:srgbClr></a:solidFill>"#)
        }
    }
}

/// The shapes of one slide (`p:spTree`'s children), with their ids.
struct Shapes {
    xml: String,
    next: u32,
}

impl Shapes {
    fn new() -> Shapes {
        Shapes { xml: String::new(), next: 2 }
    }

    fn id(&mut self) -> u32 {
        let id = self.next;
        self.next += 1;
        id
    }

    /// A text box at `r`: a placeholder, or a plain text box with `ph` `None`.
    /// `anchor` is `t`, `ctr` or `b`. Sizes are chosen to fit ([`fit`]);
    /// with `autofit` (bullet lists) it also shrinks on overflow when edited
    /// later. Not the others: LibreOffice spreads an autofit box's lines.
    fn text(&mut self, ph: Option<Ph>, r: Rect, anchor: &str, autofit: bool, paragraphs: &str) {
        let id = self.id();
        let (name, locks, nv_pr, geom) = match ph {
            Some(ph) => (ph.name(), r#"<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>"#, ph.xml(), ""),
            None => (
                "TextBox",
                r#"<p:cNvSpPr txBox="1"/>"#,
                String::new(),
                r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>"#,
            ),
        };
        self.xml.push_str(&format!(
            concat!(
                r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name} {n}"/>{locks}<p:nvPr>{nv_pr}</p:nvPr></p:nvSpPr>"#,
                r#"<p:spPr>{xfrm}{geom}</p:spPr>"#,
                r#"<p:txBody><a:bodyPr vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}" anchorCtr="0">{autofit}</a:bodyPr>"#,
                r#"<a:lstStyle/>{paragraphs}</p:txBody></p:sp>"#
            ),
            id = id,
            name = name,
            n = id - 1,
            locks = locks,
            nv_pr = nv_pr,
            xfrm = r.xfrm(),
            geom = geom,
            anchor = anchor,
            autofit = if autofit { "<a:normAutofit/>" } else { "" },
            paragraphs = paragraphs,
        ));
    }

    /// A shape without text: `prst` a preset geometry (`rect`, `ellipse`,
    /// `diamond`, `roundRect` with corners of `radius` points), filled and/or outlined.
    fn shape(&mut self, prst: &str, radius: f64, r: Rect, fill: Fill, outline: Option<(&str, f64)>) {
        let id = self.id();
        let line = match outline {
            None => "<a:ln><a:noFill/></a:ln>".to_string(),
            Some((c, w)) => format!(r#"<a:ln w="{}"><a:solidFill><a:srgbClr val="{c}"/></a:solidFill></a:ln>"#, emu(w)),
        };
        self.xml.push_str(&format!(
            concat!(
                r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="Shape {n}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>"#,
                r#"<p:spPr>{xfrm}{geom}{fill}{line}</p:spPr></p:sp>"#
            ),
            id = id,
            n = id - 1,
            xfrm = r.xfrm(),
            geom = geometry(prst, radius, r),
            fill = fill_xml(fill),
            line = line,
        ));
    }

    fn rect(&mut self, r: Rect, colour: &str) {
        self.shape("rect", 0.0, r, solid(colour), None);
    }

    /// A picture with rounded corners, its bytes in the slide's relationship `rid`.
    fn picture(&mut self, r: Rect, rid: &str, descr: &str) {
        let id = self.id();
        self.xml.push_str(&format!(
            concat!(
                r#"<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Picture {n}" descr="{descr}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>"#,
                r#"<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>"#,
                r#"<p:spPr>{xfrm}{geom}</p:spPr></p:pic>"#
            ),
            id = id,
            n = id - 1,
            descr = escape(descr),
            rid = rid,
            xfrm = r.xfrm(),
            geom = geometry("roundRect", 6.0, r),
        ));
    }
}

/// `a:prstGeom`; a `roundRect`'s corner radius is a share of its shorter side.
fn geometry(prst: &str, radius: f64, r: Rect) -> String {
    if prst == "roundRect" {
        let adj = (radius / r.w.min(r.h).max(1.0) * 100_000.0).round().min(50_000.0) as i64;
        format!(r#"<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {adj}"/></a:avLst></a:prstGeom>"#)
    } else {
        format!(r#"<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>"#)
    }
}

// ---------------------------------------------------------------- slides

/// One slide's XML, its layout (1 to 3) and the media files it shows (in
/// relationship order, from `rId2`).
struct BuiltSlide {
    xml: String,
    layout: u32,
    pictures: Vec<String>,
}

/// The pictures of the package, each once however many slides show it.
#[derive(Default)]
struct Media<'a> {
    files: Vec<MediaFile<'a>>,
    by_id: BTreeMap<&'a str, usize>,
}

struct MediaFile<'a> {
    name: String,
    bytes: &'a [u8],
}

impl<'a> Media<'a> {
    /// The media file name of `image`, added when first seen; `None` when its
    /// bytes are neither PNG nor JPEG.
    fn add(&mut self, image: &'a DeckImage) -> Option<String> {
        if let Some(&i) = self.by_id.get(image.id.as_str()) {
            return Some(self.files[i].name.clone());
        }
        let ext = image_ext(&image.bytes)?;
        let name = format!("image{}.{ext}", self.files.len() + 1);
        self.by_id.insert(&image.id, self.files.len());
        self.files.push(MediaFile { name: name.clone(), bytes: &image.bytes });
        Some(name)
    }
}

/// `png` or `jpeg` from the file's signature (what the package declares must
/// be what the bytes are, whatever the upload claimed).
fn image_ext(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpeg")
    } else {
        None
    }
}

/// The largest box of the picture's aspect ratio inside `area`, at its top
/// (level with the first line of text beside it), centred across.
fn fit_picture(area: Rect, width: u32, height: u32) -> Rect {
    let (w, h) = if width == 0 || height == 0 { (4.0, 3.0) } else { (width as f64, height as f64) };
    let scale = (area.w / w).min(area.h / h);
    let (fw, fh) = (w * scale, h * scale);
    Rect::new(area.x + (area.w - fw) / 2.0, area.y, fw, fh)
}

/// A slide's text, cleaned: one-line fields trimmed, multi-line ones as their
/// lines, blank entries dropped.
struct Texts {
    title: Vec<String>,
    body: Vec<String>,
    bullets: Vec<String>,
    bullets2: Vec<String>,
}

impl Texts {
    fn of(slide: &Slide) -> Texts {
        let items = |v: &[String]| v.iter().map(|b| clean(b)).filter(|b| !b.is_empty()).collect();
        let title = clean(&slide.title);
        Texts {
            title: if title.is_empty() { vec![] } else { vec![title] },
            body: lines(&slide.body),
            bullets: items(&slide.bullets),
            bullets2: items(&slide.bullets2),
        }
    }
}

fn build_slide<'a>(
    look: &Look,
    number: usize,
    slide: &Slide,
    images: &'a [DeckImage],
    media: &mut Media<'a>,
) -> BuiltSlide {
    let mut s = Shapes::new();
    let mut pictures = Vec::new();
    let t = Texts::of(slide);
    backdrop(look, &mut s, slide.layout);
    let layout = match slide.layout {
        Layout::Title => {
            title_slide(look, &mut s, &t);
            1
        }
        Layout::Bullets => {
            content_title(look, &mut s, &t.title);
            bullets_body(look, &mut s, look.body_rect(), &t.body, &t.bullets);
            2
        }
        Layout::TwoColumns => {
            content_title(look, &mut s, &t.title);
            two_columns(look, &mut s, &t);
            3
        }
        Layout::ImageText => {
            content_title(look, &mut s, &t.title);
            let image = slide.image.as_deref().and_then(|id| images.iter().find(|i| i.id == id));
            match image.and_then(|i| Some((i, media.add(i)?))) {
                Some((image, name)) => {
                    // Bullets at the deck's start, the picture at its end
                    // (left in Arabic, right in English).
                    let body = look.body_rect();
                    let pic_w = body.w * 0.44;
                    let text = Rect { w: body.w - pic_w - 40.0, ..body }.mirrored(look.rtl());
                    let area = Rect { x: body.x + body.w - pic_w, w: pic_w, ..body }.mirrored(look.rtl());
                    let rid = format!("rId{}", pictures.len() + 2);
                    s.picture(fit_picture(area, image.width, image.height), &rid, t.title.first().map_or("", |t| t));
                    pictures.push(name);
                    bullets_body(look, &mut s, text, &t.body, &t.bullets);
                }
                None => bullets_body(look, &mut s, look.body_rect(), &t.body, &t.bullets),
            }
            2
        }
        Layout::Quote => {
            quote_slide(look, &mut s, &t);
            2
        }
        Layout::Section => {
            section_slide(look, &mut s, &t);
            2
        }
    };
    if slide.layout != Layout::Title {
        slide_number(look, &mut s, number);
    }
    let xml = format!(
        concat!(
            "{decl}\n",
            r#"<p:sld xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}"><p:cSld>{bg}<p:spTree>{group}{shapes}</p:spTree></p:cSld>"#,
            r#"<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"#
        ),
        decl = XML_DECL,
        A = NS_A,
        R = NS_R,
        P = NS_P,
        bg = background(look.bg),
        group = GROUP,
        shapes = s.xml,
    );
    BuiltSlide { xml, layout, pictures }
}

/// What every slide of a theme has behind it, by layout.
fn backdrop(look: &Look, s: &mut Shapes, layout: Layout) {
    let rtl = look.rtl();
    if layout == Layout::Section {
        s.rect(SECTION_BAND, look.accent);
        if look.theme == Theme::Desert {
            s.rect(Rect::new(0.0, SECTION_BAND.y + 8.0, W, 0.5), look.bg);
            s.rect(Rect::new(0.0, SECTION_BAND.y + SECTION_BAND.h - 8.5, W, 0.5), look.bg);
        }
    }
    match look.theme {
        Theme::Oasis => {
            if layout == Layout::Title {
                s.rect(Rect::new(0.0, H - 26.0, W, 26.0), look.accent);
                s.rect(Rect::new(0.0, H - 34.0, W, 8.0), &look.soft);
            } else {
                s.rect(Rect::new(0.0, H - 7.0, W, 7.0), look.accent);
            }
        }
        Theme::Midnight => {
            // Soft glows off the top corner at the deck's end (and, on the
            // title slide, the bottom one at its start).
            let glow = Some((look.accent, 7_000));
            s.shape("ellipse", 0.0, Rect::new(W - 350.0, -190.0, 500.0, 500.0).mirrored(rtl), glow, None);
            s.shape("ellipse", 0.0, Rect::new(W - 200.0, -60.0, 240.0, 240.0).mirrored(rtl), glow, None);
            if layout == Layout::Title {
                s.shape("ellipse", 0.0, Rect::new(-110.0, 230.0, 460.0, 460.0).mirrored(rtl), glow, None);
            }
        }
        Theme::Desert => {
            // A double frame.
            s.shape("rect", 0.0, Rect::new(16.0, 16.0, W - 32.0, H - 32.0), None, Some((look.accent, 1.2)));
            s.shape("rect", 0.0, Rect::new(21.0, 21.0, W - 42.0, H - 42.0), None, Some((look.accent, 0.4)));
        }
        Theme::Petra => match layout {
            Layout::Title => s.rect(Rect::new(0.0, 0.0, W, H), look.accent),
            Layout::Section | Layout::Quote => s.rect(Rect::new(0.0, 0.0, W, 14.0), look.accent),
            _ => s.rect(Rect::new(0.0, 0.0, W, look.geo.top + look.geo.title_h), look.accent),
        },
    }
}

/// A content slide's title (at the bottom of its area, centred in Petra's
/// bar) and the theme's rule under it.
fn content_title(look: &Look, s: &mut Shapes, title: &[String]) {
    let g = look.geo;
    let rule_y = g.top + g.title_h + 14.0;
    match look.theme {
        Theme::Oasis | Theme::Midnight => {
            let rule = Rect::new(MX, rule_y, 64.0, 4.5).mirrored(look.rtl());
            s.shape("roundRect", 2.0, rule, solid(look.accent), None);
        }
        Theme::Desert => {
            s.rect(Rect::new(MX, rule_y, INNER_W, 1.2), look.accent);
            s.rect(Rect::new(MX, rule_y + 4.0, INNER_W, 0.5), look.accent);
        }
        Theme::Petra => {}
    }
    if title.is_empty() {
        return;
    }
    let r = look.title_rect();
    let style = TextStyle::plain(0.0, look.title_colour(), Align::Deck, TITLE_LINE).bold();
    let size = fit(TITLE_SIZES, r.h, |size| measure(look, title, r.w, TextStyle { size, ..style }, 0.0));
    let anchor = if look.theme == Theme::Petra { "ctr" } else { "b" };
    s.text(Some(Ph::Title), r, anchor, false, &paragraphs(look, TextStyle { size, ..style }, title, 0.0));
}

/// The styles of a body's lead (muted, a little larger) and bullets at `size`.
fn body_styles(look: &Look, size: f64) -> (TextStyle<'_>, TextStyle<'_>) {
    let lead = TextStyle::plain(size * 1.05, &look.muted, Align::Deck, BODY_LINE).before(size * 0.4);
    let gutter = if size >= 20.0 { 0.7 } else { 0.5 };
    let bullets =
        TextStyle { bullet: true, ..TextStyle::plain(size, look.ink, Align::Own, BODY_LINE) }.before(size * gutter);
    (lead, bullets)
}

/// A content slide's `body` (a short lead) and bullets in one box at `r`,
/// at the largest size at which both fit.
fn bullets_body(look: &Look, s: &mut Shapes, r: Rect, lead: &[String], bullets: &[String]) {
    if lead.is_empty() && bullets.is_empty() {
        return;
    }
    let height = |size: f64| {
        let (l, b) = body_styles(look, size);
        let gap = if lead.is_empty() { 0.0 } else { size * 0.9 };
        measure(look, lead, r.w, l, 0.0) + measure(look, bullets, r.w, b, gap)
    };
    let size = fit(BODY_SIZES, r.h, height);
    let (l, b) = body_styles(look, size);
    let gap = if lead.is_empty() { 0.0 } else { size * 0.9 };
    let xml = paragraphs(look, l, lead, 0.0) + &paragraphs(look, b, bullets, gap);
    s.text(Some(Ph::Body(1)), r, "t", !bullets.is_empty(), &xml);
}

/// Two lists side by side, the first at the deck's start (right in Arabic),
/// in one size, a hairline between them, the lead above both.
fn two_columns(look: &Look, s: &mut Shapes, t: &Texts) {
    let body = look.body_rect();
    let gutter = 30.0;
    let col_w = (body.w - 2.0 * gutter - 0.8) / 2.0;
    let heights = |size: f64| {
        let (l, b) = body_styles(look, size);
        let lead = if t.body.is_empty() { 0.0 } else { measure(look, &t.body, body.w, l, 0.0) + size * 0.9 };
        let cols = measure(look, &t.bullets, col_w, b, 0.0).max(measure(look, &t.bullets2, col_w, b, 0.0));
        (lead, cols)
    };
    let size = fit(BODY_SIZES, body.h, |size| {
        let (lead, cols) = heights(size);
        lead + cols
    });
    let (l, b) = body_styles(look, size);
    let (lead_h, cols_h) = heights(size);
    if !t.body.is_empty() {
        let r = Rect { h: lead_h, ..body };
        s.text(None, r, "t", false, &paragraphs(look, l, &t.body, 0.0));
    }
    let top = body.y + lead_h;
    let h = body.y + body.h - top;
    if !t.bullets.is_empty() && !t.bullets2.is_empty() {
        let hairline = Rect::new(body.x + col_w + gutter, top, 0.8, cols_h.min(h));
        let colour =
            if look.theme == Theme::Midnight { Some((look.muted.as_str(), 50_000)) } else { solid(&look.soft) };
        s.shape("rect", 0.0, hairline, colour, None);
    }
    let first = Rect::new(body.x, top, col_w, h).mirrored(look.rtl());
    let second = Rect::new(body.x + body.w - col_w, top, col_w, h).mirrored(look.rtl());
    for (ph, r, items) in [(Ph::Body(1), first, &t.bullets), (Ph::Body(2), second, &t.bullets2)] {
        if !items.is_empty() {
            s.text(Some(ph), r, "t", true, &paragraphs(look, b, items, 0.0));
        }
    }
}

/// The deck's opening slide: a large centred title, a rule, `body` as the
/// subtitle, the group centred on the page.
fn title_slide(look: &Look, s: &mut Shapes, t: &Texts) {
    let (title_fill, sub_fill, rule_fill) = match look.theme {
        Theme::Oasis => (look.accent, look.muted.as_str(), look.accent),
        Theme::Midnight | Theme::Desert => (look.ink, look.accent, look.accent),
        Theme::Petra => (look.bg, look.bg, look.bg),
    };
    let (x, w) = (100.0, 760.0);
    let title_style = TextStyle::plain(0.0, title_fill, Align::Centre, 95).bold();
    let title_size =
        fit(CTR_TITLE_SIZES, 230.0, |size| measure(look, &t.title, w, TextStyle { size, ..title_style }, 0.0));
    let title_style = TextStyle { size: title_size, ..title_style };
    let sub_style = TextStyle::plain(0.0, sub_fill, Align::Centre, BODY_LINE);
    let sub_size = fit(SUBTITLE_SIZES, 110.0, |size| {
        measure(look, &t.body, w, TextStyle { size, before: size * 0.35, ..sub_style }, 0.0)
    });
    let sub_style = TextStyle { size: sub_size, before: sub_size * 0.35, ..sub_style };
    let title_h = if t.title.is_empty() { 0.0 } else { measure(look, &t.title, w, title_style, 0.0) };
    let sub_h = if t.body.is_empty() { 0.0 } else { measure(look, &t.body, w, sub_style, 0.0) };
    let both = !t.title.is_empty() && !t.body.is_empty();
    let rule_h = if both { 26.0 + 5.0 + 26.0 } else { 0.0 };
    // Centred between 30 pt from the top and 60 pt from the bottom.
    let mut y = 30.0 + ((H - 90.0) - (title_h + rule_h + sub_h)) / 2.0;
    if !t.title.is_empty() {
        let r = Rect::new(x, y, w, title_h);
        s.text(Some(Ph::CtrTitle), r, "b", false, &paragraphs(look, title_style, &t.title, 0.0));
        y += title_h;
    }
    if both {
        if look.theme == Theme::Desert {
            // A diamond between two thin lines.
            let mid = y + 26.0 + 2.5;
            s.rect(Rect::new(W / 2.0 - 110.0, mid - 0.4, 96.5, 0.8), rule_fill);
            s.rect(Rect::new(W / 2.0 + 13.5, mid - 0.4, 96.5, 0.8), rule_fill);
            s.shape("diamond", 0.0, Rect::new(W / 2.0 - 5.0, mid - 5.0, 10.0, 10.0), solid(rule_fill), None);
        } else {
            s.shape("roundRect", 2.5, Rect::new(W / 2.0 - 45.0, y + 26.0, 90.0, 5.0), solid(rule_fill), None);
        }
        y += rule_h;
    }
    if !t.body.is_empty() {
        let r = Rect::new(x, y, w, sub_h.max(110.0));
        s.text(Some(Ph::SubTitle), r, "t", false, &paragraphs(look, sub_style, &t.body, 0.0));
    }
}

/// `body` as a large quote under a big quotation mark, `title` (who said it)
/// under it, both from the deck's start side.
fn quote_slide(look: &Look, s: &mut Shapes, t: &Texts) {
    let first = t.body.first().map_or(look.base, |p| text_dir(p, look.base));
    let (mark, mark_x) = match first {
        TextDir::Rtl => ("\u{201D}", W - MX - 110.0),
        TextDir::Ltr => ("\u{201C}", MX),
    };
    // At 80% opacity, as in the PDF.
    let mark_style = TextStyle { alpha: 80_000, ..TextStyle::plain(150.0, look.accent, Align::Own, 100).bold() };
    let mut mark_xml = String::new();
    paragraph(&mut mark_xml, look, mark_style, mark, 0.0);
    s.text(None, Rect::new(mark_x, 22.0, 110.0, 180.0), "t", false, &mark_xml);

    let area = Rect::new(MX + 70.0, 110.0, INNER_W - 140.0, H - 110.0 - 56.0);
    let quote = TextStyle::plain(0.0, look.ink, Align::Deck, QUOTE_LINE);
    let by = TextStyle::plain(0.0, look.accent, Align::Deck, TITLE_LINE).bold();
    let styles = |size: f64| {
        (TextStyle { size, before: size * 0.5, ..quote }, TextStyle { size: (size * 0.55).max(14.0), ..by })
    };
    let heights = |size: f64| {
        let (q, b) = styles(size);
        let quote_h = measure(look, &t.body, area.w, q, 0.0);
        let by_h = if t.title.is_empty() { 0.0 } else { b.size * 1.2 + measure(look, &t.title, area.w, b, 0.0) };
        (quote_h, by_h)
    };
    let size = fit(QUOTE_SIZES, area.h, |size| {
        let (q, b) = heights(size);
        q + b
    });
    let (q, b) = styles(size);
    let (quote_h, _) = heights(size);
    if !t.body.is_empty() {
        s.text(Some(Ph::Body(1)), Rect { h: quote_h, ..area }, "t", false, &paragraphs(look, q, &t.body, 0.0));
    }
    if !t.title.is_empty() {
        let y = area.y + quote_h + b.size * 1.2;
        let r = Rect::new(area.x, y, area.w, (area.y + area.h - y).max(b.size * 1.5));
        s.text(Some(Ph::Title), r, "t", false, &paragraphs(look, b, &t.title, 0.0));
    }
}

/// The accent band of a section slide, across the page.
const SECTION_BAND: Rect = Rect::new(0.0, 150.0, W, 170.0);

/// The title on the accent band, `body` under it.
fn section_slide(look: &Look, s: &mut Shapes, t: &Texts) {
    if !t.title.is_empty() {
        let r = Rect::new(MX, SECTION_BAND.y + 18.0, INNER_W, SECTION_BAND.h - 36.0);
        let style = TextStyle::plain(0.0, look.bg, Align::Deck, TITLE_LINE).bold();
        let size = fit(SECTION_SIZES, r.h, |size| measure(look, &t.title, r.w, TextStyle { size, ..style }, 0.0));
        s.text(Some(Ph::Title), r, "ctr", false, &paragraphs(look, TextStyle { size, ..style }, &t.title, 0.0));
    }
    if !t.body.is_empty() {
        let y = SECTION_BAND.y + SECTION_BAND.h + 26.0;
        let r = Rect::new(MX, y, INNER_W, H - y - 56.0);
        let style = TextStyle::plain(0.0, &look.muted, Align::Deck, BODY_LINE);
        let styled = |size: f64| TextStyle { size, before: size * 0.4, ..style };
        let size = fit(SECTION_LINE_SIZES, r.h, |size| measure(look, &t.body, r.w, styled(size), 0.0));
        s.text(Some(Ph::Body(1)), r, "t", false, &paragraphs(look, styled(size), &t.body, 0.0));
    }
}

/// The slide's number, small, at the bottom on the deck's end side (a
/// slide-number field, so it follows when slides are moved).
fn slide_number(look: &Look, s: &mut Shapes, number: usize) {
    let bottom = H - if look.theme == Theme::Desert { 32.0 } else { 22.0 };
    let r = Rect::new(W - MX - 60.0, bottom - 16.0, 60.0, 16.0).mirrored(look.rtl());
    let algn = if look.rtl() { "l" } else { "r" };
    let xml = format!(
        concat!(
            r#"<a:p><a:pPr marL="0" indent="0" algn="{algn}" rtl="0"><a:buNone/></a:pPr>"#,
            r#"<a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum"><a:rPr lang="{lang}" sz="1200" dirty="0">"#,
            r#"<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:latin typeface="{latin}"/><a:cs typeface="{latin}"/></a:rPr>"#,
            r#"<a:t>{number}</a:t></a:fld><a:endParaRPr lang="{lang}" sz="1200" dirty="0"/></a:p>"#
        ),
        algn = algn,
        lang = LANG,
        colour = look.muted,
        latin = escape(look.latin),
        number = number,
    );
    s.text(None, r, "b", false, &xml);
}

/// A slide's own background fill.
fn background(rgb: &str) -> String {
    format!(r#"<p:bg><p:bgPr><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>"#)
}

/// The shape tree's own group properties.
const GROUP: &str = concat!(
    r#"<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>"#,
    r#"<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>"#
);

// ---------------------------------------------------------------- notes

fn notes_slide_xml(look: &Look, notes: &[String]) -> String {
    let style = TextStyle {
        size: 12.0,
        bold: false,
        colour: None,
        alpha: 100_000,
        align: Align::Own,
        bullet: false,
        line: 100,
        before: 0.0,
    };
    format!(
        concat!(
            "{decl}\n",
            r#"<p:notes xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}"><p:cSld><p:spTree>{group}"#,
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr>"#,
            r#"<p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>"#,
            r#"<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>"#,
            r#"<p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/>"#,
            r#"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody></p:sp>"#,
            r#"</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"#
        ),
        decl = XML_DECL,
        A = NS_A,
        R = NS_R,
        P = NS_P,
        group = GROUP,
        paragraphs = paragraphs(look, style, notes, 0.0),
    )
}

fn notes_master_xml(look: &Look) -> String {
    let e = |pt: f64| (pt * PT as f64).round() as i64;
    // The slide's picture across the top half, the notes under it.
    let img_w = NOTES_W - 2 * e(54.0);
    let img_h = img_w * SLIDE_H / SLIDE_W;
    let (img_x, img_y) = (e(54.0), e(72.0));
    let body_y = img_y + img_h + e(28.0);
    let body_h = NOTES_H - body_y - e(72.0);
    let (algn, rtl) = if look.rtl() { ("r", "1") } else { ("l", "0") };
    format!(
        concat!(
            "{decl}\n",
            r#"<p:notesMaster xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}"><p:cSld>"#,
            r#"<p:bg><p:bgPr><a:solidFill><a:schemeClr val="bg1"/></a:solidFill><a:effectLst/></p:bgPr></p:bg><p:spTree>{group}"#,
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr>"#,
            r#"<p:nvPr><p:ph type="sldImg" idx="2"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{img_x}" y="{img_y}"/><a:ext cx="{img_w}" cy="{img_h}"/></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="12700"><a:solidFill><a:prstClr val="black"/></a:solidFill></a:ln></p:spPr></p:sp>"#,
            r#"<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>"#,
            r#"<p:nvPr><p:ph type="body" sz="quarter" idx="3"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{img_x}" y="{body_y}"/><a:ext cx="{img_w}" cy="{body_h}"/></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0"/>"#,
            r#"<a:lstStyle/><a:p><a:pPr lvl="0"/><a:endParaRPr lang="{lang}"/></a:p></p:txBody></p:sp>"#,
            r#"</p:spTree></p:cSld>{clr_map}"#,
            r#"<p:notesStyle><a:lvl1pPr marL="0" algn="{algn}" rtl="{rtl}" defTabSz="914400" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">"#,
            r#"<a:defRPr sz="1200" kern="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr>"#,
            r#"</a:lvl1pPr></p:notesStyle></p:notesMaster>"#
        ),
        decl = XML_DECL,
        A = NS_A,
        R = NS_R,
        P = NS_P,
        group = GROUP,
        img_x = img_x,
        img_y = img_y,
        img_w = img_w,
        img_h = img_h,
        body_y = body_y,
        body_h = body_h,
        lang = if look.rtl() { BIDI_LANG } else { LANG },
        clr_map = clr_map(false),
        algn = algn,
        rtl = rtl,
    )
}

// ---------------------------------------------------------------- master, layouts, theme

/// The colour map: background and text from the light or the dark pair.
fn clr_map(dark: bool) -> &'static str {
    if dark {
        r#"<p:clrMap bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>"#
    } else {
        r#"<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>"#
    }
}

/// A placeholder of the master or a layout: position, and an empty paragraph.
fn ph_shape(id: u32, name: &str, ph: &str, r: Option<Rect>, anchor: &str, lang: &str) -> String {
    let sp_pr = match r {
        Some(r) => format!(r#"<p:spPr>{}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>"#, r.xfrm()),
        None => "<p:spPr/>".into(),
    };
    format!(
        concat!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>{sp_pr}"#,
            r#"<p:txBody><a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0" anchor="{anchor}"><a:normAutofit/></a:bodyPr>"#,
            r#"<a:lstStyle/><a:p><a:endParaRPr lang="{lang}"/></a:p></p:txBody></p:sp>"#
        ),
        id = id,
        name = name,
        ph = ph,
        sp_pr = sp_pr,
        anchor = anchor,
        lang = lang,
    )
}

fn master_xml(look: &Look) -> String {
    let rtl = look.rtl();
    let lang = if rtl { BIDI_LANG } else { LANG };
    let (algn, rtl_attr) = if rtl { ("r", "1") } else { ("l", "0") };
    let title_colour = look.title_colour();
    let title = ph_shape(2, "Title Placeholder 1", r#"<p:ph type="title"/>"#, Some(look.title_rect()), "b", lang);
    let body = ph_shape(3, "Text Placeholder 2", r#"<p:ph type="body" idx="1"/>"#, Some(look.body_rect()), "t", lang);
    let def = |sz: u32, bold: bool, colour: &str, major: bool| {
        let f = if major { "mj" } else { "mn" };
        format!(
            concat!(
                r#"<a:defRPr sz="{sz}"{b} kern="1200"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>"#,
                r#"<a:latin typeface="+{f}-lt"/><a:ea typeface="+{f}-ea"/><a:cs typeface="+{f}-cs"/></a:defRPr>"#
            ),
            sz = sz * 100,
            b = if bold { r#" b="1""# } else { "" },
            colour = colour,
            f = f,
        )
    };
    let level = |n: u32, sz: u32| {
        let mar = 342_900 * n as i64;
        format!(
            concat!(
                r#"<a:lvl{n}pPr marL="{mar}" indent="-342900" algn="{algn}" rtl="{rtl}" defTabSz="914400" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">"#,
                r#"<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="1000"/></a:spcBef>"#,
                r#"<a:buClr><a:srgbClr val="{accent}"/></a:buClr><a:buFont typeface="{latin}"/><a:buChar char="{BULLET}"/>{def}</a:lvl{n}pPr>"#
            ),
            n = n,
            mar = mar,
            algn = algn,
            rtl = rtl_attr,
            accent = look.accent,
            latin = escape(look.latin),
            def = def(sz, false, look.ink, false),
            BULLET = BULLET,
        )
    };
    format!(
        concat!(
            "{decl}\n",
            r#"<p:sldMaster xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}"><p:cSld>{bg}<p:spTree>{group}{title}{body}</p:spTree></p:cSld>"#,
            "{clr_map}",
            r#"<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/><p:sldLayoutId id="2147483650" r:id="rId2"/><p:sldLayoutId id="2147483651" r:id="rId3"/></p:sldLayoutIdLst>"#,
            r#"<p:txStyles><p:titleStyle><a:lvl1pPr algn="{algn}" rtl="{rtl}" defTabSz="914400" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">"#,
            r#"<a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>{title_def}</a:lvl1pPr></p:titleStyle>"#,
            r#"<p:bodyStyle>{lvl1}{lvl2}</p:bodyStyle>"#,
            r#"<p:otherStyle><a:defPPr><a:defRPr lang="{lang}"/></a:defPPr><a:lvl1pPr marL="0" algn="{algn}" rtl="{rtl}" defTabSz="914400" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">{other_def}</a:lvl1pPr></p:otherStyle>"#,
            r#"</p:txStyles></p:sldMaster>"#
        ),
        decl = XML_DECL,
        A = NS_A,
        R = NS_R,
        P = NS_P,
        bg = background(look.bg),
        group = GROUP,
        title = title,
        body = body,
        clr_map = clr_map(look.dark()),
        algn = algn,
        rtl = rtl_attr,
        title_def = def(36, true, title_colour, true),
        lvl1 = level(1, 24),
        lvl2 = level(2, 20),
        lang = lang,
        other_def = def(18, false, look.ink, false),
    )
}

/// Layout 1 "Title Slide", 2 "Title and Content", 3 "Two Content".
fn layout_xml(look: &Look, n: u32) -> String {
    let rtl = look.rtl();
    let lang = if rtl { BIDI_LANG } else { LANG };
    let body = look.body_rect();
    let col_w = (body.w - 60.8) / 2.0;
    let (first, second) = (Rect { w: col_w, ..body }, Rect { x: body.x + body.w - col_w, w: col_w, ..body });
    let (kind, name, shapes) = match n {
        1 => (
            "title",
            "Title Slide",
            ph_shape(2, "Title 1", r#"<p:ph type="ctrTitle"/>"#, Some(Rect::new(100.0, 40.0, 760.0, 230.0)), "b", lang)
                + &ph_shape(
                    3,
                    "Subtitle 2",
                    r#"<p:ph type="subTitle" idx="1"/>"#,
                    Some(Rect::new(100.0, 327.0, 760.0, 110.0)),
                    "t",
                    lang,
                ),
        ),
        2 => (
            "obj",
            "Title and Content",
            ph_shape(2, "Title 1", r#"<p:ph type="title"/>"#, None, "b", lang)
                + &ph_shape(3, "Content Placeholder 2", r#"<p:ph type="body" idx="1"/>"#, None, "t", lang),
        ),
        _ => (
            "twoObj",
            "Two Content",
            ph_shape(2, "Title 1", r#"<p:ph type="title"/>"#, None, "b", lang)
                + &ph_shape(
                    3,
                    "Content Placeholder 2",
                    r#"<p:ph type="body" sz="half" idx="1"/>"#,
                    Some(first.mirrored(rtl)),
                    "t",
                    lang,
                )
                + &ph_shape(
                    4,
                    "Content Placeholder 3",
                    r#"<p:ph type="body" sz="half" idx="2"/>"#,
                    Some(second.mirrored(rtl)),
                    "t",
                    lang,
                ),
        ),
    };
    format!(
        concat!(
            "{decl}\n",
            r#"<p:sldLayout xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}" type="{kind}" preserve="1"><p:cSld name="{name}"><p:spTree>{group}{shapes}</p:spTree></p:cSld>"#,
            r#"<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"#
        ),
        decl = XML_DECL,
        A = NS_A,
        R = NS_R,
        P = NS_P,
        kind = kind,
        name = name,
        group = GROUP,
        shapes = shapes,
    )
}

/// The deck's theme (`notes`: the notes master's, black on white).
fn theme_xml(look: &Look, notes: bool) -> String {
    let name = format!("Pulse {}{}", capitalised(look.theme.code()), if notes { " Notes" } else { "" });
    let (dk1, lt1) = if notes {
        ("000000", "FFFFFF")
    } else if look.dark() {
        (look.bg, look.ink)
    } else {
        (look.ink, look.bg)
    };
    let clr = |tag: &str, rgb: &str| format!(r#"<a:{tag}><a:srgbClr val="{rgb}"/></a:{tag}>"#);
    let fonts = format!(
        r#"<a:latin typeface="{lat}"/><a:ea typeface=""/><a:cs typeface="{ar}"/><a:font script="Arab" typeface="{ar}"/>"#,
        lat = escape(look.latin),
        ar = escape(look.arabic),
    );
    let solid = |mods: &str| format!(r#"<a:solidFill><a:schemeClr val="phClr">{mods}</a:schemeClr></a:solidFill>"#);
    let line = |w: u32| {
        format!(
            r#"<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>"#
        )
    };
    let mut x = String::from(XML_DECL);
    x.push('\n');
    x.push_str(&format!(r#"<a:theme xmlns:a="{NS_A}" name="{name}"><a:themeElements>"#));
    x.push_str(&format!(r#"<a:clrScheme name="{name}">"#));
    x.push_str(&clr("dk1", dk1));
    x.push_str(&clr("lt1", lt1));
    x.push_str(&clr("dk2", dk1));
    x.push_str(&clr("lt2", lt1));
    x.push_str(&clr("accent1", look.accent));
    for (i, rgb) in ["4472C4", "ED7D31", "A5A5A5", "FFC000", "70AD47"].iter().enumerate() {
        x.push_str(&clr(&format!("accent{}", i + 2), rgb));
    }
    x.push_str(&clr("hlink", look.accent));
    x.push_str(&clr("folHlink", "954F72"));
    x.push_str("</a:clrScheme>");
    x.push_str(&format!(
        r#"<a:fontScheme name="{name}"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont></a:fontScheme>"#
    ));
    x.push_str(&format!(r#"<a:fmtScheme name="{name}"><a:fillStyleLst>"#));
    x.push_str(&solid(""));
    x.push_str(&solid(r#"<a:tint val="50000"/>"#));
    x.push_str(&solid(r#"<a:shade val="80000"/>"#));
    x.push_str("</a:fillStyleLst><a:lnStyleLst>");
    x.push_str(&line(6350));
    x.push_str(&line(12700));
    x.push_str(&line(19050));
    x.push_str("</a:lnStyleLst><a:effectStyleLst>");
    for _ in 0..3 {
        x.push_str("<a:effectStyle><a:effectLst/></a:effectStyle>");
    }
    x.push_str("</a:effectStyleLst><a:bgFillStyleLst>");
    x.push_str(&solid(""));
    x.push_str(&solid(r#"<a:tint val="95000"/>"#));
    x.push_str(&solid(r#"<a:shade val="90000"/>"#));
    x.push_str(
        "</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
    );
    x
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

// ---------------------------------------------------------------- package parts

fn rels_xml(rels: &[(String, String)]) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str("\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (i, (kind, target)) in rels.iter().enumerate() {
        x.push_str(&format!(r#"<Relationship Id="rId{}" Type="{kind}" Target="{}"/>"#, i + 1, escape(target)));
    }
    x.push_str("</Relationships>");
    x
}

fn content_types(slides: &[bool]) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str("\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
    x.push_str(r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#);
    x.push_str(r#"<Default Extension="xml" ContentType="application/xml"/>"#);
    x.push_str(r#"<Default Extension="png" ContentType="image/png"/>"#);
    x.push_str(r#"<Default Extension="jpeg" ContentType="image/jpeg"/>"#);
    let mut over = |part: &str, kind: &str| {
        x.push_str(&format!(r#"<Override PartName="/{part}" ContentType="{kind}"/>"#));
    };
    let pml = format!("{CT}.presentationml");
    over("ppt/presentation.xml", &format!("{pml}.presentation.main+xml"));
    over("ppt/slideMasters/slideMaster1.xml", &format!("{pml}.slideMaster+xml"));
    for n in 1..=3 {
        over(&format!("ppt/slideLayouts/slideLayout{n}.xml"), &format!("{pml}.slideLayout+xml"));
    }
    for (i, &notes) in slides.iter().enumerate() {
        over(&format!("ppt/slides/slide{}.xml", i + 1), &format!("{pml}.slide+xml"));
        if notes {
            over(&format!("ppt/notesSlides/notesSlide{}.xml", i + 1), &format!("{pml}.notesSlide+xml"));
        }
    }
    over("ppt/notesMasters/notesMaster1.xml", &format!("{pml}.notesMaster+xml"));
    over("ppt/theme/theme1.xml", &format!("{CT}.theme+xml"));
    over("ppt/theme/theme2.xml", &format!("{CT}.theme+xml"));
    over("ppt/presProps.xml", &format!("{pml}.presProps+xml"));
    over("ppt/viewProps.xml", &format!("{pml}.viewProps+xml"));
    over("ppt/tableStyles.xml", &format!("{pml}.tableStyles+xml"));
    over("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
    over("docProps/app.xml", &format!("{CT}.extended-properties+xml"));
    x.push_str("</Types>");
    x
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

/// Relationships of presentation.xml: rId1 to rId6 the fixed parts, then the slides.
fn presentation_rels(slides: usize) -> String {
    let mut rels = vec![
        (format!("{REL}/slideMaster"), "slideMasters/slideMaster1.xml".to_string()),
        (format!("{REL}/notesMaster"), "notesMasters/notesMaster1.xml".into()),
        (format!("{REL}/presProps"), "presProps.xml".into()),
        (format!("{REL}/viewProps"), "viewProps.xml".into()),
        (format!("{REL}/theme"), "theme/theme1.xml".into()),
        (format!("{REL}/tableStyles"), "tableStyles.xml".into()),
    ];
    for n in 1..=slides {
        rels.push((format!("{REL}/slide"), format!("slides/slide{n}.xml")));
    }
    rels_xml(&rels)
}

fn presentation_xml(look: &Look, slides: usize) -> String {
    let mut x = String::from(XML_DECL);
    x.push('\n');
    x.push_str(&format!(r#"<p:presentation xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p="{NS_P}" saveSubsetFonts="1""#));
    if look.rtl() {
        x.push_str(r#" rtl="1""#);
    }
    x.push('>');
    x.push_str(r#"<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>"#);
    x.push_str(r#"<p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst>"#);
    if slides > 0 {
        x.push_str("<p:sldIdLst>");
        for i in 0..slides {
            x.push_str(&format!(r#"<p:sldId id="{}" r:id="rId{}"/>"#, 256 + i, 7 + i));
        }
        x.push_str("</p:sldIdLst>");
    }
    x.push_str(&format!(r#"<p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/><p:notesSz cx="{NOTES_W}" cy="{NOTES_H}"/>"#));
    // Text boxes added later in PowerPoint: the deck's faces and direction.
    let (algn, rtl) = if look.rtl() { ("r", "1") } else { ("l", "0") };
    let lang = if look.rtl() { BIDI_LANG } else { LANG };
    x.push_str(&format!(
        concat!(
            r#"<p:defaultTextStyle><a:defPPr><a:defRPr lang="{lang}"/></a:defPPr>"#,
            r#"<a:lvl1pPr marL="0" algn="{algn}" rtl="{rtl}" defTabSz="914400" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">"#,
            r#"<a:defRPr sz="1800" kern="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill>"#,
            r#"<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl1pPr></p:defaultTextStyle>"#
        ),
        lang = lang,
        algn = algn,
        rtl = rtl,
    ));
    x.push_str("</p:presentation>");
    x
}

const PRES_PROPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:presentationPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>"#;

const VIEW_PROPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:viewPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>"#;

const TABLE_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>"#;

fn app_xml(slides: usize, notes: usize) -> String {
    format!(
        concat!(
            "{decl}\n",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
            r#"<Application>Pulse AI Studio</Application><PresentationFormat>Widescreen</PresentationFormat>"#,
            r#"<Slides>{slides}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides><DocSecurity>0</DocSecurity></Properties>"#
        ),
        decl = XML_DECL,
        slides = slides,
        notes = notes,
    )
}

/// The deck's title and language.
fn core_xml(deck: &Deck) -> String {
    let title = escape(&clean(&deck.title));
    let lang = if deck.lang.is_rtl() { BIDI_LANG } else { LANG };
    let mut x = String::from(XML_DECL);
    x.push_str(concat!(
        "\n",
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
        r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
    ));
    if !title.is_empty() {
        x.push_str(&format!("<dc:title>{title}</dc:title>"));
    }
    x.push_str(&format!("<dc:language>{lang}</dc:language></cp:coreProperties>"));
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_keep_their_aspect_ratio() {
        let area = Rect::new(0.0, 0.0, 400.0, 300.0);
        assert_eq!(fit_picture(area, 800, 300), Rect::new(0.0, 0.0, 400.0, 150.0));
        assert_eq!(fit_picture(area, 100, 300), Rect::new(150.0, 0.0, 100.0, 300.0));
        assert_eq!(fit_picture(area, 0, 0), area);
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(image_ext(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(image_ext(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpeg"));
        assert_eq!(image_ext(b"GIF89a"), None);
    }

    #[test]
    fn long_text_gets_smaller() {
        let look = Look::of(&Deck::sample(crate::cv::CvLang::Ar));
        let (_, style) = body_styles(&look, 24.0);
        let body = look.body_rect();
        let size = |texts: &[String]| {
            fit(BODY_SIZES, body.h, |size| measure(&look, texts, body.w, TextStyle { size, ..style }, 0.0))
        };
        assert_eq!(size(&["واحد".to_string(), "اثنان".to_string()]), 28.0);
        let long: Vec<String> = (0..12).map(|i| format!("بند طويل رقم {i} يشرح فكرة كاملة عن مشاريع الطاقة")).collect();
        assert!(size(&long) < 20.0, "{}", size(&long));
    }

    #[test]
    fn colours_mix_and_boxes_mirror() {
        assert_eq!(mix("000000", "FFFFFF", 0.7), "4D4D4D");
        assert_eq!(Rect::new(60.0, 0.0, 100.0, 10.0).mirrored(true).x, 800.0);
        assert_eq!(Rect::new(60.0, 0.0, 100.0, 10.0).mirrored(false).x, 60.0);
    }
}
