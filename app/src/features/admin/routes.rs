//! `GET /admin/audit.csv?actor=&action=&from=&to=`: the filtered audit log as a CSV
//! download (admins only; the export itself is audited).

use super::model::AuditFilter;
use crate::platform::auth::AdminUser;
use crate::platform::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn routes(_: &AppState) -> Router<AppState> {
    Router::new().route("/admin/audit.csv", get(audit_csv))
}

async fn audit_csv(
    State(state): State<AppState>,
    AdminUser(session): AdminUser,
    ip: Option<crate::platform::auth::ClientIp>,
    Query(filter): Query<AuditFilter>,
) -> Result<Response, crate::error::AppError> {
    let actor = super::service::Actor { id: session.user.id, ip: ip.map(|ip| ip.0) };
    let csv = super::service::audit_csv(&state, &actor, &filter).await?;
    let name = format!("pulse-audit-{}.csv", pulse_clock::ymd(crate::types::UnixMillis::now().0));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        csv,
    )
        .into_response())
}
