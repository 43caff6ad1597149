-- Files: the name the user gave (display only; keys are generated), and the sweeper's
-- look-ups by status and expiry.
ALTER TABLE files ADD COLUMN name TEXT NOT NULL DEFAULT '';
CREATE INDEX files_status_created ON files (status, created_at);
CREATE INDEX files_expires ON files (expires_at);
