//! Renders the sample decks in every theme and both languages (plus a deck with
//! every layout, a picture and a long slide, and one with far too much text), and
//! prints how long each took: `cargo run --release -p pulse-documents --example deck -- /tmp/deckout`
//!
//! Writes `<dir>/deck-<lang>-<theme>-<sample|layouts|overfull>.pdf` and the SVG of each
//! sample's first slide. Look at them with e.g. `pdftoppm -png -r 40`.
use std::path::PathBuf;
use std::time::Instant;

use pulse_documents::preload_fonts;
use pulse_documents::slides::{deck_pdf, deck_svg_pages, Deck, DeckImage, DeckLang, Layout, Slide, Theme};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "deckout".into()));
    std::fs::create_dir_all(&dir).expect("create the output directory");

    let t = Instant::now();
    preload_fonts();
    println!("fonts parsed in {:?}", t.elapsed());

    let picture = DeckImage {
        id: "panels".into(),
        content_type: "image/png".into(),
        bytes: gradient_png(320, 200),
        width: 320,
        height: 200,
    };
    for lang in [DeckLang::Ar, DeckLang::En] {
        for theme in Theme::ALL {
            let sample = Deck { theme, ..Deck::sample(lang) };
            let layouts = Deck { theme, ..every_layout(lang) };
            let overfull = Deck { theme, ..overfull(lang) };
            for (kind, deck) in [("sample", sample), ("layouts", layouts), ("overfull", overfull)] {
                let images = std::slice::from_ref(&picture);
                let t = Instant::now();
                let pdf = deck_pdf(&deck, images).expect("deck renders");
                let pdf_time = t.elapsed();
                let t = Instant::now();
                let pages = deck_svg_pages(&deck, images).expect("deck renders as SVG");
                let svg_time = t.elapsed();
                let name = format!("deck-{}-{}-{kind}", lang.code(), theme.code());
                std::fs::write(dir.join(format!("{name}.pdf")), &pdf).expect("write the PDF");
                if kind == "sample" {
                    std::fs::write(dir.join(format!("{name}.svg")), &pages[0]).expect("write the SVG");
                }
                println!(
                    "{name:<30} {} slide(s), {:>7} bytes, pdf {pdf_time:>10.2?}, svg {svg_time:>10.2?}",
                    pages.len(),
                    pdf.len()
                );
            }
        }
    }
}

/// The sample deck plus an image-and-text slide, a long bullet slide and a long quote.
fn every_layout(lang: DeckLang) -> Deck {
    let mut deck = Deck::sample(lang);
    let ar = lang == DeckLang::Ar;
    let slide = |layout, title: &str, body: &str, bullets: Vec<String>| Slide {
        layout,
        title: title.into(),
        body: body.into(),
        bullets,
        ..Default::default()
    };
    let mut image = slide(
        Layout::ImageText,
        if ar { "محطة SolarTech في معان" } else { "The SolarTech plant in Ma'an" },
        "",
        if ar {
            vec![
                "قدرة 50 ميغاواط".into(),
                "تشغيل كامل منذ 2024".into(),
                "لوحة مراقبة عبر PulseView".into(),
                "Built by SolarTech, 2024".into(),
            ]
        } else {
            vec![
                "50 MW capacity".into(),
                "Fully running since 2024".into(),
                "Monitored with PulseView".into(),
                "محطة أردنية بالكامل".into(),
            ]
        },
    );
    image.image = Some("panels".into());
    let long: Vec<String> = (1..=11)
        .map(|n| {
            if ar {
                format!("البند رقم {n}: نص طويل يشرح فكرة مهمة بالتفصيل حتى يلتف السطر على عرض الشريحة كاملاً")
            } else {
                format!("Point number {n}: a long line that explains an important idea in detail until it wraps")
            }
        })
        .collect();
    let many = slide(
        Layout::Bullets,
        if ar {
            "عنوان طويل جداً لشريحة فيها نقاط كثيرة وطويلة تحتاج إلى تصغير الخط"
        } else {
            "A very long title for a slide with many long bullet points that need a smaller font"
        },
        "",
        long,
    );
    let mut missing = image.clone();
    missing.image = Some("not-there".into());
    missing.title = if ar { "صورة غير موجودة" } else { "A missing picture" }.into();
    deck.slides.insert(3, image);
    deck.slides.push(many);
    deck.slides.push(missing);
    deck
}

/// Far too much text on every slide (shrunk, then cut at the slide's edge).
fn overfull(lang: DeckLang) -> Deck {
    let mut deck = every_layout(lang);
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

/// A small RGB gradient as a PNG (stored, uncompressed deflate blocks).
fn gradient_png(w: u32, h: u32) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            raw.extend([(40 + 180 * x / w) as u8, (120 + 100 * y / h) as u8, 160]);
        }
    }
    let mut z = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, c) in chunks.iter().enumerate() {
        z.push(u8::from(i + 1 == chunks.len()));
        z.extend((c.len() as u16).to_le_bytes());
        z.extend((!(c.len() as u16)).to_le_bytes());
        z.extend(*c);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + byte as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    for (kind, data) in [(b"IHDR", ihdr), (b"IDAT", z), (b"IEND", Vec::new())] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend(&data);
        png.extend(&crc_input);
        png.extend(crc32(&crc_input).to_be_bytes());
    }
    png
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
