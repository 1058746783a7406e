-- Bulk imports into the registry (reg_import.c, docs/import.md): one row per
-- successful import. Dry runs and failed imports write nothing, so this is
-- the list of files that changed the registry. Records created or merged by
-- a job carry its id in people/organisations/teams.import_job_id; the ids a
-- job created form the range first_created_id..last_created_id (one
-- transaction under the write lock), the merged ones lie within
-- first_merged_id..last_merged_id. The job's audit entry (action "import",
-- entity "import_job") holds the same figures and the file's SHA-256.
-- No index on import_job_id: it would cost every bulk insert and the id
-- ranges above already find a job's records.
CREATE TABLE import_jobs (
	id ID_PK,
	kind TEXT NOT NULL CHECK (kind IN ('people','organisations','teams')),
	user_id INTEGER REFERENCES users(id),  -- NULL: the command line
	username TEXT NOT NULL,
	scope_region_id INTEGER NOT NULL REFERENCES regions(id),
	format TEXT NOT NULL CHECK (format IN ('csv','xlsx')),
	file_name TEXT,
	file_sha256 TEXT NOT NULL,
	file_bytes INTEGER NOT NULL,
	rows_total INTEGER NOT NULL,
	created_count INTEGER NOT NULL,
	merged_count INTEGER NOT NULL,
	first_created_id INTEGER,
	last_created_id INTEGER,
	first_merged_id INTEGER,
	last_merged_id INTEGER,
	duration_us INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX import_jobs_scope ON import_jobs(scope_region_id, id);
