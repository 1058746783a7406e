-- 070_funds.sql — charity funds and their double-entry ledger (issue 12
-- items 1 and 2, funds.h, docs/funds.md).
--
-- A fund belongs to a region (its community, town or the district) and,
-- when it sits inside a host charity (a named fund 冠名基金 always does),
-- names that organisation: the host holds the money, the fund has no bank
-- account of its own and cannot raise money alone — its donations come in
-- through the host's income account and go out through the host's payout
-- account. A fund without a host has counterpart accounts of its own.
--
-- The ledger (TigerBeetle's model):
--  - fund_accounts: kind 'fund' (one per fund: its money, never below
--    zero) or a counterpart, 'income' / 'payout', of a host organisation or
--    of a fund without host (these may go negative: they mirror the outside
--    world). The four sums are a cache kept by the trigger on
--    fund_transfers (070_funds.sqlite.sql); `wushe funds check` recomputes
--    them. The CHECK below is the last line of "never below zero".
--  - fund_transfers: append-only (triggers refuse UPDATE and DELETE).
--    phase 'single' posts at once; 'pending' reserves; 'post', 'void' and
--    'expire' resolve a pending transfer (pending_id, UNIQUE: once); a
--    reversal is a 'single' transfer of kind 'reversal' pointing at the
--    transfer it undoes (reverses_id, UNIQUE: once). client_id is the
--    caller's id of the posting, UNIQUE: a retry never posts twice.

CREATE TABLE funds (
	id ID_PK,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	host_org_id INTEGER REFERENCES organisations(id),     -- the charity holding its money
	kind TEXT NOT NULL CHECK (kind IN ('named_community','happiness','micro_governance',
		'community_development','charitable_trust','special_programme','property_trust')),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	purpose TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','active','closed')),
	publishes_projects INTEGER NOT NULL DEFAULT 1 CHECK (publishes_projects IN (0,1)),
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	-- a named fund sits inside a host charity
	CHECK (kind <> 'named_community' OR host_org_id IS NOT NULL)
);
CREATE INDEX funds_region ON funds(region_id, id);
CREATE INDEX funds_host ON funds(host_org_id, id);

-- Committee, chair, supervisor, managers and approvers of a fund. A member
-- is named; user_id when the person holds an account (a committee vote's
-- electorate is the members with one).
CREATE TABLE fund_members (
	id ID_PK,
	fund_id INTEGER NOT NULL REFERENCES funds(id),
	role TEXT NOT NULL CHECK (role IN ('committee','chair','supervisor','manager','approver')),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
	user_id INTEGER REFERENCES users(id),
	affiliation TEXT NOT NULL DEFAULT '',                  -- 单位 / 身份, e.g. 居民代表
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (fund_id, role, name)
);
CREATE INDEX fund_members_user ON fund_members(user_id, fund_id);

CREATE TABLE fund_accounts (
	id ID_PK,
	kind TEXT NOT NULL CHECK (kind IN ('fund','income','payout')),
	fund_id INTEGER REFERENCES funds(id),   -- 'fund'; or a host-less fund's counterpart
	org_id INTEGER REFERENCES organisations(id), -- a host's counterpart
	region_id INTEGER NOT NULL REFERENCES regions(id), -- scope (the fund's or the host's region)
	debits_posted INTEGER NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
	credits_posted INTEGER NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
	debits_pending INTEGER NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
	credits_pending INTEGER NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
	created_at INTEGER NOT NULL,
	CHECK ((fund_id IS NULL) <> (org_id IS NULL)),
	CHECK (kind <> 'fund' OR fund_id IS NOT NULL),
	-- a fund never goes below zero, reserved money included
	CHECK (kind <> 'fund' OR debits_posted + debits_pending <= credits_posted),
	UNIQUE (kind, fund_id),
	UNIQUE (kind, org_id)
);

CREATE TABLE fund_transfers (
	id ID_PK,
	client_id TEXT NOT NULL UNIQUE CHECK (length(client_id) BETWEEN 1 AND 64),
	debit_account_id INTEGER NOT NULL REFERENCES fund_accounts(id),
	credit_account_id INTEGER NOT NULL REFERENCES fund_accounts(id),
	amount INTEGER NOT NULL CHECK (amount > 0),
	kind TEXT NOT NULL CHECK (kind IN ('donation','give_back','pledge','grant','disbursement',
		'spending','transfer','refund','reversal','adjustment')),
	phase TEXT NOT NULL CHECK (phase IN ('single','pending','post','void','expire')),
	pending_id INTEGER UNIQUE REFERENCES fund_transfers(id),   -- post/void/expire: once
	reverses_id INTEGER UNIQUE REFERENCES fund_transfers(id),  -- reversal: once
	timeout_at INTEGER,                                        -- pending: expires then (µs)
	fund_id INTEGER NOT NULL REFERENCES funds(id),             -- the fund it concerns (scope)
	region_id INTEGER NOT NULL REFERENCES regions(id),
	memo TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',                           -- void, reversal
	ref_type TEXT,
	ref_id INTEGER,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK (debit_account_id <> credit_account_id),
	CHECK ((phase IN ('post','void','expire')) = (pending_id IS NOT NULL)),
	CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
	CHECK (reverses_id IS NULL OR phase = 'single'),
	CHECK (timeout_at IS NULL OR phase = 'pending')
);
CREATE INDEX fund_transfers_debit ON fund_transfers(debit_account_id, id);
CREATE INDEX fund_transfers_credit ON fund_transfers(credit_account_id, id);
CREATE INDEX fund_transfers_fund ON fund_transfers(fund_id, id);
CREATE INDEX fund_transfers_ref ON fund_transfers(ref_type, ref_id);
CREATE INDEX fund_transfers_timeout ON fund_transfers(timeout_at) WHERE phase = 'pending';
