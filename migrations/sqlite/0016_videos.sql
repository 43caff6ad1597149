-- The video studio: one row per clip a user asked for, made from a prompt by a model or cut from one of the user's
-- uploads with captions burned in. Each is done by a durable job (`jobs`, kind video.generate or video.edit); the
-- finished clip is a file of the user's. `operation` is the provider's long-running operation in flight
-- ("model id" TAB "operation name"), kept so that a worker that takes the job over after a crash polls the same
-- operation instead of paying for a second one.
CREATE TABLE videos (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    job_id         INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    origin         TEXT    NOT NULL CHECK (origin IN ('generated', 'edited')),
    prompt         TEXT    NOT NULL DEFAULT '',    -- the prompt, or the first caption of an edit
    model          TEXT    NOT NULL DEFAULT '',    -- the model asked for; once made, the model that made it
    seconds        REAL,
    aspect         TEXT    NOT NULL DEFAULT '',
    source_file_id TEXT,                           -- an edit's upload (not a reference: the upload may go first)
    operation      TEXT,
    file_id        TEXT    REFERENCES files (id) ON DELETE SET NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,          -- the user deleted it (its file is gone)
    created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX videos_job ON videos (job_id);
CREATE INDEX videos_user_id ON videos (user_id, id);

-- What a plan lets a user cut from their own clips: the largest upload the editor takes, and the longest clip it
-- makes (after trimming). Creator's "longer clips" is one of its advanced editors. Kept with the plans, not in code.
ALTER TABLE plans ADD COLUMN max_clip_secs INTEGER NOT NULL DEFAULT 30;
ALTER TABLE plans ADD COLUMN max_clip_mb INTEGER NOT NULL DEFAULT 50;
UPDATE plans SET max_clip_secs = 60, max_clip_mb = 100 WHERE code = 'pro';
UPDATE plans SET max_clip_secs = 120, max_clip_mb = 100 WHERE code = 'creator';
