-- 101_case_records.sql — a case's own records (issue 17, docs/cases.md):
-- assessments with their structured form, screening scales, plans with
-- goals, reviews and attachments. Read only through case_open (cases.h);
-- their audit entries are references (case_audit), never the content.
-- Times are µs UTC.

-- An assessment: the per-type form (a JSON object of the fields the type
-- declares, case_forms.c) with a summary of needs; draft → submitted
-- (pending approval) → approved, or rejected back to the worker.
CREATE TABLE case_assessments (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	case_type TEXT NOT NULL,                               -- the form's type when written
	form_json TEXT NOT NULL DEFAULT '{}',
	summary TEXT NOT NULL DEFAULT '',                      -- needs and strengths, in the worker's words
	status TEXT NOT NULL CHECK (status IN ('draft','submitted','approved','rejected')),
	created_by INTEGER REFERENCES users(id),
	submitted_at INTEGER,
	decided_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX case_assessments_case ON case_assessments(case_id, id);

-- A screening scale given to the subject: the answers item by item (a
-- comma list), the score and band computed by the server.
CREATE TABLE case_scales (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	assessment_id INTEGER REFERENCES case_assessments(id),
	scale TEXT NOT NULL CHECK (scale IN ('phq9','gad7','ucla3','barthel')),
	answers TEXT NOT NULL,
	score INTEGER NOT NULL,
	band TEXT NOT NULL,
	flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0,1)),
	taken_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX case_scales_case ON case_scales(case_id, id);

CREATE TABLE case_plans (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	summary TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('draft','submitted','approved','rejected')),
	created_by INTEGER REFERENCES users(id),
	submitted_at INTEGER,
	decided_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX case_plans_case ON case_plans(case_id, id);

CREATE TABLE case_goals (
	id ID_PK,
	plan_id INTEGER NOT NULL REFERENCES case_plans(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
	measure TEXT NOT NULL DEFAULT '',
	target_date TEXT,                                      -- YYYY-MM-DD
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','achieved','partly','dropped')),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX case_goals_plan ON case_goals(plan_id, id);

CREATE TABLE case_reviews (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	plan_id INTEGER REFERENCES case_plans(id),
	progress TEXT NOT NULL CHECK (length(progress) BETWEEN 2 AND 4000),
	decision TEXT NOT NULL CHECK (decision IN ('continue','revise_plan','close')),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX case_reviews_case ON case_reviews(case_id, id);

-- Scans (PDF, JPEG, PNG by their bytes, ≤ 5 MB), base64 like the
-- programme's.
CREATE TABLE case_attachments (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	file_name TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	data TEXT NOT NULL,
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id, id);
