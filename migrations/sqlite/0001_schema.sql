-- Pulse AI Studio — the whole schema (SQLite dialect; migrations/postgres holds the same).
-- Times are Unix milliseconds; money is integer fils (1 JOD = 1000 fils); flags are 0/1.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,            -- stored lower-cased
    display_name  TEXT,
    locale        TEXT    NOT NULL DEFAULT 'ar' CHECK (locale IN ('ar', 'en')),
    role          TEXT    NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    phone         TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX users_created ON users (created_at);

CREATE TABLE login_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,               -- SHA-256 of the token; the token itself is never stored
    next_path   TEXT,
    locale      TEXT    NOT NULL DEFAULT 'ar',
    ip          TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX login_tokens_email_created ON login_tokens (email, created_at);

CREATE TABLE sessions (
    id            TEXT    PRIMARY KEY,                 -- random; named by the signed cookie
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent    TEXT,
    ip            TEXT,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    revoked_at    INTEGER
);
CREATE INDEX sessions_user_created ON sessions (user_id, created_at);

CREATE TABLE plans (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    code               TEXT    NOT NULL UNIQUE,
    name_ar            TEXT    NOT NULL,
    name_en            TEXT    NOT NULL,
    price_fils         INTEGER NOT NULL CHECK (price_fils >= 0),
    currency           TEXT    NOT NULL DEFAULT 'JOD',
    tokens_per_period  INTEGER NOT NULL,
    images_per_period  INTEGER NOT NULL,
    videos_per_period  INTEGER NOT NULL,
    features           TEXT    NOT NULL,               -- JSON array of feature codes
    sort_order         INTEGER NOT NULL DEFAULT 0,
    active             INTEGER NOT NULL DEFAULT 1,
    created_at         INTEGER NOT NULL
);

CREATE TABLE subscriptions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    status        TEXT    NOT NULL CHECK (status IN ('trial', 'active', 'cancel_at_period_end', 'expired')),
    period_start  INTEGER NOT NULL,
    period_end    INTEGER NOT NULL,
    source        TEXT    NOT NULL DEFAULT 'payment',  -- payment | admin | trial
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX subscriptions_user_created ON subscriptions (user_id, created_at);
CREATE INDEX subscriptions_period_end ON subscriptions (status, period_end);

CREATE TABLE payments (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL CHECK (kind IN ('plan', 'addon')),
    item_code        TEXT    NOT NULL,                 -- plan code or add-on code
    amount_fils      INTEGER NOT NULL CHECK (amount_fils > 0),
    currency         TEXT    NOT NULL DEFAULT 'JOD',
    provider         TEXT    NOT NULL,                 -- sandbox | hyperpay | paytabs | zaincash
    provider_ref     TEXT,                             -- checkout id / transaction ref at the gateway
    idempotency_key  TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'cancelled', 'refunded')),
    failure_code     TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    paid_at          INTEGER
);
CREATE INDEX payments_user_created ON payments (user_id, created_at);
CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, provider_ref);
CREATE INDEX payments_status_created ON payments (status, created_at);

CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id  INTEGER NOT NULL UNIQUE REFERENCES payments (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    number      TEXT    NOT NULL UNIQUE,
    file_id     TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX invoices_user_created ON invoices (user_id, created_at);

CREATE TABLE addon_grants (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('tokens', 'images', 'videos')),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    period_start  INTEGER NOT NULL,
    period_end    INTEGER NOT NULL,
    payment_id    INTEGER REFERENCES payments (id),
    granted_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX addon_grants_user_created ON addon_grants (user_id, created_at);
CREATE INDEX addon_grants_kind_created ON addon_grants (kind, created_at);

CREATE TABLE usage_ledger (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('tokens', 'images', 'videos')),
    status          TEXT    NOT NULL CHECK (status IN ('reserved', 'settled', 'released', 'expired')),
    amount_reserved INTEGER NOT NULL CHECK (amount_reserved >= 0),
    amount_settled  INTEGER NOT NULL DEFAULT 0 CHECK (amount_settled >= 0),
    model           TEXT,
    feature         TEXT,                              -- chat | cv | slides | image | video
    period_start    INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,                  -- an open reservation is released after this
    settled_at      INTEGER
);
CREATE INDEX usage_ledger_user_created ON usage_ledger (user_id, created_at);
CREATE INDEX usage_ledger_kind_created ON usage_ledger (kind, created_at);
CREATE INDEX usage_ledger_model_created ON usage_ledger (model, created_at);
CREATE INDEX usage_ledger_user_period ON usage_ledger (user_id, kind, period_start, status);
CREATE INDEX usage_ledger_open ON usage_ledger (status, expires_at);

CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT,
    model       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX conversations_user_created ON conversations (user_id, created_at);
CREATE INDEX conversations_user_updated ON conversations (user_id, updated_at);

