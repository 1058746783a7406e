-- SQLite's part of 003_audit: triggers that refuse UPDATE and DELETE on the
-- audit log (PostgreSQL's part will be a trigger function raising an
-- exception, or REVOKE UPDATE, DELETE from the application's role).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
