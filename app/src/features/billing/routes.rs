//! Billing endpoints that are not pages:
//! - `POST /webhooks/{provider}`: a gateway's server-to-server notification (no session,
//!   no CSRF check: the driver verifies the gateway's signature or encryption instead);
//! - `GET|POST /pay/return/{provider}?order=…` (or `…/{provider}/{order}`): the browser back from the gateway: the
//!   status is asked of the gateway, applied, and the account page says how it went;
//! - `GET /billing/invoices/{id}.pdf`: a paid payment's bilingual invoice (owner only).

use super::model::{PaymentState, PaymentView};
use super::service::{self, NotifyError};
use crate::error::AppError;
use crate::platform::auth::SignedIn;
use crate::platform::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use pulse_payments::Incoming;
use sqlx::Row;

pub fn routes(_: &AppState) -> Router<AppState> {
    Router::new()
        .route("/webhooks/{provider}", post(notification))
        .route("/pay/return/{provider}", get(return_from_gateway).post(return_from_gateway))
        .route("/pay/return/{provider}/{order}", get(return_from_gateway).post(return_from_gateway))
        .route("/pay/widget/{order}", get(widget_page))
        .route("/billing/invoices/{file}", get(invoice))
}

async fn notification(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let incoming = Incoming { headers, body: body.to_vec(), query };
    match service::handle_notification(&state, &provider, &incoming).await {
        Ok(outcome) => (StatusCode::OK, format!("{outcome:?}")).into_response(),
        Err(NotifyError::Unverified) => StatusCode::UNAUTHORIZED.into_response(),
        Err(NotifyError::Unreadable) => StatusCode::BAD_REQUEST.into_response(),
        Err(NotifyError::UnknownProvider) => StatusCode::NOT_FOUND.into_response(),
        Err(NotifyError::Internal) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `/pay/return/{provider}` (order in the query) or `/pay/return/{provider}/{order}`;
/// GET or POST, as each gateway sends its customers back.
#[derive(serde::Deserialize)]
struct ReturnPath {
    provider: String,
    order: Option<String>,
}

async fn return_from_gateway(
    State(state): State<AppState>,
    session: Option<SignedIn>,
    Path(path): Path<ReturnPath>,
    Query(mut query): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(order) = path.order {
        query.push(("order".into(), order));
    }
    back_from_gateway(state, session, path.provider, Incoming { headers, body: body.to_vec(), query }).await
}

/// `/pay/widget/{order}`: the page that hosts a gateway's payment widget (HyperPay
/// COPYandPAY), in our look and the user's language. Its policy admits scripts and requests
/// from the gateway only.
async fn widget_page(State(state): State<AppState>, session: Option<SignedIn>, Path(order): Path<String>) -> Response {
    let Some(SignedIn(session)) = session else { return Redirect::to("/login?next=/app/account").into_response() };
    let row = sqlx::query(
        "SELECT provider, kind, item_code, amount_fils, checkout_data, status FROM payments \
         WHERE order_ref = $1 AND user_id = $2",
    )
    .bind(&order)
    .bind(session.user.id)
    .fetch_optional(state.db.pool())
    .await;
    let Ok(Some(row)) = row else { return StatusCode::NOT_FOUND.into_response() };
    let data: serde_json::Value =
        serde_json::from_str(&row.get::<Option<String>, _>("checkout_data").unwrap_or_default()).unwrap_or_default();
    let (Some(script), Some(origin)) = (data["script_url"].as_str(), crate::platform::security::payment_origin())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !script.starts_with(origin) || row.get::<String, _>("status") != "pending" {
        return Redirect::to("/app/account#billing").into_response();
    }
    let lang = session.user.locale;
    let esc = |s: &str| html_escape::encode_double_quoted_attribute(s).to_string();
    let provider: String = row.get("provider");
    let back = format!("{}/pay/return/{provider}/{order}", state.config.public_url.trim_end_matches('/'));
    let integrity = data["integrity"]
        .as_str()
        .map(|i| format!(" integrity=\"{}\" crossorigin=\"anonymous\"", esc(i)))
        .unwrap_or_default();
    let t = |key: &str| html_escape::encode_text(&crate::i18n::message(lang, key)).into_owned();
    let kind: String = row.get("kind");
    let item = super::model::item_key(&kind, &row.get::<String, _>("item_code"));
    let amount = crate::i18n::format_jod(row.get("amount_fils"), lang);
    // Our stylesheet (hashed name, as the app's pages link it) for our fonts and colours;
    // the widget's own form is styled by the gateway.
    let stylesheet = leptos::prelude::Owner::new().with(|| {
        use leptos::prelude::RenderHtml;
        leptos_meta::HashedStylesheet(leptos_meta::HashedStylesheetProps {
            options: state.leptos_options.clone(),
            id: None,
            root: None,
        })
        .to_html()
    });
    // `wpwlOptions` must exist before the widget script runs: the card form in the user's
    // language.
    let html = format!(
        "<!doctype html><html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         {stylesheet}<script>var wpwlOptions = {{ locale: \"{code}\" }};</script>\
         <script src=\"{src}\"{integrity}></script></head>\
         <body><main class=\"pay-page\"><section class=\"card pay-card\" aria-labelledby=\"pay-title\">\
         <p class=\"muted\">{app}</p><h1 id=\"pay-title\">{title}</h1>\
         <p class=\"pay-item\" data-testid=\"pay-item\"><strong>{item}</strong></p>\
         <p class=\"offer-price\" data-testid=\"pay-amount\">{amount}</p>\
         <form action=\"{back}\" class=\"paymentWidgets\" data-brands=\"{brands}\"></form>\
         <p class=\"muted\">{secure}</p>\
         <a class=\"button\" href=\"/app/account#billing\">{cancel}</a></section></main></body></html>",
        code = lang.code(),
        dir = lang.dir(),
        title = t("billing-pay-title"),
        app = t("app-name"),
        item = t(&item),
        src = esc(script),
        amount = html_escape::encode_text(&amount),
        back = esc(&back),
        brands = esc(data["brands"].as_str().unwrap_or("VISA MASTER")),
        secure = t("billing-pay-secure"),
        cancel = t("billing-pay-cancel"),
    );
    // Scripts only from the gateway. Frames and form targets are any https origin: 3-D
    // Secure sends the card holder (in a frame, or by submitting a form) to the card
    // issuer's own page, whose host nobody knows in advance; Chromium also checks
    // `form-action` on every redirect after a submission. (A gateway on plain http exists
    // only in tests: then its issuer's page may be too.)
    let any = if origin.starts_with("http://") { "http: https:" } else { "https:" };
    let csp = format!(
        "default-src 'self'; script-src {origin} 'unsafe-inline'; style-src 'self' {origin} 'unsafe-inline'; \
         frame-src {any}; connect-src {origin}; img-src 'self' {origin} data:; font-src 'self' {origin}; \
         form-action 'self' {any}; frame-ancestors 'none'; base-uri 'self'"
    );
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (axum::http::header::CONTENT_SECURITY_POLICY, csp),
            (axum::http::header::CACHE_CONTROL, "no-store".to_string()),
        ],
        html,
    )
        .into_response()
}

