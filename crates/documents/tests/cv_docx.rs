//! The CV's DOCX export: a complete OPC package, Arabic marked right to left
//! paragraph by paragraph and run by run, and readable by python-docx.
//!
//! The python-docx checks run the Python at `PULSE_OFFICE_PYTHON` (default
//! `python3`); without it or its `docx` module they are skipped, unless
//! `PULSE_REQUIRE_OFFICE_PYTHON=1`.
#![cfg(feature = "render")]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::process::Command;

use pulse_documents::cv::{cv_docx, Cv, CvContent, CvLang, CvTemplate, Experience};

/// Every file in the package, by name.
fn unzip(docx: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip file");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
        parts.insert(name, text);
    }
    parts
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

/// Each `<w:r>` of document.xml: (its properties, its text).
fn runs(document: &str) -> Vec<(String, String)> {
    document
        .split("<w:r>")
        .skip(1)
        .map(|r| {
            let r = &r[..r.find("</w:r>").unwrap()];
            let props = r.find("<w:rPr>").map(|i| r[i..r.find("</w:rPr>").unwrap()].to_string()).unwrap_or_default();
            let text =
                r.split("<w:t xml:space=\"preserve\">").skip(1).map(|t| &t[..t.find("</w:t>").unwrap()]).collect();
            (props, text)
        })
        .collect()
}

fn has_arabic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The package is complete: every part has a content type and every internal
/// relationship points at a part that exists.
fn assert_valid_package(parts: &BTreeMap<String, String>) {
    let types = &parts["[Content_Types].xml"];
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
    }
    for part in overrides {
        assert!(parts.contains_key(part.trim_start_matches('/')), "content type for missing part {part}");
    }
    for required in [
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/numbering.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        assert!(parts.contains_key(required), "{required} missing");
    }
    for (name, xml) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        // `word/_rels/document.xml.rels` describes `word/document.xml`: targets are relative to `word/`.
        let dir = name.split("_rels/").next().unwrap();
        for rel in relationships(xml) {
            let target = attr_values(&format!(" {rel}"), "Target")[0].to_string();
            if rel.contains("TargetMode=\"External\"") {
                continue;
            }
            let path = format!("{dir}{target}");
            assert!(parts.contains_key(&path), "{name}: relationship target {path} is not in the package");
        }
    }
    let rels = &parts["word/_rels/document.xml.rels"];
    for kind in ["styles", "settings", "numbering"] {
        assert!(rels.contains(&format!("/relationships/{kind}\"")), "no {kind} relationship");
    }
    // Every r:id in the document is a relationship of it.
    let ids = attr_values(rels, "Id");
    for id in attr_values(&parts["word/document.xml"], "r:id") {
        assert!(ids.contains(&id), "r:id {id} has no relationship");
    }
}

