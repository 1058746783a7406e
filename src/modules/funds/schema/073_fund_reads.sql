-- 073_fund_reads.sql — what a fund's pages read at district scale
-- (bench/funds.sh: 10,000,000 transfers over 50,000 funds).
--  - a statement of a period (the public CSV/XLSX statement) walks the
--    fund's transfers of that period in time order, not its whole history;
--  - a fund's donations by status (the fund page's count of gifts
--    received, the donations tab's count and its status filter) read the
--    index alone, newest first by id within a status.
CREATE INDEX fund_transfers_fund_time ON fund_transfers(fund_id, created_at);
CREATE INDEX fund_donations_fund_status ON fund_donations(fund_id, status);
