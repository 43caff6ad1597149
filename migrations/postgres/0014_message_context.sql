-- What the model read with a user message besides its text: an attached PDF's text, or
-- the summaries of its parts (chat's PDF summary). Later turns read it again.
ALTER TABLE messages ADD COLUMN context TEXT;
