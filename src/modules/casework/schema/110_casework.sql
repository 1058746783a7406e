-- 110_casework.sql — visits and contacts of a case (issue 17 item B1,
-- docs/casework.md). Consents and referrals are in 100_cases.sql (the
-- contract); this area writes them.
--
-- A visit written on a phone without a network is kept in the browser
-- with a key of its own (client_key) and sent when the phone is back
-- online; the key is unique per case, so a second send of the same
-- visit answers the first one instead of making a second row.
-- Times are µs UTC.
CREATE TABLE case_visits (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	kind TEXT NOT NULL CHECK (kind IN ('home_visit','phone','office','outreach','school')),
	visited_at INTEGER NOT NULL,
	duration_min INTEGER NOT NULL DEFAULT 0 CHECK (duration_min BETWEEN 0 AND 1440),
	notes TEXT NOT NULL DEFAULT '',
	observations TEXT NOT NULL DEFAULT '',
	next_visit_at INTEGER,                    -- the next visit planned from this one
	flag_id INTEGER REFERENCES case_flags(id), -- a risk flag raised with the visit
	client_key TEXT,                           -- the phone's key for an offline visit
	recorded_by INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	UNIQUE (case_id, client_key)
);
CREATE INDEX case_visits_case ON case_visits(case_id, visited_at);
-- The workload's and the missed-visits job's reads: open cases by due date.
CREATE INDEX cases_status_due ON cases(status, next_visit_at);
CREATE INDEX cases_org_status_type ON cases(org_id, status, type);
