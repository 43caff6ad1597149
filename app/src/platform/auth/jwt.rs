//! The session cookie's content: an HS256 JWT naming a session row. Only HS256 is
//! accepted (so `alg: none` and key confusion are refused), the expiry is checked, and
//! the row is checked on every request, so a revoked session stops at once.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// The session id.
    pub sid: String,
    /// Issued and expiry times, Unix seconds.
    pub iat: i64,
    pub exp: i64,
}

pub fn issue(secret: &str, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
    encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes()))
}

/// The claims of a valid, unexpired token signed with our key; `None` otherwise.
pub fn verify(secret: &str, token: &str) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 5;
    validation.set_required_spec_claims(&["exp", "sub"]);
    decode::<Claims>(token, &DecodingKey::from_secret(secret.as_bytes()), &validation).ok().map(|d| d.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    fn claims(exp_from_now: i64) -> Claims {
        let now = crate::types::UnixMillis::now().0 / 1000;
        Claims { sub: "7".into(), sid: "s1".into(), iat: now, exp: now + exp_from_now }
    }

    #[test]
    fn a_valid_token_round_trips() {
        let c = claims(60);
        assert_eq!(verify(KEY, &issue(KEY, &c).unwrap()), Some(c));
    }

    #[test]
    fn expired_tampered_and_foreign_tokens_are_refused() {
        assert_eq!(verify(KEY, &issue(KEY, &claims(-60)).unwrap()), None, "expired");
        assert_eq!(verify("another-key-another-key-another-k", &issue(KEY, &claims(60)).unwrap()), None, "other key");
        let token = issue(KEY, &claims(60)).unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
        let forged = serde_json::json!({"sub": "1", "sid": "s1", "iat": 0, "exp": i64::MAX / 2});
        parts[1] = URL_SAFE_NO_PAD.encode(forged.to_string());
        assert_eq!(verify(KEY, &parts.join(".")), None, "tampered payload");
        assert_eq!(verify(KEY, "not.a.jwt"), None);
    }

    #[test]
    fn alg_none_is_refused() {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_string(&claims(60)).unwrap());
        assert_eq!(verify(KEY, &format!("{header}.{payload}.")), None);
        assert_eq!(verify(KEY, &format!("{header}.{payload}")), None);
    }
}
