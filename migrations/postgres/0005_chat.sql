-- Chat: a system prompt per conversation; per message what the plan was charged, the
-- reservation it settles, and an attached image (a file id).
ALTER TABLE conversations ADD COLUMN system_prompt TEXT;
ALTER TABLE messages ADD COLUMN plan_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN reservation_id BIGINT;
ALTER TABLE messages ADD COLUMN file_id TEXT;
ALTER TABLE messages ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0;
