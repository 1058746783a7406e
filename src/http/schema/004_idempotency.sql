-- Replays of writes retried with the same Idempotency-Key (per user).
CREATE TABLE idempotency_keys (
	user_id INTEGER NOT NULL,
	key TEXT NOT NULL,
	method TEXT NOT NULL,
	path TEXT NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, key)
);
