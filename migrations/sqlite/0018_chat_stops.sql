-- Answers asked to stop while they stream: one small index for the per-process poller that
-- stops them (it reads every half second, so only those rows may be in it).
CREATE INDEX messages_stop_asked ON messages (id) WHERE stop_requested = 1 AND status = 'streaming';
