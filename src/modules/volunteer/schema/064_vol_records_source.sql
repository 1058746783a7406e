-- Records taken in from another system (转移接续, vol_import.c): where each
-- came from ("<system>|<region>|<volunteer number>|<source id>"), so the same
-- file taken in twice adds nothing the second time.
ALTER TABLE vol_records ADD COLUMN source TEXT;
CREATE UNIQUE INDEX vol_records_source ON vol_records(source) WHERE source IS NOT NULL;
