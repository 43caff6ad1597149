-- The image studio's gallery: one row per image of a user's, made by a model (from a prompt, or by changing another image)
-- or saved from the editor. The pixels are a file of the user's (`files`, kind image or upload); deleting the file deletes the row.
CREATE TABLE images (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_id    TEXT    NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    origin     TEXT    NOT NULL CHECK (origin IN ('generated', 'ai_edit', 'edited')),
    prompt     TEXT    NOT NULL DEFAULT '',
    model      TEXT    NOT NULL DEFAULT '',     -- the catalogue id of the model that made it; '' for the editor
    aspect     TEXT    NOT NULL DEFAULT '',
    source_id  INTEGER,                          -- the image it was made from (an AI change, an edit)
    width      INTEGER,
    height     INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX images_user_id ON images (user_id, id);
CREATE UNIQUE INDEX images_file ON images (file_id);
