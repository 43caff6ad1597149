-- Durable jobs: work that outlives a request (image, video, CV and slide renders).
-- A job holds the quota reservation made when it was created: settled when it succeeds,
-- released when it fails for good or is cancelled (platform/jobs). A worker claims a job
-- with a lease it renews by heartbeat; a job whose lease ran out is taken again.
-- The placeholder `jobs` table of 0001 was never written to; it is replaced whole.
DROP TABLE IF EXISTS jobs;
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT    NOT NULL,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    input            TEXT    NOT NULL DEFAULT '{}',     -- JSON, the kind's own shape
    priority         INTEGER NOT NULL DEFAULT 0,        -- higher first (Creator > Pro > Starter)
    status           TEXT    NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL DEFAULT 3,
    run_after        INTEGER NOT NULL,
    lease_owner      TEXT,
    lease_expires_at INTEGER,
    heartbeat_at     INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    progress         INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    stage            TEXT,                              -- a message key: job-stage-…
    result_json      TEXT,
    result_file      TEXT,                              -- a files.id of the user's
    error            TEXT,                              -- a message key
    quote            TEXT,                              -- JSON: what a retry reserves again
    reservation_id   INTEGER,                           -- usage_ledger.id
    charge           INTEGER NOT NULL DEFAULT 0,        -- what the plan was charged
    version          INTEGER NOT NULL DEFAULT 0,        -- +1 on every change (live status)
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER
);
CREATE INDEX jobs_claim ON jobs (status, priority, run_after);
CREATE INDEX jobs_lease ON jobs (status, lease_expires_at);
CREATE INDEX jobs_user ON jobs (user_id, id);
CREATE INDEX jobs_updated ON jobs (updated_at);
