// A sample invoice for the tests and the example (`include!`d by both). The app fills
// the words from its messages; these are the same texts.

/// The invoice's words, as the app's messages have them.
pub fn sample_words(arabic: bool, provider: &str) -> pulse_documents::InvoiceWords {
    let s = |en: &str, ar: &str| if arabic { ar.to_string() } else { en.to_string() };
    pulse_documents::InvoiceWords {
        seller: s("Pulse AI Studio", "بلس للذكاء الاصطناعي"),
        seller_address: s("Amman, Jordan", "عمّان، الأردن"),
        title: s("Invoice", "فاتورة"),
        number: s("Invoice no.", "رقم الفاتورة"),
        date: s("Date", "التاريخ"),
        billed_to: s("Billed to", "العميل"),
        status: s("Status", "الحالة"),
        paid_with: s("Paid with", "طريقة الدفع"),
        reference: s("Reference", "المرجع"),
        paid: s("Paid", "مدفوعة"),
        description: s("Description", "الوصف"),
        amount: s("Amount (JOD)", "المبلغ (د.أ)"),
        total: s("Total", "المجموع"),
        total_paid: s("Total paid", "المبلغ المدفوع"),
        footer: s(
            "Amounts in Jordanian dinars (JOD), 1 JOD = 1000 fils. Dates in Amman time. Thank you.",
            "المبالغ بالدينار الأردني (الدينار = 1000 فلس) والتواريخ بتوقيت عمّان. شكراً لك.",
        ),
        issued_on: s("22 November 2026", "22 تشرين الثاني 2026"),
        provider: match provider {
            "sandbox" => s("Sandbox (test payment)", "دفع تجريبي"),
            other => other.to_string(),
        },
    }
}

/// Two lines, paid with HyperPay on 22 November 2026 at 13:15 in Amman.
pub fn sample_invoice() -> pulse_documents::Invoice {
    pulse_documents::Invoice {
        number: "INV-2026-000042".into(),
        // 2026-11-22 10:15 UTC (13:15 in Amman)
        issued_at_ms: 20_779 * 86_400_000 + (10 * 60 + 15) * 60_000,
        customer_name: Some("لينا الحداد".into()),
        customer_email: "lina@example.jo".into(),
        lines: vec![
            pulse_documents::InvoiceLine {
                description_ar: "اشتراك الباقة الاحترافية لمدة شهر".into(),
                description_en: "Pro plan, one month".into(),
                amount_fils: 5_000,
            },
            pulse_documents::InvoiceLine {
                description_ar: "إضافة 200 ألف رمز".into(),
                description_en: "Add-on: +200k tokens".into(),
                amount_fils: 1_000,
            },
        ],
        total_fils: 6_000,
        currency: "JOD".into(),
        provider_ref: Some("8ac7a4a1-93f2-4c1e".into()),
        en: sample_words(false, "HyperPay"),
        ar: sample_words(true, "HyperPay"),
    }
}
