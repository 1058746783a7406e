-- 050_notify.sql — notices (src/notify/notify.h): what an area tells a
-- person — a new job for a provider, help delivered for a resident, a step
-- overdue for staff, a reminder (催办) — written in the same transaction as
-- the change that caused it, so a notice exists exactly when its change
-- does. People read them in the message centre (/api/v1/notices); the
-- unread count is in the page header.
--
-- A notice to a role in a region is written once per account holding the
-- role there, so each person's list and unread count read one index.
--
-- E-mail (notify_mail.c): a person who chose it in notice_prefs gets their
-- notices by e-mail too — each at once ('instant') or a digest at most once
-- a day ('daily'). A notice to mail is 'pending' from the moment it is
-- written (so it survives a restart before delivery), 'sending' while a
-- mailer holds it, then 'sent'; a failed attempt puts it back to 'pending'
-- with mail_next_at later (back-off), and after six attempts it is
-- 'failed'. A notice a crash caught mid-send is marked 'failed', never sent
-- again: a person may miss an e-mail (the notice stays in the message
-- centre), but never gets one twice.
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
	read_at INTEGER,
	mail_state TEXT NOT NULL DEFAULT 'none' CHECK (mail_state IN ('none','pending','sending','sent','failed')),
	mail_attempts INTEGER NOT NULL DEFAULT 0,
	mail_next_at INTEGER NOT NULL DEFAULT 0,   -- µs UTC: not before (back-off)
	mail_sent_at INTEGER,
	mail_error TEXT
);
-- a person's notices newest first, all or unread only
CREATE INDEX notices_user ON notices(user_id, created_at, id);
CREATE INDEX notices_unread ON notices(user_id, read_at, created_at, id);
-- a record's notices (a reminder checks the last one sent for it)
CREATE INDEX notices_entity ON notices(entity, entity_id, kind, created_at);
-- the mailer's queue: pending notices due now
CREATE INDEX notices_mail ON notices(mail_state, mail_next_at, user_id);

-- How each person wants to be told besides the message centre.
CREATE TABLE notice_prefs (
	user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	email TEXT NOT NULL DEFAULT '',
	mail TEXT NOT NULL DEFAULT 'off' CHECK (mail IN ('off','instant','daily')),
	last_mail_at INTEGER NOT NULL DEFAULT 0,  -- the last e-mail sent (a daily digest waits a day after it)
	updated_at INTEGER NOT NULL
);
