-- A beneficiary who says a "delivered" service did not happen (or not as
-- agreed) disputes it instead of confirming (xchg_loop.c): the match waits
-- in 'disputed' — its minutes not counted anywhere — until staff either
-- confirm the delivery or cancel the match, which re-opens the demand.
ALTER TABLE xchg_matches ADD COLUMN disputed_at INTEGER;
ALTER TABLE xchg_matches ADD COLUMN dispute_reason TEXT;
