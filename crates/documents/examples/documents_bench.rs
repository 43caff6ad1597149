//! `make bench`'s document figures: a two-page Arabic CV to PDF and to DOCX, and a
//! 10-slide Arabic deck to PPTX and to PDF (medians of 20, release build), and — where
//! LibreOffice is installed — LibreOffice converting the same DOCX / PPTX to PDF, as a
//! ratio. Figures only; nothing passes or fails.

use pulse_documents::cv::{cv_docx, cv_pdf, cv_svg_pages, Cv, CvLang};
use pulse_documents::slides::{deck_pdf, deck_pptx, Deck, DeckLang};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The sample with roles added until it lays out on two pages.
fn two_page_cv() -> Cv {
    let mut cv = Cv::sample(CvLang::Ar);
    let extra = Cv::long_sample(CvLang::Ar).content.experience;
    for e in extra {
        if cv_svg_pages(&cv).map(|p| p.len()).unwrap_or(0) >= 2 {
            break;
        }
        cv.content.experience.push(e);
    }
    cv
}

fn main() {
    pulse_documents::preload_fonts();
    let cv = two_page_cv();
    let pages = cv_svg_pages(&cv).map(|p| p.len()).unwrap_or(0);
    let pdf_time = time(20, || cv_pdf(&cv).unwrap());
    let docx = cv_docx(&cv).unwrap();
    let docx_time = time(20, || cv_docx(&cv).unwrap());
    println!("  Arabic CV ({pages} pages) to PDF   {:>10}   (median of 20)", ms(pdf_time));
    println!("  Arabic CV ({pages} pages) to DOCX  {:>10}   (median of 20)", ms(docx_time));
    let mut deck = Deck::sample(DeckLang::Ar);
    let more = deck.slides.clone();
    deck.slides.extend(more);
    let pptx = deck_pptx(&deck, &[]).unwrap();
    let pptx_time = time(20, || deck_pptx(&deck, &[]).unwrap());
    let deck_pdf_time = time(20, || deck_pdf(&deck, &[]).unwrap());
    println!("  Arabic deck ({} slides) to PPTX {:>10}   (median of 20)", deck.slides.len(), ms(pptx_time));
    println!("  Arabic deck ({} slides) to PDF  {:>10}   (median of 20)", deck.slides.len(), ms(deck_pdf_time));
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().map(|o| o.status.success()).unwrap_or(false));
    let Some(bin) = soffice else {
        println!("  LibreOffice                       not installed (apt install libreoffice-writer-nogui libreoffice-impress-nogui to compare)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("pulse-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let convert = |input: &std::path::Path| {
        std::process::Command::new(bin)
            .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(input)
            .output()
            .unwrap()
    };
    for (name, bytes, ours, what) in [("cv.docx", &docx, pdf_time, "DOCX"), ("deck.pptx", &pptx, deck_pdf_time, "PPTX")]
    {
        let input = dir.join(name);
        std::fs::write(&input, bytes).unwrap();
        let first = convert(&input); // the first run also creates the profile
        if !first.status.success() || !dir.join(name.replace(".docx", ".pdf").replace(".pptx", ".pdf")).exists() {
            println!("  LibreOffice {what} to PDF           could not convert (is its Writer/Impress installed?)");
            continue;
        }
        let lo = time(5, || convert(&input));
        println!(
            "  LibreOffice {what} to PDF           {:>10}   (median of 5; ours is {:.0}× faster, goal ≥ 20×)",
            ms(lo),
            lo.as_secs_f64() / ours.as_secs_f64().max(1e-9)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