CREATE TABLE messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role             TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content          TEXT    NOT NULL,
    model            TEXT,
    tokens_in        INTEGER NOT NULL DEFAULT 0,
    tokens_out       INTEGER NOT NULL DEFAULT 0,
    status           TEXT    NOT NULL DEFAULT 'complete' CHECK (status IN ('streaming', 'complete', 'stopped', 'error')),
    error            TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX messages_conversation_created ON messages (conversation_id, created_at);
CREATE INDEX messages_user_created ON messages (user_id, created_at);
CREATE INDEX messages_model_created ON messages (model, created_at);

CREATE TABLE files (
    id            TEXT    PRIMARY KEY,                 -- random, never guessable
    owner_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('image', 'video', 'doc', 'upload')),
    storage_key   TEXT    NOT NULL UNIQUE,             -- generated, never user input
    bytes         INTEGER NOT NULL CHECK (bytes >= 0),
    content_type  TEXT    NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'ready' CHECK (status IN ('quarantine', 'ready', 'rejected')),
    metadata      TEXT    NOT NULL DEFAULT '{}',       -- JSON
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER
);
CREATE INDEX files_owner_created ON files (owner_id, created_at);
CREATE INDEX files_kind_created ON files (kind, created_at);

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT    NOT NULL,                    -- video.generate | video.captions | export.pdf …
    user_id       INTEGER REFERENCES users (id) ON DELETE CASCADE,
    payload       TEXT    NOT NULL DEFAULT '{}',       -- JSON
    status        TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL DEFAULT 3,
    run_at        INTEGER NOT NULL,
    locked_until  INTEGER,
    locked_by     TEXT,
    last_error    TEXT,
    result        TEXT,                                -- JSON
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX jobs_claim ON jobs (status, run_at);
CREATE INDEX jobs_user_created ON jobs (user_id, created_at);
CREATE INDEX jobs_kind_created ON jobs (kind, created_at);

CREATE TABLE cv_documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT    NOT NULL,
    language    TEXT    NOT NULL DEFAULT 'ar' CHECK (language IN ('ar', 'en')),
    template    TEXT    NOT NULL DEFAULT 'classic',
    ats_mode    INTEGER NOT NULL DEFAULT 0,
    data        TEXT    NOT NULL DEFAULT '{}',         -- JSON: personal, contact, experience …
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX cv_documents_user_created ON cv_documents (user_id, created_at);

CREATE TABLE slide_decks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title        TEXT    NOT NULL,
    topic        TEXT    NOT NULL DEFAULT '',
    audience     TEXT    NOT NULL DEFAULT '',
    language     TEXT    NOT NULL DEFAULT 'ar' CHECK (language IN ('ar', 'en')),
    theme        TEXT    NOT NULL DEFAULT 'default',
    slide_count  INTEGER NOT NULL DEFAULT 8,
    outline      TEXT    NOT NULL DEFAULT '[]',        -- JSON
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX slide_decks_user_created ON slide_decks (user_id, created_at);

CREATE TABLE moderation_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind        TEXT    NOT NULL,                      -- text | image_prompt | video_prompt
    source      TEXT    NOT NULL,                      -- local | openai
    categories  TEXT    NOT NULL DEFAULT '[]',         -- JSON
    excerpt     TEXT,
    action      TEXT    NOT NULL DEFAULT 'blocked',
    created_at  INTEGER NOT NULL
);
CREATE INDEX moderation_events_user_created ON moderation_events (user_id, created_at);
CREATE INDEX moderation_events_kind_created ON moderation_events (kind, created_at);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_user_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action         TEXT    NOT NULL,                   -- auth.sign_in | auth.sign_out | account.delete | role.change …
    target_type    TEXT,
    target_id      TEXT,
    data           TEXT    NOT NULL DEFAULT '{}',      -- JSON
    ip             TEXT,
    created_at     INTEGER NOT NULL
);
CREATE INDEX audit_log_actor_created ON audit_log (actor_user_id, created_at);
CREATE INDEX audit_log_action_created ON audit_log (action, created_at);

-- The three plans of PRODUCT.md.
INSERT INTO plans (code, name_ar, name_en, price_fils, currency, tokens_per_period, images_per_period, videos_per_period, features, sort_order, active, created_at) VALUES
    ('starter', 'المبتدئ', 'Starter', 3000, 'JOD', 150000, 10, 2, '["chat","cv","image","video"]', 1, 1, 0),
    ('pro', 'المحترف', 'Pro', 5000, 'JOD', 400000, 30, 5, '["chat","cv","image","video","slides","pdf_summary"]', 2, 1, 0),
    ('creator', 'المبدع', 'Creator', 7000, 'JOD', 1000000, 60, 10, '["chat","cv","image","video","slides","pdf_summary","long_prompts","advanced_editors"]', 3, 1, 0);
