//! The bilingual (Arabic/English) payment invoice.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::format::{fils_to_dinars, jod_ar, jod_en};
use crate::DocumentError;

/// The Typst source of the invoice; all display strings come in through `sys.inputs`:
/// the template holds no words of its own.
pub const INVOICE_TEMPLATE: &str = include_str!("../templates/invoice.typ");

/// One paid order, as it appears on its invoice.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    /// Shown as is, e.g. `INV-2026-000042`.
    pub number: String,
    /// When the payment was made (Unix ms); printed as the Amman (UTC+3) date.
    pub issued_at_ms: i64,
    pub customer_name: Option<String>,
    pub customer_email: String,
    pub lines: Vec<InvoiceLine>,
    /// Must equal the sum of the lines.
    pub total_fils: i64,
    /// ISO 4217; only `JOD` is accepted (amounts are fils, 3 decimals).
    pub currency: String,
    /// The gateway's transaction id, if any.
    pub provider_ref: Option<String>,
    /// The invoice's words in English (left column) and Arabic (right column); the app
    /// fills them from its messages (`locales/*/pages.ftl`, `invoice-*`).
    pub en: InvoiceWords,
    pub ar: InvoiceWords,
}

/// Everything the invoice says in one language, besides the customer's own data.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InvoiceWords {
    /// The seller's name and address, at the top.
    pub seller: String,
    pub seller_address: String,
    /// The heading ("Invoice").
    pub title: String,
    /// Field labels.
    pub number: String,
    pub date: String,
    pub billed_to: String,
    pub status: String,
    pub paid_with: String,
    pub reference: String,
    /// The status's value ("Paid").
    pub paid: String,
    /// Table headings and the totals.
    pub description: String,
    pub amount: String,
    pub total: String,
    pub total_paid: String,
    /// The line at the foot of the page.
    pub footer: String,
    /// The payment's date, as this language writes it (an Amman date).
    pub issued_on: String,
    /// The payment method's name.
    pub provider: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InvoiceLine {
    pub description_ar: String,
    pub description_en: String,
    pub amount_fils: i64,
}

impl Invoice {
    /// Checks what a wrong invoice would otherwise print silently.
    pub fn validate(&self) -> Result<(), DocumentError> {
        let bad = |msg: String| Err(DocumentError::InvalidInvoice(msg));
        if self.currency != "JOD" {
            return bad(format!("currency {:?} is not supported (JOD only)", self.currency));
        }
        if self.number.trim().is_empty() {
            return bad("empty invoice number".into());
        }
        if self.lines.is_empty() {
            return bad("no lines".into());
        }
        let sum = self.lines.iter().try_fold(0i64, |acc, l| acc.checked_add(l.amount_fils));
        match sum {
            Some(sum) if sum == self.total_fils => Ok(()),
            Some(sum) => bad(format!("lines add up to {sum} fils but the total is {} fils", self.total_fils)),
            None => bad("line amounts overflow".into()),
        }
    }

    /// The `sys.inputs` dictionary the invoice template reads: every string
    /// already formatted, so the template does no arithmetic.
    pub fn template_inputs(&self) -> serde_json::Value {
        let pulse_clock::Civil { year, month, day } = pulse_clock::amman_date(self.issued_at_ms);
        json!({
            "number": self.number,
            "year": year, "month": month, "day": day,
            "customer_name": self.customer_name.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            "customer_email": self.customer_email,
            "lines": self.lines.iter().map(|l| json!({
                "ar": l.description_ar,
                "en": l.description_en,
                "amount": fils_to_dinars(l.amount_fils),
            })).collect::<Vec<_>>(),
            "total": fils_to_dinars(self.total_fils),
            "total_en": jod_en(self.total_fils),
            "total_ar": jod_ar(self.total_fils),
            "provider_ref": self.provider_ref.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            "en": self.en,
            "ar": self.ar,
        })
    }
}

/// Renders the invoice as a one-page A4 PDF (sync and CPU-bound: call it from
/// `tokio::task::spawn_blocking`).
pub fn invoice_pdf(invoice: &Invoice) -> Result<Vec<u8>, DocumentError> {
    invoice.validate()?;
    crate::render(INVOICE_TEMPLATE, invoice.template_inputs())
}
