-- 008_sessions_expiry.sql — the retention job (modules/privacy, kind
-- auth.sessions) deletes sessions that ended long ago: find them by their end.
CREATE INDEX sessions_expires ON sessions(expires_at);
