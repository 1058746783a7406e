-- 065_vol_ical_feeds.sql — calendar subscriptions (issue 11 item 8): a
-- secret address a phone's or desktop's calendar polls without logging in,
-- for a person's own sign-ups ('me') or a team's activities ('team'). Only
-- the token's SHA-256 is kept (the address is shown once, when it is made);
-- a feed answers as its owner would, with the owner's scope at the time of
-- the poll, and stops the moment it is revoked or the account is disabled.
CREATE TABLE vol_ical_feeds (
	id ID_PK,
	user_id INTEGER NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL CHECK (kind IN ('me','team')),
	team_id INTEGER REFERENCES teams(id),
	token_hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	CHECK ((kind = 'team') = (team_id IS NOT NULL))
);
CREATE INDEX vol_ical_feeds_user ON vol_ical_feeds(user_id, id);
