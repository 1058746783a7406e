-- Part-time committee members (兼职委员: 企业家委员, 专业社工委员, 银龄顾问委员,
-- 非户籍委员) of a community, the two-committee (两委) meetings they must
-- attend at least monthly, and the attendance sheet of each meeting (one row
-- per member active on the meeting's date, present 0/1). The vitality index
-- reads these three tables by these names and columns; add, never rename.
-- Terms are civil dates (YYYY-MM-DD, Asia/Shanghai); held_at is µs UTC.
CREATE TABLE reg_committee_members (
	id ID_PK,
	community_id INTEGER NOT NULL REFERENCES regions(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	kind TEXT NOT NULL CHECK (kind IN ('entrepreneur','social_worker','senior_advisor','nonregistered')),
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','left')),
	term_start TEXT NOT NULL,
	term_end TEXT,
	note TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	CHECK (term_end IS NULL OR term_end >= term_start)
);
CREATE INDEX reg_committee_members_community ON reg_committee_members(community_id, status, id);
CREATE INDEX reg_committee_members_person ON reg_committee_members(person_id);

CREATE TABLE reg_meetings (
	id ID_PK,
	community_id INTEGER NOT NULL REFERENCES regions(id),
	held_at INTEGER NOT NULL,
	title TEXT NOT NULL,
	note TEXT,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX reg_meetings_community ON reg_meetings(community_id, held_at);

CREATE TABLE reg_meeting_attendance (
	meeting_id INTEGER NOT NULL REFERENCES reg_meetings(id) ON DELETE CASCADE,
	member_id INTEGER NOT NULL REFERENCES reg_committee_members(id),
	present INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0,1)),
	PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX reg_meeting_attendance_member ON reg_meeting_attendance(member_id, present);
