-- 080_programme.sql — the funding programme's core (众创共善-style, issue 13,
-- docs/programme.md): a programme year with its plates (板块) and special
-- funds (专项资金), the applications, and the experts with their declared
-- conflicts and assignments — the tables every part of the pipeline reads
-- (programme.h is their contract). The review's records (stage results,
-- rubrics, scores, awards, objections) and the monitoring of funded
-- projects live in later migrations of their own.
--
-- Money is integer fen. Times are µs UTC.

CREATE TABLE programmes (
	id ID_PK,
	code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),  -- "zcgs-2021"
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- whose programme (the district)
	status TEXT NOT NULL CHECK (status IN ('draft','open','reviewing','awarding','monitoring','closed')),
	apply_opens_at INTEGER,
	apply_closes_at INTEGER,             -- submissions refused after it
	conflict_lookback_years INTEGER NOT NULL DEFAULT 3 CHECK (conflict_lookback_years BETWEEN 0 AND 20),
	-- the award rule (issue 13 item 4)
	award_rule TEXT NOT NULL DEFAULT 'ranked_full' CHECK (award_rule IN ('ranked_full','threshold_percent')),
	award_min_score REAL NOT NULL DEFAULT 60,      -- below it nothing is funded (0–100 scale)
	award_threshold REAL NOT NULL DEFAULT 80,      -- threshold_percent: at or above it …
	award_percent INTEGER NOT NULL DEFAULT 100 CHECK (award_percent BETWEEN 1 AND 100), -- … each gets this % of its request
	award_max_grant INTEGER NOT NULL DEFAULT 0 CHECK (award_max_grant >= 0), -- fen, 0: no maximum
	objection_days INTEGER NOT NULL DEFAULT 7 CHECK (objection_days BETWEEN 1 AND 60),
	imported INTEGER NOT NULL DEFAULT 0,  -- created by `wushe import applications`
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE prog_plates (
	id ID_PK,
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	sort INTEGER NOT NULL DEFAULT 0,
	UNIQUE (programme_id, name)
);

-- A special fund: who funds it, its yearly budget and what it may fund.
-- fund_id is its account in the funds ledger (funds.h), NULL for a fund
-- known only from imported history.
CREATE TABLE prog_funds (
	id ID_PK,
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	plate_id INTEGER REFERENCES prog_plates(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	funder TEXT NOT NULL CHECK (length(funder) BETWEEN 1 AND 100),  -- 扶持单位
	budget INTEGER NOT NULL CHECK (budget >= 0),                    -- fen a year
	scope TEXT NOT NULL DEFAULT '',                                 -- 扶持范围
	fund_id INTEGER REFERENCES funds(id),
	sort INTEGER NOT NULL DEFAULT 0,
	UNIQUE (programme_id, name)
);
CREATE INDEX prog_funds_fund ON prog_funds(fund_id);

CREATE TABLE prog_applications (
	id ID_PK,
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),  -- tracking number, or the import's code
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	org_id INTEGER REFERENCES organisations(id),  -- the applicant organisation (NULL: imported by name only)
	applicant_name TEXT NOT NULL CHECK (length(applicant_name) BETWEEN 1 AND 200),
	applicant_type TEXT NOT NULL CHECK (applicant_type IN ('social_org','party_org','gov_unit','enterprise','self_governing')),
	joint INTEGER NOT NULL DEFAULT 0 CHECK (joint IN (0,1)),
	domain TEXT NOT NULL CHECK (domain IN ('community_building','professional_governance','rural_revival',
		'community_elderly','sector_support','disability','women_children','targeted_aid','rural_culture','sustainable')),
	plate_id INTEGER REFERENCES prog_plates(id),
	pfund_id INTEGER REFERENCES prog_funds(id),   -- the special fund applied to
	region_scope TEXT NOT NULL CHECK (region_scope IN ('town','district','multi')),
	region_id INTEGER NOT NULL REFERENCES regions(id), -- the town served; the programme's region for district/multi
	kind TEXT NOT NULL CHECK (kind IN ('service','hardware')),
	requested INTEGER NOT NULL CHECK (requested >= 0),  -- fen
	summary TEXT NOT NULL DEFAULT '',
	outcomes TEXT NOT NULL DEFAULT '',                   -- expected outcomes (prose; indicators are rows)
	status TEXT NOT NULL CHECK (status IN ('draft','submitted','withdrawn','in_review','rejected','awarded','not_awarded','closed')),
	-- where in the review pipeline it is (NULL until submitted)
	stage TEXT CHECK (stage IN ('qualification','material','site_visit','optimisation','due_diligence','defence','publication','award')),
	score REAL,                                           -- the aggregated, normalised score (0–100)
	awarded INTEGER NOT NULL DEFAULT 0 CHECK (awarded >= 0), -- fen granted
	outcome TEXT CHECK (outcome IN ('funded','not_funded')), -- the final result (imported rows: from the file)
	outcome_reason TEXT NOT NULL DEFAULT '',              -- e.g. insufficient_funds, below_min_score
	imported INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0,1)),
	created_by INTEGER REFERENCES users(id),              -- the applicant's account
	submitted_at INTEGER,
	withdrawn_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (programme_id, code)
);
CREATE INDEX prog_apps_programme ON prog_applications(programme_id, status, id);
CREATE INDEX prog_apps_fund ON prog_applications(pfund_id, status, score);
CREATE INDEX prog_apps_org ON prog_applications(org_id, programme_id);
CREATE INDEX prog_apps_creator ON prog_applications(created_by, id);
CREATE INDEX prog_apps_region ON prog_applications(region_id, programme_id);

