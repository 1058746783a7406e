-- 071_fund_donations.sql — money in (issue 12 item 3, docs/funds.md):
-- donations from individuals, enterprises and revenue give-back
-- (产业反哺), anonymous when the donor asks, and pledges.
--
-- A donation is recorded once per submission: client_id is the form's id
-- of the submission (UNIQUE), so a double-submitted or retried donation
-- answers the first. Its money moves in the ledger (070): a received
-- donation is a posted transfer (transfer_id), a pledge a pending one that
-- is later posted (fulfilled: posted_transfer_id), voided or expires; a
-- refund reverses the posted transfer. The status says which.
CREATE TABLE fund_donations (
	id ID_PK,
	client_id TEXT NOT NULL UNIQUE CHECK (length(client_id) BETWEEN 1 AND 64),
	fund_id INTEGER NOT NULL REFERENCES funds(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),       -- the fund's (scope)
	source TEXT NOT NULL CHECK (source IN ('individual','enterprise','give_back')),
	donor_name TEXT NOT NULL CHECK (length(donor_name) BETWEEN 1 AND 100),
	donor_user_id INTEGER REFERENCES users(id),              -- the donor's own account: their history
	donor_org_id INTEGER REFERENCES organisations(id),       -- an enterprise in the registry
	donor_phone TEXT NOT NULL DEFAULT '',                    -- for the receipt only, never public
	anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0,1)),
	amount INTEGER NOT NULL CHECK (amount > 0),              -- fen
	message TEXT NOT NULL DEFAULT '',                        -- 留言 (public unless anonymous)
	status TEXT NOT NULL CHECK (status IN ('received','pledged','void','refunded')),
	transfer_id INTEGER NOT NULL REFERENCES fund_transfers(id),  -- posted, or the pledge's pending one
	posted_transfer_id INTEGER REFERENCES fund_transfers(id),    -- a fulfilled pledge's post
	due_at INTEGER,                                          -- a pledge: expires then (NULL: never)
	received_at INTEGER,
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX fund_donations_fund ON fund_donations(fund_id, id);
CREATE INDEX fund_donations_donor ON fund_donations(donor_user_id, id);
CREATE INDEX fund_donations_region ON fund_donations(region_id, id);
