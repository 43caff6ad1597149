-- The longest message (estimated tokens) a plan's users may send in one turn: Starter and
-- Pro 8,000, Creator 32,000 ("long prompts"). Kept with the plans, not in code.
ALTER TABLE plans ADD COLUMN max_prompt_tokens BIGINT NOT NULL DEFAULT 8000;
UPDATE plans SET max_prompt_tokens = 32000 WHERE code = 'creator';
