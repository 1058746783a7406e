-- 077_budget.sql — participatory budgets (参与式预算, issue 12 item 5):
-- a community's residents propose projects paid from one of its funds, the
-- organisers review them, residents support and then vote, and the winners
-- are chosen by the rule the organisers stated (docs/participatory-budgets.md).
--
-- What the database itself holds to:
--  - one ballot per person per budget (UNIQUE (budget_id, person_id)), so
--    two concurrent submissions can never both be recorded: the second is
--    the same row changed, never a second row;
--  - one support per person per project, one result row per project;
--  - a project marked unfeasible carries its reason (CHECK);
--  - an override carries its reason (CHECK) and stays (never deleted:
--    a withdrawn override is a new row saying so);
--  - money is integer fen, never negative.

CREATE TABLE pb_budgets (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- the community
	fund_id INTEGER,                 -- the fund paying for it (funds.h; NULL until chosen)
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	total_fen INTEGER NOT NULL CHECK (total_fen > 0),
	-- approval: up to max_projects; knapsack: the ballot's cost ≤ total;
	-- min_share: cost ≥ min_share_pct % of total (and ≤ total);
	-- range: min_projects ≤ chosen ≤ max_projects
	rule TEXT NOT NULL CHECK (rule IN ('approval','knapsack','min_share','range')),
	max_projects INTEGER NOT NULL DEFAULT 0 CHECK (max_projects >= 0),
	min_projects INTEGER NOT NULL DEFAULT 0 CHECK (min_projects >= 0),
	min_share_pct INTEGER NOT NULL DEFAULT 0 CHECK (min_share_pct >= 0 AND min_share_pct <= 100),
	part_fund INTEGER NOT NULL DEFAULT 0 CHECK (part_fund IN (0,1)), -- the remainder part-funds the next project
	min_supports INTEGER NOT NULL DEFAULT 0 CHECK (min_supports >= 0), -- supports a project needs to reach the ballot
	phase TEXT NOT NULL DEFAULT 'draft' CHECK (phase IN
		('draft','proposals','review','support','voting','results','execution','closed')),
	proposals_from INTEGER, proposals_to INTEGER,
	review_from INTEGER, review_to INTEGER,
	support_from INTEGER, support_to INTEGER,
	voting_from INTEGER, voting_to INTEGER,
	results_at INTEGER, execution_from INTEGER,
	-- the last tally
	tallied_at INTEGER,
	ballots INTEGER NOT NULL DEFAULT 0,
	blank_ballots INTEGER NOT NULL DEFAULT 0,
	funded_fen INTEGER NOT NULL DEFAULT 0 CHECK (funded_fen >= 0),
	remainder_fen INTEGER NOT NULL DEFAULT 0 CHECK (remainder_fen >= 0),
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX pb_budgets_region ON pb_budgets(region_id, id);

CREATE TABLE pb_projects (
	id ID_PK,
	budget_id INTEGER NOT NULL REFERENCES pb_budgets(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	cost_fen INTEGER NOT NULL CHECK (cost_fen > 0),
	proposer_user_id INTEGER REFERENCES users(id),
	proposer_person_id INTEGER REFERENCES people(id),
	proposer_name TEXT NOT NULL DEFAULT '',  -- as shown (a resident's surname + 女士/先生, or the staff's name)
	-- proposed → feasible | unfeasible (review); withdrawn by the proposer
	status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','feasible','unfeasible','withdrawn')),
	review_reason TEXT,
	reviewed_by INTEGER REFERENCES users(id),
	reviewed_at INTEGER,
	supports INTEGER NOT NULL DEFAULT 0 CHECK (supports >= 0),
	grant_id INTEGER,                  -- the grant (or pending transfer) a winner became
	transfer_id INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (status <> 'unfeasible' OR length(trim(coalesce(review_reason, ''))) >= 2)
);
CREATE INDEX pb_projects_budget ON pb_projects(budget_id, status, id);

CREATE TABLE pb_supports (
	project_id INTEGER NOT NULL REFERENCES pb_projects(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	budget_id INTEGER NOT NULL REFERENCES pb_budgets(id),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (project_id, person_id)
);

CREATE TABLE pb_ballots (
	id ID_PK,
	budget_id INTEGER NOT NULL REFERENCES pb_budgets(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	user_id INTEGER REFERENCES users(id),
	blank INTEGER NOT NULL DEFAULT 0 CHECK (blank IN (0,1)),
	projects INTEGER NOT NULL DEFAULT 0 CHECK (projects >= 0),
	cost_fen INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (budget_id, person_id),
	CHECK (blank = 0 OR projects = 0)
);

CREATE TABLE pb_ballot_items (
	ballot_id INTEGER NOT NULL REFERENCES pb_ballots(id),
	project_id INTEGER NOT NULL REFERENCES pb_projects(id),
	budget_id INTEGER NOT NULL REFERENCES pb_budgets(id),
	PRIMARY KEY (ballot_id, project_id)
);
-- the tally counts a budget's items by project from this index alone
CREATE INDEX pb_ballot_items_budget ON pb_ballot_items(budget_id, project_id);

-- The last tally, one row per project on the ballot, in rank order.
CREATE TABLE pb_results (
	budget_id INTEGER NOT NULL REFERENCES pb_budgets(id),
	project_id INTEGER NOT NULL REFERENCES pb_projects(id),
	rank INTEGER NOT NULL,
	votes INTEGER NOT NULL CHECK (votes >= 0),
	-- funded, part_funded, skipped (did not fit), no_votes, excluded/included (an override)
	outcome TEXT NOT NULL CHECK (outcome IN ('funded','part_funded','skipped','no_votes','excluded','included')),
	funded_fen INTEGER NOT NULL DEFAULT 0 CHECK (funded_fen >= 0),
	remaining_fen INTEGER NOT NULL CHECK (remaining_fen >= 0), -- what was left after this row
	PRIMARY KEY (budget_id, project_id)
);

CREATE TABLE pb_overrides (
	id ID_PK,
	budget_id INTEGER NOT NULL REFERENCES pb_budgets(id),
	project_id INTEGER NOT NULL REFERENCES pb_projects(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	action TEXT NOT NULL CHECK (action IN ('include','exclude','withdraw')),
	reason TEXT NOT NULL CHECK (length(trim(reason)) >= 2),
	created_by INTEGER REFERENCES users(id),
	created_by_name TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
);
CREATE INDEX pb_overrides_budget ON pb_overrides(budget_id, id);

CREATE TABLE pb_milestones (
	id ID_PK,
	project_id INTEGER NOT NULL REFERENCES pb_projects(id),
	budget_id INTEGER NOT NULL REFERENCES pb_budgets(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	title TEXT NOT NULL,
	due_date TEXT,                          -- YYYY-MM-DD
	progress INTEGER NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
	note TEXT NOT NULL DEFAULT '',
	done_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX pb_milestones_project ON pb_milestones(project_id, id);
