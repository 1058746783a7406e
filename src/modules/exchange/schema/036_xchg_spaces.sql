-- Space for service (物业换服务, DOMAIN.md §4.3; docs/space-for-service.md):
-- idle community rooms, halls and plots (左滩村's 耨耕田) lent free or at a
-- low rent to organisations, social enterprises or residents, who owe the
-- community service hours in return. Delivery is logged monthly and counts
-- once community staff confirm it; the shortfall per month and over the
-- term is shown before renewal. Spaces are also booked for activities,
-- without overlaps (checked under the store's write lock). Money fen,
-- times µs UTC; months are 'YYYY-MM' in Asia/Shanghai.
--
-- A month's CHECK is the portable spelling of SQLite's
-- GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' (what databases made before it
-- have — the same rule; test_store_search checks both agree): seven
-- characters, '-' fifth, month's first digit 0 or 1, and nothing but
-- digits left once the digits are trimmed off the six others.
CREATE TABLE xchg_spaces (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('room','hall','plot','other')),
	facility_room_id INTEGER REFERENCES facility_rooms(id),
	area_m2 INTEGER CHECK (area_m2 IS NULL OR area_m2 >= 0),
	description TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'available' CHECK (status IN ('available','closed')),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX xchg_spaces_region ON xchg_spaces(region_id, id);
CREATE UNIQUE INDEX xchg_spaces_region_name ON xchg_spaces(region_id, name);

-- The holder is an organisation or a person (exactly one). The term runs
-- from start_month to end_month inclusive; the service owed is
-- hours_per_month every month of it.
CREATE TABLE xchg_space_agreements (
	id ID_PK,
	space_id INTEGER NOT NULL REFERENCES xchg_spaces(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- the space's, for scope
	organisation_id INTEGER REFERENCES organisations(id),
	person_id INTEGER REFERENCES people(id),
	start_month TEXT NOT NULL CHECK (length(start_month) = 7 AND substr(start_month, 5, 1) = '-'
		AND substr(start_month, 6, 1) IN ('0', '1')
		AND ltrim(substr(start_month, 1, 4) || substr(start_month, 6, 2), '0123456789') = ''),
	end_month TEXT NOT NULL CHECK (length(end_month) = 7 AND substr(end_month, 5, 1) = '-'
		AND substr(end_month, 6, 1) IN ('0', '1')
		AND ltrim(substr(end_month, 1, 4) || substr(end_month, 6, 2), '0123456789') = ''),
	rent_fen INTEGER NOT NULL DEFAULT 0 CHECK (rent_fen >= 0),     -- per month; 0 = free
	hours_per_month INTEGER NOT NULL CHECK (hours_per_month BETWEEN 0 AND 744),
	service_what TEXT NOT NULL,            -- what service is owed
	service_for_whom TEXT NOT NULL,        -- for whom (beneficiary group, in words)
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','renewed','ended','terminated')),
	renewed_from_id INTEGER REFERENCES xchg_space_agreements(id),
	override_reason TEXT,                  -- renewal despite a shortfall: staff's reason
	note TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK ((organisation_id IS NOT NULL) + (person_id IS NOT NULL) = 1),
	CHECK (end_month >= start_month)
);
CREATE INDEX xchg_space_agreements_space ON xchg_space_agreements(space_id, start_month);
CREATE INDEX xchg_space_agreements_region ON xchg_space_agreements(region_id, status, id);

-- One logged delivery of the service owed (several may fall in a month).
-- It counts towards the month once confirmed by community staff.
CREATE TABLE xchg_space_deliveries (
	id ID_PK,
	agreement_id INTEGER NOT NULL REFERENCES xchg_space_agreements(id),
	month TEXT NOT NULL CHECK (length(month) = 7 AND substr(month, 5, 1) = '-'
		AND substr(month, 6, 1) IN ('0', '1')
		AND ltrim(substr(month, 1, 4) || substr(month, 6, 2), '0123456789') = ''),
	minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 44640),
	what TEXT NOT NULL,
	beneficiaries INTEGER NOT NULL DEFAULT 0 CHECK (beneficiaries >= 0),
	logged_by INTEGER NOT NULL REFERENCES users(id),
	logged_at INTEGER NOT NULL,
	confirmed_by INTEGER REFERENCES users(id),
	confirmed_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX xchg_space_deliveries_agreement ON xchg_space_deliveries(agreement_id, month);

-- Bookings of a space for an activity: [start_at, end_at). Overlapping
-- live bookings of one space are refused by the logic (409 naming the
-- other booking); writes are serialised, so the check-then-insert is safe.
CREATE TABLE xchg_space_bookings (
	id ID_PK,
	space_id INTEGER NOT NULL REFERENCES xchg_spaces(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	title TEXT NOT NULL,
	organiser TEXT NOT NULL DEFAULT '',
	start_at INTEGER NOT NULL,
	end_at INTEGER NOT NULL,
	status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked','cancelled')),
	booked_by INTEGER NOT NULL REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (end_at > start_at)
);
CREATE INDEX xchg_space_bookings_space ON xchg_space_bookings(space_id, status, start_at);
