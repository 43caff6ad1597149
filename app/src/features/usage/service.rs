use crate::error::AppError;
use crate::features::auth::service::normalise_email;
use crate::i18n::Lang;
use crate::platform::auth::users;
use crate::platform::metering::subscriptions::{self, GrantError, Period};
use crate::platform::{audit, AppState};
use crate::types::UnixMillis;

/// Grants `plan` to the account of `email` (created if it does not exist yet).
pub async fn grant_plan(
    state: &AppState,
    email: &str,
    plan: &str,
    by: Option<i64>,
    ip: Option<&str>,
) -> Result<Period, AppError> {
    let email = normalise_email(email).ok_or_else(|| AppError::Validation("error-email-invalid".into()))?;
    let (user, _) = users::find_or_create(&state.db, &email, Lang::Ar).await.map_err(|_| AppError::Internal)?;
    let period =
        subscriptions::grant_plan(&state.db, user.user.id, plan, "admin", UnixMillis::now().0).await.map_err(|e| {
            match e {
                GrantError::UnknownPlan(_) => AppError::Validation("error-unknown-plan".into()),
                GrantError::Db(err) => {
                    tracing::error!(error = %err, "grant plan");
                    AppError::Internal
                }
            }
        })?;
    let _ = audit::record(
        &state.db,
        by,
        "plan.grant",
        Some(("user", user.user.id.to_string())),
        serde_json::json!({ "plan": plan, "period_end": period.end }),
        ip,
    )
    .await;
    Ok(period)
}
