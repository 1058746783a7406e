-- 一社区一品牌: each community chooses its brand (社品) with goals; one brand
-- is current at a time (choosing a new one retires the old, which stays as
-- history), and each brand carries one progress entry per year.
-- Incubation history of community social organisations (organisations.
-- incubation_stage holds the current stage; every move is also audited).
-- Organisation targets per community: a missing row means the default of
-- the Dalian plan, 10 for an urban community and 3 for a rural one.
CREATE TABLE reg_brands (
	id ID_PK,
	community_id INTEGER NOT NULL REFERENCES regions(id),
	name TEXT NOT NULL,
	description TEXT,
	goals TEXT,
	status TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current','retired')),
	chosen_on TEXT NOT NULL,               -- YYYY-MM-DD
	retired_on TEXT,
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX reg_brands_community ON reg_brands(community_id, id);
CREATE UNIQUE INDEX reg_brands_current ON reg_brands(community_id) WHERE status = 'current';

CREATE TABLE reg_brand_progress (
	id ID_PK,
	brand_id INTEGER NOT NULL REFERENCES reg_brands(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	done TEXT NOT NULL,                    -- what was done that year
	percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
	milestones TEXT,                       -- JSON array of strings
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (brand_id, year)
);

CREATE TABLE reg_incubation_events (
	id ID_PK,
	organisation_id INTEGER NOT NULL REFERENCES organisations(id),
	from_stage TEXT,
	to_stage TEXT NOT NULL,
	note TEXT,
	reason TEXT,                           -- required for a revert
	at INTEGER NOT NULL,
	by_user INTEGER REFERENCES users(id)
);
CREATE INDEX reg_incubation_events_org ON reg_incubation_events(organisation_id, id);

CREATE TABLE reg_org_targets (
	community_id INTEGER PRIMARY KEY REFERENCES regions(id),
	target INTEGER NOT NULL CHECK (target >= 0),
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES users(id)
);
