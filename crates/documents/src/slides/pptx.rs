//! Deck to PPTX (PresentationML), written by hand like the CV's DOCX: a fixed
//! set of small XML parts plus one part per slide, notes page and picture,
//! zipped into an OPC package that PowerPoint, LibreOffice, Keynote, Google
//! Slides and python-pptx open as is.
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
//! Right to left, as PowerPoint itself writes it:
//! - a paragraph whose own text starts right to left ([`text_dir`], falling
//!   back to the deck's language when it has no letter) gets
//!   `<a:pPr rtl="1" algn="r">` (`ctr` where the layout centres text), and
//!   its bullet and indent then sit on the right; in an Arabic deck the master
//!   and layouts are right to left too, so text typed later in PowerPoint is;
//! - its text is cut into runs by direction as the Unicode bidi algorithm
//!   resolves it ([`crate::ooxml::resolve`]): right-to-left runs are tagged
//!   `lang="ar-JO"`, the others `lang="en-US"`, and every run names both faces
//!   (`a:latin`, `a:cs`), so an English name inside an Arabic line is set in
//!   the Latin face and spell-checked as English. Text stays in logical order;
//!   PowerPoint and LibreOffice shape and order it themselves;
//! - mirrored layouts: in an Arabic deck the first column of
//!   [`Layout::TwoColumns`] is on the right, the picture of
//!   [`Layout::ImageText`] on the left, title rules start at the right, and
//!   the presentation is marked `rtl="1"` (PowerPoint's right-to-left view).

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
        let built = build_slide(&look, slide, images, &mut media);
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
    put("[Content_Types].xml", content_types(&slides, &media));
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
    let all: Vec<(String, &[u8])> = head
        .iter()
        .chain(parts.iter())
        .map(|(n, b)| (n.clone(), b.as_slice()))
        .chain(media_parts)
        .collect();
    zip_parts(all.iter().map(|(n, b)| (n.as_str(), *b)))
        .map_err(|e| DocumentError::Internal(format!("pptx package: {e}")))
}

// ---------------------------------------------------------------- look

/// The deck's colours, faces and direction.
struct Look {
    theme: Theme,
    bg: &'static str,
    text: &'static str,
    accent: &'static str,
    /// Titles of content slides.
    title: &'static str,
    /// Text on an accent fill (Petra's title bars, section bands).
    on_accent: &'static str,
    /// Content-slide titles on a full-width accent bar (Petra).
    bar: bool,
    arabic: &'static str,
    latin: &'static str,
    base: TextDir,
}

impl Look {
    fn of(deck: &Deck) -> Look {
        let (arabic, latin) = deck.theme.faces();
        let (bg, text, accent) = deck.theme.colours();
        let title = match deck.theme {
            Theme::Oasis => accent,
            Theme::Midnight | Theme::Desert | Theme::Petra => text,
        };
        Look {
            theme: deck.theme,
            bg,
            text,
            accent,
            title,
            on_accent: bg,
            bar: deck.theme == Theme::Petra,
            arabic,
            latin,
            base: if deck.lang.is_rtl() { TextDir::Rtl } else { TextDir::Ltr },
        }
    }

    fn rtl(&self) -> bool {
        self.base == TextDir::Rtl
    }

    /// Whether the background is dark (then the theme's "dark 1" is the
    /// background and the colour map swaps, as in PowerPoint's dark themes).
    fn dark(&self) -> bool {
        luminance(self.bg) < luminance(self.text)
    }
}

fn luminance(rgb: &str) -> u32 {
    let c = |i: usize| u32::from_str_radix(&rgb[i..i + 2], 16).unwrap_or(0);
    2 * c(0) + 7 * c(2) + c(4)
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
        let e = |v: f64| (v * PT as f64).round() as i64;
        format!(
            r#"<a:xfrm><a:off x="{}" y="{}"/><a:ext cx="{}" cy="{}"/></a:xfrm>"#,
            e(self.x),
            e(self.y),
            e(self.w),
            e(self.h)
        )
    }
    /// The same box mirrored across the slide's vertical centre when `rtl`.
    fn mirrored(self, rtl: bool) -> Rect {
        if rtl {
            Rect { x: 960.0 - self.x - self.w, ..self }
        } else {
            self
        }
    }
}

