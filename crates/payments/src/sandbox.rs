//! The offline sandbox: the app's own checkout page (with "pay" and "decline") plays the
//! gateway. Its notifications are HMAC-SHA256 signed with the app's secret and go through
//! the very same verification and handling as a real gateway's.

use crate::{Checkout, CheckoutRequest, Incoming, PaymentDriver, PaymentError, PaymentStatus, Verified};
use futures_util::future::BoxFuture;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct Sandbox {
    /// Where the app serves the sandbox checkout page, e.g. `http://127.0.0.1:3000/pay/sandbox`.
    pub page_url: String,
    secret: Vec<u8>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("page_url", &self.page_url).finish_non_exhaustive()
    }
}

/// The body of a sandbox notification (JSON), signed in the `x-sandbox-signature` header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxNotice {
    pub provider_ref: String,
    pub order_ref: String,
    /// `paid` or `declined`.
    pub result: String,
    pub amount_fils: i64,
    pub currency: String,
}

pub const SIGNATURE_HEADER: &str = "x-sandbox-signature";

impl Sandbox {
    pub fn new(page_url: impl Into<String>, secret: &str) -> Sandbox {
        Sandbox { page_url: page_url.into(), secret: secret.as_bytes().to_vec() }
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.secret).expect("any key length")
    }

    /// Signs a notice as the sandbox page does: (body, signature header value).
    pub fn sign(&self, notice: &SandboxNotice) -> (Vec<u8>, String) {
        let body = serde_json::to_vec(notice).expect("serialisable");
        let mut mac = self.mac();
        mac.update(&body);
        (body, hex::encode(mac.finalize().into_bytes()))
    }

    /// The provider ref the sandbox gives an order (deterministic, so `status` can answer).
    pub fn provider_ref(order_ref: &str) -> String {
        format!("sbx_{order_ref}")
    }
}

impl PaymentDriver for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn create_checkout(&self, req: CheckoutRequest) -> BoxFuture<'_, Result<Checkout, PaymentError>> {
        Box::pin(async move {
            let provider_ref = Sandbox::provider_ref(&req.order_ref);
            Ok(Checkout::Redirect {
                url: format!("{}/{}", self.page_url.trim_end_matches('/'), req.order_ref),
                provider_ref,
            })
        })
    }

    /// The sandbox has no state of its own: the app records the sandbox page's decision
    /// through the notification path; a status query says "pending".
    fn status(&self, provider_ref: &str) -> BoxFuture<'_, Result<Verified, PaymentError>> {
        let provider_ref = provider_ref.to_string();
        Box::pin(async move {
            Ok(Verified {
                event_id: format!("{provider_ref}:status"),
                order_ref: provider_ref.strip_prefix("sbx_").map(str::to_string),
                provider_ref,
                status: PaymentStatus::Pending,
                amount_fils: None,
                currency: None,
            })
        })
    }

    fn verify_notification(&self, incoming: &Incoming) -> Result<Verified, PaymentError> {
        let sig = incoming
            .headers
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| hex::decode(s).ok())
            .ok_or(PaymentError::BadSignature)?;
        let mut mac = self.mac();
        mac.update(&incoming.body);
        mac.verify_slice(&sig).map_err(|_| PaymentError::BadSignature)?;
        let notice: SandboxNotice =
            serde_json::from_slice(&incoming.body).map_err(|e| PaymentError::BadPayload(e.to_string()))?;
        let status = match notice.result.as_str() {
            "paid" => PaymentStatus::Paid,
            "declined" => PaymentStatus::Declined { reason: "declined in the sandbox".into() },
            other => return Err(PaymentError::BadPayload(format!("result `{other}`"))),
        };
        // Identical notices share an id (replays dedupe); any other statement, even about
        // the same payment with a different amount, is a new event.
        let digest = hex::encode(Sha256::digest(&incoming.body));
        Ok(Verified {
            event_id: format!("{}:{}:{}", notice.provider_ref, notice.result, &digest[..16]),
            provider_ref: notice.provider_ref,
            order_ref: Some(notice.order_ref),
            status,
            amount_fils: Some(notice.amount_fils),
            currency: Some(notice.currency),
        })
    }

    fn verify_return(&self, incoming: &Incoming) -> Result<String, PaymentError> {
        incoming
            .query
            .iter()
            .find(|(k, _)| k == "ref")
            .map(|(_, v)| v.clone())
            .ok_or_else(|| PaymentError::BadPayload("no ref".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(result: &str) -> SandboxNotice {
        SandboxNotice {
            provider_ref: "sbx_ord1".into(),
            order_ref: "ord1".into(),
            result: result.into(),
            amount_fils: 5000,
            currency: "JOD".into(),
        }
    }

    #[test]
    fn signed_notices_verify_and_forged_ones_do_not() {
        let s = Sandbox::new("http://x/pay/sandbox", "secret");
        let (body, sig) = s.sign(&notice("paid"));
        let mut incoming = Incoming { body: body.clone(), ..Default::default() };
        incoming.headers.insert(SIGNATURE_HEADER, sig.parse().unwrap());
        let v = s.verify_notification(&incoming).unwrap();
        assert_eq!(v.status, PaymentStatus::Paid);
        assert_eq!(v.amount_fils, Some(5000));
        let mut forged = incoming.clone();
        forged.body = serde_json::to_vec(&SandboxNotice { amount_fils: 1, ..notice("paid") }).unwrap();
        assert_eq!(s.verify_notification(&forged), Err(PaymentError::BadSignature));
        let other = Sandbox::new("http://x", "other");
        assert_eq!(other.verify_notification(&incoming), Err(PaymentError::BadSignature));
        assert_eq!(s.verify_notification(&Incoming { body, ..Default::default() }), Err(PaymentError::BadSignature));
    }
}
