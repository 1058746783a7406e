-- The region tree: district → town → community/village → grid → building.
-- path is the materialised path of ids ("/1/3/17/"): scope checks are a
-- prefix test and a subtree is one index range. Population figures are
-- kept on communities and below; towns and the district sum their
-- communities when read.
CREATE TABLE regions (
	id ID_PK,
	parent_id INTEGER REFERENCES regions(id),
	level TEXT NOT NULL CHECK (level IN ('district','town','community','grid','building')),
	name TEXT NOT NULL,
	code TEXT,
	kind TEXT CHECK (kind IS NULL OR kind IN ('urban','rural')),
	path TEXT NOT NULL UNIQUE,
	registered_pop INTEGER NOT NULL DEFAULT 0 CHECK (registered_pop >= 0),
	nonregistered_pop INTEGER NOT NULL DEFAULT 0 CHECK (nonregistered_pop >= 0),
	households INTEGER NOT NULL DEFAULT 0 CHECK (households >= 0),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX regions_parent ON regions(parent_id, name);
CREATE INDEX regions_level ON regions(level, path);
CREATE UNIQUE INDEX regions_sibling_name ON regions(coalesce(parent_id, 0), name);
