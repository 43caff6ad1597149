//! What the account page knows of API keys.

use serde::{Deserialize, Serialize};

/// A key as its owner sees it: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub name: String,
    /// `pulse_sk_AbCdEf`: enough to tell keys apart.
    pub prefix: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub requests: i64,
    /// Plan tokens its requests were charged.
    pub tokens_charged: i64,
}

/// The account page's card: the keys and where the API lives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeysView {
    pub keys: Vec<ApiKeyView>,
    /// `https://pulse.jo/v1`: what an OpenAI client takes as its base URL.
    pub base_url: String,
}

/// A key just made: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedKey {
    pub key: ApiKeyView,
    pub secret: String,
}
