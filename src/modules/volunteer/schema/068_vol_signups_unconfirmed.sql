-- 068_vol_signups_unconfirmed.sql — the sign-ups checked out whose hours
-- wait for the organiser (the home page's 待确认时长 to-do, vol_todo.c): a
-- small set however many sign-ups the district keeps, so the count walks
-- it instead of every activity of the caller's regions.
CREATE INDEX vol_signups_unconfirmed ON vol_signups(activity_id)
	WHERE checkout_at IS NOT NULL AND record_id IS NULL AND status <> 'cancelled';
