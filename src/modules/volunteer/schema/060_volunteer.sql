-- 060_volunteer.sql — volunteer service (DOMAIN.md §4.6, issue 11):
-- volunteers, activities with their roles, sign-ups and attendance, and the
-- service records that the Ministry of Civil Affairs' 志愿服务记录与证明出具办法
-- (Order No. 67) asks for (docs/volunteer-records.md maps each article).
-- Points (061) and certificates (062) build on these tables.
--
-- A volunteer is a person of the registry (people.id) who registered with
-- recorded consent; people.is_volunteer mirrors it for the registry's
-- lists. The volunteer number is what is printed (never the ID number).
CREATE TABLE vol_volunteers (
	id ID_PK,
	person_id INTEGER NOT NULL UNIQUE REFERENCES people(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- the person's community (scope)
	number TEXT NOT NULL UNIQUE,           -- 志愿者编号, "V" + 9 digits, never reused
	consent_purpose TEXT NOT NULL,         -- what the personal information is used for
	consent_at INTEGER NOT NULL,           -- µs UTC
	consent_by INTEGER REFERENCES users(id), -- who recorded it (the person, or staff on paper)
	skills TEXT NOT NULL DEFAULT '',       -- comma-separated codes (volunteer logic lists them)
	languages TEXT NOT NULL DEFAULT '',    -- comma-separated: zh, yue, en, …
	availability INTEGER NOT NULL DEFAULT 0, -- 7 days × 3 periods, the exchange's schedule mask
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','merged')),
	merged_into INTEGER REFERENCES vol_volunteers(id), -- set when staff merged a duplicate
	registered_at INTEGER NOT NULL,        -- no hours before this
	total_minutes INTEGER NOT NULL DEFAULT 0, -- confirmed service minutes (derived; checked)
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (total_minutes >= 0)
);
CREATE INDEX vol_volunteers_region ON vol_volunteers(region_id, id);

-- An activity: organised by a team (and the organisation behind it, the
-- body that records and certifies: 谁组织谁记录，谁记录谁证明), at a place
-- and time, with roles that each have a capacity.
CREATE TABLE vol_activities (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- where it happens (scope)
	team_id INTEGER REFERENCES teams(id),
	organisation_id INTEGER REFERENCES organisations(id),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	place TEXT NOT NULL,
	latitude REAL,
	longitude REAL,
	starts_at INTEGER NOT NULL,            -- µs UTC
	ends_at INTEGER NOT NULL,
	cancel_before INTEGER NOT NULL,        -- sign-ups may be cancelled until then
	contact_name TEXT NOT NULL,
	contact_phone TEXT NOT NULL,
	audience TEXT NOT NULL DEFAULT '',     -- who it serves: 独居长者, 青少年 …
	status TEXT NOT NULL DEFAULT 'published'
		CHECK (status IN ('draft','published','cancelled','finished')),
	qr_key BLOB,                           -- 32 random bytes: the venue code rotates on it
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX vol_activities_region ON vol_activities(region_id, starts_at, id);
CREATE INDEX vol_activities_team ON vol_activities(team_id, starts_at, id);
CREATE INDEX vol_activities_starts ON vol_activities(starts_at, id);

CREATE TABLE vol_roles (
	id ID_PK,
	activity_id INTEGER NOT NULL REFERENCES vol_activities(id) ON DELETE CASCADE,
	name TEXT NOT NULL,                    -- 签到引导, 陪伴长者 …
	capacity INTEGER NOT NULL CHECK (capacity > 0),
	skills TEXT NOT NULL DEFAULT '',       -- required skills or qualifications, comma-separated
	UNIQUE (activity_id, name)
);

-- A sign-up (接龙) for one role: 'signed' holds places (1 + companions),
-- 'waiting' is on the waiting list in (created_at, id) order and promoted
-- when a place frees, 'walk_in' was logged by the organiser on the day
-- (beyond capacity: it records what happened). starts_at/ends_at copy the
-- activity's, so a volunteer's overlapping shifts are found through one index.
CREATE TABLE vol_signups (
	id ID_PK,
	activity_id INTEGER NOT NULL REFERENCES vol_activities(id),
	role_id INTEGER NOT NULL REFERENCES vol_roles(id),
	volunteer_id INTEGER NOT NULL REFERENCES vol_volunteers(id),
	companions INTEGER NOT NULL DEFAULT 0 CHECK (companions >= 0 AND companions <= 10),
	status TEXT NOT NULL CHECK (status IN ('signed','waiting','walk_in','cancelled')),
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,
	checkin_at INTEGER,
	checkin_method TEXT CHECK (checkin_method IS NULL OR checkin_method IN ('organiser','qr')),
	checkout_at INTEGER,
	checkout_method TEXT CHECK (checkout_method IS NULL OR checkout_method IN ('organiser','qr','auto')),
	-- 'auto': nobody checked out; closed at the end of the activity day, its
	-- hours flagged and not counted until the organiser confirms them
	record_id INTEGER,                     -- the service record once hours are confirmed
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX vol_signups_one ON vol_signups(activity_id, volunteer_id) WHERE status <> 'cancelled';
CREATE INDEX vol_signups_activity ON vol_signups(activity_id, status, created_at, id);
CREATE INDEX vol_signups_volunteer ON vol_signups(volunteer_id, starts_at, id);
CREATE INDEX vol_signups_open ON vol_signups(ends_at, id) WHERE checkin_at IS NOT NULL AND checkout_at IS NULL;

-- Service records (志愿服务记录): never edited or deleted (the SQLite part
-- refuses both). A correction — asked for by the volunteer or made by the
-- organiser — is a new record whose amends_id points to the one it
-- replaces; a record with a later amendment is superseded and counts no
-- more, and both stay. kind: service hours, or training, commendation and
-- evaluation entries (minutes 0), which the rules also ask a record to hold.
CREATE TABLE vol_records (
	id ID_PK,
	volunteer_id INTEGER NOT NULL REFERENCES vol_volunteers(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- the activity's (the organiser's scope)
	kind TEXT NOT NULL DEFAULT 'service'
		CHECK (kind IN ('service','training','commendation','evaluation')),
	activity_id INTEGER REFERENCES vol_activities(id),
	signup_id INTEGER REFERENCES vol_signups(id),
	organisation_id INTEGER REFERENCES organisations(id), -- the recording body
	organisation_name TEXT NOT NULL,       -- as it was named when recorded
	content TEXT NOT NULL,                 -- what was done
	place TEXT NOT NULL DEFAULT '',
	started_at INTEGER NOT NULL,
	ended_at INTEGER NOT NULL,
	minutes INTEGER NOT NULL CHECK (minutes >= 0), -- service time, travel excluded
	flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0,1)), -- an auto-closed check-out
	confirmed_by INTEGER REFERENCES users(id),
	confirmer_name TEXT NOT NULL,
	amends_id INTEGER REFERENCES vol_records(id),
	amend_reason TEXT,
	requested_by INTEGER REFERENCES users(id), -- the volunteer who asked for the correction
	created_at INTEGER NOT NULL,
	CHECK (ended_at >= started_at),
	CHECK ((amends_id IS NULL) = (amend_reason IS NULL))
);
CREATE INDEX vol_records_volunteer ON vol_records(volunteer_id, started_at, id);
CREATE INDEX vol_records_region ON vol_records(region_id, started_at, id);
CREATE INDEX vol_records_activity ON vol_records(activity_id, id);
CREATE UNIQUE INDEX vol_records_amends ON vol_records(amends_id) WHERE amends_id IS NOT NULL;

-- A volunteer's request for a correction, answered by the organiser.
CREATE TABLE vol_corrections (
	id ID_PK,
	record_id INTEGER NOT NULL REFERENCES vol_records(id),
	volunteer_id INTEGER NOT NULL REFERENCES vol_volunteers(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	reason TEXT NOT NULL,
	minutes INTEGER,                       -- what the volunteer says it should be
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','rejected')),
	answer TEXT,
	answered_by INTEGER REFERENCES users(id),
	answered_at INTEGER,
	new_record_id INTEGER REFERENCES vol_records(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX vol_corrections_region ON vol_corrections(region_id, status, id);
CREATE INDEX vol_corrections_record ON vol_corrections(record_id);

-- Per-district settings of the hours rules (one row, id 1).
CREATE TABLE vol_settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	max_minutes_per_day INTEGER NOT NULL DEFAULT 720 CHECK (max_minutes_per_day > 0),
	version INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO vol_settings (id, max_minutes_per_day) VALUES (1, 720);
