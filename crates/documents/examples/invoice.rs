//! Renders a sample invoice and prints how long it took:
//! `cargo run --release --example invoice -- /tmp/invoice.pdf`
use std::time::Instant;

use pulse_documents::{invoice_pdf, preload_fonts};

include!("../tests/common/invoice_sample.rs");

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "invoice.pdf".into());
    let invoice = sample_invoice();

    let t = Instant::now();
    preload_fonts();
    println!("fonts parsed in {:?}", t.elapsed());
    let mut pdf = Vec::new();
    for i in 0..10 {
        let t = Instant::now();
        pdf = invoice_pdf(&invoice).expect("invoice renders");
        println!("render {i}: {:?}", t.elapsed());
    }
    std::fs::write(&out, &pdf).expect("write");
    println!("{} bytes -> {out}", pdf.len());
}
