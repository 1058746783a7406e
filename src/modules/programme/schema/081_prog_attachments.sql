-- 081_prog_attachments.sql — the scans an application carries (issue 13,
-- docs/programme.md): partners' letters of commitment (承诺函), the
-- community's letter of intent (合作意向函) and other material. PDF, JPEG or
-- PNG told by their first bytes, at most 5 MB, stored base64 like the
-- grants' receipts; served only to those who may read the application.
CREATE TABLE prog_attachments (
	id ID_PK,
	application_id INTEGER NOT NULL REFERENCES prog_applications(id),
	kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('letter','other')),
	file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
	content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/jpeg','image/png')),
	size INTEGER NOT NULL CHECK (size > 0 AND size <= 5242880),
	sha256 TEXT NOT NULL,
	data TEXT NOT NULL,
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX prog_attachments_app ON prog_attachments(application_id, id);

-- Lists and statistics by programme: the filters staff use and the
-- statistics' groupings read through these (EXPLAIN QUERY PLAN in
-- docs/programme.md).
CREATE INDEX prog_apps_prog_kind ON prog_applications(programme_id, kind, region_id);
CREATE INDEX prog_apps_prog_fund ON prog_applications(programme_id, pfund_id, id);
CREATE INDEX prog_apps_prog_code ON prog_applications(programme_id, id, status);
