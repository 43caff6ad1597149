//! Invoices: a paid payment's bilingual PDF, rendered by the shared document engine.

use super::model::Addon;
use crate::error::AppError;
use crate::i18n::{format_date, message, message_with, Arg, Lang};
use crate::platform::AppState;
use sqlx::Row;

/// The invoice of a paid payment of this user: (number, PDF bytes).
pub async fn invoice_pdf(state: &AppState, user_id: i64, payment_id: i64) -> Result<(String, Vec<u8>), AppError> {
    let row = sqlx::query(
        "SELECT i.number, i.created_at, p.kind, p.item_code, p.amount_fils, p.currency, p.provider, p.provider_ref, \
         u.email, u.display_name FROM invoices i JOIN payments p ON p.id = i.payment_id JOIN users u ON u.id = p.user_id \
         WHERE i.payment_id = $1 AND p.user_id = $2",
    )
    .bind(payment_id)
    .bind(user_id)
    .fetch_optional(state.db.pool())
    .await
    .map_err(crate::platform::db::failed("invoice"))?
    .ok_or(AppError::NotFound)?;
    let kind: String = row.get("kind");
    let code: String = row.get("item_code");
    let (description_ar, description_en) = if kind == "plan" {
        let names = sqlx::query("SELECT name_ar, name_en FROM plans WHERE code = $1")
            .bind(&code)
            .fetch_one(state.db.pool())
            .await
            .map_err(crate::platform::db::failed("plan names"))?;
        let line = |lang: Lang, name: String| message_with(lang, "invoice-line-plan", &[("plan", Arg::Text(name))]);
        (line(Lang::Ar, names.get("name_ar")), line(Lang::En, names.get("name_en")))
    } else {
        let key = match Addon::parse(&code) {
            Some(Addon::Tokens) => "invoice-line-addon-tokens",
            Some(Addon::Images) => "invoice-line-addon-images",
            _ => "invoice-line-addon-video",
        };
        (message(Lang::Ar, key), message(Lang::En, key))
    };
    let amount: i64 = row.get("amount_fils");
    let number: String = row.get("number");
    let issued_at: i64 = row.get("created_at");
    let provider: String = row.get("provider");
    let invoice = pulse_documents::Invoice {
        number: number.clone(),
        issued_at_ms: issued_at,
        customer_name: row.get("display_name"),
        customer_email: row.get("email"),
        lines: vec![pulse_documents::InvoiceLine { description_ar, description_en, amount_fils: amount }],
        total_fils: amount,
        currency: row.get("currency"),
        provider_ref: row.get("provider_ref"),
        en: words(Lang::En, issued_at, &provider),
        ar: words(Lang::Ar, issued_at, &provider),
    };
    let pdf = tokio::task::spawn_blocking(move || pulse_documents::invoice_pdf(&invoice))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "invoice PDF");
            AppError::Internal
        })?;
    Ok((number, pdf))
}

/// The invoice's words in one language, from the messages (`invoice-*`).
fn words(lang: Lang, issued_at: i64, provider: &str) -> pulse_documents::InvoiceWords {
    let t = |key: &str| message(lang, key);
    pulse_documents::InvoiceWords {
        seller: t("app-name"),
        seller_address: t("invoice-seller-address"),
        title: t("invoice-title"),
        number: t("invoice-number"),
        date: t("invoice-date"),
        billed_to: t("invoice-billed-to"),
        status: t("invoice-status"),
        paid_with: t("invoice-paid-with"),
        reference: t("invoice-reference"),
        paid: t("invoice-paid"),
        description: t("invoice-description"),
        amount: t("invoice-amount"),
        total: t("invoice-total"),
        total_paid: t("invoice-total-paid"),
        footer: t("invoice-footer"),
        issued_on: format_date(issued_at, lang),
        provider: match provider.to_ascii_lowercase().as_str() {
            code @ ("sandbox" | "hyperpay" | "paytabs" | "zaincash") => t(&format!("payment-provider-{code}")),
            _ => provider.to_string(),
        },
    }
}
