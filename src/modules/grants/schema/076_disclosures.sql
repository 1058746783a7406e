-- 076_disclosures.sql — disclosure (公示, issue 12 item 7): what a fund
-- published, and the subjects the disclosure calendar tracks.
--
-- The calendar (Charity Law, 2026 rules on charities' information
-- disclosure; docs/grants.md): a project or fundraising running longer
-- than six months is disclosed at least every three months, in full within
-- three months of its end; a major event within 30 days. A correction is
-- a new disclosure pointing at the one it corrects, which stays.

-- Fundraisings and major events (projects are grants).
CREATE TABLE disclosure_subjects (
	id ID_PK,
	fund_id INTEGER NOT NULL,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	kind TEXT NOT NULL CHECK (kind IN ('fundraising','major_event')),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
	starts_on TEXT NOT NULL,           -- a major event: when it happened
	ends_on TEXT,                      -- a fundraising: when it ends (planned or actual)
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
);
CREATE INDEX disclosure_subjects_fund ON disclosure_subjects(fund_id, id);

CREATE TABLE disclosures (
	id ID_PK,
	fund_id INTEGER NOT NULL,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	kind TEXT NOT NULL CHECK (kind IN ('periodic','final','major_event','correction','other')),
	grant_id INTEGER REFERENCES grants(id),
	subject_id INTEGER REFERENCES disclosure_subjects(id),
	corrects_id INTEGER UNIQUE REFERENCES disclosures(id),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
	body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
	published_at INTEGER NOT NULL,
	published_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	CHECK ((kind = 'correction') = (corrects_id IS NOT NULL)),
	CHECK (grant_id IS NULL OR subject_id IS NULL)
);
CREATE INDEX disclosures_fund ON disclosures(fund_id, published_at);
CREATE INDEX disclosures_grant ON disclosures(grant_id, published_at);
CREATE INDEX disclosures_subject ON disclosures(subject_id, published_at);
