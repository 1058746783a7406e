-- 087_monitoring.sql — the monitoring of funded programme projects (issue 13
-- item 5, docs/programme-monitoring.md): the agreement (协议) signed for a
-- funded application, its milestones, quarterly and final reports with
-- indicator values, site visits, the tier (风险/观察/质量) with every change
-- and its inputs, the alerts sent to the funders (once per project and
-- event), the final evaluation with its extension eligibility, and the fixed
-- assets of hardware projects. The money is a grant (grants.h, source
-- 'programme', source_id = the application) paid through the funds ledger.
--
-- Money is integer fen; times µs UTC; days YYYY-MM-DD (Asia/Shanghai).

CREATE TABLE mon_projects (
	id ID_PK,
	application_id INTEGER NOT NULL UNIQUE REFERENCES prog_applications(id),
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	org_id INTEGER REFERENCES organisations(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	executing_org TEXT NOT NULL CHECK (length(executing_org) BETWEEN 1 AND 200), -- 执行单位
	starts_on TEXT NOT NULL CHECK (length(starts_on) = 10),
	ends_on TEXT NOT NULL CHECK (length(ends_on) = 10),
	awarded INTEGER NOT NULL CHECK (awarded > 0),          -- fen, the application's award
	grant_id INTEGER REFERENCES grants(id),
	maturity TEXT NOT NULL CHECK (maturity IN ('new','continued','extended')),
	years_run INTEGER NOT NULL DEFAULT 0 CHECK (years_run BETWEEN 0 AND 50),
	tier TEXT NOT NULL CHECK (tier IN ('risk','observation','quality')),
	tier_inputs TEXT NOT NULL DEFAULT '{}',                -- JSON: what the rule read
	tier_at INTEGER NOT NULL,
	supervisor_user_id INTEGER REFERENCES users(id),       -- one-to-one supervisor (risk)
	evaluation TEXT CHECK (evaluation IN ('excellent','good','pass','fail')),
	evaluated_at INTEGER,
	extension_year INTEGER,                                -- 优秀: one extension in this year
	extension_used_at INTEGER,
	extension_note TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('running','closed')),
	signed_by INTEGER REFERENCES users(id),
	signed_at INTEGER NOT NULL,
	closed_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (extension_used_at IS NULL OR extension_year IS NOT NULL)
);
CREATE INDEX mon_projects_programme ON mon_projects(programme_id, tier, id);
CREATE INDEX mon_projects_org ON mon_projects(org_id, id);

-- A milestone of the agreement; accepting one tied to a tranche pays the
-- grant's next reserved tranche (tranche_id: the one paid).
CREATE TABLE mon_milestones (
	id ID_PK,
	project_id INTEGER NOT NULL REFERENCES mon_projects(id),
	seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 20),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	due_on TEXT NOT NULL CHECK (length(due_on) = 10),
	deliverable TEXT NOT NULL DEFAULT '',
	pays_tranche INTEGER NOT NULL DEFAULT 0 CHECK (pays_tranche IN (0,1)),
	status TEXT NOT NULL CHECK (status IN ('open','done','accepted')),
	tranche_id INTEGER,
	accepted_at INTEGER,
	accepted_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, seq)
);

-- A progress report: quarterly (period "2021Q3") or the final one
-- (period "final"). A returned report is filed again in place.
CREATE TABLE mon_reports (
	id ID_PK,
	project_id INTEGER NOT NULL REFERENCES mon_projects(id),
	kind TEXT NOT NULL CHECK (kind IN ('quarterly','final')),
	period TEXT NOT NULL CHECK (length(period) BETWEEN 5 AND 6),
	narrative TEXT NOT NULL CHECK (length(narrative) BETWEEN 1 AND 6000),
	status TEXT NOT NULL CHECK (status IN ('submitted','accepted','returned')),
	late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0,1)),  -- filed after its due day
	submitted_by INTEGER REFERENCES users(id),
	submitted_at INTEGER NOT NULL,
	reviewed_by INTEGER REFERENCES users(id),
	reviewed_at INTEGER,
	comment TEXT NOT NULL DEFAULT '',
	result TEXT CHECK (result IN ('excellent','good','pass','fail')), -- final reports
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, period)
);

-- The indicator values a report gives (prog_indicators' seq).
CREATE TABLE mon_report_values (
	report_id INTEGER NOT NULL REFERENCES mon_reports(id),
	seq INTEGER NOT NULL,
	value REAL NOT NULL,
	PRIMARY KEY (report_id, seq)
);

-- The milestones' status as a report gives it.
CREATE TABLE mon_report_milestones (
	report_id INTEGER NOT NULL REFERENCES mon_reports(id),
	milestone_id INTEGER NOT NULL REFERENCES mon_milestones(id),
	status TEXT NOT NULL CHECK (status IN ('on_track','behind','done')),
	PRIMARY KEY (report_id, milestone_id)
);

CREATE TABLE mon_visits (
	id ID_PK,
	project_id INTEGER NOT NULL REFERENCES mon_projects(id),
	visited_on TEXT NOT NULL CHECK (length(visited_on) = 10),
	notes TEXT NOT NULL CHECK (length(notes) BETWEEN 1 AND 4000),
	visitor_id INTEGER REFERENCES users(id),
	visitor_name TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);
CREATE INDEX mon_visits_project ON mon_visits(project_id, id);

-- Every tier the rule gave, with the inputs it read.
CREATE TABLE mon_tier_changes (
	id ID_PK,
	project_id INTEGER NOT NULL REFERENCES mon_projects(id),
	tier_from TEXT,
	tier_to TEXT NOT NULL CHECK (tier_to IN ('risk','observation','quality')),
	inputs TEXT NOT NULL,
	changed_by INTEGER REFERENCES users(id),
	changed_at INTEGER NOT NULL
);
CREATE INDEX mon_tier_changes_project ON mon_tier_changes(project_id, id);

-- An alert to the funders that a risk project fell behind: once per
-- project and event ("milestone:12", "report:2021Q3").
CREATE TABLE mon_alerts (
	id ID_PK,
	project_id INTEGER NOT NULL REFERENCES mon_projects(id),
	event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 60),
	recipients INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	UNIQUE (project_id, event)
);

-- Fixed assets of hardware projects (the programme's 2021 fixed-asset
-- rules): registered with value and invoice, kept at a location by a
-- custodian, disposed of only with a reason and an approval.
CREATE TABLE mon_assets (
	id ID_PK,
	project_id INTEGER NOT NULL REFERENCES mon_projects(id),
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	category TEXT NOT NULL CHECK (category IN ('equipment','furniture','electronics','vehicle','facility','other')),
	value INTEGER NOT NULL CHECK (value > 0),               -- fen, each
	quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
	purchased_on TEXT NOT NULL CHECK (length(purchased_on) = 10),
	invoice_no TEXT NOT NULL CHECK (length(invoice_no) BETWEEN 1 AND 60),
	location TEXT NOT NULL CHECK (length(location) BETWEEN 1 AND 200),
	custodian TEXT NOT NULL CHECK (length(custodian) BETWEEN 1 AND 100),
	status TEXT NOT NULL CHECK (status IN ('in_use','disposed')),
	disposal_reason TEXT NOT NULL DEFAULT '',
	disposal_approved_by TEXT NOT NULL DEFAULT '',
	disposed_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
);
CREATE INDEX mon_assets_project ON mon_assets(project_id, id);
CREATE INDEX mon_assets_programme ON mon_assets(programme_id, id);
