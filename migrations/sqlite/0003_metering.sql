-- Metering: each subscription period carries its own limits (a snapshot of the plan's,
-- or the trial's), so a later price or plan change never alters a running period.
ALTER TABLE subscriptions ADD COLUMN tokens_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN images_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN videos_limit INTEGER NOT NULL DEFAULT 0;

-- The 80 % warning is given once per user, kind and period; the banner shows until seen.
CREATE TABLE usage_warnings (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('tokens', 'images', 'videos')),
    period_start  INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    seen_at       INTEGER,                        -- the banner was dismissed
    PRIMARY KEY (user_id, kind, period_start)
);
