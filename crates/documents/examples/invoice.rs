//! Renders a sample invoice and prints how long it took:
//! `cargo run --release --example invoice -- /tmp/invoice.pdf`
use std::time::Instant;

use pulse_documents::{invoice_pdf, preload_fonts, Invoice, InvoiceLine};

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "invoice.pdf".into());
    let invoice = Invoice {
        number: "INV-2026-000042".into(),
        issued_at_ms: 1_795_342_500_000, // 2026-11-22 10:15 UTC
        customer_name: Some("لينا الحداد".into()),
        customer_email: "lina@example.jo".into(),
        lines: vec![
            InvoiceLine {
                description_ar: "اشتراك الباقة الاحترافية لمدة شهر".into(),
                description_en: "Pro plan, one month".into(),
                amount_fils: 5_000,
            },
            InvoiceLine {
                description_ar: "إضافة 200 ألف رمز".into(),
                description_en: "Add-on: +200k tokens".into(),
                amount_fils: 1_000,
            },
        ],
        total_fils: 6_000,
        currency: "JOD".into(),
        provider: "hyperpay".into(),
        provider_ref: Some("8ac7a4a1-93f2-4c1e".into()),
        seller_name_ar: "بلس للذكاء الاصطناعي".into(),
        seller_name_en: "Pulse AI Studio".into(),
        seller_address_ar: "عمّان، الأردن".into(),
        seller_address_en: "Amman, Jordan".into(),
    };

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
