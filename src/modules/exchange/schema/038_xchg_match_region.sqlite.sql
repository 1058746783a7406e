-- SQLite's part of 038: triggers that keep xchg_matches.region_id in step
-- with its demand's region.
CREATE TRIGGER xchg_matches_region_ai AFTER INSERT ON xchg_matches WHEN new.region_id IS NULL BEGIN
	UPDATE xchg_matches SET region_id = (SELECT region_id FROM xchg_demands WHERE id = new.demand_id) WHERE id = new.id;
END;
CREATE TRIGGER xchg_demands_region_au AFTER UPDATE OF region_id ON xchg_demands BEGIN
	UPDATE xchg_matches SET region_id = new.region_id WHERE demand_id = new.id;
END;
