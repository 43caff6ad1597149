use super::model::BillingView;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's plan, offers and payments.
#[server(endpoint = "billing/view", output = crate::web::Json)]
pub async fn load_billing() -> Result<BillingView, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::view(&state, session.user.id).await
}

/// Starts paying for `item` (`plan:pro`, `addon:tokens`): creates the order and sends the
/// browser to the gateway's page (or the sandbox's, or our HyperPay widget page). A plain
/// form gets a 302; a hydrated page gets the address and loads it itself, as a whole page:
/// the widget and the gateways' pages are not routes of the client-side router.
#[server(endpoint = "billing/buy", output = crate::web::Json)]
pub async fn buy(item: String) -> Result<String, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let item = super::model::Item::parse(&item).ok_or_else(|| AppError::Validation("error-validation".into()))?;
    let target = super::service::create_order(
        &state,
        session.user.id,
        &session.user.email,
        session.user.display_name.as_deref(),
        item,
        session.user.locale,
    )
    .await
    .map_err(|e| e.into_response_status())?;
    if crate::platform::request::plain_form() {
        leptos_axum::redirect(&target);
    }
    Ok(target)
}

/// Cancels the plan at the end of its paid time.
#[server(endpoint = "billing/cancel", output = crate::web::Json)]
pub async fn cancel_plan() -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::service::cancel(&state, session.user.id).await.map_err(|e| e.into_response_status())
}

/// The sandbox checkout's order (the sandbox page shows what is being paid).
#[server(endpoint = "billing/sandbox-order", output = crate::web::Json)]
pub async fn sandbox_order(order_ref: String) -> Result<super::model::PaymentView, AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    super::routes::sandbox_order(&state, session.user.id, &order_ref).await
}

/// The sandbox's "pay" or "decline": sends the gateway's signed notice through the real
/// notification path, then returns like a gateway would.
#[server(endpoint = "billing/sandbox-decide", output = crate::web::Json)]
pub async fn sandbox_decide(order_ref: String, result: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let session = crate::platform::auth::require_user()?;
    let back = super::routes::sandbox_decide(&state, session.user.id, &order_ref, &result).await?;
    leptos_axum::redirect(&back);
    Ok(())
}

/// Admins: the newest payments, or only the suspicious ones.
#[server(endpoint = "admin/payments", output = crate::web::Json)]
pub async fn admin_payments(
    only_suspicious: bool,
    after: Option<i64>,
) -> Result<crate::features::admin::model::Page<super::model::AdminPayment>, AppError> {
    let state = crate::platform::state::app_state()?;
    crate::platform::auth::require_admin()?;
    super::service::admin_list(&state, only_suspicious, after).await
}

#[server(endpoint = "admin/payment-flag", output = crate::web::Json)]
pub async fn admin_flag_payment(id: i64, note: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let admin = crate::platform::auth::require_admin()?;
    super::service::admin_flag(&state, admin.user.id, id, &note).await.map_err(|e| e.into_response_status())
}

#[server(endpoint = "admin/payment-refund", output = crate::web::Json)]
pub async fn admin_refund_payment(id: i64, note: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let admin = crate::platform::auth::require_admin()?;
    super::service::admin_refund(&state, admin.user.id, id, &note).await.map_err(|e| e.into_response_status())
}

#[server(endpoint = "admin/grant-addon", output = crate::web::Json)]
pub async fn admin_grant_addon(email: String, addon: String) -> Result<(), AppError> {
    let state = crate::platform::state::app_state()?;
    let admin = crate::platform::auth::require_admin()?;
    let addon = super::model::Addon::parse(&addon).ok_or_else(|| AppError::Validation("error-validation".into()))?;
    super::service::admin_grant_addon(&state, Some(admin.user.id), &email, addon)
        .await
        .map_err(|e| e.into_response_status())
}
