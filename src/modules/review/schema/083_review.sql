-- 083_review.sql — the review of a funding programme's applications (issue
-- 13 items 3 and 4, docs/programme-review.md): each stage's record per
-- application, the published rubric and the experts' scores, the award
-- batch computed within each fund's budget with the committee's overrides,
-- its publication (公示) and the objections raised in it. The core tables
-- (applications, experts, conflicts, assignments, stage windows) are
-- 080_programme.sql's; this area writes prog_applications only through
-- programme.h.
--
-- Money is integer fen. Times are µs UTC.

-- One stage's result for one application (qualification … defence).
CREATE TABLE review_stage_results (
	id ID_PK,
	application_id INTEGER NOT NULL REFERENCES prog_applications(id),
	stage TEXT NOT NULL CHECK (stage IN ('qualification','material','site_visit','optimisation','due_diligence','defence','publication','award')),
	reviewer_id INTEGER REFERENCES users(id),
	result TEXT NOT NULL CHECK (result IN ('pass','fail')),
	notes TEXT NOT NULL DEFAULT '',
	decided_at INTEGER NOT NULL,
	UNIQUE (application_id, stage)
);

-- When an organisation tie began or ended (the programme's lookback).
CREATE TABLE review_conflict_ties (
	conflict_id INTEGER PRIMARY KEY REFERENCES prog_conflicts(id),
	since_year INTEGER CHECK (since_year BETWEEN 1950 AND 2100)
);

-- The rubric: a scale (each criterion scored 0..scale) and weighted
-- criteria. Frozen once any score exists.
CREATE TABLE review_rubrics (
	programme_id INTEGER PRIMARY KEY REFERENCES programmes(id),
	scale INTEGER NOT NULL CHECK (scale BETWEEN 1 AND 100),
	published_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE review_criteria (
	id ID_PK,
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 20),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	description TEXT NOT NULL DEFAULT '',
	weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
	UNIQUE (programme_id, seq)
);

-- An expert's score for one assignment (material or defence stage):
-- total is the weighted sum on 0–100; a recusal discards it.
CREATE TABLE review_scores (
	id ID_PK,
	assignment_id INTEGER NOT NULL UNIQUE REFERENCES prog_assignments(id),
	application_id INTEGER NOT NULL REFERENCES prog_applications(id),
	expert_id INTEGER NOT NULL REFERENCES prog_experts(id),
	stage TEXT NOT NULL CHECK (stage IN ('material','defence')),
	total REAL NOT NULL CHECK (total >= 0 AND total <= 100),
	recommendation TEXT NOT NULL CHECK (recommendation IN ('yes','no','unsure','discuss')),
	reason TEXT NOT NULL DEFAULT '',
	discarded INTEGER NOT NULL DEFAULT 0 CHECK (discarded IN (0,1)),
	scored_at INTEGER NOT NULL
);
CREATE INDEX review_scores_app ON review_scores(application_id, stage);
CREATE INDEX review_scores_expert ON review_scores(expert_id, stage);
CREATE TABLE review_score_items (
	score_id INTEGER NOT NULL REFERENCES review_scores(id),
	criterion_id INTEGER NOT NULL REFERENCES review_criteria(id),
	value INTEGER NOT NULL CHECK (value >= 0),
	PRIMARY KEY (score_id, criterion_id)
);

-- The award batch of a programme: computed, marked, approved by the
-- committee, published for objections.
CREATE TABLE review_batches (
	programme_id INTEGER PRIMARY KEY REFERENCES programmes(id),
	status TEXT NOT NULL CHECK (status IN ('draft','approved','published','closed')),
	computed_at INTEGER NOT NULL,
	approved_by INTEGER REFERENCES users(id),
	approved_at INTEGER,
	published_at INTEGER,
	objections_close_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1
);
-- One application's line in the batch: the rule's proposal, the mark and
-- an override with its reason (shown on the published list).
CREATE TABLE review_award_lines (
	application_id INTEGER PRIMARY KEY REFERENCES prog_applications(id),
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	pfund_id INTEGER NOT NULL REFERENCES prog_funds(id),
	rank INTEGER NOT NULL,
	score REAL,
	amount INTEGER NOT NULL CHECK (amount >= 0),   -- fen, what the rule gives when marked
	proposed INTEGER NOT NULL CHECK (proposed IN (0,1)), -- the rule's proposal
	marked INTEGER NOT NULL CHECK (marked IN (0,1)),
	reason TEXT NOT NULL DEFAULT '',  -- why not funded: insufficient_funds, below_min_score, …
	override_reason TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL
);
CREATE INDEX review_award_lines_fund ON review_award_lines(programme_id, pfund_id, rank);

-- Objections during publication: from an account or the public (with a
-- contact), answered by staff, published with their answers.
CREATE TABLE review_objections (
	id ID_PK,
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	application_id INTEGER REFERENCES prog_applications(id),
	user_id INTEGER REFERENCES users(id),
	name TEXT NOT NULL DEFAULT '',
	contact TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
	answer TEXT NOT NULL DEFAULT '',
	answered_by INTEGER REFERENCES users(id),
	answered_at INTEGER,
	created_at INTEGER NOT NULL
);
CREATE INDEX review_objections_prog ON review_objections(programme_id, id);
