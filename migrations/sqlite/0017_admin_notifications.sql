-- Notifications: what a user is told in the app (the bell) and, for money and plans, by email.
-- `event_key` names the event that made it (`payment:42:paid`, `renewal:7`, `quota:images:…:80`):
-- one notification per event and user, however often the event is handled again (a gateway's
-- retried notification, two workers running the same scheduled pass).
-- `email_state`: none (in-app only) | pending (to send) | sending (claimed by a worker at
-- email_claimed_at) | sent | failed (gave up) | skipped (the user turned such emails off).
CREATE TABLE notifications (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL,
    event_key         TEXT    NOT NULL,
    data              TEXT    NOT NULL DEFAULT '{}',
    email_state       TEXT    NOT NULL DEFAULT 'none'
                      CHECK (email_state IN ('none', 'pending', 'sending', 'sent', 'failed', 'skipped')),
    email_attempts    INTEGER NOT NULL DEFAULT 0,
    email_claimed_at  INTEGER,
    created_at        INTEGER NOT NULL,
    read_at           INTEGER
);
CREATE UNIQUE INDEX notifications_event ON notifications (user_id, event_key);
CREATE INDEX notifications_user_id ON notifications (user_id, id);
CREATE INDEX notifications_created ON notifications (created_at);
CREATE INDEX notifications_email ON notifications (email_state, created_at);

-- The account page's preference: emails about payments, renewals and a plan's end.
ALTER TABLE users ADD COLUMN email_notices INTEGER NOT NULL DEFAULT 1;

-- Admins made in the console (ADMIN_EMAILS makes the others): such an admin stays one
-- when not listed; an admin from the list stops being one when taken off it.
ALTER TABLE users ADD COLUMN admin_from_console INTEGER NOT NULL DEFAULT 0;

-- The admin's review of moderation events.
ALTER TABLE moderation_events ADD COLUMN reviewed_at INTEGER;
ALTER TABLE moderation_events ADD COLUMN reviewed_by INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- The admin's lists, newest first, and the dashboard's ranges.
CREATE INDEX audit_log_created ON audit_log (created_at);
CREATE INDEX jobs_status_id ON jobs (status, id);
CREATE INDEX payments_paid_at ON payments (paid_at);
CREATE INDEX payments_refunded_at ON payments (refunded_at);
CREATE INDEX usage_ledger_settled ON usage_ledger (settled_at);
