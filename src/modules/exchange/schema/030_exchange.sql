-- The social-service exchange (DOMAIN.md §4.3): a two-level service
-- taxonomy, demands (需求, 微心愿), supply (services offered by
-- organisations, teams and professionals) and the matches between them,
-- each carried through the closed loop proposed → accepted → delivered →
-- confirmed → rated. Money is fen, times µs UTC.
CREATE TABLE xchg_terms (
	id ID_PK,
	parent_id INTEGER REFERENCES xchg_terms(id),   -- NULL for a top-level term
	code TEXT NOT NULL UNIQUE,                     -- stable id, e.g. 'elderly.visit'
	name TEXT NOT NULL,                            -- Chinese
	name_en TEXT NOT NULL,
	description TEXT,
	sort_order INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX xchg_terms_parent ON xchg_terms(parent_id, sort_order);

CREATE TABLE xchg_demands (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT 'need' CHECK (kind IN ('need','micro_wish')),  -- 需求 / 微心愿
	source TEXT NOT NULL CHECK (source IN ('resident','grid_worker','community_staff','social_worker')),
	posted_by INTEGER NOT NULL REFERENCES users(id),
	beneficiary_person_id INTEGER REFERENCES people(id),
	beneficiary_name TEXT,                 -- shown only to staff and the matched provider
	beneficiary_phone TEXT,                -- likewise
	beneficiary_group TEXT NOT NULL DEFAULT 'general' CHECK (beneficiary_group IN
		('general','elderly','children','disabled','hardship','new_resident')),
	privacy TEXT NOT NULL DEFAULT 'private' CHECK (privacy IN ('public','private')),
	consent_at INTEGER,                    -- beneficiary consented to share details with the provider
	no_contact INTEGER NOT NULL DEFAULT 0 CHECK (no_contact IN (0,1)),
	latitude REAL,
	longitude REAL,
	address TEXT,
	window_start INTEGER,                  -- time window, µs UTC
	window_end INTEGER,
	recurrence TEXT NOT NULL DEFAULT 'once' CHECK (recurrence IN ('once','weekly','monthly')),
	schedule_mask INTEGER NOT NULL DEFAULT 0,  -- bit d*3+p: day d (0=Mon) part p (0 am,1 pm,2 eve); 0 = any
	people_needed INTEGER NOT NULL DEFAULT 1 CHECK (people_needed BETWEEN 1 AND 100),
	skills TEXT NOT NULL DEFAULT '',       -- comma-separated skill words
	urgency TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('low','normal','high','urgent')),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN
		('open','matching','in_progress','fulfilled','closed','cancelled')),
	fulfilled_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX xchg_demands_region ON xchg_demands(region_id, status, id);
CREATE INDEX xchg_demands_status ON xchg_demands(status, created_at);
CREATE INDEX xchg_demands_poster ON xchg_demands(posted_by, id);
CREATE TABLE xchg_demand_terms (
	demand_id INTEGER NOT NULL REFERENCES xchg_demands(id) ON DELETE CASCADE,
	term_id INTEGER NOT NULL REFERENCES xchg_terms(id),
	PRIMARY KEY (demand_id, term_id)
);
CREATE INDEX xchg_demand_terms_term ON xchg_demand_terms(term_id);

-- A supply unit: one service offered by one provider (an organisation, a
-- volunteer team or a professional person; exactly one is set).
CREATE TABLE xchg_services (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- home region of the offer
	organisation_id INTEGER REFERENCES organisations(id),
	team_id INTEGER REFERENCES teams(id),
	person_id INTEGER REFERENCES people(id),
	provider_kind TEXT NOT NULL CHECK (provider_kind IN
		('organisation','team','enterprise','professional')),
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	latitude REAL,
	longitude REAL,
	radius_m INTEGER NOT NULL DEFAULT 3000 CHECK (radius_m >= 0),
	schedule_mask INTEGER NOT NULL DEFAULT 0,       -- as xchg_demands.schedule_mask; 0 = any time
	capacity_per_week INTEGER NOT NULL DEFAULT 1 CHECK (capacity_per_week BETWEEN 0 AND 10000),
	skills TEXT NOT NULL DEFAULT '',
	cost_kind TEXT NOT NULL DEFAULT 'free' CHECK (cost_kind IN ('free','low_cost','paid')),
	price_fen INTEGER NOT NULL DEFAULT 0 CHECK (price_fen >= 0),
	contact_phone TEXT,
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','withdrawn')),
	rating_sum INTEGER NOT NULL DEFAULT 0,
	rating_count INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK ((organisation_id IS NOT NULL) + (team_id IS NOT NULL) + (person_id IS NOT NULL) = 1)
);
CREATE INDEX xchg_services_region ON xchg_services(region_id, status, id);
CREATE INDEX xchg_services_org ON xchg_services(organisation_id);
CREATE INDEX xchg_services_team ON xchg_services(team_id);
CREATE TABLE xchg_service_terms (
	service_id INTEGER NOT NULL REFERENCES xchg_services(id) ON DELETE CASCADE,
	term_id INTEGER NOT NULL REFERENCES xchg_terms(id),
	PRIMARY KEY (service_id, term_id)
);
CREATE INDEX xchg_service_terms_term ON xchg_service_terms(term_id);
-- Regions served besides the radius around the home point (whole subtrees).
CREATE TABLE xchg_service_regions (
	service_id INTEGER NOT NULL REFERENCES xchg_services(id) ON DELETE CASCADE,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	PRIMARY KEY (service_id, region_id)
);

-- A match assigns one service slot to one demand. A demand needing n people
-- has up to n live matches. The status group a resident sees:
-- in progress (proposed, accepted), got help (delivered, confirmed, rated),
-- needs further action (declined, expired, disputed, cancelled).
CREATE TABLE xchg_matches (
	id ID_PK,
	demand_id INTEGER NOT NULL REFERENCES xchg_demands(id),
	service_id INTEGER NOT NULL REFERENCES xchg_services(id),
	batch_id INTEGER,                      -- the matching run that proposed it
	status TEXT NOT NULL CHECK (status IN ('proposed','accepted','delivered','confirmed',
		'rated','declined','expired','disputed','cancelled')),
	cost INTEGER NOT NULL DEFAULT 0,
	cost_json TEXT,                        -- breakdown: distance, skills, schedule, load, rating
	due_at INTEGER,                        -- deadline of the current step
	proposed_at INTEGER NOT NULL,
	confirmed_by_staff INTEGER REFERENCES users(id),  -- staff review of the proposal
	accepted_at INTEGER,
	delivered_at INTEGER,
	confirmed_at INTEGER,
	rated_at INTEGER,
	rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
	rating_comment TEXT,
	decline_reason TEXT,
	delivery_note TEXT,
	hours_delivered INTEGER,               -- minutes actually spent, for the index
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX xchg_matches_demand ON xchg_matches(demand_id, status);
CREATE INDEX xchg_matches_service ON xchg_matches(service_id, status);
CREATE INDEX xchg_matches_due ON xchg_matches(status, due_at);
CREATE TABLE xchg_match_batches (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	run_by INTEGER NOT NULL REFERENCES users(id),
	demands INTEGER NOT NULL,
	services INTEGER NOT NULL,
	matched INTEGER NOT NULL,
	total_cost INTEGER NOT NULL,
	unmatched_json TEXT,                   -- [{demand_id, reason}]
	elapsed_us INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
