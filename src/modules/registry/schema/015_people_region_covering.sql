-- The people lists of a town or community walk each region's slice of
-- people_region in id order and count the matches (reg_people.c). With
-- people_region on (region_id, id) alone, every filter on another column
-- (status, household, verified, name substring…) cost a table lookup per
-- row — random pages of a million-row table: counting the active,
-- unverified residents of one town of 20,000 took ~80 ms. The index now
-- carries every column the list filters on, so those walks and counts are
-- answered from the index alone (~2 ms), and the volunteer index it covers
-- is gone (one index fewer to maintain per imported person). The partial
-- indexes of 011 stay: they serve rare selections over the whole district.
DROP INDEX IF EXISTS people_region;
DROP INDEX IF EXISTS people_volunteer;
CREATE INDEX people_region ON people(region_id, id, name, household, status, verified_at,
	is_volunteer, is_party_member, is_social_worker, is_community_worker,
	is_building_leader, sw_level, is_resident);
