-- "Most urgent first" in a town or the district: the list helper walks an
-- index in the sort's order (rank, then id) and checks each row's region
-- from the index entry, instead of sorting every row of the subtree
-- (docs/lists.md). One index for lists with a status, one for lists
-- without; both carry region_id after the id, so that the walk reads no
-- row until the page is found (037's xchg_demands_urgency_walk had no
-- region and made a town's page 50 read a thousand rows).
-- The expression is the demands list's urgency rank, written identically in
-- exchange_demand.c.
DROP INDEX xchg_demands_urgency_walk;
CREATE INDEX xchg_demands_urgency_status ON xchg_demands(status,
	(CASE urgency WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END), id, region_id);
CREATE INDEX xchg_demands_urgency_any ON xchg_demands(
	(CASE urgency WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END), id, region_id);
