//! Invoices: a paid payment's bilingual PDF, rendered by the shared document engine.

use super::model::Addon;
use crate::error::AppError;
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
        (
            format!("باقة {} — شهر واحد", names.get::<String, _>("name_ar")),
            format!("{} plan — one month", names.get::<String, _>("name_en")),
        )
    } else {
        let (ar, en) = match Addon::parse(&code) {
            Some(Addon::Tokens) => ("إضافة: 200,000 رمز", "Add-on: 200,000 tokens"),
            Some(Addon::Images) => ("إضافة: 10 صور", "Add-on: 10 images"),
            _ => ("إضافة: فيديو واحد", "Add-on: 1 video"),
        };
        (ar.to_string(), en.to_string())
    };
    let amount: i64 = row.get("amount_fils");
    let number: String = row.get("number");
    let invoice = pulse_documents::Invoice {
        number: number.clone(),
        issued_at_ms: row.get("created_at"),
        customer_name: row.get("display_name"),
        customer_email: row.get("email"),
        lines: vec![pulse_documents::InvoiceLine { description_ar, description_en, amount_fils: amount }],
        total_fils: amount,
        currency: row.get("currency"),
        provider: row.get("provider"),
        provider_ref: row.get("provider_ref"),
        seller_name_ar: "بلس للذكاء الاصطناعي".into(),
        seller_name_en: "Pulse AI Studio".into(),
        seller_address: "Amman, Jordan".into(),
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
