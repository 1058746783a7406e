-- Indexes for the registry's lists (reg_people.c). A people page inside a
-- town or community is read region by region through (region_id, id)
-- ranges; the rare selections below get partial indexes of their own, so
-- a page of social workers or verified residents touches only those rows
-- (the list writes these conditions as literals so the planner can match
-- them). (region_id, name) serves name search and sorting inside a region.
CREATE INDEX people_region_sw ON people(region_id, id) WHERE is_social_worker = 1;
CREATE INDEX people_region_cw ON people(region_id, id) WHERE is_community_worker = 1;
CREATE INDEX people_region_bl ON people(region_id, id) WHERE is_building_leader = 1;
CREATE INDEX people_region_party ON people(region_id, id) WHERE is_party_member = 1;
CREATE INDEX people_region_verified ON people(region_id, id) WHERE verified_at IS NOT NULL;
CREATE INDEX people_region_moved ON people(region_id, id) WHERE status = 'moved_out';
CREATE INDEX people_region_name ON people(region_id, name);
CREATE INDEX people_user ON people(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX teams_org ON teams(organisation_id);
CREATE INDEX organisations_filed_town ON organisations(filed_town_id);
