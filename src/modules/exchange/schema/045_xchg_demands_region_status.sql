-- A community's demands of one status, newest first (docs/lists.md): the
-- page reads the subtree's rows of that status from one index range per
-- region and sorts only those. 037's xchg_demands_region_list (region_id,
-- created_at, status, urgency) made a community's open page read every
-- demand of the community (25,000 at a million rows) to keep the 7,700
-- open ones; the count already used xchg_demands_region (region_id,
-- status, id), which this index also serves.
CREATE INDEX xchg_demands_region_status ON xchg_demands(region_id, status, created_at, urgency);
