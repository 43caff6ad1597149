//! The deck renderers (PDF and SVG pages), read back with poppler's `pdftotext`.
use std::path::{Path, PathBuf};
use std::process::Command;

use pulse_documents::slides::{deck_pdf, deck_svg_pages, Deck, DeckImage, DeckLang, Layout, Slide, Theme};

/// Writes a test artefact next to the build output, so it can be looked at.
fn artefact(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The PDF's text through poppler's `pdftotext` (Debian: poppler-utils), or
/// `None` when it is not installed, unless `PULSE_REQUIRE_PDFTOTEXT` is set.
/// `pages`: only those (first, last). poppler's bidi embedding controls
/// (U+202A–U+202C) are its own output markup and are dropped.
fn pdftotext(path: &Path, pages: Option<(usize, usize)>) -> Option<String> {
    let mut cmd = Command::new("pdftotext");
    if let Some((first, last)) = pages {
        cmd.arg("-f").arg(first.to_string()).arg("-l").arg(last.to_string());
    }
    match cmd.arg("-enc").arg("UTF-8").arg(path).arg("-").output() {
        Ok(out) => {
            assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8_lossy(&out.stdout);
            Some(text.chars().filter(|c| !matches!(c, '\u{202A}'..='\u{202C}')).collect())
        }
        Err(e) if std::env::var_os("PULSE_REQUIRE_PDFTOTEXT").is_some() => {
            panic!("PULSE_REQUIRE_PDFTOTEXT is set but pdftotext cannot run: {e}")
        }
        Err(_) => {
            eprintln!("pdftotext not installed (poppler-utils): text checks skipped");
            None
        }
    }
}

/// How poppler writes `word` back: it reverses the two letters of a lam-alef
/// ligature (لا لأ لإ لآ, and لى which the Arabic faces also ligate) when it
/// reorders right-to-left text, so "الأردن" reads back as "األردن" whatever the
/// PDF says (a reader artefact; see tests/cv_pdf.rs and the README).
fn poppler_form(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == 'ل' && i + 1 < chars.len() && matches!(chars[i + 1], 'ا' | 'أ' | 'إ' | 'آ' | 'ى') {
            out.push(chars[i + 1]);
            out.push('ل');
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out.into_iter().collect()
}

fn has_word(text: &str, word: &str) -> bool {
    text.contains(word) || text.contains(&poppler_form(word))
}

fn assert_contains(text: &str, word: &str, what: &str) {
    assert!(has_word(text, word), "{what}: {word:?} missing from:\n{text}");
}

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Pages in the PDF, from pdftotext's form feeds (one per page).
fn pdf_pages(name: &str, pdf: &[u8]) -> Option<usize> {
    let text = pdftotext(&artefact(name, pdf), None)?;
    Some(text.matches('\u{c}').count())
}

/// A small RGB gradient as a valid PNG (zlib with stored deflate blocks, so no
/// compressor is needed).
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            raw.extend([(40 + 180 * x / w) as u8, (120 + 100 * y / h) as u8, 160]);
        }
    }
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        z.extend((block.len() as u16).to_le_bytes());
        z.extend((!(block.len() as u16)).to_le_bytes());
        z.extend(*block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + byte as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());

    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", ihdr), (b"IDAT", z), (b"IEND", Vec::new())] {
        out.extend((data.len() as u32).to_be_bytes());
        let mut checked = kind.to_vec();
        checked.extend(&data);
        out.extend(&checked);
        out.extend(crc32(&checked).to_be_bytes());
    }
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= byte as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn picture() -> DeckImage {
    DeckImage { id: "panels".into(), content_type: "image/png".into(), bytes: png(64, 40), width: 64, height: 40 }
}

