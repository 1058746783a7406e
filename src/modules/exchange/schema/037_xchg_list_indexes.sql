-- Indexes for the exchange's lists at district scale (docs/lists.md).
-- The list helper (src/store/list.h) runs a list one of two ways:
--   region drives: the subtree's rows through an index that starts with
--     region_id and carries the sort keys and filters (covering), then sorted;
--   sort drives: an index in the sort's order that carries region_id, walked
--     until the page is full, each row's region checked from the index.
-- xchg_demands_status (status, created_at) becomes xchg_demands_status_walk.
DROP INDEX xchg_demands_status;
CREATE INDEX xchg_demands_status_walk ON xchg_demands(status, created_at, region_id);
CREATE INDEX xchg_demands_created_walk ON xchg_demands(created_at, region_id);
CREATE INDEX xchg_demands_region_list ON xchg_demands(region_id, created_at, status, urgency);
CREATE INDEX xchg_services_status_walk ON xchg_services(status, created_at, region_id);
CREATE INDEX xchg_services_created_walk ON xchg_services(created_at, region_id);
CREATE INDEX xchg_services_region_list ON xchg_services(region_id, created_at, status);
CREATE INDEX xchg_services_person ON xchg_services(person_id);
-- "mine" lists reach their rows through the caller's demands.
CREATE INDEX xchg_demands_beneficiary ON xchg_demands(beneficiary_person_id);
-- "most urgent first" across the district walks this (the expression is the
-- demands list's urgency rank, written identically in xchg_demand.c).
CREATE INDEX xchg_demands_urgency_walk ON xchg_demands(status,
	(CASE urgency WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END));
