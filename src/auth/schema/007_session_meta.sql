-- The sessions list (GET /api/v1/me/sessions) shows where each session came from.
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_reason TEXT;
