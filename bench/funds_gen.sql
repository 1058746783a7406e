-- bench/funds_gen.sql — the ledger bench/funds.sh measures: 10,000,000
-- transfers over 50,000 funds, generated set-based on top of a `wushe demo`
-- database in one transaction (run by bench/funds.sh with sqlite3; the
-- generator's version is GEN_VERSION there and this file's hash).
--
-- Funds 7..50006 (k = fund - 7): 9 in 10 named funds (冠名基金) hosted by the
-- demo's three charities (their income and payout accounts), 1 in 10
-- happiness funds (幸福基金) without a host (counterpart accounts of their
-- own, their own receipts); spread over the district's 33 communities.
-- The first 50 (k < 50) are the big ones: 20,180 transfers each over four
-- years (about 5,000 a year); the other 49,950 have 180 each. A fund's
-- transfers are interleaved with every other fund's (ids round-robin within
-- each tier), so reading one fund's year touches a page per row, as a real
-- ledger written over years would.
--
-- Each fund's transfers run in groups of ten (j = its 0-based sequence):
--   j%10 = 0  a donation (individual)             → refunded at j%10 = 9
--          1  money in (transfer from the host's income account)
--          2  a give-back donation (产业反哺)
--          3  money in             4  money in
--          5  a donation (individual, or an enterprise when id%3 = 0)
--          6  money in
--          7  a grant reserved (pending, 5,000–9,999 fen, to the payout account)
--          8  the grant paid (the post of 7)
--          9  the refund of 0 (a reversal: the same amount back to income)
-- Money in is 10,000–100,000 fen, so a group brings in at least 70,000 and
-- takes out at most 10,000 + the refunded gift: no fund goes below zero at
-- any point, reservations included. Every donation (3 a group: 3,000,000)
-- has its fund_donations row (id = its transfer's id) and its receipt (the
-- issuer's next number of its year, without gaps after the demo's own); a
-- refunded one is 'refunded' and its receipt voided with the reason.
--
-- The ledger's insert triggers are dropped for the load and recreated
-- unchanged from their stored text; the accounts' four sums are then
-- computed once, from all the transfers, exactly as the triggers keep them
-- (posted: single and post; pending: pending less what resolved it) —
-- `wushe funds check` recomputes them again and must find nothing.
-- Secondary indexes of the three big tables (whatever the migrations made)
-- are dropped and rebuilt after from their stored definitions.
-- No audit entries are written for the generated rows.
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1500000;
PRAGMA temp_store = FILE;
BEGIN IMMEDIATE;

CREATE TEMP TABLE keep_sql AS
	SELECT type, name, sql FROM sqlite_master
	WHERE tbl_name IN ('fund_transfers','fund_donations','fund_receipts') AND sql IS NOT NULL
	AND (type = 'index' OR (type = 'trigger' AND name IN ('fund_transfers_resolve','fund_transfers_reverse','fund_transfers_sums')));
DROP TRIGGER fund_transfers_resolve;
DROP TRIGGER fund_transfers_reverse;
DROP TRIGGER fund_transfers_sums;
-- @DROP_INDEXES (bench/funds.sh: every secondary index of the three tables, from sqlite_master)

-- the constants
CREATE TEMP TABLE g (base INTEGER, nb INTEGER, na INTEGER, fa INTEGER, fb INTEGER, t0 INTEGER, span INTEGER);
-- transfers from id 1000 (the demo's are below); 2023-01-01 to 2026-12-01 Shanghai
INSERT INTO g VALUES (1000, 20180, 180, 49950, 50, 1672502400000000, 123552000000000);

CREATE TEMP TABLE comm AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id, name FROM regions WHERE level = 'community';
CREATE TEMP TABLE host (i INTEGER PRIMARY KEY, org INTEGER, income INTEGER, payout INTEGER, name TEXT);
INSERT INTO host SELECT x.i, x.org, (SELECT id FROM fund_accounts WHERE kind='income' AND org_id=x.org),
	(SELECT id FROM fund_accounts WHERE kind='payout' AND org_id=x.org), (SELECT name FROM organisations WHERE id=x.org)
	FROM (SELECT 0 AS i, 270 AS org UNION ALL SELECT 1, 271 UNION ALL SELECT 2, 5) x;

-- the generated funds
CREATE TEMP TABLE gf (k INTEGER PRIMARY KEY, fund INTEGER, region INTEGER, hostless INTEGER, host_org INTEGER,
	acct INTEGER, acct_in INTEGER, acct_out INTEGER, n INTEGER, stride INTEGER, jit INTEGER, name TEXT, issuer TEXT,
	issuer_name TEXT);
WITH RECURSIVE ks(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM ks WHERE k < 49999)
INSERT INTO gf
SELECT k, 7 + k, c.id, k % 10 = 9, CASE WHEN k % 10 = 9 THEN NULL ELSE h.org END,
	15 + k, CASE WHEN k % 10 = 9 THEN 60000 + 2 * k ELSE h.income END,
	CASE WHEN k % 10 = 9 THEN 60001 + 2 * k ELSE h.payout END,
	CASE WHEN k < 50 THEN g.nb ELSE g.na END, CASE WHEN k < 50 THEN g.fb ELSE g.fa END, (k * 7919) % 1000,
	c.name || '第' || k || '号' || CASE WHEN k % 10 = 9 THEN '幸福基金' ELSE '冠名基金' END, NULL, NULL
FROM ks JOIN g JOIN comm c ON c.i = k % 33 JOIN host h ON h.i = k % 3;
UPDATE gf SET issuer = CASE WHEN hostless THEN 'fund:' || fund ELSE 'org:' || host_org END,
	issuer_name = CASE WHEN hostless THEN name ELSE (SELECT h.name FROM host h WHERE h.org = gf.host_org) END;

INSERT INTO funds (id, region_id, host_org_id, kind, name, purpose, status, publishes_projects, version, created_at, updated_at)
SELECT fund, region, host_org, CASE WHEN hostless THEN 'happiness' ELSE 'named_community' END, name,
	'压测基金：社区公益项目与困难居民帮扶', 'active', 1, 1, (SELECT t0 FROM g), (SELECT t0 FROM g) FROM gf;
INSERT INTO fund_accounts (id, kind, fund_id, org_id, region_id, created_at)
SELECT acct, 'fund', fund, NULL, region, (SELECT t0 FROM g) FROM gf;
INSERT INTO fund_accounts (id, kind, fund_id, org_id, region_id, created_at)
SELECT acct_in, 'income', fund, NULL, region, (SELECT t0 FROM g) FROM gf WHERE hostless;
INSERT INTO fund_accounts (id, kind, fund_id, org_id, region_id, created_at)
SELECT acct_out, 'payout', fund, NULL, region, (SELECT t0 FROM g) FROM gf WHERE hostless;

-- the transfers: id → (tier, fund, j)
WITH RECURSIVE ids(id) AS (SELECT (SELECT base FROM g) UNION ALL SELECT id + 1 FROM ids
		WHERE id < (SELECT base + na * fa + nb * fb - 1 FROM g)),
	pos AS (SELECT ids.id, CASE WHEN ids.id - g.base < g.na * g.fa THEN 50 + (ids.id - g.base) % g.fa
			ELSE (ids.id - g.base - g.na * g.fa) % g.fb END AS k,
		CASE WHEN ids.id - g.base < g.na * g.fa THEN (ids.id - g.base) / g.fa
			ELSE (ids.id - g.base - g.na * g.fa) / g.fb END AS j, g.t0, g.span
		FROM ids JOIN g),
	t AS (SELECT pos.id, pos.j % 10 AS r, pos.j, f.*, pos.t0 + (pos.j * pos.span) / f.n + f.jit * (pos.span / f.n / 1000) AS at
		FROM pos JOIN gf f ON f.k = pos.k)
INSERT INTO fund_transfers (id, client_id, debit_account_id, credit_account_id, amount, kind, phase, pending_id,
	reverses_id, timeout_at, fund_id, region_id, memo, reason, ref_type, ref_id, created_by, created_at)
SELECT id,
	CASE WHEN r IN (0, 2, 5) THEN printf('donation:gen1-%09d', id) WHEN r = 9 THEN printf('refund:gen1-%09d', id - 9 * stride)
		ELSE printf('gen1-%09d', id) END,
	CASE WHEN r <= 6 THEN acct_in ELSE acct END,
	CASE WHEN r <= 6 THEN acct WHEN r IN (7, 8) THEN acct_out ELSE acct_in END,
	CASE WHEN r <= 6 THEN 10000 + (id * 7919) % 90001 WHEN r = 7 THEN 5000 + id % 5000
		WHEN r = 8 THEN 5000 + (id - stride) % 5000 ELSE 10000 + ((id - 9 * stride) * 7919) % 90001 END,
	CASE r WHEN 0 THEN 'donation' WHEN 2 THEN 'give_back' WHEN 5 THEN 'donation' WHEN 7 THEN 'grant' WHEN 8 THEN 'grant'
		WHEN 9 THEN 'reversal' ELSE 'transfer' END,
	CASE r WHEN 7 THEN 'pending' WHEN 8 THEN 'post' ELSE 'single' END,
	CASE WHEN r = 8 THEN id - stride END,
	CASE WHEN r = 9 THEN id - 9 * stride END,
	NULL, fund, region,
	CASE r WHEN 0 THEN '个人捐赠' WHEN 2 THEN '产业反哺' WHEN 5 THEN CASE WHEN id % 3 = 0 THEN '企业捐赠' ELSE '个人捐赠' END
		WHEN 7 THEN '资助拨付' WHEN 8 THEN '资助拨付' WHEN 9 THEN '冲正：个人捐赠' ELSE '资金划入' END,
	CASE WHEN r = 9 THEN '捐赠人要求退回' ELSE '' END,
	CASE WHEN r IN (0, 2, 5, 9) THEN 'donation' END,
	CASE WHEN r IN (0, 2, 5) THEN id WHEN r = 9 THEN id - 9 * stride END,
	NULL, at
FROM t;

-- the donations: one per donation transfer, the same id
INSERT INTO fund_donations (id, client_id, fund_id, region_id, source, donor_name, donor_user_id, donor_org_id,
	donor_phone, anonymous, amount, message, status, transfer_id, posted_transfer_id, due_at, received_at, created_by,
	version, created_at, updated_at)
SELECT t.id, printf('gen1-%09d', t.id), t.fund_id, t.region_id, x.source,
	CASE x.source
		WHEN 'individual' THEN substr('陈李黄梁何罗吴张周冯邓麦潘苏伍谭区欧卢刘', 1 + t.id % 20, 1)
			|| substr('志强秀英嘉欣伟明丽华建国婉仪家豪淑芬永康美玲国栋月娥锦荣慧敏振华小梅文杰桂芳子轩雅琪俊杰翠兰浩然凤仪', 1 + 2 * ((t.id / 20) % 30), 2)
		WHEN 'enterprise' THEN CASE t.id % 8 WHEN 0 THEN '美的集团股份有限公司' WHEN 1 THEN '广东格兰仕集团有限公司'
			WHEN 2 THEN '海信家电集团股份有限公司' WHEN 3 THEN '广东万家乐燃气具有限公司' WHEN 4 THEN '广东顺德农村商业银行'
			WHEN 5 THEN '碧桂园控股有限公司' WHEN 6 THEN '顺德区金纺集团' ELSE '广东德美精细化工集团' END
		ELSE CASE t.id % 4 WHEN 0 THEN '集体物业经营收益' WHEN 1 THEN '农贸市场经营收益' WHEN 2 THEN '股份合作社分红'
			ELSE '村集体厂房租金' END END,
	NULL, NULL, '', CASE WHEN x.source = 'individual' AND t.id % 11 = 0 THEN 1 ELSE 0 END, t.amount, '',
	CASE WHEN EXISTS (SELECT 1 FROM fund_transfers x WHERE x.reverses_id = t.id) THEN 'refunded' ELSE 'received' END,
	t.id, NULL, NULL, t.created_at, NULL,
	CASE WHEN EXISTS (SELECT 1 FROM fund_transfers x WHERE x.reverses_id = t.id) THEN 2 ELSE 1 END,
	t.created_at, t.created_at
FROM fund_transfers t JOIN (SELECT 'donation' AS kind UNION ALL SELECT 'give_back') k ON k.kind = t.kind
	JOIN (SELECT 'individual' AS source, 0 AS m UNION ALL SELECT 'enterprise', 1 UNION ALL SELECT 'give_back', 2) x
	ON x.m = CASE WHEN t.kind = 'give_back' THEN 2 WHEN t.memo = '企业捐赠' THEN 1 ELSE 0 END
WHERE t.id >= 1000 AND t.phase = 'single';

-- their receipts: the issuer's next number of the (Shanghai) year, after the demo's
CREATE TEMP TABLE seq0 AS SELECT issuer, year, max(seq) AS m FROM fund_receipts GROUP BY issuer, year;
INSERT INTO fund_receipts (id, donation_id, fund_id, region_id, issuer, issuer_name, year, seq, number, donor_name,
	amount, fund_name, issued_at, prints, void_reason, void_at, version, created_at, updated_at)
SELECT id, id, fund_id, region_id, issuer, issuer_name, year, s, printf('%04d-%06d', year, s), donor_name, amount, name,
	created_at, 0, CASE WHEN status = 'refunded' THEN '退款：捐赠人要求退回' END,
	CASE WHEN status = 'refunded' THEN created_at + 1 END, CASE WHEN status = 'refunded' THEN 2 ELSE 1 END,
	created_at, created_at
FROM (SELECT d.id, d.fund_id, d.region_id, f.issuer, f.issuer_name, y.year, d.donor_name, d.amount, f.name, d.created_at,
		d.status, coalesce(z.m, 0) + row_number() OVER (PARTITION BY f.issuer, y.year ORDER BY d.id) AS s
	FROM fund_donations d JOIN gf f ON f.fund = d.fund_id
	JOIN (SELECT d2.id AS did, CAST(strftime('%Y', d2.created_at / 1000000 + 28800, 'unixepoch') AS INTEGER) AS year
		FROM fund_donations d2 WHERE d2.id >= 1000) y ON y.did = d.id
	LEFT JOIN seq0 z ON z.issuer = f.issuer AND z.year = y.year
	WHERE d.id >= 1000)
ORDER BY issuer, year, s;

-- the indexes and triggers back, as they were
SELECT 'rebuilding indexes';
-- @CREATE_INDEXES (bench/funds.sh: the same indexes, from their stored definitions)

-- the accounts' four sums, once, from every transfer — the triggers' rule
SELECT 'account sums';
CREATE TEMP TABLE sums AS
SELECT acct, sum(dp) AS dp, sum(cp) AS cp, sum(dq) AS dq, sum(cq) AS cq FROM (
	SELECT t.debit_account_id AS acct, CASE WHEN t.phase IN ('single','post') THEN t.amount ELSE 0 END AS dp, 0 AS cp,
		CASE WHEN t.phase = 'pending' THEN t.amount WHEN t.pending_id IS NOT NULL
			THEN -(SELECT p.amount FROM fund_transfers p WHERE p.id = t.pending_id) ELSE 0 END AS dq, 0 AS cq
	FROM fund_transfers t
	UNION ALL
	SELECT t.credit_account_id, 0, CASE WHEN t.phase IN ('single','post') THEN t.amount ELSE 0 END, 0,
		CASE WHEN t.phase = 'pending' THEN t.amount WHEN t.pending_id IS NOT NULL
			THEN -(SELECT p.amount FROM fund_transfers p WHERE p.id = t.pending_id) ELSE 0 END
	FROM fund_transfers t) GROUP BY acct;
UPDATE fund_accounts SET debits_posted = s.dp, credits_posted = s.cp, debits_pending = s.dq, credits_pending = s.cq
	FROM sums s WHERE s.acct = fund_accounts.id;
SELECT 'triggers';
CREATE TRIGGER fund_transfers_resolve BEFORE INSERT ON fund_transfers
WHEN NEW.pending_id IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'a post, void or expiry must resolve a pending transfer between the same accounts')
	WHERE NOT EXISTS (SELECT 1 FROM fund_transfers p WHERE p.id = NEW.pending_id AND p.phase = 'pending'
		AND p.debit_account_id = NEW.debit_account_id AND p.credit_account_id = NEW.credit_account_id
		AND p.fund_id = NEW.fund_id AND p.kind = NEW.kind
		AND (NEW.amount = p.amount OR (NEW.phase = 'post' AND NEW.amount < p.amount)));
END;
CREATE TRIGGER fund_transfers_reverse BEFORE INSERT ON fund_transfers
WHEN NEW.reverses_id IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'a reversal must undo a posted transfer: the same amount, the accounts swapped')
	WHERE NOT EXISTS (SELECT 1 FROM fund_transfers o WHERE o.id = NEW.reverses_id
		AND o.phase IN ('single','post') AND o.kind <> 'reversal' AND o.amount = NEW.amount
		AND o.debit_account_id = NEW.credit_account_id AND o.credit_account_id = NEW.debit_account_id);
