-- Slide decks (the slide maker, Pro and Creator), replacing the first schema's unused placeholder. `slides` is the JSON of the deck's
-- `Vec<pulse_documents::slides::Slide>`; `version` goes up by one on every save.
DROP TABLE slide_decks;
CREATE TABLE slide_decks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    lang       TEXT    NOT NULL,                   -- ar | en
    theme      TEXT    NOT NULL,                   -- oasis | midnight | desert | petra
    slides     TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX slide_decks_user_updated ON slide_decks (user_id, updated_at);
