-- The hash-chained audit log (audit.h). region_path is the record's region
-- path when the entry was written, so scope filtering of history does not
-- depend on later moves or deletions. Entries are never updated or
-- deleted by the application; each backend's own part (003_audit.sqlite.sql)
-- makes an accidental UPDATE or DELETE through SQL fail as well (a
-- determined editor of the file is caught by `wushe audit verify`).
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	region_id INTEGER NOT NULL DEFAULT 0,
	region_path TEXT NOT NULL DEFAULT '',
	before_json TEXT,
	after_json TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_user ON audit_log(user_id, id);
CREATE INDEX audit_log_region ON audit_log(region_path, id);