// The grid, in points. Content slides: a title band on top, the content under it.
const MARGIN: f64 = 48.0;
const INNER_W: f64 = 960.0 - 2.0 * MARGIN;
const TITLE: Rect = Rect::new(MARGIN, 24.0, INNER_W, 80.0);
/// The title on Petra's accent bar.
const BAR: Rect = Rect::new(0.0, 0.0, 960.0, 108.0);
const BAR_TITLE: Rect = Rect::new(MARGIN, 14.0, INNER_W, 80.0);
/// The short accent rule under a title, at the start side.
const RULE: Rect = Rect::new(MARGIN + 7.0, 110.0, 72.0, 5.0);
const CONTENT: Rect = Rect::new(MARGIN, 134.0, INNER_W, 370.0);
const GUTTER: f64 = 40.0;
const COLUMN_W: f64 = (INNER_W - GUTTER) / 2.0;
/// Two columns, left to right (mirrored in an Arabic deck).
const COLUMN_1: Rect = Rect::new(MARGIN, 134.0, COLUMN_W, 370.0);
const COLUMN_2: Rect = Rect::new(MARGIN + COLUMN_W + GUTTER, 134.0, COLUMN_W, 370.0);
/// Picture and text (left to right: text, then the picture).
const PICTURE_W: f64 = 400.0;
const SIDE_TEXT: Rect = Rect::new(MARGIN, 134.0, INNER_W - PICTURE_W - 32.0, 370.0);
const PICTURE: Rect = Rect::new(960.0 - MARGIN - PICTURE_W, 140.0, PICTURE_W, 356.0);
/// The title slide.
const CTR_TITLE: Rect = Rect::new(80.0, 120.0, 800.0, 170.0);
const CTR_RULE: Rect = Rect::new(440.0, 306.0, 80.0, 5.0);
const SUBTITLE: Rect = Rect::new(80.0, 326.0, 800.0, 110.0);
/// The start-side accent strip of the title slide.
const STRIP: Rect = Rect::new(0.0, 0.0, 24.0, 540.0);
/// Quote: the quote, a rule, who said it.
const QUOTE: Rect = Rect::new(110.0, 70.0, 740.0, 300.0);
const QUOTE_RULE: Rect = Rect::new(440.0, 392.0, 80.0, 5.0);
const QUOTE_BY: Rect = Rect::new(110.0, 410.0, 740.0, 70.0);
/// Section: a full-width accent band with the title, the line under it.
const BAND: Rect = Rect::new(0.0, 180.0, 960.0, 160.0);
const BAND_TITLE: Rect = Rect::new(MARGIN, 180.0, INNER_W, 160.0);
const BAND_LINE: Rect = Rect::new(MARGIN, 356.0, INNER_W, 100.0);

// ---------------------------------------------------------------- text

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    /// Left in a left-to-right paragraph, right in a right-to-left one.
    Start,
    Centre,
}

/// How the paragraphs of one text box look.
#[derive(Clone, Copy)]
struct TextStyle {
    /// Points.
    size: u32,
    bold: bool,
    /// `None`: the colour the master gives (notes pages).
    colour: Option<&'static str>,
    align: Align,
    bullet: bool,
    /// Line spacing, percent of single.
    line: u32,
    /// Space before each paragraph but the first, points.
    before: u32,
}

/// Paragraphs (`a:p`) of `texts` in `style`.
fn paragraphs(look: &Look, style: TextStyle, texts: &[String]) -> String {
    let mut x = String::new();
    for (i, text) in texts.iter().enumerate() {
        paragraph(&mut x, look, style, text, i == 0);
    }
    x
}

