-- The audit log is the index's change feed: a run remembers the last audit
-- entry it saw (its own recompute entry included), so the current month is
-- stale as soon as anything was written after it — a fulfilled demand shows
-- in the index within a minute instead of within stale_minutes.
ALTER TABLE vitality_runs ADD COLUMN audit_id INTEGER NOT NULL DEFAULT 0;
