-- Chunked imports (reg_import.c, docs/import.md "Imports that share the
-- machine"): the server writes a people import in short transactions so
-- other writers are not held up. Until its final short publish the job is
-- in state 'writing', and every person it merged has the columns a merge
-- changes kept here; a failed or cancelled import, or the next start after
-- a crash (reg_import_recover), puts those back and deletes the people the
-- job created (people.id > undo_after_id with its import_job_id). A job in
-- state 'done' owns no undo rows (they are deleted after the publish).
ALTER TABLE import_jobs ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
	CHECK (state IN ('writing','done'));
ALTER TABLE import_jobs ADD COLUMN undo_after_id INTEGER;  -- people: largest id before the job
CREATE INDEX import_jobs_writing ON import_jobs(state) WHERE state='writing';
CREATE TABLE import_undo_people (
	job_id INTEGER NOT NULL,
	person_id INTEGER NOT NULL,
	region_id INTEGER NOT NULL,
	name TEXT NOT NULL,
	gender TEXT,
	birth_date TEXT,
	mobile TEXT,
	household TEXT NOT NULL,
	address TEXT,
	is_community_worker INTEGER NOT NULL,
	is_social_worker INTEGER NOT NULL,
	sw_level TEXT,
	is_volunteer INTEGER NOT NULL,
	is_building_leader INTEGER NOT NULL,
	is_party_member INTEGER NOT NULL,
	status TEXT NOT NULL,
	note TEXT,
	import_job_id INTEGER,
	version INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (job_id, person_id)
);
