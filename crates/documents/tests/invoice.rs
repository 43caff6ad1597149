use std::path::PathBuf;
use std::process::Command;

use pulse_documents::{invoice_pdf, render, DocumentError, Invoice, InvoiceLine};

include!("common/invoice_sample.rs");

fn sample() -> Invoice {
    sample_invoice()
}

/// Writes a test artefact next to the build output, so it can be looked at.
fn artefact(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The PDF's text through poppler's `pdftotext` (Debian: poppler-utils), or
/// `None` when it is not installed, unless `PULSE_REQUIRE_PDFTOTEXT` is set.
fn pdftotext(path: &PathBuf) -> Option<String> {
    match Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(path).arg("-").output() {
        Ok(out) => {
            assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
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

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn invoice_is_a_pdf_with_the_number_and_arabic_font() {
    let pdf = invoice_pdf(&sample()).expect("invoice renders");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    assert!(pdf.len() > 5_000, "suspiciously small: {} bytes", pdf.len());
    // Fonts are embedded as subsets named like ABCDEF+NotoSansArabic-Regular.
    assert!(contains_bytes(&pdf, b"NotoSansArabic"), "Arabic font not embedded");
    assert!(contains_bytes(&pdf, b"NotoSans-"), "Latin font not embedded");
    let path = artefact("invoice.pdf", &pdf);

    let Some(text) = pdftotext(&path) else { return };
    for expected in [
        "INV-2026-000042",
        "Invoice",
        "22 November 2026",
        "JOD 6.000",
        "Pro plan, one month",
        "lina@example.jo",
        "HyperPay",
        "8ac7a4a1-93f2-4c1e",
        "5.000",
        "1.000",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    // Arabic comes out in logical order (shaped, joined glyphs map back to
    // the original letters): whole words and phrases, not reversed or split.
    // Words with the lam-alef ligature (لا) are left out: poppler reverses
    // the ligature's two letters when it reorders right-to-left text, so
    // "الاصطناعي" reads back as "االصطناعي" whatever the PDF says.
    for expected in [
        "فاتورة",
        "رقم الفاتورة",
        "المجموع",
        "مدفوعة",
        "لينا الحداد",
        "طريقة الدفع",
        "لمدة شهر",
        "تشرين الثاني",
        "المبلغ المدفوع",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
}

#[test]
fn invoice_without_optional_fields() {
    let mut inv = sample();
    inv.customer_name = None;
    inv.provider_ref = None;
    inv.en = sample_words(false, "sandbox");
    inv.ar = sample_words(true, "sandbox");
    let pdf = invoice_pdf(&inv).expect("renders");
    let path = artefact("invoice-minimal.pdf", &pdf);
    if let Some(text) = pdftotext(&path) {
        assert!(text.contains("lina@example.jo"));
        assert!(!text.contains("Reference"));
        assert!(text.contains("Sandbox"));
    }
}

fn page_count(pdf: &[u8]) -> Option<usize> {
    let path = artefact("pages.pdf", pdf);
    let text = pdftotext(&path)?;
    Some(text.matches('\u{c}').count())
}

#[test]
fn a_few_lines_fit_one_page_and_many_flow_onto_the_next() {
    let line = |i: usize, long: bool| InvoiceLine {
        description_ar: if long {
            format!("الإضافة {i}: عشر صور إضافية في استوديو الصور مع وصف طويل يلتف على سطرين")
        } else {
            format!("الإضافة {i}: عشر صور إضافية")
        },
        description_en: if long {
            format!("Add-on {i}: +10 images in the image studio, with a long description that wraps")
        } else {
            format!("Add-on {i}: +10 images")
        },
        amount_fils: 1_250,
    };
    let mut inv = sample();
    inv.lines = (1..=6).map(|i| line(i, false)).collect();
    inv.total_fils = 7_500;
    let pdf = invoice_pdf(&inv).expect("renders");
    artefact("invoice-six-lines.pdf", &pdf);
    if let Some(pages) = page_count(&pdf) {
        assert_eq!(pages, 1);
    }

    inv.lines = (1..=12).map(|i| line(i, true)).collect();
    inv.total_fils = 15_000;
    let pdf = invoice_pdf(&inv).expect("renders");
    let path = artefact("invoice-long.pdf", &pdf);
    if let Some(text) = pdftotext(&path) {
        assert_eq!(text.matches('\u{c}').count(), 2, "{text}");
        // The table header repeats on the second page.
        assert_eq!(text.matches("Description").count(), 2, "{text}");
        assert!(text.contains("JOD 15.000"), "{text}");
    }
}

#[test]
fn inconsistent_invoices_are_refused() {
    let mut inv = sample();
    inv.total_fils = 6_001;
    assert!(matches!(invoice_pdf(&inv), Err(DocumentError::InvalidInvoice(m)) if m.contains("6001")));

    let mut inv = sample();
    inv.currency = "USD".into();
    assert!(matches!(invoice_pdf(&inv), Err(DocumentError::InvalidInvoice(_))));

    let mut inv = sample();
    inv.lines.clear();
    inv.total_fils = 0;
    assert!(matches!(invoice_pdf(&inv), Err(DocumentError::InvalidInvoice(_))));

    let mut inv = sample();
    inv.lines[0].amount_fils = i64::MAX;
    assert!(matches!(invoice_pdf(&inv), Err(DocumentError::InvalidInvoice(_))));
}

#[test]
fn user_text_is_data_not_markup() {
    let mut inv = sample();
    inv.customer_name = Some("#panic(\"x\") *bold* $x$ <lbl> @ref [a](b) \\ ]".into());
    let pdf = invoice_pdf(&inv).expect("markup in data must not be evaluated");
    if let Some(text) = pdftotext(&artefact("invoice-markup.pdf", &pdf)) {
        assert!(text.contains("#panic(\"x\") *bold*"), "{text}");
    }
}

#[test]
fn template_errors_are_errors_with_the_message() {
    // Syntax error, with line:column.
    let err = render("= Title\n#let x = ", serde_json::json!({})).unwrap_err();
    let DocumentError::Template(msg) = &err else { panic!("{err:?}") };
    assert_eq!(msg, "2:9: expected expression");
    assert_eq!(err.to_string(), "template error: 2:9: expected expression");

    // Evaluation error, with line:column.
    let err = render("= Title\n\n#undefined-thing", serde_json::json!({})).unwrap_err();
    let DocumentError::Template(msg) = &err else { panic!("{err:?}") };
    assert!(msg.starts_with("3:2: unknown variable: undefined-thing"), "{msg}");

    let err = render("#panic(\"boom\")", serde_json::json!({})).unwrap_err();
    assert!(matches!(&err, DocumentError::Template(m) if m.contains("boom")), "{err:?}");

    let err = render("#sys.inputs.missing", serde_json::json!({"present": 1})).unwrap_err();
    assert!(matches!(&err, DocumentError::Template(m) if m.contains("missing")), "{err:?}");

    let err = render("#image(\"nope.png\")", serde_json::json!({})).unwrap_err();
    assert!(matches!(&err, DocumentError::Template(m) if m.contains("nope.png")), "{err:?}");

    let err = render("hi", serde_json::json!([1, 2])).unwrap_err();
    assert!(matches!(err, DocumentError::Inputs(_)), "{err:?}");
}

#[test]
fn inputs_keep_their_json_types() {
    let src = r#"
#let i = sys.inputs
#assert.eq(type(i.n), int)
#assert.eq(i.n + 1, 43)
#assert.eq(type(i.f), float)
#assert.eq(i.s, "نص")
#assert.eq(i.b, true)
#assert.eq(i.z, none)
#assert.eq(i.list.len(), 3)
#assert.eq(i.obj.inner.at(1), "b")
ok
"#;
    let pdf = render(
        src,
        serde_json::json!({"n": 42, "f": 1.5, "s": "نص", "b": true, "z": null,
            "list": [1, 2, 3], "obj": {"inner": ["a", "b"]}}),
    )
    .expect("renders");
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn files_are_readable_by_name() {
    let src = r#"#let data = json("data.json")
#assert.eq(data.greeting, "مرحبا")
#data.greeting"#;
    let pdf = pulse_documents::render_with_files(
        src,
        serde_json::json!({}),
        &[("data.json", "{\"greeting\": \"مرحبا\"}".as_bytes())],
    )
    .expect("renders");
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn renders_concurrently_and_repeatedly() {
    let handles: Vec<_> = (0..4)
        .map(|i| {
            std::thread::spawn(move || {
                let mut inv = sample();
                inv.number = format!("INV-T{i}");
                for _ in 0..3 {
                    let pdf = invoice_pdf(&inv).unwrap();
                    assert!(pdf.starts_with(b"%PDF"));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn same_invoice_same_bytes() {
    assert_eq!(invoice_pdf(&sample()).unwrap(), invoice_pdf(&sample()).unwrap());
}
