//! Deck to PDF and to SVG pages (the live preview), through one Typst template.
//!
//! Everything the template shows is prepared here: the theme's colours and
//! faces, each slide's number, its picture as an in-memory file, and every
//! piece of user text as `{"t": text, "d": "rtl" | "ltr"}` with its own
//! direction ([`text_dir`]), so the template sets each paragraph in the
//! direction of its own text. User text only ever enters as data; speaker
//! notes are not passed in at all.
use serde_json::{json, Value};

use super::{Deck, DeckImage, DeckLang, Layout, TextDir};
use crate::inputs::{dir_code, paragraphs, piece, pieces};
use crate::DocumentError;

/// The Typst source of every theme and layout.
pub const DECK_TEMPLATE: &str = include_str!("../../templates/deck.typ");

/// The deck as a 16:9 PDF, one page per slide (title = the deck's title,
/// language = the deck's). A deck without slides is one blank page.
pub fn deck_pdf(deck: &Deck, images: &[DeckImage]) -> Result<Vec<u8>, DocumentError> {
    let (inputs, files) = template_inputs(deck, images);
    let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (name.as_str(), *bytes)).collect();
    crate::engine::compile_pdf(DECK_TEMPLATE, inputs, &files)
}

/// One SVG per slide, laid out exactly as the PDF (none for a deck without slides).
pub fn deck_svg_pages(deck: &Deck, images: &[DeckImage]) -> Result<Vec<String>, DocumentError> {
    if deck.slides.is_empty() {
        return Ok(Vec::new());
    }
    let (inputs, files) = template_inputs(deck, images);
    let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (name.as_str(), *bytes)).collect();
    crate::engine::compile_svg_pages(DECK_TEMPLATE, inputs, &files)
}

/// The file extension typst should read a picture as, from its declared type
/// checked against its first bytes; `None` for anything else (left out).
fn image_ext(image: &DeckImage) -> Option<&'static str> {
    let b = &image.bytes;
    let png = b.starts_with(b"\x89PNG\r\n\x1a\n");
    let jpeg = b.starts_with(&[0xFF, 0xD8, 0xFF]);
    match image.content_type.trim().to_ascii_lowercase().as_str() {
        "image/png" if png => Some("png"),
        "image/jpeg" | "image/jpg" if jpeg => Some("jpg"),
        _ => None,
    }
}

