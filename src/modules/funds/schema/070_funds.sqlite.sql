-- SQLite's part of 070_funds: the ledger's rules the database itself
-- keeps, whatever writes to it (docs/funds.md).
--  - transfers are append-only;
--  - a post, void or expiry resolves a pending transfer between the same
--    accounts (a void or expiry of all of it, a post of at most all of it);
--  - a reversal undoes a posted transfer: the same amount, accounts swapped;
--  - the accounts' four sums follow every insert (the CHECK on a fund
--    account then refuses what would take it below zero, and the insert
--    with it).
CREATE TRIGGER fund_transfers_no_update BEFORE UPDATE ON fund_transfers
BEGIN SELECT RAISE(ABORT, 'fund transfers are append-only: post a reversal'); END;
CREATE TRIGGER fund_transfers_no_delete BEFORE DELETE ON fund_transfers
BEGIN SELECT RAISE(ABORT, 'fund transfers are append-only: post a reversal'); END;

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