fn paragraph(x: &mut String, look: &Look, style: TextStyle, text: &str, first: bool) {
    let dir = text_dir(text, look.base);
    let rtl = dir == TextDir::Rtl;
    x.push_str("<a:p><a:pPr");
    if style.bullet {
        // The bullet hangs in the start margin: on the right when rtl="1".
        let indent = (style.size as i64 * PT * 6 / 5).max(18 * PT);
        x.push_str(&format!(r#" marL="{indent}" indent="-{indent}""#));
    } else {
        x.push_str(r#" marL="0" indent="0""#);
    }
    let algn = match (style.align, rtl) {
        (Align::Centre, _) => "ctr",
        (Align::Start, true) => "r",
        (Align::Start, false) => "l",
    };
    x.push_str(&format!(r#" algn="{algn}""#));
    x.push_str(if rtl { r#" rtl="1">"# } else { r#" rtl="0">"# });
    x.push_str(&format!(r#"<a:lnSpc><a:spcPct val="{}"/></a:lnSpc>"#, style.line * 1000));
    let before = if first { 0 } else { style.before * 100 };
    x.push_str(&format!(r#"<a:spcBef><a:spcPts val="{before}"/></a:spcBef>"#));
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
        push_run_props(x, look, style, "a:rPr", kind);
        x.push_str("<a:t>");
        escape_into(x, &run);
        x.push_str("</a:t></a:r>");
    }
    let end = if rtl { Bidi::R } else { Bidi::L };
    push_run_props(x, look, style, "a:endParaRPr", end);
    x.push_str("</a:p>");
}

/// `a:rPr` (or `a:endParaRPr`): language by direction, size, weight, colour
/// and both faces, in schema order.
fn push_run_props(x: &mut String, look: &Look, style: TextStyle, element: &str, kind: Bidi) {
    let lang = match kind {
        Bidi::L => LANG,
        Bidi::R => BIDI_LANG,
    };
    x.push_str(&format!(r#"<{element} lang="{lang}" sz="{}""#, style.size * 100));
    if style.bold {
        x.push_str(r#" b="1""#);
    }
    x.push_str(r#" dirty="0">"#);
    if let Some(c) = style.colour {
        x.push_str(&format!(r#"<a:solidFill><a:srgbClr val="{c}"/></a:solidFill>"#));
    }
    x.push_str(&format!(r#"<a:latin typeface="{}"/><a:cs typeface="{}"/>"#, escape(look.latin), escape(look.arabic)));
    x.push_str(&format!("</{element}>"));
}

/// The largest of `sizes` (points, largest first) at which `texts` fill at
/// most a box of `r`, by a rough estimate of glyph widths and line heights
/// (Arabic lines stand taller); the smallest when none does. The boxes also
/// carry `normAutofit`, so an application that measures can still shrink.
fn fit(texts: &[String], r: Rect, style: TextStyle, sizes: &[u32]) -> u32 {
    let inset = 14.4;
    for &size in sizes {
        let s = size as f64;
        let indent = if style.bullet { (s * 1.2).max(18.0) } else { 0.0 };
        let width = r.w - inset - indent;
        let mut height = 0.0;
        for (i, t) in texts.iter().enumerate() {
            let arabic = t.chars().any(is_rtl_char);
            let em: f64 = t.chars().map(advance).sum::<f64>() * if style.bold { 1.06 } else { 1.0 };
            // Words don't break: allow a little slack per line.
            let lines = (em * s / (width * 0.92)).ceil().max(1.0);
            let line = s * if arabic { 1.55 } else { 1.25 } * style.line as f64 / 100.0;
            height += lines * line;
            if i > 0 {
                height += style.before as f64 * s / style.size.max(1) as f64;
            }
        }
        if height <= r.h - 7.2 {
            return size;
        }
    }
    *sizes.last().unwrap()
}

/// A character's rough advance, in em.
fn advance(c: char) -> f64 {
    match c {
        ' ' => 0.26,
        c if is_rtl_char(c) => 0.42,
        c if c.is_uppercase() || c.is_ascii_digit() => 0.62,
        c if c.is_alphabetic() => 0.52,
        _ => 0.4,
    }
}

/// The sizes tried for each kind of text, largest first.
const TITLE_SIZES: &[u32] = &[36, 32, 28, 24, 20];
const CTR_TITLE_SIZES: &[u32] = &[48, 44, 40, 36, 32, 28];
const BODY_SIZES: &[u32] = &[28, 26, 24, 22, 20, 18, 16, 14, 12];
const QUOTE_SIZES: &[u32] = &[36, 32, 28, 24, 22, 20, 18, 16];

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

    /// A placeholder text box at `r`; `anchor` is `t`, `ctr` or `b`.
    ///
    /// Sizes are chosen to fit ([`fit`]); bullet lists also shrink on
    /// overflow (`normAutofit`) when edited later. Other boxes don't: LibreOffice
    /// spreads the lines of an autofit box apart.
    fn text(&mut self, ph: Ph, r: Rect, anchor: &str, paragraphs: &str) {
        self.text_box(ph, r, anchor, false, paragraphs)
    }

    fn bullets(&mut self, ph: Ph, r: Rect, paragraphs: &str) {
        self.text_box(ph, r, "t", true, paragraphs)
    }

    fn text_box(&mut self, ph: Ph, r: Rect, anchor: &str, autofit: bool, paragraphs: &str) {
        let id = self.id();
        let autofit = if autofit { "<a:normAutofit/>" } else { "" };
        self.xml.push_str(&format!(
            concat!(
                r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name} {n}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>"#,
                r#"<p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{xfrm}</p:spPr>"#,
                r#"<p:txBody><a:bodyPr vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="{anchor}" anchorCtr="0">{autofit}</a:bodyPr>"#,
                r#"<a:lstStyle/>{paragraphs}</p:txBody></p:sp>"#
            ),
            id = id,
            name = ph.name(),
            n = id - 1,
            ph = ph.xml(),
            xfrm = r.xfrm(),
            anchor = anchor,
            autofit = autofit,
            paragraphs = paragraphs,
        ));
    }

    /// A filled rectangle without outline or text (bands, bars, rules).
    fn rect(&mut self, r: Rect, fill: &str) {
        let id = self.id();
        self.xml.push_str(&format!(
            concat!(
                r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="Rectangle {n}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>"#,
                r#"<p:spPr>{xfrm}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"#
            ),
            id = id,
            n = id - 1,
            xfrm = r.xfrm(),
            fill = fill,
        ));
    }

    /// A picture, its bytes in the slide's relationship `rid`.
    fn picture(&mut self, r: Rect, rid: &str, descr: &str) {
        let id = self.id();
        self.xml.push_str(&format!(
            concat!(
                r#"<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Picture {n}" descr="{descr}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>"#,
                r#"<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>"#,
                r#"<p:spPr>{xfrm}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#
            ),
            id = id,
            n = id - 1,
            descr = escape(descr),
            rid = rid,
            xfrm = r.xfrm(),
        ));
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
    ext: &'static str,
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
        self.files.push(MediaFile { name: name.clone(), bytes: &image.bytes, ext });
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

fn build_slide<'a>(look: &Look, slide: &Slide, images: &'a [DeckImage], media: &mut Media<'a>) -> BuiltSlide {
    let rtl = look.rtl();
    let mut s = Shapes::new();
    let mut pictures = Vec::new();
    let title = clean(&slide.title);
    let body = lines(&slide.body);
    let bullets: Vec<String> = slide.bullets.iter().map(|b| clean(b)).filter(|b| !b.is_empty()).collect();
    let bullets2: Vec<String> = slide.bullets2.iter().map(|b| clean(b)).filter(|b| !b.is_empty()).collect();

    let body_style = TextStyle {
        size: 24,
        bold: false,
        colour: Some(look.text),
        align: Align::Start,
        bullet: true,
        line: 100,
        before: 12,
    };
    let bullet_box = |s: &mut Shapes, ph: Ph, r: Rect, items: &[String]| {
        if items.is_empty() {
            return;
        }
        let size = fit(items, r, body_style, BODY_SIZES);
        let style = TextStyle { size, before: size / 2, ..body_style };
        s.bullets(ph, r, &paragraphs(look, style, items));
    };

    let layout = match slide.layout {
        Layout::Title => {
            s.rect(STRIP.mirrored(rtl), look.accent);
            if !title.is_empty() {
                let style = TextStyle {
                    size: 0,
                    bold: true,
                    colour: Some(if look.bar { look.accent } else { look.title }),
                    align: Align::Centre,
                    bullet: false,
                    line: 90,
                    before: 0,
                };
                let texts = [title.clone()];
                let style = TextStyle { size: fit(&texts, CTR_TITLE, style, CTR_TITLE_SIZES), ..style };
                s.text(Ph::CtrTitle, CTR_TITLE, "b", &paragraphs(look, style, &texts));
            }
            s.rect(CTR_RULE, look.accent);
            if !body.is_empty() {
                let style = TextStyle {
                    size: 0,
                    bold: false,
                    colour: Some(look.text),
                    align: Align::Centre,
                    bullet: false,
                    line: 100,
                    before: 6,
                };
                let style = TextStyle { size: fit(&body, SUBTITLE, style, &[28, 24, 22, 20, 18, 16, 14]), ..style };
                s.text(Ph::SubTitle, SUBTITLE, "t", &paragraphs(look, style, &body));
            }
            1
        }
        Layout::Bullets | Layout::TwoColumns | Layout::ImageText => {
            title_band(look, &mut s, &title);
            match slide.layout {
                Layout::TwoColumns => {
                    bullet_box(&mut s, Ph::Body(1), COLUMN_1.mirrored(rtl), &bullets);
                    bullet_box(&mut s, Ph::Body(2), COLUMN_2.mirrored(rtl), &bullets2);
                    3
                }
                Layout::ImageText => {
                    let image = slide.image.as_deref().and_then(|id| images.iter().find(|i| i.id == id));
                    match image.and_then(|i| Some((i, media.add(i)?))) {
                        Some((image, name)) => {
                            // Left to right: text then picture; Arabic: picture then text.
                            let area = PICTURE.mirrored(rtl);
                            let rid = format!("rId{}", pictures.len() + 2);
                            s.picture(fit_picture(area, image.width, image.height), &rid, &title);
                            pictures.push(name);
                            bullet_box(&mut s, Ph::Body(1), SIDE_TEXT.mirrored(rtl), &bullets);
                        }
                        None => bullet_box(&mut s, Ph::Body(1), CONTENT, &bullets),
                    }
                    2
                }
                _ => {
                    bullet_box(&mut s, Ph::Body(1), CONTENT, &bullets);
                    2
                }
            }
        }
        Layout::Quote => {
            if !body.is_empty() {
                let style = TextStyle {
                    size: 0,
                    bold: false,
                    colour: Some(look.text),
                    align: Align::Centre,
                    bullet: false,
                    line: 100,
                    before: 8,
                };
                let style = TextStyle { size: fit(&body, QUOTE, style, QUOTE_SIZES), ..style };
                s.text(Ph::Body(1), QUOTE, "ctr", &paragraphs(look, style, &body));
            }
            s.rect(QUOTE_RULE, look.accent);
            if !title.is_empty() {
                let style = TextStyle {
                    size: 0,
                    bold: true,
                    colour: Some(look.accent),
                    align: Align::Centre,
                    bullet: false,
                    line: 100,
                    before: 0,
                };
                let texts = [title.clone()];
                let style = TextStyle { size: fit(&texts, QUOTE_BY, style, &[22, 20, 18, 16, 14]), ..style };
                s.text(Ph::Title, QUOTE_BY, "t", &paragraphs(look, style, &texts));
            }
            2
        }
        Layout::Section => {
            s.rect(BAND, look.accent);
            if !title.is_empty() {
                let style = TextStyle {
                    size: 0,
                    bold: true,
                    colour: Some(look.on_accent),
                    align: Align::Centre,
                    bullet: false,
                    line: 90,
                    before: 0,
                };
                let texts = [title.clone()];
                let style = TextStyle { size: fit(&texts, BAND_TITLE, style, CTR_TITLE_SIZES), ..style };
                s.text(Ph::Title, BAND_TITLE, "ctr", &paragraphs(look, style, &texts));
            }
            if !body.is_empty() {
                let style = TextStyle {
                    size: 0,
                    bold: false,
                    colour: Some(look.text),
                    align: Align::Centre,
                    bullet: false,
                    line: 100,
                    before: 4,
                };
                let style = TextStyle { size: fit(&body, BAND_LINE, style, &[26, 24, 22, 20, 18, 16, 14]), ..style };
                s.text(Ph::Body(1), BAND_LINE, "t", &paragraphs(look, style, &body));
            }
            2
        }
    };

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

/// A content slide's title: on Petra's accent bar, else over a short accent rule.
fn title_band(look: &Look, s: &mut Shapes, title: &str) {
    let rtl = look.rtl();
    let (r, colour) = if look.bar {
        s.rect(BAR, look.accent);
        (BAR_TITLE, look.on_accent)
    } else {
        s.rect(RULE.mirrored(rtl), look.accent);
        (TITLE, look.title)
    };
    if title.is_empty() {
        return;
    }
    let style =
        TextStyle { size: 0, bold: true, colour: Some(colour), align: Align::Start, bullet: false, line: 90, before: 0 };
    let texts = [title.to_string()];
    let style = TextStyle { size: fit(&texts, r, style, TITLE_SIZES), ..style };
    s.text(Ph::Title, r, if look.bar { "ctr" } else { "b" }, &paragraphs(look, style, &texts));
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
    let style =
        TextStyle { size: 12, bold: false, colour: None, align: Align::Start, bullet: false, line: 100, before: 0 };
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
        paragraphs = paragraphs(look, style, notes),
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
    let title_colour = if look.bar { look.on_accent } else { look.title };
    let title = ph_shape(2, "Title Placeholder 1", r#"<p:ph type="title"/>"#, Some(TITLE), "b", lang);
    let body = ph_shape(3, "Text Placeholder 2", r#"<p:ph type="body" idx="1"/>"#, Some(CONTENT), "t", lang);
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
            def = def(sz, false, look.text, false),
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
        other_def = def(18, false, look.text, false),
    )
}

/// Layout 1 "Title Slide", 2 "Title and Content", 3 "Two Content".
fn layout_xml(look: &Look, n: u32) -> String {
    let rtl = look.rtl();
    let lang = if rtl { BIDI_LANG } else { LANG };
    let (kind, name, shapes) = match n {
        1 => (
            "title",
            "Title Slide",
            ph_shape(2, "Title 1", r#"<p:ph type="ctrTitle"/>"#, Some(CTR_TITLE), "b", lang)
                + &ph_shape(3, "Subtitle 2", r#"<p:ph type="subTitle" idx="1"/>"#, Some(SUBTITLE), "t", lang),
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
                    Some(COLUMN_1.mirrored(rtl)),
                    "t",
                    lang,
                )
                + &ph_shape(
                    4,
                    "Content Placeholder 3",
                    r#"<p:ph type="body" sz="half" idx="2"/>"#,
                    Some(COLUMN_2.mirrored(rtl)),
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
        (look.bg, look.text)
    } else {
        (look.text, look.bg)
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
    x.push_str("</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>");
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

fn content_types(slides: &[bool], media: &Media) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str("\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
    x.push_str(r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#);
    x.push_str(r#"<Default Extension="xml" ContentType="application/xml"/>"#);
    x.push_str(r#"<Default Extension="png" ContentType="image/png"/>"#);
    x.push_str(r#"<Default Extension="jpeg" ContentType="image/jpeg"/>"#);
    debug_assert!(media.files.iter().all(|f| matches!(f.ext, "png" | "jpeg")));
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
        let style =
            TextStyle { size: 24, bold: false, colour: None, align: Align::Start, bullet: true, line: 100, before: 12 };
        let short = vec!["One".to_string(), "Two".to_string()];
        assert_eq!(fit(&short, CONTENT, style, BODY_SIZES), 28);
        let long: Vec<String> = (0..12).map(|i| format!("A rather long bullet point number {i} that wraps")).collect();
        let size = fit(&long, CONTENT, style, BODY_SIZES);
        assert!(size < 20, "{size}");
    }

    #[test]
    fn mirroring_swaps_sides() {
        assert_eq!(COLUMN_1.mirrored(true).x, COLUMN_2.x);
        assert_eq!(PICTURE.mirrored(true).x, MARGIN);
        assert_eq!(STRIP.mirrored(true).x, 936.0);
    }
}