/// One slide of every layout, in [`Layout::ALL`] order; the image-and-text slide shows "panels".
fn every_layout(lang: DeckLang, theme: Theme) -> Deck {
    let ar = lang == DeckLang::Ar;
    let t = |ar_text: &str, en_text: &str| if ar { ar_text.to_string() } else { en_text.to_string() };
    let slides = Layout::ALL
        .into_iter()
        .map(|layout| Slide {
            layout,
            title: t("عنوان الشريحة", "Slide title"),
            body: t("سطر تحت العنوان مع SolarTech", "A line under the title with SolarTech"),
            bullets: vec![t("النقطة الأولى", "First point"), t("النقطة الثانية", "Second point")],
            bullets2: vec![t("العمود الثاني", "Second column")],
            image: (layout == Layout::ImageText).then(|| "panels".to_string()),
            notes: t("ملاحظات المتحدث", "Speaker notes"),
        })
        .collect();
    Deck { lang, theme, title: t("كل التخطيطات", "Every layout"), slides }
}

/// The same deck with far too much text on every slide.
fn overfull(lang: DeckLang, theme: Theme) -> Deck {
    let mut deck = every_layout(lang, theme);
    let long = if lang == DeckLang::Ar {
        "نص طويل جداً يتكرر ليملأ الشريحة ويختبر تصغير الخط وعدم خروج النص عن الصفحة "
    } else {
        "A very long piece of text repeated to fill the slide and test that the font shrinks and nothing spills "
    };
    for slide in &mut deck.slides {
        slide.title = long.repeat(3);
        slide.body = long.repeat(8);
        slide.bullets = (0..14).map(|_| long.repeat(2)).collect();
        slide.bullets2 = (0..14).map(|_| long.repeat(2)).collect();
    }
    deck
}

#[test]
fn arabic_deck_reads_back_in_logical_order_with_english_names_intact() {
    for theme in Theme::ALL {
        let deck = Deck { theme, ..Deck::sample(DeckLang::Ar) };
        let pdf = deck_pdf(&deck, &[]).expect("renders");
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
        let (arabic, latin) = theme.faces();
        for face in [arabic, latin] {
            let name = face.replace(' ', "");
            assert!(contains_bytes(&pdf, name.as_bytes()), "{theme:?}: {face} not embedded");
        }
        let what = theme.code();
        let Some(text) = pdftotext(&artefact(&format!("deck-ar-{what}.pdf"), &pdf), None) else { return };
        // Whole Arabic words and phrases as typed, in logical (not visual) order.
        // Lines with a number next to a sign ("80%") are left out: poppler
        // reorders those ("%80"), a reader artefact.
        for expected in [
            "الطاقة الشمسية في",
            "الأردن",
            "فرص النمو حتى عام",
            "لماذا الآن؟",
            "يوم مشمس في السنة",
            "دعم حكومي عبر صندوق الطاقة المتجددة",
            "المزايا والتحديات",
            "خفض فاتورة الكهرباء",
            "فرص عمل للشباب",
            "تخزين الطاقة",
            "كلفة التمويل الأولي",
            "هدفنا أن تغطي الطاقة المتجددة",
            "وزارة الطاقة والثروة المعدنية",
            "الخطوات التالية",
            "من الفكرة إلى التنفيذ مع شركة",
        ] {
            assert_contains(&text, expected, what);
        }
        // The English product name inside an Arabic line stays whole, left to right.
        assert_contains(&text, "SolarTech", what);
        // Speaker notes are not printed.
        for note in ["بالحضور", "الأرقام", "بدعوة للعمل"] {
            assert!(!has_word(&text, note), "{what}: speaker notes printed:\n{text}");
        }
    }
}

#[test]
fn english_deck_reads_back_whole_without_notes() {
    for theme in Theme::ALL {
        let deck = Deck { theme, ..Deck::sample(DeckLang::En) };
        let pdf = deck_pdf(&deck, &[]).expect("renders");
        let what = theme.code();
        let Some(text) = pdftotext(&artefact(&format!("deck-en-{what}.pdf"), &pdf), None) else { return };
        for expected in [
            "Solar Energy in Jordan",
            "Growth opportunities to 2030",
            "Why now?",
            "Panel costs down 80% in a decade",
            "Benefits and challenges",
            "Up-front financing",
            "Ministry of Energy and Mineral Resources",
            "Next steps",
            "From idea to delivery with SolarTech",
        ] {
            assert_contains(&text, expected, what);
        }
        for note in ["Welcome the audience", "Stress the numbers", "call to action"] {
            assert!(!text.contains(note), "{what}: speaker notes printed:\n{text}");
        }
    }
}

