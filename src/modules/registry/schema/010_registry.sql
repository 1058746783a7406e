-- The district social-work database (DOMAIN.md §4.1): people, organisations,
-- volunteer teams and facilities. Every record belongs to a region (a
-- community or a grid/building below it; organisations and facilities may
-- also sit at a town or the district). Scope checks join regions on
-- region_id and test the region path, so a region move needs no rewrite here.
--
-- Personal information is stored once, here: id_number (18-character
-- resident ID, checksum-validated, upper-case X) and mobile (11 digits) are
-- the only copies; every other table refers to people.id. Lists show them
-- masked; a full view is an audited action (registry logic).
CREATE TABLE people (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	name TEXT NOT NULL,
	gender TEXT CHECK (gender IS NULL OR gender IN ('male','female')),
	birth_date TEXT,                       -- YYYY-MM-DD, from the ID when known
	id_number TEXT UNIQUE,                 -- normalised; NULL when not given
	mobile TEXT,                           -- normalised 11 digits
	household TEXT NOT NULL DEFAULT 'registered'
		CHECK (household IN ('registered','nonregistered')), -- 户籍 / 非户籍(新市民)
	address TEXT,
	is_resident INTEGER NOT NULL DEFAULT 1 CHECK (is_resident IN (0,1)),
	is_community_worker INTEGER NOT NULL DEFAULT 0 CHECK (is_community_worker IN (0,1)),
	is_social_worker INTEGER NOT NULL DEFAULT 0 CHECK (is_social_worker IN (0,1)),
	sw_level TEXT CHECK (sw_level IS NULL OR sw_level IN ('assistant','intermediate','senior')),
	                                       -- 助理社工师 / 社工师 / 高级社工师
	is_volunteer INTEGER NOT NULL DEFAULT 0 CHECK (is_volunteer IN (0,1)),
	is_building_leader INTEGER NOT NULL DEFAULT 0 CHECK (is_building_leader IN (0,1)),
	is_party_member INTEGER NOT NULL DEFAULT 0 CHECK (is_party_member IN (0,1)),
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','moved_out','deceased')),
	-- Verification against the household roll (户籍) or residence-permit
	-- roll (居住证): only verified residents vote. Withdrawal clears these
	-- columns; the history is in the audit log.
	verified_at INTEGER,
	verified_by INTEGER REFERENCES users(id),
	verify_method TEXT CHECK (verify_method IS NULL OR
		verify_method IN ('household_roll','residence_permit','in_person')),
	verify_note TEXT,
	user_id INTEGER UNIQUE REFERENCES users(id),  -- the person's own account, if any
	note TEXT,
	import_job_id INTEGER,                 -- the import that created or last merged it
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX people_region ON people(region_id, id);
CREATE INDEX people_name ON people(name);
CREATE INDEX people_mobile ON people(mobile);
CREATE INDEX people_volunteer ON people(region_id, is_volunteer, id);

CREATE TABLE organisations (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),  -- where it is based
	name TEXT NOT NULL,
	credit_code TEXT UNIQUE,               -- 统一社会信用代码, 18 chars; NULL if only filed
	org_type TEXT NOT NULL CHECK (org_type IN ('social_work_agency','community_social_org',
		'foundation','association','enterprise','social_enterprise','public_institution','other')),
	domain TEXT NOT NULL DEFAULT 'other',  -- elderly, children, disability, ... (registry logic lists them)
	registration TEXT NOT NULL DEFAULT 'registered'
		CHECK (registration IN ('registered','filed','unregistered')), -- 登记 / 备案
	filed_town_id INTEGER REFERENCES regions(id),       -- the town it is filed with (备案)
	ledger_community_id INTEGER REFERENCES regions(id), -- the community keeping its 台账
	-- Community social organisations move incubating → filed → registered.
	incubation_stage TEXT CHECK (incubation_stage IS NULL OR
		incubation_stage IN ('incubating','filed','registered')),
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','dissolved')),
	contact_name TEXT,
	contact_mobile TEXT,
	address TEXT,
	latitude REAL,
	longitude REAL,
	website TEXT,
	email TEXT,
	description TEXT,
	founded_on TEXT,                       -- YYYY-MM-DD
	import_job_id INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX organisations_region ON organisations(region_id, id);
CREATE INDEX organisations_ledger ON organisations(ledger_community_id, org_type, status);
CREATE INDEX organisations_name ON organisations(name);

-- Volunteer teams: a general team (总队, is_general = 1, parent_id NULL) per
-- community or town, with its teams under it (北区社区 has 27).
CREATE TABLE teams (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	parent_id INTEGER REFERENCES teams(id),
	is_general INTEGER NOT NULL DEFAULT 0 CHECK (is_general IN (0,1)),
	name TEXT NOT NULL,
	organisation_id INTEGER REFERENCES organisations(id),
	leader_person_id INTEGER REFERENCES people(id),
	domain TEXT NOT NULL DEFAULT 'other',
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','dissolved')),
	description TEXT,
	import_job_id INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (NOT (is_general = 1 AND parent_id IS NOT NULL))
);
CREATE INDEX teams_region ON teams(region_id, id);
CREATE INDEX teams_parent ON teams(parent_id);
CREATE UNIQUE INDEX teams_region_name ON teams(region_id, name);

CREATE TABLE team_members (
	team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people(id),
	role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('leader','member')),
	joined_at INTEGER NOT NULL,
	PRIMARY KEY (team_id, person_id)
);
CREATE INDEX team_members_person ON team_members(person_id);

-- Facilities: 党群服务中心, 社工站, V站 … with their rooms. Rooms are what the
-- exchange lends out for service (物业换服务) and books for activities.
CREATE TABLE facilities (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('party_service_center','social_work_station',
		'v_station','elderly_center','children_center','other')),
	area_m2 INTEGER CHECK (area_m2 IS NULL OR area_m2 >= 0),
	address TEXT,
	latitude REAL,
	longitude REAL,
	opening_hours TEXT,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX facilities_region ON facilities(region_id, id);
CREATE TABLE facility_rooms (
	id ID_PK,
	facility_id INTEGER NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
	area_m2 INTEGER CHECK (area_m2 IS NULL OR area_m2 >= 0),
	UNIQUE (facility_id, name)
);
