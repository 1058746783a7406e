-- SQLite's part of 076_disclosures: a disclosure is never changed or
-- removed (a correction is a new one pointing at it), nor is a vote.
CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures are append-only: publish a correction'); END;
CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures are append-only: publish a correction'); END;
CREATE TRIGGER grant_votes_no_update BEFORE UPDATE ON grant_votes
BEGIN SELECT RAISE(ABORT, 'a vote is never changed'); END;
CREATE TRIGGER grant_votes_no_delete BEFORE DELETE ON grant_votes
BEGIN SELECT RAISE(ABORT, 'a vote is never changed'); END;