END;
CREATE TRIGGER fund_transfers_sums AFTER INSERT ON fund_transfers
BEGIN
	-- a resolution first releases what its pending transfer reserved
	UPDATE fund_accounts SET debits_pending = debits_pending
		- (SELECT p.amount FROM fund_transfers p WHERE p.id = NEW.pending_id)
		WHERE NEW.pending_id IS NOT NULL AND id = NEW.debit_account_id;
	UPDATE fund_accounts SET credits_pending = credits_pending
		- (SELECT p.amount FROM fund_transfers p WHERE p.id = NEW.pending_id)
		WHERE NEW.pending_id IS NOT NULL AND id = NEW.credit_account_id;
	UPDATE fund_accounts SET debits_pending = debits_pending + NEW.amount
		WHERE NEW.phase = 'pending' AND id = NEW.debit_account_id;
	UPDATE fund_accounts SET credits_pending = credits_pending + NEW.amount
		WHERE NEW.phase = 'pending' AND id = NEW.credit_account_id;
	UPDATE fund_accounts SET debits_posted = debits_posted + NEW.amount
		WHERE NEW.phase IN ('single','post') AND id = NEW.debit_account_id;
	UPDATE fund_accounts SET credits_posted = credits_posted + NEW.amount
		WHERE NEW.phase IN ('single','post') AND id = NEW.credit_account_id;
END;
-- the recreated schema must be the one the migrations made
SELECT CASE WHEN (SELECT count(*) FROM keep_sql k WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m
	WHERE m.name = k.name AND m.type = k.type AND replace(replace(replace(m.sql, char(9), ''), char(10), ''), ' ', '')
		= replace(replace(replace(k.sql, char(9), ''), char(10), ''), ' ', ''))) = 0
	THEN 'schema restored' ELSE 'SCHEMA DIFFERS' END;
COMMIT;
PRAGMA journal_mode = WAL;

