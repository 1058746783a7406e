-- A match's region (its demand's), kept on the match so that the matches
-- list of a region reads an index of matches instead of every demand of
-- the subtree (docs/lists.md). Triggers keep it in step with whatever
-- writes matches or moves a demand (SQLite's in 038_xchg_match_region.sqlite.sql).
ALTER TABLE xchg_matches ADD COLUMN region_id INTEGER REFERENCES regions(id);
UPDATE xchg_matches SET region_id = (SELECT d.region_id FROM xchg_demands d WHERE d.id = xchg_matches.demand_id);
CREATE INDEX xchg_matches_region_list ON xchg_matches(region_id, status);
CREATE INDEX xchg_matches_status_walk ON xchg_matches(status);