async fn back_from_gateway(
    state: AppState,
    session: Option<SignedIn>,
    provider: String,
    incoming: Incoming,
) -> Response {
    let order = incoming.query.iter().find(|(k, _)| k == "order").map(|(_, v)| v.clone()).unwrap_or_default();
    // The session cookie is SameSite=Lax: a gateway's cross-site POST back arrives without
    // it. The order reference is enough to ask the gateway (which is all this does); the
    // redirect below is a same-site navigation that carries the cookie again.
    let user = session.map(|SignedIn(s)| s.user.id);
    let outcome = service::confirm_return(&state, &provider, user, &order, &incoming).await;
    let result = match outcome {
        Ok(PaymentState::Paid) => "paid",
        Ok(PaymentState::Failed) | Ok(PaymentState::Cancelled) => "failed",
        Ok(_) => "pending",
        Err(_) => "unknown",
    };
    Redirect::to(&format!("/app/account?payment={result}#billing")).into_response()
}

/// An order of this user, as the sandbox page shows it.
pub async fn sandbox_order(state: &AppState, user_id: i64, order_ref: &str) -> Result<PaymentView, AppError> {
    let r = sqlx::query(
        "SELECT id, order_ref, kind, item_code, amount_fils, currency, provider, status, created_at, paid_at \
         FROM payments WHERE order_ref = $1 AND user_id = $2 AND provider = 'sandbox'",
    )
    .bind(order_ref)
    .bind(user_id)
    .fetch_optional(state.db.pool())
    .await
    .map_err(|_| AppError::Internal)?
    .ok_or(AppError::NotFound)?;
    Ok(service::payment_view(&r))
}

/// Plays the gateway: signs the notice and sends it through `handle_notification`, the
/// path a real gateway's notification takes; then where the browser goes next.
pub async fn sandbox_decide(state: &AppState, user_id: i64, order_ref: &str, result: &str) -> Result<String, AppError> {
    use pulse_payments::sandbox::{Sandbox, SandboxNotice, SIGNATURE_HEADER};
    if state.payments.name() != "sandbox" {
        return Err(AppError::NotFound);
    }
    if !matches!(result, "paid" | "declined") {
        return Err(AppError::Validation("error-validation".into()));
    }
    let order = sandbox_order(state, user_id, order_ref).await?;
    let sandbox = Sandbox::new("", &crate::platform::payments::sandbox_secret(&state.config));
    let notice = SandboxNotice {
        provider_ref: Sandbox::provider_ref(order_ref),
        order_ref: order_ref.to_string(),
        result: result.to_string(),
        amount_fils: order.amount.0,
        currency: order.currency,
    };
    let (body, signature) = sandbox.sign(&notice);
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, signature.parse().map_err(|_| AppError::Internal)?);
    let incoming = Incoming { headers, body, query: Vec::new() };
    service::handle_notification(state, "sandbox", &incoming).await.map_err(|_| AppError::Internal)?;
    // Where a gateway's return would land (the sandbox's status query has nothing to add:
    // its notice was just applied). A page of the app, so the client router goes there.
    let outcome = service::confirm_return(state, "sandbox", Some(user_id), order_ref, &Incoming::default()).await?;
    let result = match outcome {
        PaymentState::Paid => "paid",
        PaymentState::Pending => "pending",
        _ => "failed",
    };
    Ok(format!("/app/account?payment={result}#billing"))
}

async fn invoice(State(state): State<AppState>, session: Option<SignedIn>, Path(file): Path<String>) -> Response {
    let Some(SignedIn(session)) = session else { return Redirect::to("/login?next=/app/account").into_response() };
    let Some(id) = file.strip_suffix(".pdf").and_then(|n| n.parse::<i64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match super::invoice::invoice_pdf(&state, session.user.id, id).await {
        Ok((number, pdf)) => (
            [
                (axum::http::header::CONTENT_TYPE, "application/pdf".to_string()),
                (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{number}.pdf\"")),
                (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            pdf,
        )
            .into_response(),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    }
}