-- Partners of a joint application (联合申报): organisations with their
-- letter of commitment (承诺函), and the community's letter of intent
-- (合作意向函, role community).
CREATE TABLE prog_partners (
	id ID_PK,
	application_id INTEGER NOT NULL REFERENCES prog_applications(id),
	role TEXT NOT NULL CHECK (role IN ('partner','community')),
	org_id INTEGER REFERENCES organisations(id),
	region_id INTEGER REFERENCES regions(id),   -- the community, for role community
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	letter_attachment_id INTEGER,               -- the letter's scan (prog_attachments, 081)
	created_at INTEGER NOT NULL
);
CREATE INDEX prog_partners_app ON prog_partners(application_id);
CREATE INDEX prog_partners_org ON prog_partners(org_id);

CREATE TABLE prog_budget_lines (
	application_id INTEGER NOT NULL REFERENCES prog_applications(id),
	seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 100),
	item TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
	amount INTEGER NOT NULL CHECK (amount >= 0),   -- fen
	note TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (application_id, seq)
);

CREATE TABLE prog_indicators (
	application_id INTEGER NOT NULL REFERENCES prog_applications(id),
	seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 50),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	target REAL NOT NULL,
	unit TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (application_id, seq)
);

-- Each stage's window: an expert sees what is assigned to them only while
-- the window of the assignment's stage is open.
CREATE TABLE prog_stages (
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	stage TEXT NOT NULL CHECK (stage IN ('qualification','material','site_visit','optimisation','due_diligence','defence','publication','award')),
	opens_at INTEGER NOT NULL,
	closes_at INTEGER NOT NULL,
	CHECK (closes_at > opens_at),
	PRIMARY KEY (programme_id, stage)
);

-- The programme's experts (评审专家): an account with the expert role.
-- conflicts_declared_at: they must declare (even "none") before any
-- assignment; certified_at: they certified afterwards that they had no
-- undeclared conflict.
CREATE TABLE prog_experts (
	id ID_PK,
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	org_id INTEGER REFERENCES organisations(id),   -- where the expert works, if anywhere here
	field TEXT NOT NULL DEFAULT '',
	conflicts_declared_at INTEGER,
	certified_at INTEGER,
	created_at INTEGER NOT NULL,
	UNIQUE (programme_id, user_id)
);
CREATE INDEX prog_experts_user ON prog_experts(user_id);

-- A declared conflict of interest: with an organisation (every
-- application it makes or partners in) or with one application. `since`
-- is when the tie began or ended inside the programme's lookback.
CREATE TABLE prog_conflicts (
	id ID_PK,
	expert_id INTEGER NOT NULL REFERENCES prog_experts(id),
	org_id INTEGER REFERENCES organisations(id),
	application_id INTEGER REFERENCES prog_applications(id),
	tie TEXT NOT NULL CHECK (tie IN ('employee','board','former_employee','family','consultant','other')),
	reason TEXT NOT NULL DEFAULT '',
	declared_at INTEGER NOT NULL,
	CHECK (org_id IS NOT NULL OR application_id IS NOT NULL)
);
CREATE INDEX prog_conflicts_expert ON prog_conflicts(expert_id);
CREATE INDEX prog_conflicts_org ON prog_conflicts(org_id);
CREATE INDEX prog_conflicts_app ON prog_conflicts(application_id);

-- An expert assigned to an application for one stage.
CREATE TABLE prog_assignments (
	id ID_PK,
	application_id INTEGER NOT NULL REFERENCES prog_applications(id),
	expert_id INTEGER NOT NULL REFERENCES prog_experts(id),
	stage TEXT NOT NULL CHECK (stage IN ('qualification','material','site_visit','optimisation','due_diligence','defence','publication','award')),
	status TEXT NOT NULL CHECK (status IN ('assigned','scored','recused')),
	assigned_at INTEGER NOT NULL,
	UNIQUE (application_id, expert_id, stage)
);
CREATE INDEX prog_assignments_expert ON prog_assignments(expert_id, stage, status);
