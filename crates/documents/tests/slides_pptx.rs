//! The deck's PPTX export: a complete OPC package, Arabic marked right to left
//! paragraph by paragraph with mirrored layouts, readable by python-pptx and
//! LibreOffice.
//!
//! The python-pptx checks run the Python at `PULSE_OFFICE_PYTHON` (default
//! `python3`); without it or its `pptx` module they are skipped, unless
//! `PULSE_REQUIRE_OFFICE_PYTHON=1`. The LibreOffice check runs when `soffice`
//! and `pdftotext` are on the PATH.
#![cfg(feature = "render")]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use pulse_documents::slides::{deck_pptx, Deck, DeckImage, DeckLang, Layout, Slide, Theme};

/// Every file in the package, by name (media as bytes, the rest as text).
fn unzip(pptx: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(pptx)).expect("a zip file");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        parts.insert(name, bytes);
    }
    parts
}

fn text<'a>(parts: &'a BTreeMap<String, Vec<u8>>, name: &str) -> &'a str {
    let bytes = parts.get(name).unwrap_or_else(|| panic!("{name} missing from {:?}", parts.keys()));
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
}

/// The values of `attr="…"` in `xml`, in order.
fn attr_values<'a>(xml: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!(" {attr}=\"");
    xml.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &xml[i + pat.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The `<Relationship …/>` elements of a .rels part.
fn relationships(xml: &str) -> Vec<&str> {
    xml.split("<Relationship ").skip(1).map(|r| &r[..r.find("/>").unwrap()]).collect()
}

/// `a/b/../c/d.xml` → `a/c/d.xml`.
fn normalise(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            ".." => {
                out.pop();
            }
            "." | "" => {}
            s => out.push(s),
        }
    }
    out.join("/")
}

/// Each `<a:p>` of a part with text runs (not the slide number's field):
/// (its `a:pPr` start tag, its runs as (`a:rPr` start tag, text)).
fn paragraphs(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    xml.split("<a:p>")
        .skip(1)
        .map(|p| {
            let p = &p[..p.find("</a:p>").unwrap()];
            let ppr = p.find("<a:pPr").map(|i| p[i..i + p[i..].find('>').unwrap() + 1].to_string()).unwrap_or_default();
            let runs = p
                .split("<a:r>")
                .skip(1)
                .map(|r| {
                    let rpr = r[..r.find('>').unwrap() + 1].to_string();
                    let t = r.find("<a:t>").map(|i| &r[i + 5..r.find("</a:t>").unwrap()]).unwrap_or("");
                    (rpr, t.to_string())
                })
                .collect();
            (ppr, runs)
        })
        .filter(|(_, runs): &(String, Vec<(String, String)>)| !runs.is_empty())
        .collect()
}

