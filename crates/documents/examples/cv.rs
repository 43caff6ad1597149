//! Renders the sample CVs in every look and both languages, and prints how long each took:
//! `cargo run --release -p pulse-documents --example cv -- /tmp/cvout`
//!
//! Writes `<dir>/cv-<lang>-<look>-<sample|long|empty>.pdf` plus the first page of
//! each sample as SVG (`….svg`). Look at them with e.g. `pdftoppm -png -r 60`.
use std::path::PathBuf;
use std::time::Instant;

use pulse_documents::cv::{cv_pdf, cv_svg_pages, Cv, CvLang, CvTemplate};
use pulse_documents::preload_fonts;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "cvout".into()));
    std::fs::create_dir_all(&dir).expect("create the output directory");

    let t = Instant::now();
    preload_fonts();
    println!("fonts parsed in {:?}", t.elapsed());

    for lang in [CvLang::Ar, CvLang::En] {
        for look in ["classic", "modern", "compact", "ats"] {
            let variants = [
                ("sample", Cv::sample(lang)),
                ("long", Cv::long_sample(lang)),
                ("empty", Cv { lang, ..Cv::default() }),
            ];
            for (kind, mut cv) in variants {
                match CvTemplate::parse(look) {
                    Some(template) => cv.template = template,
                    None => cv.ats = true,
                }
                let t = Instant::now();
                let pdf = cv_pdf(&cv).expect("CV renders");
                let pdf_time = t.elapsed();
                let t = Instant::now();
                let pages = cv_svg_pages(&cv).expect("CV renders as SVG");
                let svg_time = t.elapsed();
                let name = format!("cv-{}-{look}-{kind}", lang.code());
                std::fs::write(dir.join(format!("{name}.pdf")), &pdf).expect("write the PDF");
                if kind == "sample" {
                    std::fs::write(dir.join(format!("{name}.svg")), &pages[0]).expect("write the SVG");
                }
                println!(
                    "{name:<28} {} page(s), {:>6} bytes, pdf {pdf_time:>10.2?}, svg {svg_time:>10.2?}",
                    pages.len(),
                    pdf.len()
                );
            }
        }
    }
}