#[test]
fn one_page_per_slide_in_pdf_and_svg() {
    for lang in [DeckLang::Ar, DeckLang::En] {
        for theme in Theme::ALL {
            let deck = Deck { theme, ..Deck::sample(lang) };
            let what = format!("{}-{}", lang.code(), theme.code());
            let svgs = deck_svg_pages(&deck, &[]).expect("renders as SVG");
            assert_eq!(svgs.len(), deck.slides.len(), "{what}: SVG pages");
            for svg in &svgs {
                assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{what}: not an SVG");
            }
            let pdf = deck_pdf(&deck, &[]).expect("renders");
            if let Some(pages) = pdf_pages(&format!("deck-{what}-pages.pdf"), &pdf) {
                assert_eq!(pages, deck.slides.len(), "{what}: PDF pages");
            }
        }
    }
}

#[test]
fn every_theme_layout_and_language_renders() {
    std::thread::scope(|scope| {
        for lang in [DeckLang::Ar, DeckLang::En] {
            for theme in Theme::ALL {
                scope.spawn(move || {
                    let images = [picture()];
                    for (kind, deck) in [("layouts", every_layout(lang, theme)), ("overfull", overfull(lang, theme))] {
                        let what = format!("{}-{}-{kind}", lang.code(), theme.code());
                        let pdf = deck_pdf(&deck, &images).unwrap_or_else(|e| panic!("{what}: {e}"));
                        assert!(pdf.starts_with(b"%PDF-"), "{what}: not a PDF");
                        let svgs = deck_svg_pages(&deck, &images).unwrap_or_else(|e| panic!("{what}: {e}"));
                        // Too much text shrinks and is cut at the slide's edge, never
                        // pushed onto a page of its own.
                        assert_eq!(svgs.len(), Layout::ALL.len(), "{what}: SVG pages");
                        if let Some(pages) = pdf_pages(&format!("deck-{what}.pdf"), &pdf) {
                            assert_eq!(pages, Layout::ALL.len(), "{what}: PDF pages");
                        }
                    }
                });
            }
        }
    });
}

#[test]
fn the_picture_of_an_image_slide_is_embedded() {
    for lang in [DeckLang::Ar, DeckLang::En] {
        let slide = Slide {
            layout: Layout::ImageText,
            title: "SolarTech".into(),
            bullets: vec!["50 MW".into()],
            image: Some("panels".into()),
            ..Default::default()
        };
        let deck = Deck { lang, slides: vec![slide.clone()], ..Default::default() };
        let image_xobject =
            |pdf: &[u8]| contains_bytes(pdf, b"/Subtype/Image") || contains_bytes(pdf, b"/Subtype /Image");

        let pdf = deck_pdf(&deck, &[picture()]).expect("renders");
        assert!(image_xobject(&pdf), "{lang:?}: no image XObject");
        let svg = &deck_svg_pages(&deck, &[picture()]).expect("renders as SVG")[0];
        assert!(svg.contains("<image"), "{lang:?}: no image in the SVG");

        // An id with no picture, or a picture that is not what it claims: bullets only.
        let broken = DeckImage { content_type: "image/jpeg".into(), ..picture() };
        for images in [vec![], vec![broken]] {
            let pdf = deck_pdf(&deck, &images).expect("renders without the picture");
            assert!(!image_xobject(&pdf), "{lang:?}: image XObject without a usable picture");
        }
        // The picture is only shown by image-and-text slides.
        let other = Deck { slides: vec![Slide { layout: Layout::Bullets, ..slide }], ..deck };
        assert!(!image_xobject(&deck_pdf(&other, &[picture()]).unwrap()), "{lang:?}: picture on a bullets slide");
    }
}

#[test]
fn themes_look_different() {
    let svgs: Vec<(Theme, String)> = Theme::ALL
        .into_iter()
        .map(|theme| {
            let deck = Deck { theme, ..Deck::sample(DeckLang::En) };
            (theme, deck_svg_pages(&deck, &[]).expect("renders").concat())
        })
        .collect();
    for (theme, svg) in &svgs {
        let (bg, _, accent) = theme.colours();
        let colour = |hex: &str| format!("#{}", hex.to_ascii_lowercase());
        assert!(svg.contains(&colour(accent)), "{theme:?}: accent missing");
        if *theme != Theme::Oasis && *theme != Theme::Petra {
            assert!(svg.contains(&colour(bg)), "{theme:?}: background missing");
        }
        for (other, _) in &svgs {
            if other != theme {
                assert!(!svg.contains(&colour(other.colours().2)), "{theme:?} uses {other:?}'s accent");
            }
        }
    }
}

