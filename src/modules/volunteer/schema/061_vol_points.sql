-- 061_vol_points.sql — the time bank (时间银行, issue 11 item 7): points
-- earned from confirmed service hours and spent on a catalogue of community
-- welfare. Kept apart from the statutory records (060): nothing here ever
-- changes a vol_records row; an earn only points at the record it paid for.
--
-- A double-entry ledger (docs/volunteer-points.md):
--  - accounts: one per volunteer (one balance usable in every community's
--    catalogue: 通存通兑) and one per region (the community's own account,
--    the counterpart that issues points and takes them back);
--  - transactions: earn | redeem | transfer | reversal | expire | grant;
--    a correction is only ever a reversal pointing at its original, and
--    an original is reversed at most once (the unique reverses_txn_id);
--  - entries (txn, account, amount): the entries of every transaction sum
--    to zero. The balance column is a cache of the entries' sum that
--    `wushe points check` recomputes; a volunteer's is never negative (a
--    community's account goes negative by what it issued).
--  - a volunteer's positive entries are lots: `remaining` is the unspent
--    part (spending takes the oldest lots first, FIFO by credit time), and
--    `expires_at` when the crediting community's expiry_days say so.

-- A region's rules (a community's; a town or the district may set the
-- default of the communities below it: the nearest region with rules wins).
CREATE TABLE vol_point_rules (
	region_id INTEGER PRIMARY KEY REFERENCES regions(id),
	points_per_hour INTEGER NOT NULL DEFAULT 10 CHECK (points_per_hour >= 0 AND points_per_hour <= 1000),
	max_balance INTEGER NOT NULL DEFAULT 0 CHECK (max_balance >= 0),   -- 0: no cap
	expiry_days INTEGER NOT NULL DEFAULT 0 CHECK (expiry_days >= 0),   -- 0: never
	transfer TEXT NOT NULL DEFAULT 'none' CHECK (transfer IN ('none','family','any')),
	updated_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE vol_point_accounts (
	id ID_PK,
	volunteer_id INTEGER UNIQUE REFERENCES vol_volunteers(id),
	region_id INTEGER UNIQUE REFERENCES regions(id),
	balance INTEGER NOT NULL DEFAULT 0,    -- cache of sum(entries.amount)
	created_at INTEGER NOT NULL,
	CHECK ((volunteer_id IS NULL) <> (region_id IS NULL)),
	CHECK (volunteer_id IS NULL OR balance >= 0)
);

-- The catalogue of a community (积分兑换目录): a price in points and a stock.
CREATE TABLE vol_catalogue (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	points INTEGER NOT NULL CHECK (points > 0),
	stock INTEGER NOT NULL CHECK (stock >= 0),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX vol_catalogue_region ON vol_catalogue(region_id, active, id);

-- A redemption: stock and points taken in one transaction (txn_id);
-- 'reversed' when staff reversed that transaction (stock and points back).
CREATE TABLE vol_redemptions (
	id ID_PK,
	item_id INTEGER NOT NULL REFERENCES vol_catalogue(id),
	volunteer_id INTEGER NOT NULL REFERENCES vol_volunteers(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- the item's community (scope)
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	points INTEGER NOT NULL CHECK (points > 0),          -- quantity × price at the time
	item_name TEXT NOT NULL,                             -- as it was named then
	status TEXT NOT NULL DEFAULT 'done' CHECK (status IN ('done','reversed')),
	txn_id INTEGER,
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX vol_redemptions_region ON vol_redemptions(region_id, id);
CREATE INDEX vol_redemptions_volunteer ON vol_redemptions(volunteer_id, id);

CREATE TABLE vol_point_txns (
	id ID_PK,
	kind TEXT NOT NULL CHECK (kind IN ('earn','redeem','transfer','reversal','expire','grant')),
	region_id INTEGER NOT NULL REFERENCES regions(id),   -- the community it belongs to (scope)
	volunteer_id INTEGER REFERENCES vol_volunteers(id),  -- whose points moved (the sender's for a transfer)
	reverses_txn_id INTEGER UNIQUE REFERENCES vol_point_txns(id), -- a reversal's original: once
	record_id INTEGER REFERENCES vol_records(id),        -- earn (and its reversal): the record
	redemption_id INTEGER REFERENCES vol_redemptions(id),
	memo TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK ((kind = 'reversal') = (reverses_txn_id IS NOT NULL))
);
-- One earn per record: vol_points_earn is idempotent.
CREATE UNIQUE INDEX vol_point_txns_earn ON vol_point_txns(record_id) WHERE kind = 'earn';
CREATE INDEX vol_point_txns_volunteer ON vol_point_txns(volunteer_id, id);
CREATE INDEX vol_point_txns_region ON vol_point_txns(region_id, id);

CREATE TABLE vol_point_entries (
	id ID_PK,
	txn_id INTEGER NOT NULL REFERENCES vol_point_txns(id),
	account_id INTEGER NOT NULL REFERENCES vol_point_accounts(id),
	amount INTEGER NOT NULL CHECK (amount <> 0),
	-- a volunteer's credit (a lot): its unspent part and when it expires;
	-- lot_region_id is the community whose points they are (expiry returns
	-- them there). NULL for debits and for community accounts.
	remaining INTEGER CHECK (remaining IS NULL OR (remaining >= 0 AND remaining <= amount)),
	expires_at INTEGER,
	lot_region_id INTEGER REFERENCES regions(id),
	lot_id INTEGER REFERENCES vol_point_entries(id), -- an expiry's debit: the lot that expired
	created_at INTEGER NOT NULL
);
CREATE INDEX vol_point_entries_txn ON vol_point_entries(txn_id, id);
CREATE INDEX vol_point_entries_account ON vol_point_entries(account_id, id);
CREATE INDEX vol_point_entries_lots ON vol_point_entries(account_id, created_at, id) WHERE remaining > 0;
CREATE INDEX vol_point_entries_expiring ON vol_point_entries(expires_at, id) WHERE remaining > 0;
CREATE INDEX vol_point_entries_lot ON vol_point_entries(lot_id) WHERE lot_id IS NOT NULL;
