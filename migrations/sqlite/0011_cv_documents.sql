-- Saved CVs (the CV maker), replacing the first schema's unused placeholder. The content is the JSON of `pulse_documents::cv::CvContent`;
-- `version` goes up by one on every save, so a stale tab cannot overwrite newer work.
DROP TABLE cv_documents;
CREATE TABLE cv_documents (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    lang       TEXT    NOT NULL,                   -- ar | en: the CV's own language
    template   TEXT    NOT NULL,                   -- classic | modern | compact
    ats        INTEGER NOT NULL DEFAULT 0,         -- 1: one plain column for applicant tracking systems
    content    TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cv_documents_user_updated ON cv_documents (user_id, updated_at);
