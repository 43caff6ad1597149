//! The CV renderers (PDF and SVG pages), read back with poppler's `pdftotext`.
use std::path::{Path, PathBuf};
use std::process::Command;

use pulse_documents::cv::{cv_pdf, cv_svg_pages, Cv, CvLang, CvTemplate};

/// Writes a test artefact next to the build output, so it can be looked at.
fn artefact(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The PDF's text through poppler's `pdftotext` (Debian: poppler-utils), or
/// `None` when it is not installed, unless `PULSE_REQUIRE_PDFTOTEXT` is set.
///
/// poppler marks right-to-left lines and left-to-right runs inside them with
/// the bidi embedding controls U+202A/U+202B/U+202C; those are its own
/// output markup, not text of the PDF, and are dropped here.
fn pdftotext(path: &Path, layout: bool) -> Option<String> {
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
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
/// ligature (لا لأ لإ لآ, and لى which Noto Sans Arabic also ligates) when it
/// reorders right-to-left text, so "الأردنية" reads back as "األردنية" whatever
/// the PDF says (a reader artefact; see tests/invoice.rs and the README).
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

/// Where `word` first occurs in `text` from `from` on, as typed or in poppler's lam-alef form.
fn find_word(text: &str, word: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    [rest.find(word), rest.find(&poppler_form(word))].into_iter().flatten().min().map(|i| from + i)
}

fn assert_contains(text: &str, word: &str, what: &str) {
    assert!(find_word(text, word, 0).is_some(), "{what}: {word:?} missing from:\n{text}");
}

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Puts a CV into one look.
type SetLook = fn(&mut Cv);

/// Every look: the three designs and ATS mode (which overrides the design).
fn looks() -> [(&'static str, SetLook); 4] {
    [
        ("classic", |cv| cv.template = CvTemplate::Classic),
        ("modern", |cv| cv.template = CvTemplate::Modern),
        ("compact", |cv| cv.template = CvTemplate::Compact),
        ("ats", |cv| cv.ats = true),
    ]
}

#[test]
fn arabic_cv_reads_back_in_logical_order_with_english_names_intact() {
    for (look, set) in looks() {
        let mut cv = Cv::sample(CvLang::Ar);
        set(&mut cv);
        let pdf = cv_pdf(&cv).expect("renders");
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
        assert!(contains_bytes(&pdf, b"NotoSansArabic"), "{look}: Arabic font not embedded");
        assert!(contains_bytes(&pdf, b"NotoSans-"), "{look}: Latin font not embedded");
        let path = artefact(&format!("cv-ar-{look}.pdf"), &pdf);
        let Some(text) = pdftotext(&path, false) else { return };
        // Whole Arabic words and phrases as typed: shaped and joined glyphs map
        // back to the right letters, in logical (not visual) order. Words with
        // a shadda or tanween (عمّان, يومياً) are left out: typst writes a
        // mark with a vertical offset as its own text run, and poppler then
        // detaches it from its letter (see the README).
        for expected in [
            "سارة الخطيب",
            "مهندسة برمجيات",
            "مهندسة برمجيات بخبرة ست سنوات في بناء تطبيقات الويب",
            "مهندسة برمجيات أولى",
            "مطورة ويب",
            "الجامعة الأردنية",
            "بكالوريوس علم الحاسوب",
            "الخبرات العملية",
            "التعليم",
            "المهارات",
            "قيادة الفرق",
            "الإنجليزية",
            "بطلاقة",
            "من خمسة مطورين",
            "حتى الآن",
            "تموز",
        ] {
            assert_contains(&text, expected, look);
        }
        // English inside the Arabic CV stays whole, left to right.
        for expected in [
            "Orange Jordan",
            "Aramex",
            "AWS Certified Developer",
            "WebAssembly",
            "PostgreSQL",
            "sara@example.jo",
            "+962 79 123 4567",
            "https://github.com/sara",
        ] {
            assert_contains(&text, expected, look);
        }
        // The bidi isolates around those runs are layout only, not text.
        assert!(!text.contains(['\u{2066}', '\u{2067}', '\u{2069}']), "{look}: isolate in the text:\n{text}");
    }
}

#[test]
fn english_cv_reads_back_whole() {
    for (look, set) in looks() {
        let mut cv = Cv::sample(CvLang::En);
        set(&mut cv);
        let pdf = cv_pdf(&cv).expect("renders");
        let Some(text) = pdftotext(&artefact(&format!("cv-en-{look}.pdf"), &pdf), false) else { return };
        for expected in [
            "Sara Al-Khatib",
            "Software engineer with six years of experience",
            "Senior Software Engineer",
            "Orange Jordan",
            "Mar 2021 – Present",
            "Jul 2018 – Feb 2021",
            "Cut page load time by 40% with Rust and WebAssembly",
            "University of Jordan",
            "2014 – 2018",
            "Team leadership",
            "Fluent",
            "sara@example.jo",
            "+962 79 123 4567",
        ] {
            assert_contains(&text, expected, look);
        }
    }
}

#[test]
fn ats_text_comes_out_in_reading_order() {
    let cases = [
        (CvLang::En, ["Sara Al-Khatib", "Summary", "Experience", "Senior Software Engineer", "Education", "Skills"]),
        (CvLang::Ar, ["سارة الخطيب", "الملخص", "الخبرات العملية", "مهندسة برمجيات أولى", "التعليم", "المهارات"]),
    ];
    for (lang, order) in cases {
        let mut cv = Cv::sample(lang);
        cv.template = CvTemplate::Modern; // ATS overrides the look
        cv.ats = true;
        let pdf = cv_pdf(&cv).expect("renders");
        let path = artefact(&format!("cv-{}-ats-order.pdf", lang.code()), &pdf);
        for layout in [false, true] {
            let Some(text) = pdftotext(&path, layout) else { return };
            let mut at = 0;
            for item in order {
                let found = find_word(&text, item, at);
                let Some(pos) = found else {
                    panic!("{lang:?} (layout {layout}): {item:?} not found after byte {at} in:\n{text}")
                };
                at = pos + item.len();
            }
            // Bullets are plain list items, each on its own line after its role.
            let bullet =
                if lang == CvLang::En { "Led a team of five developers" } else { "من خمسة مطورين" };
            let role = find_word(&text, order[3], 0).unwrap();
            assert!(find_word(&text, bullet, 0).unwrap() > role, "{lang:?}: bullet before its role:\n{text}");
        }
    }
}

#[test]
fn ats_is_plain_and_the_designs_are_not() {
    let accent = "#0f766e";
    for lang in [CvLang::Ar, CvLang::En] {
        let mut cv = Cv::sample(lang);
        cv.template = CvTemplate::Modern;
        let modern = cv_svg_pages(&cv).expect("renders").concat();
        assert!(modern.contains(accent), "{lang:?}: modern has no teal side column");
        cv.ats = true;
        let ats = cv_svg_pages(&cv).expect("renders").concat();
        assert!(!ats.contains(accent), "{lang:?}: ATS has colour");
        // No filled shapes but the white page itself: no boxes, bars or rules.
        let fills: Vec<&str> =
            ats.match_indices("fill=\"#").map(|(i, _)| &ats[i + 6..i + 13]).filter(|f| *f != "#ffffff").collect();
        assert!(fills.iter().all(|f| *f == "#000000"), "{lang:?}: ATS fills {fills:?}");
        assert!(!ats.contains("stroke=\"#"), "{lang:?}: ATS draws lines");
    }
}

/// Pages in the PDF, from pdftotext's form feeds (one per page).
fn pdf_pages(name: &str, pdf: &[u8]) -> Option<usize> {
    let text = pdftotext(&artefact(name, pdf), false)?;
    Some(text.matches('\u{c}').count())
}

#[test]
fn every_look_renders_empty_sample_and_long_cvs() {
    std::thread::scope(|scope| {
        for lang in [CvLang::Ar, CvLang::En] {
            for (look, set) in looks() {
                scope.spawn(move || {
                    let cvs = [
                        ("empty", Cv { lang, ..Cv::default() }),
                        ("sample", Cv::sample(lang)),
                        ("long", Cv::long_sample(lang)),
                    ];
                    for (kind, mut cv) in cvs {
                        set(&mut cv);
                        let what = format!("{}-{look}-{kind}", lang.code());
                        let pdf = cv_pdf(&cv).unwrap_or_else(|e| panic!("{what}: {e}"));
                        assert!(pdf.starts_with(b"%PDF-"), "{what}: not a PDF");
                        let svgs = cv_svg_pages(&cv).unwrap_or_else(|e| panic!("{what}: {e}"));
                        for svg in &svgs {
                            assert!(
                                svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
                                "{what}: not an SVG"
                            );
                        }
                        let pages = svgs.len();
                        match kind {
                            "empty" => assert_eq!(pages, 1, "{what}"),
                            "sample" => assert!((1..=2).contains(&pages), "{what}: {pages} pages"),
                            _ => assert!(pages >= 2, "{what}: {pages} pages"),
                        }
                        if let Some(pdf_pages) = pdf_pages(&format!("cv-{what}.pdf"), &pdf) {
                            assert_eq!(pdf_pages, pages, "{what}: PDF and SVG page counts differ");
                        }
                    }
                });
            }
        }
    });
}

#[test]
fn page_numbers_only_when_there_are_several_pages() {
    for lang in [CvLang::Ar, CvLang::En] {
        let (page, of) = if lang == CvLang::En { ("Page", "of") } else { ("صفحة", "من") };
        let pdf = cv_pdf(&Cv::sample(lang)).unwrap();
        let Some(one) = pdftotext(&artefact(&format!("cv-{}-one-page.pdf", lang.code()), &pdf), false) else { return };
        assert!(!one.contains(&format!("{page} 1")), "{lang:?}: page number on a one-page CV:\n{one}");

        let pdf = cv_pdf(&Cv::long_sample(lang)).unwrap();
        let Some(long) = pdftotext(&artefact(&format!("cv-{}-pages.pdf", lang.code()), &pdf), false) else { return };
        let total = long.matches('\u{c}').count();
        assert!(total >= 2);
        // One footer line per page, "Page n of N" / "صفحة n من N" (poppler
        // puts the Arabic line's numbers in its own order, so its parts are
        // checked separately).
        let footers: Vec<&str> = long.lines().filter(|l| l.contains(page)).collect();
        assert_eq!(footers.len(), total, "{lang:?}: {footers:?}");
        for (i, line) in footers.iter().enumerate() {
            let n = (i + 1).to_string();
            let words: Vec<&str> = line.split(|c: char| c.is_whitespace() || c.is_ascii_digit()).collect();
            let numbers: Vec<&str> = line.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty()).collect();
            assert!(words.contains(&of), "{lang:?}: {line:?}");
            assert_eq!(numbers, [n.as_str(), &total.to_string()], "{lang:?}: {line:?}");
            if lang == CvLang::En {
                assert_eq!(line.trim(), format!("Page {n} of {total}"));
            }
        }
    }
}

#[test]
fn metadata_has_the_name_and_language() {
    let pdf = cv_pdf(&Cv::sample(CvLang::Ar)).unwrap();
    assert!(contains_bytes(&pdf, b"<rdf:li>ar</rdf:li>"), "document language not ar");
    let pdf_en = cv_pdf(&Cv::sample(CvLang::En)).unwrap();
    assert!(contains_bytes(&pdf_en, b"<rdf:li>en</rdf:li>"), "document language not en");
    assert!(contains_bytes(&pdf_en, b"Sara Al-Khatib"), "title/author missing");
    let empty = cv_pdf(&Cv::default()).unwrap();
    assert!(contains_bytes(&empty, b"<rdf:li>CV</rdf:li>") || contains_bytes(&empty, b">CV<"), "untitled CV");

    let path = artefact("cv-ar-meta.pdf", &pdf);
    match Command::new("pdfinfo").arg("-enc").arg("UTF-8").arg(&path).output() {
        Ok(out) if out.status.success() => {
            let info = String::from_utf8_lossy(&out.stdout);
            assert!(info.lines().any(|l| l.starts_with("Title:") && l.ends_with("سارة الخطيب")), "{info}");
            assert!(info.lines().any(|l| l.starts_with("Author:") && l.ends_with("سارة الخطيب")), "{info}");
            assert!(info.contains("A4"), "{info}");
        }
        _ => eprintln!("pdfinfo not available: metadata read-back skipped"),
    }
}

#[test]
fn user_text_is_data_not_markup() {
    let mut cv = Cv::sample(CvLang::En);
    cv.content.full_name = "#panic(\"x\") *bold* $x$ <lbl> @ref [a](b) \\ ]".into();
    cv.content.experience[0].bullets[0] = "= not a heading #let x = 1".into();
    for (look, set) in looks() {
        let mut cv = cv.clone();
        set(&mut cv);
        let pdf = cv_pdf(&cv).unwrap_or_else(|e| panic!("{look}: markup in data must not be evaluated: {e}"));
        if let Some(text) = pdftotext(&artefact(&format!("cv-markup-{look}.pdf"), &pdf), false) {
            assert!(text.contains("#panic(\"x\") *bold* $x$"), "{look}: {text}");
            assert!(text.contains("= not a heading #let x = 1"), "{look}: {text}");
        }
    }
}

#[test]
fn same_cv_same_bytes() {
    let cv = Cv::sample(CvLang::Ar);
    assert_eq!(cv_pdf(&cv).unwrap(), cv_pdf(&cv).unwrap());
    assert_eq!(cv_svg_pages(&cv).unwrap(), cv_svg_pages(&cv).unwrap());
}