#[test]
fn arabic_cv_is_a_complete_package_marked_right_to_left() {
    let parts = unzip(&cv_docx(&Cv::sample(CvLang::Ar)).unwrap());
    assert_valid_package(&parts);
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("<w:bidi/>"));
    assert!(doc.contains(r#"w:cs="Noto Sans Arabic""#));
    assert!(parts["word/styles.xml"].contains(r#"w:cs="Noto Sans Arabic""#));
    assert!(parts["word/styles.xml"].contains(r#"w:bidi="ar-JO""#));
    assert!(parts["docProps/core.xml"].contains("<dc:title>سارة الخطيب</dc:title>"));

    let runs = runs(doc);
    let mut orange = 0;
    for (props, text) in &runs {
        if has_arabic(text) {
            assert!(props.contains("<w:rtl/>"), "Arabic run without w:rtl: {text:?} {props}");
            assert!(props.contains(r#"w:cs="Noto Sans Arabic""#), "{text:?} {props}");
            assert!(props.contains(r#"w:bidi="ar-JO""#), "{text:?} {props}");
        }
        if text.contains("Orange Jordan") {
            orange += 1;
            assert!(!props.contains("<w:rtl/>"), "the Latin run is marked rtl: {text:?} {props}");
            assert_eq!(text.trim(), "Orange Jordan", "not split by script");
        }
        if text.contains("WebAssembly") || text.contains("Rust") {
            assert!(!has_arabic(text) && !props.contains("<w:rtl/>"), "{text:?} {props}");
        }
    }
    assert_eq!(orange, 1);
    // The role line is one right-to-left paragraph holding both runs.
    let role_line = doc.split("<w:p>").find(|p| p.contains("مهندسة برمجيات أولى")).unwrap();
    assert!(role_line.contains("<w:bidi/>") && role_line.contains("Orange Jordan"));
    // Bullets are List Bullet paragraphs (numbered through numbering.xml).
    assert_eq!(doc.matches(r#"<w:pStyle w:val="ListBullet"/>"#).count(), 3);
    assert!(parts["word/numbering.xml"].contains(r#"<w:numFmt w:val="bullet"/>"#));
    // The link is a real hyperlink.
    assert!(parts["word/_rels/document.xml.rels"].contains(r#"Target="https://github.com/sara" TargetMode="External""#));
    // A right-to-left section.
    assert!(doc.contains("<w:cols w:space=\"708\"/><w:bidi/>"));
}

#[test]
fn english_cv_has_no_right_to_left_paragraphs() {
    let parts = unzip(&cv_docx(&Cv::sample(CvLang::En)).unwrap());
    assert_valid_package(&parts);
    let doc = &parts["word/document.xml"];
    assert!(!doc.contains("<w:bidi/>"));
    assert!(!doc.contains("<w:rtl/>"));
    assert!(doc.contains("Senior Software Engineer"));
    assert!(parts["docProps/core.xml"].contains("<dc:language>en-US</dc:language>"));
}

#[test]
fn an_arabic_line_in_an_english_cv_is_right_to_left() {
    let mut cv = Cv::sample(CvLang::En);
    cv.content.experience[0].bullets.push("قدت فريق Orange في عمّان".into());
    let doc = &unzip(&cv_docx(&cv).unwrap())["word/document.xml"];
    let paragraphs: Vec<&str> = doc.split("<w:p>").filter(|p| p.contains("<w:bidi/>")).collect();
    assert_eq!(paragraphs.len(), 1);
    assert!(paragraphs[0].contains("قدت فريق"));
}

#[test]
fn templates_and_ats_change_only_the_look() {
    let mut texts = Vec::new();
    for ats in [false, true] {
        for template in CvTemplate::ALL {
            let cv = Cv { template, ats, ..Cv::sample(CvLang::Ar) };
            let parts = unzip(&cv_docx(&cv).unwrap());
            assert_valid_package(&parts);
            if ats {
                assert!(!parts["word/styles.xml"].contains("<w:color"), "{template:?} ATS has colour");
                assert!(!parts["word/styles.xml"].contains("<w:pBdr>"));
            } else {
                assert!(parts["word/styles.xml"].contains("<w:color"));
            }
            let text: Vec<String> = runs(&parts["word/document.xml"]).into_iter().map(|(_, t)| t).collect();
            texts.push(text.concat());
        }
    }
    assert!(texts.windows(2).all(|w| w[0] == w[1]), "the text differs between looks");
}

#[test]
fn empty_and_long_cvs_make_valid_packages() {
    let empty = cv_docx(&Cv::default()).unwrap();
    let parts = unzip(&empty);
    assert_valid_package(&parts);
    assert!(!parts["word/document.xml"].contains("<w:r>"));
    // Headings of empty sections are left out too.
    let cv = Cv {
        content: CvContent { experience: vec![Experience::default()], skills: vec![" ".into()], ..Default::default() },
        ..Cv::default()
    };
    assert!(!unzip(&cv_docx(&cv).unwrap())["word/document.xml"].contains("<w:r>"));

    let long = Cv::long_sample(CvLang::Ar);
    let parts = unzip(&cv_docx(&long).unwrap());
    assert_valid_package(&parts);
    let bullets: usize = long.content.experience.iter().map(|e| e.bullets.len()).sum();
    assert_eq!(parts["word/document.xml"].matches(r#"<w:pStyle w:val="ListBullet"/>"#).count(), bullets);
}

/// Special characters in user text, read back by python-docx as typed.
fn tricky_cv() -> Cv {
    let mut cv = Cv::sample(CvLang::En);
    cv.content.full_name = r#"Sara <b>"Al-Khatib" & 'co'"#.into();
    cv.content.experience[0].company = "AT&T <Jordan>".into();
    cv.content.experience[0].bullets[0] = "Shipped </w:t></w:r> & ]]> safely".into();
    cv.content.links[0].url = "https://example.jo/?a=1&b=2".into();
    cv
}

#[test]
fn xml_special_characters_are_escaped() {
    let parts = unzip(&cv_docx(&tricky_cv()).unwrap());
    assert_valid_package(&parts);
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("Sara &lt;b&gt;&quot;Al-Khatib&quot; &amp; &apos;co&apos;"));
    assert!(doc.contains("AT&amp;T &lt;Jordan&gt;"));
    assert!(!doc.contains("<b>"));
    assert!(parts["word/_rels/document.xml.rels"].contains(r#"Target="https://example.jo/?a=1&amp;b=2""#));
    assert!(parts["docProps/core.xml"]
        .contains("<dc:title>Sara &lt;b&gt;&quot;Al-Khatib&quot; &amp; &apos;co&apos;</dc:title>"));
}

// ---------------------------------------------------------------- python-docx

/// The paragraphs python-docx reads from `docx`, or `None` (with a message)
/// when there is no Python with the `docx` module.
fn python_docx_paragraphs(name: &str, docx: &[u8]) -> Option<Vec<String>> {
    let python = std::env::var("PULSE_OFFICE_PYTHON").unwrap_or_else(|_| "python3".into());
    let required = std::env::var("PULSE_REQUIRE_OFFICE_PYTHON").as_deref() == Ok("1");
    let skip = |why: String| {
        assert!(!required, "PULSE_REQUIRE_OFFICE_PYTHON=1 but {why}");
        eprintln!("skipping the python-docx check: {why} (set PULSE_OFFICE_PYTHON to a Python with python-docx)");
        None
    };
    let probe = Command::new(&python).args(["-c", "import docx"]).output();
    match probe {
        Err(e) => return skip(format!("cannot run {python}: {e}")),
        Ok(out) if !out.status.success() => {
            return skip(format!("{python} has no docx module: {}", String::from_utf8_lossy(&out.stderr).trim()))
        }
        Ok(_) => {}
    }
    let path: PathBuf = std::env::temp_dir().join(format!("pulse-cv-docx-{}-{name}.docx", std::process::id()));
    std::fs::write(&path, docx).unwrap();
    let out = Command::new(&python)
        .env("PYTHONIOENCODING", "utf-8")
        .args([
            "-c",
            r#"import docx, sys; d = docx.Document(sys.argv[1]); print("\n".join(p.text for p in d.paragraphs))"#,
        ])
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "python-docx failed on {name}: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect())
}

/// Where the first paragraph containing `needle` is.
fn position(paragraphs: &[String], needle: &str) -> usize {
    paragraphs
        .iter()
        .position(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not found in {paragraphs:#?}"))
}

#[test]
fn python_docx_reads_the_arabic_cv_in_order() {
    let Some(paragraphs) = python_docx_paragraphs("ar", &cv_docx(&Cv::sample(CvLang::Ar)).unwrap()) else {
        return;
    };
    let order = [
        "سارة الخطيب",
        "مهندسة برمجيات",
        "sara@example.jo",
        "الخبرات العملية",
        "مهندسة برمجيات أولى",
        "Orange Jordan",
        "قدت فريقاً من خمسة مطورين لإعادة بناء تطبيق الخدمة الذاتية",
        "خفضت زمن تحميل الصفحات بنسبة 40% باستخدام Rust و WebAssembly",
        "Aramex",
        "التعليم",
        "AWS Certified Developer",
    ];
    let at: Vec<usize> = order.iter().map(|n| position(&paragraphs, n)).collect();
    assert!(at.windows(2).all(|w| w[0] <= w[1]), "out of order: {order:?} at {at:?} in {paragraphs:#?}");
    assert_eq!(paragraphs[0], "سارة الخطيب");
    assert_eq!(paragraphs[at[4]], "مهندسة برمجيات أولى — Orange Jordan");
    assert_eq!(paragraphs[at[6]], order[6], "a bullet is its own paragraph, without the bullet glyph");
}

#[test]
fn python_docx_opens_empty_long_and_tricky_cvs() {
    let Some(empty) = python_docx_paragraphs("empty", &cv_docx(&Cv::default()).unwrap()) else {
        return;
    };
    assert!(empty.iter().all(|p| p.trim().is_empty()), "{empty:?}");

    let long = python_docx_paragraphs("long", &cv_docx(&Cv::long_sample(CvLang::Ar)).unwrap()).unwrap();
    assert!(long.iter().any(|p| p.ends_with("(35)")), "the last generated bullet is missing");

    let tricky = python_docx_paragraphs("tricky", &cv_docx(&tricky_cv()).unwrap()).unwrap();
    assert_eq!(tricky[0], r#"Sara <b>"Al-Khatib" & 'co'"#);
    position(&tricky, "Senior Software Engineer — AT&T <Jordan>");
    position(&tricky, "Shipped </w:t></w:r> & ]]> safely");
    position(&tricky, "GitHub: https://example.jo/?a=1&b=2");
}
