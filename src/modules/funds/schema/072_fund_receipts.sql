-- 072_fund_receipts.sql — donation receipts (捐赠票据, issue 12 item 3).
-- The issuing charity is the fund's host (a named fund's), or the fund
-- itself when it has none: issuer 'org:<id>' or 'fund:<id>'. Its receipts
-- are numbered per year without gaps: seq is the issuer's next of the year,
-- taken under the write lock in the transaction that records the money, so
-- a number exists exactly when its receipt does. Receipts are never
-- deleted; a wrong one (a refunded donation) is voided with a reason and
-- keeps its number (and may be reissued under a new one). The first print is the original, later ones 副本.
CREATE TABLE fund_receipts (
	id ID_PK,
	donation_id INTEGER NOT NULL REFERENCES fund_donations(id),
	fund_id INTEGER NOT NULL REFERENCES funds(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	issuer TEXT NOT NULL,                   -- 'org:<id>' | 'fund:<id>'
	issuer_name TEXT NOT NULL,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
	seq INTEGER NOT NULL CHECK (seq > 0),
	number TEXT NOT NULL,                   -- 2026-000123
	donor_name TEXT NOT NULL,               -- as the receipt names them (an anonymous donor's real name: the receipt is theirs)
	amount INTEGER NOT NULL CHECK (amount > 0),
	fund_name TEXT NOT NULL,
	issued_at INTEGER NOT NULL,
	prints INTEGER NOT NULL DEFAULT 0 CHECK (prints >= 0),
	void_reason TEXT,
	void_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (issuer, year, seq),
	UNIQUE (issuer, number)
);
CREATE INDEX fund_receipts_fund ON fund_receipts(fund_id, id);
-- one valid receipt per donation (a voided one may be reissued under a new number)
CREATE UNIQUE INDEX fund_receipts_valid ON fund_receipts(donation_id) WHERE void_reason IS NULL;
CREATE INDEX fund_receipts_donation ON fund_receipts(donation_id, id);
