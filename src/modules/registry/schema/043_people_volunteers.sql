-- The volunteers among the people (about one resident in seven): a
-- district's or town's list walks them in id order, a community's reads
-- its own, and the count reads them only — no walk past the other six
-- (bench/lists.sh "district volunteers"). The volunteer area (issue 11)
-- lists them by these filters too.
CREATE INDEX people_volunteers ON people(id, status) WHERE is_volunteer = 1;
CREATE INDEX people_region_volunteers ON people(region_id, id, status) WHERE is_volunteer = 1;