/// The `sys.inputs` dictionary `templates/deck.typ` reads, and the pictures it
/// names (`img-<n>.png|jpg`, `n` the picture's index in `images`). Only the
/// pictures of image-and-text slides are passed; a slide whose picture is
/// missing, or is not a PNG or JPEG, gets `"image": null` (bullets full width).
pub(crate) fn template_inputs<'a>(deck: &Deck, images: &'a [DeckImage]) -> (Value, Vec<(String, &'a [u8])>) {
    let lang = deck.lang;
    let base = if lang.is_rtl() { TextDir::Rtl } else { TextDir::Ltr };
    let mut files: Vec<(String, &'a [u8])> = Vec::new();

    let slides: Vec<Value> = deck
        .slides
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let image = match (&s.image, s.layout) {
                (Some(id), Layout::ImageText) => images
                    .iter()
                    .enumerate()
                    .find(|(_, img)| img.id == *id)
                    .and_then(|(n, img)| image_ext(img).map(|ext| (n, img, ext)))
                    .map(|(n, img, ext)| {
                        let name = format!("img-{n}.{ext}");
                        if !files.iter().any(|(f, _)| *f == name) {
                            files.push((name.clone(), img.bytes.as_slice()));
                        }
                        // Pixel size for the proportions (1:1 when unknown).
                        let (w, h) = if img.width > 0 && img.height > 0 { (img.width, img.height) } else { (1, 1) };
                        json!({ "path": name, "width": w, "height": h })
                    }),
                _ => None,
            };
            json!({
                "layout": s.layout.code(),
                "number": i + 1,
                "title": piece(&s.title, base),
                "body": paragraphs(&s.body, base),
                "bullets": pieces(&s.bullets, base),
                "bullets2": pieces(&s.bullets2, base),
                "image": image,
            })
        })
        .collect();

    let title = [deck.title.as_str()]
        .into_iter()
        .chain(deck.slides.iter().map(|s| s.title.as_str()))
        .map(str::trim)
        .find(|t| !t.is_empty())
        .unwrap_or(match lang {
            DeckLang::Ar => "عرض تقديمي",
            DeckLang::En => "Presentation",
        });
    let (bg, ink, accent) = deck.theme.colours();
    let (arabic, latin) = deck.theme.faces();
    let inputs = json!({
        "lang": lang.code(),
        "dir": dir_code(base),
        "theme": deck.theme.code(),
        "title": title,
        "colours": { "bg": format!("#{bg}"), "ink": format!("#{ink}"), "accent": format!("#{accent}") },
        "faces": { "arabic": arabic, "latin": latin },
        "slides": slides,
    });
    (inputs, files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slides::{Slide, Theme};

    fn image(id: &str, content_type: &str, bytes: &[u8]) -> DeckImage {
        DeckImage { id: id.into(), content_type: content_type.into(), bytes: bytes.to_vec(), width: 4, height: 3 }
    }

    #[test]
    fn inputs_carry_directions_numbers_and_no_notes() {
        let deck = Deck::sample(DeckLang::Ar);
        let (i, files) = template_inputs(&deck, &[]);
        assert!(files.is_empty());
        assert_eq!(i["dir"], "rtl");
        assert_eq!(i["lang"], "ar");
        assert_eq!(i["title"], "الطاقة الشمسية في الأردن");
        assert_eq!(i["colours"]["accent"], "#0F766E");
        assert_eq!(i["faces"]["arabic"], "Noto Sans Arabic");
        assert_eq!(i["slides"].as_array().unwrap().len(), 5);
        assert_eq!(i["slides"][1]["number"], 2);
        assert_eq!(i["slides"][1]["bullets"][0]["d"], "rtl");
        assert_eq!(i["slides"][4]["body"][0]["t"], "من الفكرة إلى التنفيذ مع شركة SolarTech");
        assert!(!i.to_string().contains("رحّب بالحضور"), "speaker notes must not reach the template");
    }

    #[test]
    fn blank_fields_are_null_and_text_without_letters_takes_the_deck_direction() {
        let deck = Deck {
            lang: DeckLang::Ar,
            theme: Theme::Petra,
            title: "  ".into(),
            slides: vec![Slide {
                title: " ".into(),
                body: "Intro\n\n2030".into(),
                bullets: vec!["".into(), "SolarTech".into()],
                ..Default::default()
            }],
        };
        let (i, _) = template_inputs(&deck, &[]);
        assert_eq!(i["title"], "عرض تقديمي");
        assert!(i["slides"][0]["title"].is_null());
        assert_eq!(i["slides"][0]["body"], json!([{"t": "Intro", "d": "ltr"}, {"t": "2030", "d": "rtl"}]));
        assert_eq!(i["slides"][0]["bullets"], json!([{"t": "SolarTech", "d": "ltr"}]));
        assert_eq!(i["theme"], "petra");
    }

    #[test]
    fn only_found_png_or_jpeg_pictures_of_image_slides_are_passed() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        let jpeg = b"\xFF\xD8\xFF\xE0rest";
        let images = [
            image("a", "image/png", png),
            image("b", "image/jpeg", jpeg),
            image("fake", "image/png", b"GIF89a"),
            image("gif", "image/gif", b"GIF89a"),
        ];
        let slide = |img: &str, layout| Slide { layout, image: Some(img.into()), ..Default::default() };
        let deck = Deck {
            slides: vec![
                slide("a", Layout::ImageText),
                slide("b", Layout::ImageText),
                slide("a", Layout::ImageText),
                slide("fake", Layout::ImageText),
                slide("gif", Layout::ImageText),
                slide("missing", Layout::ImageText),
                slide("b", Layout::Bullets),
            ],
            ..Default::default()
        };
        let (i, files) = template_inputs(&deck, &images);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["img-0.png", "img-1.jpg"]);
        assert_eq!(i["slides"][0]["image"], json!({"path": "img-0.png", "width": 4, "height": 3}));
        assert_eq!(i["slides"][1]["image"]["path"], "img-1.jpg");
        assert_eq!(i["slides"][2]["image"]["path"], "img-0.png");
        for n in 3..7 {
            assert!(i["slides"][n]["image"].is_null(), "slide {n}");
        }
    }
}