#[test]
fn slide_numbers_on_every_slide_but_the_title() {
    let deck = Deck::sample(DeckLang::En);
    let pdf = deck_pdf(&deck, &[]).unwrap();
    let path = artefact("deck-en-numbers.pdf", &pdf);
    for page in 1..=deck.slides.len() {
        let Some(text) = pdftotext(&path, Some((page, page))) else { return };
        let numbered = text.lines().any(|l| l.trim() == page.to_string());
        assert_eq!(numbered, page > 1, "slide {page}:\n{text}");
    }
}

#[test]
fn metadata_has_the_title_language_and_16_9_pages() {
    let pdf = deck_pdf(&Deck::sample(DeckLang::Ar), &[]).unwrap();
    assert!(contains_bytes(&pdf, b"<rdf:li>ar</rdf:li>"), "document language not ar");
    let pdf_en = deck_pdf(&Deck::sample(DeckLang::En), &[]).unwrap();
    assert!(contains_bytes(&pdf_en, b"<rdf:li>en</rdf:li>"), "document language not en");
    assert!(contains_bytes(&pdf_en, b"Solar Energy in Jordan"), "title missing");

    let path = artefact("deck-ar-meta.pdf", &pdf);
    match Command::new("pdfinfo").arg("-enc").arg("UTF-8").arg(&path).output() {
        Ok(out) if out.status.success() => {
            let info = String::from_utf8_lossy(&out.stdout);
            assert!(info.lines().any(|l| l.starts_with("Title:") && l.ends_with("الطاقة الشمسية في الأردن")), "{info}");
            assert!(info.contains("960 x 540 pts"), "not 16:9 widescreen: {info}");
        }
        _ => eprintln!("pdfinfo not available: metadata read-back skipped"),
    }
}

#[test]
fn empty_decks_and_blank_slides() {
    let empty = Deck { lang: DeckLang::Ar, ..Default::default() };
    assert!(deck_pdf(&empty, &[]).expect("renders").starts_with(b"%PDF-"));
    assert!(deck_svg_pages(&empty, &[]).expect("renders").is_empty());

    let blanks = Deck { slides: Layout::ALL.map(|layout| Slide { layout, ..Default::default() }).to_vec(), ..empty };
    assert_eq!(deck_svg_pages(&blanks, &[]).expect("renders").len(), Layout::ALL.len());
    let pdf = deck_pdf(&blanks, &[]).expect("renders");
    assert!(contains_bytes(&pdf, "عرض تقديمي".as_bytes()), "an untitled deck gets a default title");
}

#[test]
fn user_text_is_data_not_markup() {
    let mut deck = Deck::sample(DeckLang::En);
    deck.title = "#panic(\"x\") *bold* $x$ <lbl> @ref [a](b) \\ ]".into();
    deck.slides[1].title = "#panic(\"x\") *bold* $x$".into();
    deck.slides[1].bullets[0] = "= not a heading #let x = 1".into();
    let pdf = deck_pdf(&deck, &[]).unwrap_or_else(|e| panic!("markup in data must not be evaluated: {e}"));
    if let Some(text) = pdftotext(&artefact("deck-markup.pdf", &pdf), None) {
        assert!(text.contains("#panic(\"x\") *bold* $x$"), "{text}");
        assert!(text.contains("= not a heading #let x = 1"), "{text}");
    }
}

#[test]
fn same_deck_same_bytes() {
    let deck = Deck { theme: Theme::Desert, ..every_layout(DeckLang::Ar, Theme::Desert) };
    let images = [picture()];
    assert_eq!(deck_pdf(&deck, &images).unwrap(), deck_pdf(&deck, &images).unwrap());
    assert_eq!(deck_svg_pages(&deck, &images).unwrap(), deck_svg_pages(&deck, &images).unwrap());
}
