-- 075_property_trust.sql — the trust-style property fund (信托物业, issue
-- 12 item 6): a compound's owners' assembly is the principal, the
-- property company the trustee, the community the supervisor. Its money
-- is a fund of kind property_trust in the ledger; here are its parties,
-- the annual budget drawn up with the owners and the income and expense
-- lines, each posted to the ledger (transfer_id) and visible to the owners.

CREATE TABLE property_trusts (
	id ID_PK,
	fund_id INTEGER NOT NULL UNIQUE,
	region_id INTEGER NOT NULL REFERENCES regions(id),     -- the supervising community
	compound TEXT NOT NULL CHECK (length(compound) BETWEEN 1 AND 100),
	principal TEXT NOT NULL,                               -- the owners' assembly
	trustee_org_id INTEGER REFERENCES organisations(id),   -- the property company
	trustee_name TEXT NOT NULL,
	households INTEGER NOT NULL DEFAULT 0 CHECK (households >= 0),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE trust_budget_lines (
	id ID_PK,
	trust_id INTEGER NOT NULL REFERENCES property_trusts(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	direction TEXT NOT NULL CHECK (direction IN ('income','expense')),
	category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
	planned INTEGER NOT NULL CHECK (planned >= 0),
	owners_resolution TEXT NOT NULL,   -- the owners' decision that adopted it (会议、表决结果)
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (trust_id, year, direction, category)
);

CREATE TABLE trust_entries (
	id ID_PK,
	trust_id INTEGER NOT NULL REFERENCES property_trusts(id),
	line_id INTEGER NOT NULL REFERENCES trust_budget_lines(id),
	direction TEXT NOT NULL CHECK (direction IN ('income','expense')),
	occurred_on TEXT NOT NULL,         -- YYYY-MM-DD
	amount INTEGER NOT NULL CHECK (amount > 0),
	counterparty TEXT NOT NULL DEFAULT '',
	memo TEXT NOT NULL DEFAULT '',
	transfer_id INTEGER NOT NULL UNIQUE, -- the ledger's transfer
	receipt_id INTEGER REFERENCES grant_receipts(id),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX trust_entries_month ON trust_entries(trust_id, occurred_on, id);
