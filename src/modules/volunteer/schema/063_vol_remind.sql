-- The reminder the day before (vol_remind.c): the signed-up sign-ups by
-- start time, so a pass reads only those starting within the next day.
CREATE INDEX vol_signups_signed_starts ON vol_signups(starts_at, id) WHERE status = 'signed';
