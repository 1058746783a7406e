-- SQLite's part of 088: swap the rebuilt grants in. The rows keep their
-- ids, so the tables referencing grants still point at the same rows once
-- the new table takes the name (checked at commit, hence deferred).
PRAGMA defer_foreign_keys = ON;
DROP TABLE grants;
ALTER TABLE grants_new RENAME TO grants;
CREATE INDEX grants_fund ON grants(fund_id, id);
CREATE INDEX grants_region ON grants(region_id, status, id);
