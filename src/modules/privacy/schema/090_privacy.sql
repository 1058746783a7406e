-- 090_privacy.sql — personal-information rights (PIPL arts. 44–47): a
-- person's requests to correct or delete what is held about them, their
-- consents with purpose and time, and the retention periods an
-- administrator sets per kind of record (the kinds are declared by the
-- areas, core/module.h `.retention`; a kind without a row here keeps its
-- declared default).
CREATE TABLE privacy_requests (
	id ID_PK,
	kind TEXT NOT NULL CHECK (kind IN ('correction','deletion')),
	user_id INTEGER REFERENCES users(id),   -- the person's account; NULL when filed for a person without one
	person_id INTEGER REFERENCES people(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	filed_by INTEGER REFERENCES users(id), -- staff who filed it for the person (a paper request); NULL: the person
	requester_name TEXT NOT NULL,          -- the account's name when filed (anonymised on deletion)
	detail TEXT NOT NULL,                  -- what is wrong / why (the person's words)
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','rejected','withdrawn')),
	due_at INTEGER NOT NULL,               -- answer due (15 days after filing)
	resolved_by INTEGER REFERENCES users(id),
	resolved_at INTEGER,
	resolution TEXT,                       -- staff's answer to the person
	report TEXT,                           -- JSON: what a deletion anonymised, deleted and kept
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (user_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX privacy_requests_region ON privacy_requests(region_id, status, id);
CREATE INDEX privacy_requests_walk ON privacy_requests(status, id, region_id);
CREATE INDEX privacy_requests_user ON privacy_requests(user_id, id);
CREATE INDEX privacy_requests_person ON privacy_requests(person_id, id);

CREATE TABLE privacy_consents (
	id ID_PK,
	user_id INTEGER REFERENCES users(id),   -- the account, or NULL for a person without one
	person_id INTEGER REFERENCES people(id),
	purpose TEXT NOT NULL,
	granted INTEGER NOT NULL CHECK (granted IN (0,1)),
	source TEXT NOT NULL CHECK (source IN ('self','staff')),
	recorded_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK (user_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX privacy_consents_user ON privacy_consents(user_id, purpose, id);
CREATE INDEX privacy_consents_person ON privacy_consents(person_id, purpose, id);

CREATE TABLE privacy_retention (
	kind TEXT PRIMARY KEY,
	days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 36500),
	version INTEGER NOT NULL DEFAULT 1,
	updated_by INTEGER REFERENCES users(id),
	updated_at INTEGER NOT NULL
);

CREATE TABLE privacy_retention_runs (
	id ID_PK,
	started_at INTEGER NOT NULL,
	dry_run INTEGER NOT NULL CHECK (dry_run IN (0,1)),
	run_by INTEGER REFERENCES users(id),   -- NULL: the command line or the server's daily run
	result TEXT NOT NULL                   -- JSON: [{kind, days, before, count}]
);
CREATE INDEX privacy_retention_runs_at ON privacy_retention_runs(started_at);
