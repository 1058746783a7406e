-- The grassroots governance vitality index (基层治理活力指数, DOMAIN.md §4.2).
-- docs/vitality-index.md has the formula and every component's definition.
--
-- vitality_config holds, per component, the weight (integer percentage
-- points; the weights sum to 100) and the normalisation targets, edited by
-- the district admin (every change audited). vitality_settings holds the
-- one row of settings and the configuration's version (PUT needs it: 409
-- when stale).
--
-- vitality_snapshots keeps, per month and region (every community, town and
-- the district), each component's figures: num and den are the numbers
-- behind the raw value (raw = multiplier · num / den, e.g. 6 organisations
-- against a target of 10), score is raw normalised to 0–100, has_data = 0
-- means "no data" (raw and score NULL, never 0). vitality_totals holds the
-- weighted total per month and region. Both are derived: a recompute
-- replaces a month's rows in one transaction.
CREATE TABLE vitality_settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	stale_minutes INTEGER NOT NULL DEFAULT 30 CHECK (stale_minutes BETWEEN 1 AND 1440),
	version INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL DEFAULT 0,
	updated_by INTEGER REFERENCES users(id)
);
INSERT INTO vitality_settings(id, stale_minutes, version, updated_at) VALUES (1, 30, 1, 0);

CREATE TABLE vitality_config (
	component TEXT PRIMARY KEY,
	weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
	target REAL NOT NULL CHECK (target > 0),   -- raw value scoring 100 (days for 'down' components)
	floor REAL,                                -- 'down' components: raw value scoring 0
	sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO vitality_config(component, weight, target, floor, sort_order) VALUES
	('org_target', 10, 100, NULL, 1),
	('volunteers', 10, 50, NULL, 2),
	('service_hours', 8, 0.5, NULL, 3),
	('demand_fulfilment', 10, 100, NULL, 4),
	('fulfil_days', 6, 7, 30, 5),
	('topics_resolved', 8, 100, NULL, 6),
	('resolve_days', 6, 15, 60, 7),
	('funds_per_capita', 8, 10, NULL, 8),
	('named_fund', 8, 100, NULL, 9),
	('funded_projects', 8, 2, NULL, 10),
	('new_residents', 10, 30, NULL, 11),
	('attendance', 8, 100, NULL, 12);

CREATE TABLE vitality_snapshots (
	month TEXT NOT NULL,                       -- 'YYYY-MM' (Asia/Shanghai)
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	component TEXT NOT NULL,
	num REAL,
	den REAL,
	raw REAL,
	score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
	has_data INTEGER NOT NULL CHECK (has_data IN (0,1)),
	PRIMARY KEY (month, region_id, component)
);
CREATE INDEX vitality_snapshots_region ON vitality_snapshots(region_id, month);

CREATE TABLE vitality_totals (
	month TEXT NOT NULL,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	level TEXT NOT NULL,
	parent_id INTEGER,
	score REAL,                                -- NULL when no component has data
	weight_covered INTEGER NOT NULL,           -- sum of the weights of components with data
	components_with_data INTEGER NOT NULL,
	population INTEGER NOT NULL,
	computed_at INTEGER NOT NULL,
	config_version INTEGER NOT NULL,
	PRIMARY KEY (month, region_id)
);
CREATE INDEX vitality_totals_rank ON vitality_totals(month, level, parent_id, score);
CREATE INDEX vitality_totals_region ON vitality_totals(region_id, month);

-- One row per computed month: when and how long.
CREATE TABLE vitality_runs (
	month TEXT PRIMARY KEY,
	computed_at INTEGER NOT NULL,
	elapsed_us INTEGER NOT NULL,
	regions INTEGER NOT NULL,
	config_version INTEGER NOT NULL,
	absent TEXT NOT NULL DEFAULT ''            -- components whose module is not built, comma-separated
);
