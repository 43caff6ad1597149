//! One-time codes by SMS, for a future phone sign-in. A driver sends the text; the codes
//! themselves are stored hashed with an expiry and an attempt limit, the same for every
//! driver. The development driver logs the message (and keeps it for tests).

use super::auth::tokens::sha256_hex;
use super::db::Db;
use crate::types::UnixMillis;
use rand::Rng;
use sqlx::Row;
use std::sync::Mutex;

pub const CODE_TTL_MS: i64 = 10 * 60 * 1000;
pub const MAX_ATTEMPTS: i64 = 5;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SmsError {
    #[error("SMS is not enabled")]
    Disabled,
    #[error("invalid phone number")]
    InvalidPhone,
    #[error("cannot send: {0}")]
    Send(String),
    #[error("database: {0}")]
    Db(String),
}

/// Sends a text message. Real gateways implement this; `DevSms` logs.
pub trait SmsDriver: Send + Sync + std::fmt::Debug {
    fn send(&self, phone: &str, text: &str) -> Result<(), SmsError>;
}

/// Logs every message and keeps the last ones in memory.
#[derive(Debug, Default)]
pub struct DevSms {
    pub sent: Mutex<Vec<(String, String)>>,
}

impl SmsDriver for DevSms {
    fn send(&self, phone: &str, text: &str) -> Result<(), SmsError> {
        tracing::info!(%phone, %text, "SMS (development driver, not sent)");
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        sent.push((phone.to_string(), text.to_string()));
        if sent.len() > 100 {
            sent.remove(0);
        }
        Ok(())
    }
}

/// Refuses everything (production until a gateway is chosen).
#[derive(Debug, Default)]
pub struct NoSms;

impl SmsDriver for NoSms {
    fn send(&self, _: &str, _: &str) -> Result<(), SmsError> {
        Err(SmsError::Disabled)
    }
}

/// Normalises a Jordanian or international number to E.164 (`+9627XXXXXXXX`).
pub fn normalise_phone(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    let e164 = if let Some(rest) = digits.strip_prefix("+") {
        format!("+{rest}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("+962{rest}")
    } else {
        format!("+{digits}")
    };
    let n = e164.len() - 1;
    (e164[1..].chars().all(|c| c.is_ascii_digit()) && (8..=15).contains(&n)).then_some(e164)
}

/// Sends a fresh 6-digit code (older unused codes for the number stop working).
pub async fn send_code(db: &Db, driver: &dyn SmsDriver, phone: &str, text_template: &str) -> Result<(), SmsError> {
    let phone = normalise_phone(phone).ok_or(SmsError::InvalidPhone)?;
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    let now = UnixMillis::now().0;
    let dberr = |e: sqlx::Error| SmsError::Db(e.to_string());
    sqlx::query("UPDATE phone_codes SET used_at = $1 WHERE phone = $2 AND used_at IS NULL")
        .bind(now)
        .bind(&phone)
        .execute(db.pool())
        .await
        .map_err(dberr)?;
    sqlx::query(
        "INSERT INTO phone_codes (phone, code_hash, attempts, created_at, expires_at) VALUES ($1, $2, 0, $3, $4)",
    )
    .bind(&phone)
    .bind(sha256_hex(&format!("{phone}:{code}")))
    .bind(now)
    .bind(now + CODE_TTL_MS)
    .execute(db.pool())
    .await
    .map_err(dberr)?;
    driver.send(&phone, &text_template.replace("{code}", &code))
}

/// Checks a code: right, unexpired, unused, and within the attempt limit. A right code
/// is used up.
pub async fn verify_code(db: &Db, phone: &str, code: &str) -> Result<bool, SmsError> {
    let Some(phone) = normalise_phone(phone) else { return Ok(false) };
    let now = UnixMillis::now().0;
    let dberr = |e: sqlx::Error| SmsError::Db(e.to_string());
    let row = sqlx::query(
        "SELECT id, code_hash, attempts FROM phone_codes \
         WHERE phone = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(&phone)
    .bind(now)
    .fetch_optional(db.pool())
    .await
    .map_err(dberr)?;
    let Some(row) = row else { return Ok(false) };
    let id: i64 = row.try_get("id").map_err(dberr)?;
    let attempts: i64 = row.try_get("attempts").map_err(dberr)?;
    let hash: String = row.try_get("code_hash").map_err(dberr)?;
    if attempts >= MAX_ATTEMPTS {
        return Ok(false);
    }
    if hash == sha256_hex(&format!("{phone}:{}", code.trim())) {
        let used = sqlx::query("UPDATE phone_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(db.pool())
            .await
            .map_err(dberr)?;
        Ok(used.rows_affected() == 1)
    } else {
        sqlx::query("UPDATE phone_codes SET attempts = attempts + 1 WHERE id = $1")
            .bind(id)
            .execute(db.pool())
            .await
            .map_err(dberr)?;
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_phone;

    #[test]
    fn phones_become_e164() {
        assert_eq!(normalise_phone("0791234567").as_deref(), Some("+962791234567"));
        assert_eq!(normalise_phone("+962 79 123 4567").as_deref(), Some("+962791234567"));
        assert_eq!(normalise_phone("00962791234567").as_deref(), Some("+962791234567"));
        assert_eq!(normalise_phone("12"), None);
        assert_eq!(normalise_phone("abc"), None);
    }
}
