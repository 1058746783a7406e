-- 074_grants.sql — grants and micro-grants out of a fund (资助, 微创投;
-- issue 12 item 4, docs/grants.md). The money itself moves only in the
-- funds ledger (funds.h): a tranche points at its pending transfer (posted
-- on approval), and at the transfer that paid or voided it.
--
-- A grant's region is its fund's (copied when it is made: scope checks
-- and lists read it without the funds' tables).

CREATE TABLE grants (
	id ID_PK,
	fund_id INTEGER NOT NULL,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	kind TEXT NOT NULL CHECK (kind IN ('grant','micro_grant')),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
	purpose TEXT NOT NULL DEFAULT '',
	org_id INTEGER REFERENCES organisations(id),
	person_id INTEGER REFERENCES people(id),
	recipient_name TEXT NOT NULL,
	amount INTEGER NOT NULL CHECK (amount > 0),
	starts_on TEXT,                    -- planned, YYYY-MM-DD (Shanghai)
	ends_on TEXT,
	status TEXT NOT NULL CHECK (status IN ('applied','voting','approved','rejected','completed','cancelled')),
	source TEXT NOT NULL CHECK (source IN ('application','committee','pb','decision')),
	source_id INTEGER,                 -- the decision's record (pb project …)
	decision TEXT NOT NULL DEFAULT '', -- how it was decided (shown publicly)
	applicant_id INTEGER REFERENCES users(id),
	electorate INTEGER NOT NULL DEFAULT 0, -- committee size when the vote opened
	votes_yes INTEGER NOT NULL DEFAULT 0,
	votes_no INTEGER NOT NULL DEFAULT 0,
	votes_abstain INTEGER NOT NULL DEFAULT 0,
	decided_at INTEGER,
	completed_at INTEGER,
	result TEXT NOT NULL DEFAULT '',   -- what the project achieved (公示: grants and their results)
	cancel_reason TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (votes_yes + votes_no + votes_abstain <= electorate OR electorate = 0),
	UNIQUE (source, source_id)
);
CREATE INDEX grants_fund ON grants(fund_id, id);
CREATE INDEX grants_region ON grants(region_id, status, id);

-- One vote per committee member per grant, never changed.
CREATE TABLE grant_votes (
	grant_id INTEGER NOT NULL REFERENCES grants(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	choice TEXT NOT NULL CHECK (choice IN ('yes','no','abstain')),
	comment TEXT NOT NULL DEFAULT '',
	voted_at INTEGER NOT NULL,
	PRIMARY KEY (grant_id, user_id)
);

CREATE TABLE grant_tranches (
	id ID_PK,
	grant_id INTEGER NOT NULL REFERENCES grants(id),
	seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 12),
	amount INTEGER NOT NULL CHECK (amount > 0),
	due_on TEXT,
	status TEXT NOT NULL CHECK (status IN ('planned','pending','paid','voided')),
	pending_transfer_id INTEGER,       -- the ledger's pending transfer (approval)
	settle_transfer_id INTEGER,        -- the post or void of it
	paid_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (grant_id, seq),
	UNIQUE (pending_transfer_id),
	CHECK (status IN ('planned','voided') OR pending_transfer_id IS NOT NULL),
	CHECK ((status IN ('paid','voided')) = (settle_transfer_id IS NOT NULL))
);

-- A receipt of use (票据): the scan the server keeps (base64 in the row,
-- so it is in every backup and moves with the transaction).
CREATE TABLE grant_receipts (
	id ID_PK,
	grant_id INTEGER NOT NULL REFERENCES grants(id),
	file_name TEXT NOT NULL,
	content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/jpeg','image/png')),
	size INTEGER NOT NULL CHECK (size > 0 AND size <= 5242880),
	sha256 TEXT NOT NULL,
	data TEXT NOT NULL,
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX grant_receipts_grant ON grant_receipts(grant_id, id);

-- What the recipient spent, each line with its receipt (never shared).
CREATE TABLE grant_spending (
	id ID_PK,
	grant_id INTEGER NOT NULL REFERENCES grants(id),
	spent_on TEXT NOT NULL,
	item TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
	payee TEXT NOT NULL DEFAULT '',
	amount INTEGER NOT NULL CHECK (amount > 0),
	receipt_id INTEGER NOT NULL UNIQUE REFERENCES grant_receipts(id),
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
);
CREATE INDEX grant_spending_grant ON grant_spending(grant_id, id);
