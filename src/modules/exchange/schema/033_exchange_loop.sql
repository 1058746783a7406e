-- Closed-loop bookkeeping the 030 tables lack: when staff confirmed a
-- proposal (the provider's answer deadline runs from then), who confirmed
-- the delivery (the beneficiary, the poster or staff), and the demand's
-- last re-open (a decline or cancellation puts it back into matching).
ALTER TABLE xchg_matches ADD COLUMN staff_confirmed_at INTEGER;
ALTER TABLE xchg_matches ADD COLUMN delivery_confirmed_by INTEGER REFERENCES users(id);
ALTER TABLE xchg_matches ADD COLUMN cancel_reason TEXT;
ALTER TABLE xchg_demands ADD COLUMN reopened_at INTEGER;
CREATE INDEX xchg_matches_batch ON xchg_matches(batch_id, id);
