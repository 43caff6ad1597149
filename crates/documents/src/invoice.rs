//! The bilingual (Arabic/English) payment invoice.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::format::{date_ar, date_en, fils_to_dinars, jod_ar, jod_en};
use crate::DocumentError;

/// The Typst source of the invoice; all display strings come in through `sys.inputs`.
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
    /// Driver code (`sandbox`, `hyperpay`, `paytabs`, `zaincash`) or a display name.
    pub provider: String,
    /// The gateway's transaction id, if any.
    pub provider_ref: Option<String>,
    pub seller_name_ar: String,
    pub seller_name_en: String,
    pub seller_address_ar: String,
    pub seller_address_en: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InvoiceLine {
    pub description_ar: String,
    pub description_en: String,
    pub amount_fils: i64,
}

/// Display names of the payment drivers: (English, Arabic).
fn provider_names(code: &str) -> (String, String) {
    match code.to_ascii_lowercase().as_str() {
        "sandbox" => ("Sandbox (test payment)".into(), "دفع تجريبي".into()),
        "hyperpay" => ("HyperPay".into(), "HyperPay".into()),
        "paytabs" => ("PayTabs".into(), "PayTabs".into()),
        "zaincash" => ("ZainCash".into(), "زين كاش".into()),
        _ => (code.to_owned(), code.to_owned()),
    }
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
        let (provider_en, provider_ar) = provider_names(&self.provider);
        json!({
            "number": self.number,
            "year": year, "month": month, "day": day,
            "date_en": date_en(self.issued_at_ms),
            "date_ar": date_ar(self.issued_at_ms),
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
            "provider_en": provider_en,
            "provider_ar": provider_ar,
            "provider_ref": self.provider_ref.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            "seller_ar": self.seller_name_ar,
            "seller_en": self.seller_name_en,
            "seller_address_ar": self.seller_address_ar,
            "seller_address_en": self.seller_address_en,
        })
    }
}

/// Renders the invoice as a one-page A4 PDF (sync and CPU-bound: call it from
/// `tokio::task::spawn_blocking`).
pub fn invoice_pdf(invoice: &Invoice) -> Result<Vec<u8>, DocumentError> {
    invoice.validate()?;
    crate::render(INVOICE_TEMPLATE, invoice.template_inputs())
}
