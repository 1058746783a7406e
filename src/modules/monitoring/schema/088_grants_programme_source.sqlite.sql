-- 088_grants_programme_source, SQLite's way — grants gain the source
-- 'programme' (a funded application of the funding programme, source_id =
-- the application; monitoring's agreement makes it through grants.h
-- grant_create_decided). SQLite cannot alter a CHECK, so the table is
-- rebuilt: made and filled under a new name, then swapped in with the
-- foreign keys deferred (grant_tranches, grant_votes, … reference grants;
-- the rows keep their ids, so they still point at the same rows once the
-- new table takes the name; checked at commit). PostgreSQL alters the
-- constraint in place (088_grants_programme_source.pg.sql); nothing of
-- this change is portable, so the number has no portable part.
CREATE TABLE grants_new (
	id ID_PK,
	fund_id INTEGER NOT NULL,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	kind TEXT NOT NULL CHECK (kind IN ('grant','micro_grant')),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
	purpose TEXT NOT NULL DEFAULT '',
	org_id INTEGER REFERENCES organisations(id),
	person_id INTEGER REFERENCES people(id),
	recipient_name TEXT NOT NULL,
	amount INTEGER NOT NULL CHECK (amount > 0),
	starts_on TEXT,                    -- planned, YYYY-MM-DD (Shanghai)
	ends_on TEXT,
	status TEXT NOT NULL CHECK (status IN ('applied','voting','approved','rejected','completed','cancelled')),
	source TEXT NOT NULL CHECK (source IN ('application','committee','pb','decision','programme')),
	source_id INTEGER,                 -- the decision's record (pb project …)
	decision TEXT NOT NULL DEFAULT '', -- how it was decided (shown publicly)
	applicant_id INTEGER REFERENCES users(id),
	electorate INTEGER NOT NULL DEFAULT 0, -- committee size when the vote opened
	votes_yes INTEGER NOT NULL DEFAULT 0,
	votes_no INTEGER NOT NULL DEFAULT 0,
	votes_abstain INTEGER NOT NULL DEFAULT 0,
	decided_at INTEGER,
	completed_at INTEGER,
	result TEXT NOT NULL DEFAULT '',   -- what the project achieved (公示: grants and their results)
	cancel_reason TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (votes_yes + votes_no + votes_abstain <= electorate OR electorate = 0),
	UNIQUE (source, source_id)
);
INSERT INTO grants_new SELECT * FROM grants;
PRAGMA defer_foreign_keys = ON;
DROP TABLE grants;
ALTER TABLE grants_new RENAME TO grants;
CREATE INDEX grants_fund ON grants(fund_id, id);
CREATE INDEX grants_region ON grants(region_id, status, id);
