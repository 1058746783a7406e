-- SQLite's part of 060_volunteer: service records are append-only (a
-- correction is a new record that amends the old one).
CREATE TRIGGER vol_records_no_update BEFORE UPDATE ON vol_records
BEGIN SELECT RAISE(ABORT, 'volunteer service records are append-only'); END;
CREATE TRIGGER vol_records_no_delete BEFORE DELETE ON vol_records
BEGIN SELECT RAISE(ABORT, 'volunteer service records are append-only'); END;