fn has_arabic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The package is complete: every part has a content type, every override
/// names a part, every internal relationship points at a part that exists,
/// and every `r:id`/`r:embed` in a part is one of its relationships.
fn assert_valid_package(parts: &BTreeMap<String, Vec<u8>>) {
    let types = text(parts, "[Content_Types].xml");
    let defaults = attr_values(types, "Extension");
    let overrides = attr_values(types, "PartName");
    for name in parts.keys() {
        if name == "[Content_Types].xml" {
            continue;
        }
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains(&format!("/{name}").as_str()) || defaults.contains(&ext),
            "{name} has no content type in {types}"
        );
        if name.ends_with(".xml") && name != "[Content_Types].xml" && !name.starts_with("docProps/") {
            assert!(overrides.contains(&format!("/{name}").as_str()), "{name} has only the generic xml type");
        }
    }
    for part in &overrides {
        assert!(parts.contains_key(part.trim_start_matches('/')), "content type for missing part {part}");
    }
    for required in [
        "_rels/.rels",
        "ppt/presentation.xml",
        "ppt/_rels/presentation.xml.rels",
        "ppt/slideMasters/slideMaster1.xml",
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        "ppt/slideLayouts/slideLayout1.xml",
        "ppt/theme/theme1.xml",
        "ppt/theme/theme2.xml",
        "ppt/notesMasters/notesMaster1.xml",
        "ppt/presProps.xml",
        "ppt/viewProps.xml",
        "ppt/tableStyles.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        assert!(parts.contains_key(required), "{required} missing");
    }
    for (name, _) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let xml = text(parts, name);
        // `ppt/slides/_rels/slide1.xml.rels` describes `ppt/slides/slide1.xml`: targets are relative to `ppt/slides/`.
        let dir = name.split("_rels/").next().unwrap();
        let source = format!("{dir}{}", name.rsplit('/').next().unwrap().trim_end_matches(".rels"));
        assert!(name == "_rels/.rels" || parts.contains_key(&source), "{name} describes a missing part {source}");
        let mut ids = Vec::new();
        for rel in relationships(xml) {
            let rel = format!(" {rel}");
            ids.push(attr_values(&rel, "Id")[0].to_string());
            if rel.contains("TargetMode=\"External\"") {
                continue;
            }
            let target = attr_values(&rel, "Target")[0];
            let path = normalise(&format!("{dir}{target}"));
            assert!(parts.contains_key(&path), "{name}: relationship target {path} is not in the package");
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{name}: duplicate ids");
        if name != "_rels/.rels" {
            let source_xml = text(parts, &source);
            for attr in ["r:id", "r:embed"] {
                for id in attr_values(source_xml, attr) {
                    assert!(ids.iter().any(|i| i == id), "{source}: {attr} {id} has no relationship");
                }
            }
        }
    }
    // Every slide is in the presentation and has a layout.
    let pres = text(parts, "ppt/presentation.xml");
    let slides = parts.keys().filter(|n| n.starts_with("ppt/slides/slide")).count();
    assert_eq!(pres.matches("<p:sldId ").count(), slides);
    for n in 1..=slides {
        let rels = text(parts, &format!("ppt/slides/_rels/slide{n}.xml.rels"));
        assert_eq!(rels.matches("/relationships/slideLayout\"").count(), 1, "slide {n}");
    }
    assert!(pres.contains(r#"<p:sldSz cx="12192000" cy="6858000"/>"#));
    // Well-formed enough: every element that opens closes.
    for (name, _) in parts.iter().filter(|(n, _)| n.ends_with(".xml") || n.ends_with(".rels")) {
        let xml = text(parts, name);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"), "{name}");
        for tag in ["a:p", "a:r", "p:sp", "p:txBody", "p:pic", "p:spTree", "a:pPr", "a:rPr"] {
            let opens = xml.matches(&format!("<{tag}>")).count() + xml.matches(&format!("<{tag} ")).count();
            let closes = xml.matches(&format!("</{tag}>")).count();
            let empty =
                xml.split(&format!("<{tag} ")).skip(1).filter(|s| s[..s.find('>').unwrap()].ends_with('/')).count();
            assert_eq!(opens, closes + empty, "{name}: <{tag}> is unbalanced");
        }
    }
}

// ---------------------------------------------------------------- a PNG

/// A `width`×`height` RGB PNG of one colour (stored, uncompressed deflate).
fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    // Each row: filter type 0 (none), then the pixels.
    let row: Vec<u8> = std::iter::once(0).chain(rgb.into_iter().cycle().take(3 * width as usize)).collect();
    let raw = row.repeat(height as usize);
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend(*block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + byte as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn picture(id: &str, width: u32, height: u32) -> DeckImage {
    DeckImage {
        id: id.into(),
        content_type: "image/png".into(),
        bytes: png(width, height, [0x0F, 0x76, 0x6E]),
        width,
        height,
    }
}

/// The sample deck with an image-and-text slide (picture "pic-1") after the bullets.
fn with_picture(lang: DeckLang) -> Deck {
    let mut deck = Deck::sample(lang);
    let (title, bullets, notes) = match lang {
        DeckLang::Ar => ("محطة معان للطاقة الشمسية", vec!["قدرة 200 ميغاواط", "تشغيل منذ 2016"], "الصورة من الموقع."),
        DeckLang::En => {
            ("The Ma'an solar park", vec!["200 MW capacity", "Running since 2016"], "The photo is from the site.")
        }
    };
    deck.slides.insert(
        2,
        Slide {
            layout: Layout::ImageText,
            title: title.into(),
            bullets: bullets.into_iter().map(String::from).collect(),
            image: Some("pic-1".into()),
            notes: notes.into(),
            ..Slide::default()
        },
    );
    deck
}

/// The `a:off x` of the first shape in `xml` after `marker`.
fn x_after(xml: &str, marker: &str) -> i64 {
    let at = xml.find(marker).unwrap_or_else(|| panic!("{marker} not in {xml}"));
    attr_values(&xml[at..], "x")[0].parse().unwrap()
}

// ---------------------------------------------------------------- package tests

#[test]
fn arabic_deck_is_a_complete_package_marked_right_to_left() {
    let parts = unzip(&deck_pptx(&Deck::sample(DeckLang::Ar), &[]).unwrap());
    assert_valid_package(&parts);
    let slides: Vec<&String> = parts.keys().filter(|n| n.starts_with("ppt/slides/slide")).collect();
    assert_eq!(slides.len(), 5);
    // Notes pages for the slides that have notes (1, 2 and 5), related both ways.
    let notes: Vec<&String> = parts.keys().filter(|n| n.starts_with("ppt/notesSlides/notesSlide")).collect();
    assert_eq!(
        notes,
        ["ppt/notesSlides/notesSlide1.xml", "ppt/notesSlides/notesSlide2.xml", "ppt/notesSlides/notesSlide5.xml"]
    );
    assert!(text(&parts, "ppt/slides/_rels/slide1.xml.rels").contains("Target=\"../notesSlides/notesSlide1.xml\""));
    assert!(!text(&parts, "ppt/slides/_rels/slide3.xml.rels").contains("notesSlide"));
    let note = text(&parts, "ppt/notesSlides/notesSlide1.xml");
    assert!(note.contains(r#"<p:ph type="body" idx="1"/>"#) && note.contains("رحّب بالحضور وقدّم نفسك."));
    assert!(note.contains(r#"rtl="1""#));

    // Slide 2: every paragraph is right to left and right-aligned, Arabic runs are ar-JO in both faces.
    let slide = text(&parts, "ppt/slides/slide2.xml");
    let paras = paragraphs(slide);
    assert_eq!(paras.len(), 4, "title and three bullets");
    for (ppr, runs) in &paras {
        assert!(ppr.contains(r#"rtl="1""#) && ppr.contains(r#"algn="r""#), "{ppr}");
        for (rpr, t) in runs {
            if has_arabic(t) {
                assert!(rpr.contains(r#"lang="ar-JO""#), "{t:?} {rpr}");
            }
        }
    }
    assert!(slide.contains(r#"<a:latin typeface="Noto Sans"/><a:cs typeface="Noto Sans Arabic"/>"#));
    assert_eq!(slide.matches(r#"<a:buChar char="•"/>"#).count(), 3);
    assert!(slide.contains(r#"<p:ph type="title"/>"#) && slide.contains(r#"<p:ph type="body" idx="1"/>"#));
    // Logical order, never reversed.
    assert!(slide.contains("أكثر من 300 يوم مشمس في السنة"));
    assert!(text(&parts, "ppt/slides/slide1.xml").contains(r#"<p:ph type="ctrTitle"/>"#));
    // The title slide's layout has the title slide placeholders; the others' the title and body.
    assert!(text(&parts, "ppt/slides/_rels/slide1.xml.rels").contains("slideLayout1.xml"));
    assert!(text(&parts, "ppt/slideLayouts/slideLayout1.xml").contains(r#"<p:ph type="ctrTitle"/>"#));
    let layout2 = text(&parts, "ppt/slideLayouts/slideLayout2.xml");
    assert!(layout2.contains(r#"<p:ph type="title"/>"#) && layout2.contains(r#"<p:ph type="body" idx="1"/>"#));

    // A Latin name in an Arabic line is its own en-US run inside the right-to-left paragraph.
    let (ppr, runs) = paragraphs(text(&parts, "ppt/slides/slide5.xml"))
        .into_iter()
        .find(|(_, runs)| runs.iter().any(|(_, t)| t.contains("SolarTech")))
        .unwrap();
    assert!(ppr.contains(r#"rtl="1""#));
    let latin = runs.iter().find(|(_, t)| t.contains("SolarTech")).unwrap();
    assert_eq!(latin.1, "SolarTech");
    assert!(latin.0.contains(r#"lang="en-US""#), "{}", latin.0);
    assert_eq!(runs.iter().map(|(_, t)| t.as_str()).collect::<String>(), "من الفكرة إلى التنفيذ مع شركة SolarTech");

    // The theme: the Latin face as latin, the Arabic one as cs and the Arab script font.
    let theme = text(&parts, "ppt/theme/theme1.xml");
    for needle in [
        r#"<a:latin typeface="Noto Sans"/>"#,
        r#"<a:cs typeface="Noto Sans Arabic"/>"#,
        r#"<a:font script="Arab" typeface="Noto Sans Arabic"/>"#,
        "<a:fillStyleLst>",
        "<a:lnStyleLst>",
        "<a:effectStyleLst>",
        "<a:bgFillStyleLst>",
    ] {
        assert!(theme.contains(needle), "theme lacks {needle}");
    }
    assert!(text(&parts, "docProps/core.xml").contains("<dc:title>الطاقة الشمسية في الأردن</dc:title>"));
    assert!(text(&parts, "docProps/core.xml").contains("<dc:language>ar-JO</dc:language>"));
    assert!(text(&parts, "ppt/presentation.xml").contains(r#" rtl="1""#));
}

#[test]
fn english_deck_has_no_right_to_left_paragraphs() {
    let parts = unzip(&deck_pptx(&with_picture(DeckLang::En), &[picture("pic-1", 64, 48)]).unwrap());
    assert_valid_package(&parts);
    for (name, bytes) in &parts {
        if name.ends_with(".xml") {
            let xml = std::str::from_utf8(bytes).unwrap();
            assert!(!xml.contains(r#"rtl="1""#), "{name} has a right-to-left paragraph");
            assert!(!xml.contains("ar-JO") || name == "ppt/theme/theme1.xml", "{name} has Arabic runs");
        }
    }
    let slide = text(&parts, "ppt/slides/slide2.xml");
    for (ppr, _) in paragraphs(slide) {
        assert!(ppr.contains(r#"algn="l""#), "{ppr}");
    }
    assert!(slide.contains("Panel costs down 80% in a decade"));
    assert!(text(&parts, "docProps/core.xml").contains("<dc:language>en-US</dc:language>"));
}

#[test]
fn an_arabic_line_in_an_english_deck_is_right_to_left() {
    let mut deck = Deck::sample(DeckLang::En);
    deck.slides[1].bullets.push("شكراً لشركة Orange في عمّان".into());
    let parts = unzip(&deck_pptx(&deck, &[]).unwrap());
    let rtl: Vec<_> = paragraphs(text(&parts, "ppt/slides/slide2.xml"))
        .into_iter()
        .filter(|(p, _)| p.contains(r#"rtl="1""#))
        .collect();
    assert_eq!(rtl.len(), 1);
    assert!(rtl[0].0.contains(r#"algn="r""#));
    let texts: Vec<&str> = rtl[0].1.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts, ["شكراً لشركة ", "Orange", " في عمّان"]);
}

#[test]
fn pictures_are_embedded_beside_the_text_mirrored_in_arabic() {
    for lang in [DeckLang::Ar, DeckLang::En] {
        let deck = with_picture(lang);
        let parts = unzip(&deck_pptx(&deck, &[picture("pic-1", 300, 100)]).unwrap());
        assert_valid_package(&parts);
        assert!(parts["ppt/media/image1.png"].starts_with(b"\x89PNG"));
        assert!(text(&parts, "ppt/slides/_rels/slide3.xml.rels").contains(r#"Target="../media/image1.png""#));
        let slide = text(&parts, "ppt/slides/slide3.xml");
        assert_eq!(slide.matches("<p:pic>").count(), 1);
        let pic_x = x_after(slide, "<p:pic>");
        let text_x = x_after(slide, r#"<p:ph type="body" idx="1"/>"#);
        match lang {
            DeckLang::Ar => assert!(pic_x < text_x, "Arabic: the picture goes on the left"),
            DeckLang::En => assert!(pic_x > text_x, "English: the picture goes on the right"),
        }
        // 3:1 kept: the picture's extent.
        let pic = &slide[slide.find("<p:pic>").unwrap()..];
        let (cx, cy): (i64, i64) =
            (attr_values(pic, "cx")[0].parse().unwrap(), attr_values(pic, "cy")[0].parse().unwrap());
        assert!((cx as f64 / cy as f64 - 3.0).abs() < 0.01, "{cx}x{cy}");
    }

    // One media part for a picture shown twice; a missing picture shows the bullets across the slide.
    let mut deck = with_picture(DeckLang::Ar);
    let again = deck.slides[2].clone();
    deck.slides.push(again);
    deck.slides.push(Slide { image: Some("gone".into()), ..deck.slides[2].clone() });
    let parts = unzip(&deck_pptx(&deck, &[picture("pic-1", 40, 40)]).unwrap());
    assert_valid_package(&parts);
    assert_eq!(parts.keys().filter(|n| n.starts_with("ppt/media/")).count(), 1);
    assert!(text(&parts, "ppt/slides/_rels/slide7.xml.rels").contains("../media/image1.png"));
    let missing = text(&parts, "ppt/slides/slide8.xml");
    assert!(!missing.contains("<p:pic>"));
    assert!(!text(&parts, "ppt/slides/_rels/slide8.xml.rels").contains("/image\""));
    assert_eq!(x_after(missing, r#"<p:ph type="body" idx="1"/>"#), 60 * 12_700, "the left margin");
    // A picture that is neither PNG nor JPEG is left out the same way.
    let gif = DeckImage {
        id: "pic-1".into(),
        content_type: "image/gif".into(),
        bytes: b"GIF89a...".to_vec(),
        width: 1,
        height: 1,
    };
    let parts = unzip(&deck_pptx(&with_picture(DeckLang::Ar), &[gif]).unwrap());
    assert_valid_package(&parts);
    assert!(!parts.keys().any(|n| n.starts_with("ppt/media/")));
}

#[test]
fn the_first_column_is_on_the_right_in_arabic() {
    for (lang, first_on_right) in [(DeckLang::Ar, true), (DeckLang::En, false)] {
        let parts = unzip(&deck_pptx(&Deck::sample(lang), &[]).unwrap());
        let slide = text(&parts, "ppt/slides/slide3.xml");
        let first = x_after(slide, r#"<p:ph type="body" idx="1"/>"#);
        let second = x_after(slide, r#"<p:ph type="body" idx="2"/>"#);
        assert_eq!(first > second, first_on_right, "{lang:?}");
        assert!(text(&parts, "ppt/slideLayouts/slideLayout3.xml").contains(r#"idx="2""#));
    }
}

#[test]
fn every_theme_and_layout_makes_a_valid_deterministic_package() {
    for theme in Theme::ALL {
        for lang in [DeckLang::Ar, DeckLang::En] {
            let deck = Deck { theme, ..with_picture(lang) };
            let images = [picture("pic-1", 120, 90)];
            let bytes = deck_pptx(&deck, &images).unwrap();
            assert_eq!(bytes, deck_pptx(&deck, &images).unwrap(), "{theme:?} {lang:?} is not deterministic");
            let parts = unzip(&bytes);
            assert_valid_package(&parts);
            let (bg, _, accent) = theme.colours();
            let (arabic, latin) = theme.faces();
            for n in 1..=deck.slides.len() {
                let slide = text(&parts, &format!("ppt/slides/slide{n}.xml"));
                assert!(
                    slide.contains(&format!(r#"<p:bg><p:bgPr><a:solidFill><a:srgbClr val="{bg}"/>"#)),
                    "{theme:?} {n}"
                );
                assert!(slide.contains(&format!(r#"<a:cs typeface="{arabic}"/>"#)), "{theme:?} {n}");
            }
            // The section slide has its accent band.
            let section = deck.slides.iter().position(|s| s.layout == Layout::Section).unwrap() + 1;
            assert!(text(&parts, &format!("ppt/slides/slide{section}.xml"))
                .contains(&format!(r#"<a:srgbClr val="{accent}"/>"#)));
            let theme_xml = text(&parts, "ppt/theme/theme1.xml");
            assert!(theme_xml.contains(&format!(r#"<a:latin typeface="{latin}"/>"#)));
            assert!(theme_xml.contains(&format!(r#"<a:font script="Arab" typeface="{arabic}"/>"#)));
        }
    }
}

#[test]
fn empty_and_long_decks_make_valid_packages() {
    let parts = unzip(&deck_pptx(&Deck::default(), &[]).unwrap());
    assert_valid_package(&parts);
    assert!(!text(&parts, "ppt/presentation.xml").contains("<p:sldId "));

    // Slides with nothing in them: no empty text boxes.
    let blank = Deck {
        slides: Layout::ALL.iter().map(|&layout| Slide { layout, ..Slide::default() }).collect(),
        ..Deck::default()
    };
    let parts = unzip(&deck_pptx(&blank, &[]).unwrap());
    assert_valid_package(&parts);
    for n in 1..=Layout::ALL.len() {
        let slide = text(&parts, &format!("ppt/slides/slide{n}.xml"));
        assert!(!slide.contains("<p:ph "), "slide {n} has an empty placeholder");
    }

    // Many long bullets get a smaller size than a few short ones.
    let mut deck = Deck::sample(DeckLang::Ar);
    deck.slides[1].bullets =
        (1..=12).map(|i| format!("بند طويل رقم {i} يشرح فكرة كاملة عن مشاريع الطاقة في المحافظات")).collect();
    deck.slides[1].notes = "السطر الأول\n\nالسطر الثاني".into();
    let parts = unzip(&deck_pptx(&deck, &[]).unwrap());
    assert_valid_package(&parts);
    let sizes = |xml: &str| -> Vec<u32> {
        paragraphs(xml)
            .iter()
            .flat_map(|(_, runs)| runs.iter().map(|(r, _)| attr_values(r, "sz")[0].parse().unwrap()))
            .collect()
    };
    let long = sizes(text(&parts, "ppt/slides/slide2.xml"));
    let short = sizes(text(&unzip(&deck_pptx(&Deck::sample(DeckLang::Ar), &[]).unwrap()), "ppt/slides/slide2.xml"));
    assert!(long.last().unwrap() < short.last().unwrap(), "{long:?} vs {short:?}");
    let notes = paragraphs(text(&parts, "ppt/notesSlides/notesSlide2.xml"));
    assert_eq!(notes.len(), 2, "one paragraph per non-empty line");
}

#[test]
fn a_body_is_a_lead_above_the_bullets_and_slides_are_numbered() {
    let mut deck = Deck::sample(DeckLang::Ar);
    deck.slides[1].body = "ثلاثة أسباب تجعل الوقت مناسباً".into();
    deck.slides[2].body = "نظرة سريعة".into();
    let parts = unzip(&deck_pptx(&deck, &[]).unwrap());
    assert_valid_package(&parts);
    // Bullets: the lead is the body placeholder's first paragraph, without a bullet.
    let slide = text(&parts, "ppt/slides/slide2.xml");
    let body = &slide[slide.find(r#"<p:ph type="body" idx="1"/>"#).unwrap()..];
    let paras = paragraphs(&body[..body.find("</p:sp>").unwrap()]);
    assert_eq!(paras.len(), 4);
    assert!(paras[0].0.contains(r#"rtl="1""#) && paras[0].0.contains(r#"algn="r""#));
    assert_eq!(paras[0].1.iter().map(|(_, t)| t.as_str()).collect::<String>(), "ثلاثة أسباب تجعل الوقت مناسباً");
    let first_bullet = body.find(r#"<a:buChar char="•"/>"#).unwrap();
    assert!(body.find("<a:buNone/>").unwrap() < first_bullet, "the lead comes first");
    // Two columns: the lead is a text box of its own above both.
    assert!(text(&parts, "ppt/slides/slide3.xml").contains("نظرة سريعة"));
    // Slide numbers: a field on every slide but the title slide.
    assert!(!text(&parts, "ppt/slides/slide1.xml").contains(r#"type="slidenum""#));
    for n in 2..=5 {
        let slide = text(&parts, &format!("ppt/slides/slide{n}.xml"));
        assert!(slide.contains(r#"type="slidenum"><a:rPr"#), "slide {n}");
        assert!(slide.contains(&format!("<a:t>{n}</a:t></a:fld>")), "slide {n}");
    }
}

/// Special characters in user text.
fn tricky_deck() -> Deck {
    let mut deck = Deck::sample(DeckLang::En);
    deck.title = r#"Q3 <review> & "plans""#.into();
    deck.slides[0].title = r#"Q3 <review> & "plans""#.into();
    deck.slides[1].bullets[0] = "AT&T </a:t></a:r> & ]]> 'ok'".into();
    deck.slides[0].notes = "Say <hello> & \"bye\"".into();
    deck
}

#[test]
fn xml_special_characters_are_escaped() {
    let parts = unzip(&deck_pptx(&tricky_deck(), &[]).unwrap());
    assert_valid_package(&parts);
    let s1 = text(&parts, "ppt/slides/slide1.xml");
    assert!(s1.contains("<a:t>Q3 &lt;review&gt; &amp; &quot;plans&quot;</a:t>"), "{s1}");
    assert!(!s1.contains("<review>"));
    assert!(
        text(&parts, "ppt/slides/slide2.xml").contains("AT&amp;T &lt;/a:t&gt;&lt;/a:r&gt; &amp; ]]&gt; &apos;ok&apos;")
    );
    assert!(text(&parts, "ppt/notesSlides/notesSlide1.xml").contains("Say &lt;hello&gt; &amp; &quot;bye&quot;"));
    assert!(
        text(&parts, "docProps/core.xml").contains("<dc:title>Q3 &lt;review&gt; &amp; &quot;plans&quot;</dc:title>")
    );
}

// ---------------------------------------------------------------- python-pptx

const READ_DECK: &str = r#"
import json, sys
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
p = Presentation(sys.argv[1])
out = {"width": p.slide_width, "height": p.slide_height, "core_title": p.core_properties.title, "slides": []}
for s in p.slides:
    title = s.shapes.title
    layout = s.slide_layout
    placeholders = []
    for ph in s.placeholders:
        idx = ph.placeholder_format.idx
        placeholders.append([idx, layout.placeholders.get(idx=idx) is not None])
    pictures = []
    for sh in s.shapes:
        if sh.shape_type == MSO_SHAPE_TYPE.PICTURE:
            pictures.append([sh.image.content_type, len(sh.image.blob), sh.width, sh.height])
    out["slides"].append({
        "title": title.text_frame.text if title is not None else None,
        "texts": [sh.text_frame.text for sh in s.shapes if sh.has_text_frame],
        "layout": layout.name,
        "placeholders": placeholders,
        "pictures": pictures,
        "notes": s.notes_slide.notes_text_frame.text if s.has_notes_slide else None,
    })
print(json.dumps(out, ensure_ascii=False))
"#;

/// What python-pptx reads from `pptx`, or `None` (with a message) when there
/// is no Python with the `pptx` module.
fn python_pptx(name: &str, pptx: &[u8]) -> Option<serde_json::Value> {
    let python = std::env::var("PULSE_OFFICE_PYTHON").unwrap_or_else(|_| "python3".into());
    let required = std::env::var("PULSE_REQUIRE_OFFICE_PYTHON").as_deref() == Ok("1");
    let skip = |why: String| {
        assert!(!required, "PULSE_REQUIRE_OFFICE_PYTHON=1 but {why}");
        eprintln!("skipping the python-pptx check: {why} (set PULSE_OFFICE_PYTHON to a Python with python-pptx)");
        None
    };
    match Command::new(&python).args(["-c", "import pptx"]).output() {
        Err(e) => return skip(format!("cannot run {python}: {e}")),
        Ok(out) if !out.status.success() => {
            return skip(format!("{python} has no pptx module: {}", String::from_utf8_lossy(&out.stderr).trim()))
        }
        Ok(_) => {}
    }
    let path: PathBuf = std::env::temp_dir().join(format!("pulse-slides-pptx-{}-{name}.pptx", std::process::id()));
    std::fs::write(&path, pptx).unwrap();
    let out =
        Command::new(&python).env("PYTHONIOENCODING", "utf-8").args(["-c", READ_DECK]).arg(&path).output().unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "python-pptx failed on {name}: {}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn python_pptx_reads_the_arabic_deck() {
    let sample = Deck::sample(DeckLang::Ar);
    let Some(read) = python_pptx("ar", &deck_pptx(&sample, &[]).unwrap()) else {
        return;
    };
    assert_eq!(read["width"], 12_192_000);
    assert_eq!(read["height"], 6_858_000);
    assert_eq!(read["core_title"], "الطاقة الشمسية في الأردن");
    let slides = read["slides"].as_array().unwrap();
    assert_eq!(slides.len(), 5);
    let titles: Vec<&str> = slides.iter().map(|s| s["title"].as_str().unwrap()).collect();
    let expected: Vec<&str> = sample.slides.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, expected);
    let texts = |i: usize| -> Vec<String> {
        slides[i]["texts"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect()
    };
    assert!(texts(1).contains(&sample.slides[1].bullets.join("\n")), "{:?}", texts(1));
    assert!(texts(2).contains(&"خفض فاتورة الكهرباء\nفرص عمل للشباب".to_string()));
    assert!(texts(2).contains(&"تخزين الطاقة\nكلفة التمويل الأولي".to_string()));
    assert!(texts(0).contains(&"فرص النمو حتى عام 2030".to_string()));
    assert!(texts(3).contains(&sample.slides[3].body));
    assert_eq!(slides[0]["notes"], "رحّب بالحضور وقدّم نفسك.");
    assert_eq!(slides[2]["notes"], serde_json::Value::Null);
    assert_eq!(slides[4]["notes"], "اختم بدعوة للعمل.");
    assert_eq!(slides[0]["layout"], "Title Slide");
    assert_eq!(slides[2]["layout"], "Two Content");
    // Every placeholder has its counterpart in the layout.
    for s in slides {
        for ph in s["placeholders"].as_array().unwrap() {
            assert_eq!(ph[1], true, "placeholder {} has no layout placeholder in {s}", ph[0]);
        }
    }
}

#[test]
fn python_pptx_reads_pictures_and_tricky_text() {
    let Some(read) = python_pptx("pic", &deck_pptx(&with_picture(DeckLang::Ar), &[picture("pic-1", 90, 60)]).unwrap())
    else {
        return;
    };
    let slide = &read["slides"][2];
    assert_eq!(slide["title"], "محطة معان للطاقة الشمسية");
    let pictures = slide["pictures"].as_array().unwrap();
    assert_eq!(pictures.len(), 1);
    assert_eq!(pictures[0][0], "image/png");
    let (w, h) = (pictures[0][2].as_f64().unwrap(), pictures[0][3].as_f64().unwrap());
    assert!((w / h - 1.5).abs() < 0.01, "{w}x{h}");
    assert!(slide["texts"].as_array().unwrap().contains(&"قدرة 200 ميغاواط\nتشغيل منذ 2016".into()));

    let read = python_pptx("tricky", &deck_pptx(&tricky_deck(), &[]).unwrap()).unwrap();
    assert_eq!(read["core_title"], r#"Q3 <review> & "plans""#);
    assert_eq!(read["slides"][0]["title"], r#"Q3 <review> & "plans""#);
    assert_eq!(read["slides"][0]["notes"], "Say <hello> & \"bye\"");
    let bullets = read["slides"][1]["texts"].as_array().unwrap();
    assert!(bullets.iter().any(|t| t.as_str().unwrap().starts_with("AT&T </a:t></a:r> & ]]> 'ok'\n")), "{bullets:?}");
}

// ---------------------------------------------------------------- LibreOffice

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// The PDF LibreOffice makes of `pptx`, in `dir`.
fn soffice_pdf(dir: &Path, name: &str, pptx: &[u8]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let input = dir.join(format!("{name}.pptx"));
    std::fs::write(&input, pptx).unwrap();
    let profile = std::env::temp_dir().join(format!("lo-profile-{}-{name}", std::process::id()));
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&input)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&profile);
    let pdf = dir.join(format!("{name}.pdf"));
    assert!(
        out.status.success() && pdf.is_file(),
        "soffice did not convert {name}: {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

#[test]
fn libreoffice_renders_the_arabic_deck() {
    if !on_path("soffice") || !on_path("pdftotext") {
        eprintln!("skipping the LibreOffice check: soffice or pdftotext is not on the PATH");
        return;
    }
    // LibreOffice reads PPTX only with Impress (Debian's libreoffice-impress-nogui).
    if !std::path::Path::new("/usr/lib/libreoffice/program/libsdlo.so").exists() {
        eprintln!("skipping the LibreOffice check: LibreOffice Impress is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("pulse-slides-pptx-lo-{}", std::process::id()));
    let pdf = soffice_pdf(&dir, "ar", &deck_pptx(&with_picture(DeckLang::Ar), &[picture("pic-1", 90, 60)]).unwrap());
    let out = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches('\u{c}').count(), 6, "one page per slide: {text}");
    for word in ["الطاقة", "الشمسية", "SolarTech"] {
        assert!(text.contains(word), "{word} not in the PDF text: {text}");
    }
}

/// Writes every theme's sample decks (and a crowded one) as .pptx into
/// `PULSE_PPTX_OUT` (default: a temporary folder), to look at:
/// `PULSE_PPTX_OUT=/tmp/decks cargo test -p pulse-documents --test documents slides_pptx -- --ignored`,
/// then `soffice --headless --convert-to pdf` and `pdftoppm -png` them.
#[test]
#[ignore = "writes files to look at"]
fn write_samples() {
    let dir = std::env::var_os("PULSE_PPTX_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("pulse-decks"));
    std::fs::create_dir_all(&dir).unwrap();
    let images = [picture("pic-1", 160, 100), picture("tall", 60, 200)];
    for theme in Theme::ALL {
        for lang in [DeckLang::Ar, DeckLang::En] {
            let deck = Deck { theme, ..with_picture(lang) };
            std::fs::write(
                dir.join(format!("{}-{}.pptx", theme.code(), lang.code())),
                deck_pptx(&deck, &images).unwrap(),
            )
            .unwrap();
        }
    }
    let long = "بند طويل يشرح فكرة كاملة عن مشاريع الطاقة المتجددة في محافظات الجنوب مع شركة Masdar";
    let mut crowded = Deck::sample(DeckLang::Ar);
    crowded.slides[0].title =
        "عنوان طويل جداً لعرض تقديمي عن الطاقة الشمسية وطاقة الرياح في المملكة الأردنية الهاشمية".into();
    crowded.slides[1].title = "عنوان شريحة طويل يمتد على أكثر من سطر واحد في العرض".into();
    crowded.slides[1].bullets = (1..=9).map(|i| format!("{long} {i}")).collect();
    crowded.slides[1].bullets.push("Open data: https://example.jo/energy?year=2024".into());
    crowded.slides[2].bullets = (1..=6).map(|i| format!("{long} {i}")).collect();
    crowded.slides[3].body = [crowded.slides[3].body.as_str(); 3].join(" ");
    crowded.slides.push(Slide {
        layout: Layout::ImageText,
        title: "صورة طويلة".into(),
        bullets: (1..=7).map(|i| format!("{long} {i}")).collect(),
        image: Some("tall".into()),
        ..Slide::default()
    });
    std::fs::write(dir.join("crowded-ar.pptx"), deck_pptx(&crowded, &images).unwrap()).unwrap();
    eprintln!("wrote the decks to {}", dir.display());
}
