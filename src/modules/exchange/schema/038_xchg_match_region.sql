-- A match's region (its demand's), kept on the match so that the matches
-- list of a region reads an index of matches instead of every demand of
-- the subtree (docs/lists.md). Triggers keep it in step with whatever
-- writes matches or moves a demand.
ALTER TABLE xchg_matches ADD COLUMN region_id INTEGER REFERENCES regions(id);
UPDATE xchg_matches SET region_id = (SELECT d.region_id FROM xchg_demands d WHERE d.id = xchg_matches.demand_id);
CREATE TRIGGER xchg_matches_region_ai AFTER INSERT ON xchg_matches WHEN new.region_id IS NULL BEGIN
	UPDATE xchg_matches SET region_id = (SELECT region_id FROM xchg_demands WHERE id = new.demand_id) WHERE id = new.id;
END;
CREATE TRIGGER xchg_demands_region_au AFTER UPDATE OF region_id ON xchg_demands BEGIN
	UPDATE xchg_matches SET region_id = new.region_id WHERE demand_id = new.id;
END;
CREATE INDEX xchg_matches_region_list ON xchg_matches(region_id, status);
CREATE INDEX xchg_matches_status_walk ON xchg_matches(status);
