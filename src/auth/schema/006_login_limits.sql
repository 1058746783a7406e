-- Login limits that hold across servers (issue 15; docs/security.md "Login and sessions").
-- One row per failed login (or wrong old password), keyed by the username as typed so that
-- an unknown name is treated exactly like a real one; rows older than the window are pruned.
CREATE TABLE login_failures (
	id ID_PK,
	username TEXT NOT NULL,
	addr TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failures_user_addr ON login_failures(username, addr, at);
CREATE INDEX login_failures_at ON login_failures(at);
-- Addresses an account has logged in from: under a many-address attack they still get in.
CREATE TABLE login_known_addrs (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	addr TEXT NOT NULL,
	last_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, addr)
);
-- One-time unlock codes an administrator hands to the owner (only the SHA-256 is kept).
CREATE TABLE login_unlock_codes (
	id ID_PK,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	created_by INTEGER,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
CREATE INDEX login_unlock_codes_user ON login_unlock_codes(user_id);
