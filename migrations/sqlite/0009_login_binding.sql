-- Sign-in links are bound to the browser that asked for them: the hash of a short-lived
-- cookie nonce. A link opened elsewhere asks for confirmation (the user sees why).
ALTER TABLE login_tokens ADD COLUMN browser_hash TEXT;
CREATE INDEX login_tokens_created ON login_tokens (created_at);
