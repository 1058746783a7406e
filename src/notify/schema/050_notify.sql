-- 050_notify.sql — notices (src/notify/notify.h): what an area tells a
-- person — a new job for a provider, help delivered for a resident, a step
-- overdue for staff, a reminder (催办) — written in the same transaction as
-- the change that caused it, so a notice exists exactly when its change
-- does. People read them in the message centre (/api/v1/notices); the
-- unread count is in the page header.
--
-- A notice to a role in a region is written once per account holding the
-- role there, so each person's list and unread count read one index.
CREATE TABLE notices (
	id ID_PK,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,                    -- "exchange.match_proposed": area, then what happened
	region_id INTEGER REFERENCES regions(id),
	title TEXT NOT NULL,                   -- one line, Chinese
	title_en TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	body_en TEXT NOT NULL DEFAULT '',
	link TEXT NOT NULL DEFAULT '',         -- the web page that shows the item, "/exchange/provider"
	entity TEXT,                           -- the record (audit/record.h entity), e.g. "xchg_match"
	entity_id INTEGER,
	actor_id INTEGER REFERENCES users(id), -- who caused it (NULL: the system)
	created_at INTEGER NOT NULL,
	read_at INTEGER
);
-- a person's notices newest first, all or unread only
CREATE INDEX notices_user ON notices(user_id, created_at, id);
CREATE INDEX notices_unread ON notices(user_id, read_at, created_at, id);
-- a record's notices (a reminder checks the last one sent for it)
CREATE INDEX notices_entity ON notices(entity, entity_id, kind, created_at);
