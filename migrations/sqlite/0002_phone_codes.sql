-- One-time SMS codes for a future phone sign-in (hashed, expiring, attempt-limited).
CREATE TABLE phone_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    phone       TEXT    NOT NULL,                  -- E.164
    code_hash   TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX phone_codes_phone_created ON phone_codes (phone, created_at);
CREATE INDEX login_tokens_ip_created ON login_tokens (ip, created_at);
