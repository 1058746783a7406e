-- 067_vol_signups_role.sql — a role's sign-ups by status, in queue order.
-- The places taken (sign-up, capacity changes), the waiting list and its
-- promotion, an activity's roles (taken, waiting, walk-ins) and every
-- sign-up's answer (its position in the queue) count a role's sign-ups of
-- one status; without this index each of them read the whole vol_signups
-- table — 10,000,000 rows in bench/volunteers.sh, on every check-in.
CREATE INDEX vol_signups_role ON vol_signups(role_id, status, created_at, id);
