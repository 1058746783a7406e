-- Building-leader (楼长) selection: a round per compound (a region of level
-- grid or building, whose households set the need: at least one leader per
-- 200 households), its candidates (people living in the compound) with the
-- scoring sheet of the 升平珠江小区 project — attitude, credibility, appeal,
-- expression, participation frequency, each 0–100 — weighted by the round's
-- weights (sum 100). Publication freezes the round and marks the chosen
-- people as building leaders (people.is_building_leader).
CREATE TABLE reg_leader_rounds (
	id ID_PK,
	community_id INTEGER NOT NULL REFERENCES regions(id),
	compound_id INTEGER NOT NULL REFERENCES regions(id),
	title TEXT NOT NULL,
	w_attitude INTEGER NOT NULL DEFAULT 20 CHECK (w_attitude BETWEEN 0 AND 100),
	w_credibility INTEGER NOT NULL DEFAULT 20 CHECK (w_credibility BETWEEN 0 AND 100),
	w_appeal INTEGER NOT NULL DEFAULT 20 CHECK (w_appeal BETWEEN 0 AND 100),
	w_expression INTEGER NOT NULL DEFAULT 20 CHECK (w_expression BETWEEN 0 AND 100),
	w_participation INTEGER NOT NULL DEFAULT 20 CHECK (w_participation BETWEEN 0 AND 100),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
	published_at INTEGER,
	published_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (w_attitude + w_credibility + w_appeal + w_expression + w_participation = 100)
);
CREATE INDEX reg_leader_rounds_community ON reg_leader_rounds(community_id, id);
CREATE INDEX reg_leader_rounds_compound ON reg_leader_rounds(compound_id, status);

CREATE TABLE reg_leader_candidates (
	id ID_PK,
	round_id INTEGER NOT NULL REFERENCES reg_leader_rounds(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	s_attitude INTEGER CHECK (s_attitude IS NULL OR s_attitude BETWEEN 0 AND 100),
	s_credibility INTEGER CHECK (s_credibility IS NULL OR s_credibility BETWEEN 0 AND 100),
	s_appeal INTEGER CHECK (s_appeal IS NULL OR s_appeal BETWEEN 0 AND 100),
	s_expression INTEGER CHECK (s_expression IS NULL OR s_expression BETWEEN 0 AND 100),
	s_participation INTEGER CHECK (s_participation IS NULL OR s_participation BETWEEN 0 AND 100),
	chosen INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0,1)),
	note TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (round_id, person_id)
);
