-- Personal API keys for the OpenAI-compatible /v1 API. Only a hash of the secret is
-- kept; the prefix (what the account page shows) is not secret. Usage per key is
-- counted here as each request settles.
CREATE TABLE api_keys (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    prefix         TEXT    NOT NULL,                  -- pulse_sk_ and the first characters
    secret_hash    TEXT    NOT NULL UNIQUE,           -- sha256 hex of the whole secret
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER,
    last_used_at   INTEGER,
    revoked_at     INTEGER,
    requests       INTEGER NOT NULL DEFAULT 0,
    tokens_charged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_keys_user ON api_keys (user_id, created_at);
