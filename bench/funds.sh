#!/bin/sh
# bench/funds.sh — the charity funds' ledger at 10,000,000 transfers (issue 12
# item 11; docs/performance.md "Funds at 10M transfers"). Not a timed test: it
# prints its figures next to a reference measured in the same run, and the
# query plans; it exits 1 only on a wrong result (a mismatch of
# `wushe funds check`, a lost acknowledged donation, a plan that scans a
# table growing with the district, a page that does not answer 200).
#
#  1. The ledger: a `wushe demo` database grown by bench/funds_gen.sql
#     (sqlite3, one transaction, set-based: 50,000 funds, 10,000,000
#     transfers, 3,000,000 donations with their receipts; the insert
#     triggers dropped and recreated, the accounts' sums computed once) —
#     cached under $BENCH_BIG (default /work/big/fbench) as
#     funds-v$GEN_VERSION-<hash of the generator>.db; remove that file (or
#     change either) to regenerate (about 3 minutes here, one heavy
#     process). A later migration reaches a cached ledger through
#     `wushe migrate` on the run's copy ($BENCH_BIG/run.db, removed at the
#     end). `wushe funds check` on it must be exact (timed: the reference for
#     the check after the crash).
#  2. Postings: wrk, 64 keep-alive connections, POST /api/v1/funds/{id}/donations
#     (a district admin's API token; each request a new client_id
#     "bench-<run>-<thread>-<n>", a random generated fund) — the real path:
#     the donation, its ledger transfer (trigger-kept sums), its receipt
#     number, three audit entries, one durable group commit. Twice: a clean
#     run (writes/s, p50, p99; target >= 5,000/s), and a run whose server is
#     killed with SIGKILL halfway; then restart, `wushe funds check` exact,
#     and every acknowledged donation present (the run's client ids counted
#     against wrk's 2xx, as bench/writes.sh does).
#     References: the disk's fdatasync ceiling (4 KiB appends, what one
#     commit costs at least) and GET /api/v1/health at 64 connections (the
#     server's ceiling for a request that does nothing).
#  3. Reads: a fund's statement for a year (the public statement as CSV
#     and XLSX, rows checked against the ledger), the public page, the fund's page and its transfers and donations tabs) for
#     the 50 big funds (about 4,600 movements a year) and 200 small ones:
#     p50/p99 each (target: the year's statement <= 100 ms) with one
#     connection, and the server's CPU time per request (/proc: the figure
#     that holds on a loaded machine), and the EXPLAIN
#     QUERY PLAN of each query behind them (copied from the C sources named;
#     a SCAN of a growing table fails the run).
# Knobs: WUSHE_BIN (copied before the runs), BENCH_SECONDS (per wrk run,
# default 20), BENCH_BIG, BENCH_PORT, BENCH_THREADS (server threads, default 8),
# BENCH_ONLY=gen (only make the cached ledger), BENCH_DB (a ledger file to use
# instead of the cache; it is copied).
set -eu
# run from a copy of this script, so editing it during a long run is safe
if [ -z "${FUNDS_SH_DIR:-}" ]; then
	FUNDS_SH_DIR=$(cd "$(dirname "$0")/.." && pwd)
	c=$(mktemp)
	cp "$0" "$c"
	export FUNDS_SH_DIR
	sh "$c" "$@" && rc=0 || rc=$?
	rm -f "$c"
	exit $rc
fi
cd "$FUNDS_SH_DIR"
GEN_VERSION=1
SRC_BIN=${WUSHE_BIN:-build/wushe}
DUR=${BENCH_SECONDS:-20}
PORT=${BENCH_PORT:-18231}
THREADS=${BENCH_THREADS:-8}
CONN=64
BIG=${BENCH_BIG:-/work/big/fbench}
PY=/usr/bin/python3
say() { echo "funds: $*"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }
[ -x "$SRC_BIN" ] || { echo "bench/funds.sh: $SRC_BIN not built (make build/wushe)" >&2; exit 2; }
mkdir -p "$BIG"
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; rm -f "$BIG/run.db" "$BIG/run.db-wal" "$BIG/run.db-shm"; }
trap cleanup EXIT INT TERM
# a copy of the binary: a rebuild during the run does not change what is measured
BIN=$tmp/wushe
cp "$SRC_BIN" "$BIN"

# 1. the ledger, cached
hash=$(sha1sum bench/funds_gen.sql | cut -c1-8)
cache=${BENCH_DB:-$BIG/funds-v$GEN_VERSION-$hash.db}
if [ ! -f "$cache" ]; then
	say "generating $cache (10,000,000 transfers; minutes) …"
	t0=$(now)
	rm -f "$cache.tmp" "$cache.tmp-wal" "$cache.tmp-shm"
	$BIN demo --db "$cache.tmp" >/dev/null
	# the secondary indexes of the big tables, dropped for the load and rebuilt after
	ix="type = 'index' AND sql IS NOT NULL AND tbl_name IN ('fund_transfers','fund_donations','fund_receipts')"
	sqlite3 "$cache.tmp" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE $ix" >"$tmp/drop.sql"
	sqlite3 "$cache.tmp" "SELECT sql || ';' FROM sqlite_master WHERE $ix" >"$tmp/create.sql"
	awk -v d="$tmp/drop.sql" -v c="$tmp/create.sql" '
		/^-- @DROP_INDEXES/ { while ((getline l < d) > 0) print l; next }
		/^-- @CREATE_INDEXES/ { while ((getline l < c) > 0) print l; next }
		{ print }' bench/funds_gen.sql >"$tmp/gen.sql"
	sqlite3 -bail "$cache.tmp" <"$tmp/gen.sql" >"$tmp/gen.out" || { cat "$tmp/gen.out"; exit 1; }
	grep -q '^schema restored$' "$tmp/gen.out" || { cat "$tmp/gen.out"; say "the ledger's triggers or indexes were not restored"; exit 1; }
	t1=$(now)
	$BIN funds check --db "$cache.tmp" >"$tmp/check0" 2>"$tmp/check0.err" || {
		cat "$tmp/check0" "$tmp/check0.err" | head -20; say "the generated ledger does not add up — WRONG"; exit 1; }
	mv "$cache.tmp" "$cache"
	say "generated in $(secs "$t0" "$t1") s (funds check $(secs "$t1" "$(now)") s: $(cat "$tmp/check0"))"
fi
[ "${BENCH_ONLY:-}" = gen ] && exit 0

# the run's copy (the crash test writes to it)
db=$BIG/run.db
t0=$(now)
rm -f "$db" "$db-wal" "$db-shm"
cp "$cache" "$db"
$BIN migrate --db "$db" >/dev/null
say "ledger: $(sqlite3 "$db" "SELECT (SELECT count(*) FROM funds)||' funds, '||(SELECT count(*) FROM fund_accounts)||' accounts, '||(SELECT count(*) FROM fund_transfers)||' transfers, '||(SELECT count(*) FROM fund_donations)||' donations, '||(SELECT count(*) FROM fund_receipts)||' receipts'") ($(du -m "$db" | cut -f1) MB; copied and migrated in $(secs "$t0" "$(now)") s)"
t0=$(now)
$BIN funds check --db "$db" >"$tmp/check1" 2>"$tmp/check1.err" || { cat "$tmp/check1" "$tmp/check1.err" | head; say "funds check before the runs — WRONG"; exit 1; }
check_ref=$(secs "$t0" "$(now)")
say "funds check before the runs: $(cat "$tmp/check1") in $check_ref s"

start() {
	$BIN serve --db "$db" --port "$PORT" --threads "$THREADS" --log-level warn >>"$tmp/serve.log" 2>&1 &
	pid=$!
	i=0
	until curl -sf "127.0.0.1:$PORT/api/v1/health" >/dev/null; do
		i=$((i + 1)); [ $i -gt 600 ] && { tail "$tmp/serve.log"; say "server did not start"; exit 2; }
		sleep 0.1
	done
}
stop() {
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
	wait "$pid" 2>/dev/null || true
	pid=
}
start
login=$(curl -s -i -H 'Content-Type: application/json' -d '{"username":"admin","password":"Demo@2026"}' \
	"127.0.0.1:$PORT/api/v1/auth/login")
cookie=$(echo "$login" | sed -n 's/^Set-Cookie: \(wushe_session=[^;]*\).*/\1/p')
csrf=$(echo "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' | head -1)
token=$(curl -s -H 'Content-Type: application/json' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
	-d '{"name":"bench"}' "127.0.0.1:$PORT/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { say "setup failed (no API token)"; exit 2; }

# 2. postings
cat >"$tmp/donate.lua" <<LUA
-- Every request a new donation to a random generated fund, its client id
-- the run's name, the thread and a number.
local made = 0
setup = function(thread) made = made + 1; thread:set("id", made) end
local n = 0
local run = "x"
init = function(args) run = args[1] or "x"; math.randomseed(id * 7919 + os.time()) end
request = function()
  n = n + 1
  local fund = 7 + math.random(0, 49999)
  local body = string.format('{"client_id":"bench-%s-%d-%d","source":"individual","donor_name":"压测捐赠人",'
    .. '"amount_fen":%d,"message":"bench"}', run, id, n, 100 + math.random(0, 99900))
  return wrk.format("POST", "/api/v1/funds/" .. fund .. "/donations",
    {["Content-Type"]="application/json", ["Authorization"]="Bearer $token"}, body)
end
LUA
# wrk's figures: "req/s p50 p99 non-2xx requests"
figures() {
	awk '/Requests\/sec/ {r=$2} / 50%/ {p50=$2} / 99%/ {p=$2} /Non-2xx/ {bad=$NF}
	     /requests in/ {n=$1} END {printf "%s %s %s %s %s", r, p50, p, (bad==""?0:bad), n}' "$1"
}
# acknowledged donations of a run present: "ok" or a message
present() { # run wrk-output
	set -- "$1" $(figures "$2")
	n=$6; bad=$5
	got=$(sqlite3 "$db" "SELECT count(*) FROM fund_donations WHERE client_id >= 'bench-$1-' AND client_id < 'bench-$1.'")
	ok=$((n - bad))
	if [ "$bad" != 0 ] || [ "$got" -lt "$ok" ] || [ "$got" -gt $((ok + CONN)) ]; then
		echo "wrk counted $ok acknowledged, the database holds $got, non-2xx $bad — WRONG"
	else
		echo "$ok acknowledged, $got in the database (ok)"
	fi
}
fail=0
# references: the disk's ceiling (4 KiB append + fdatasync, what one commit
# costs at least) and the server's for a request that does nothing
fsyncs=$($PY - "$BIG/fsync.test" <<'PYF'
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
n, t0 = 0, time.time()
while time.time() - t0 < 2:
    os.write(fd, b"x" * 4096); os.fdatasync(fd); n += 1
os.unlink(sys.argv[1])
print("%.0f" % (n / (time.time() - t0)))
PYF
)
wrk -t2 -c$CONN -d"${DUR}s" --latency "http://127.0.0.1:$PORT/api/v1/health" >"$tmp/wrk-health" 2>&1
set -- $(figures "$tmp/wrk-health"); ref_rps=$1; ref_p99=$3
wrk -t2 -c$CONN -d"${DUR}s" --latency -s "$tmp/donate.lua" "http://127.0.0.1:$PORT" -- clean >"$tmp/wrk-clean" 2>&1
set -- $(figures "$tmp/wrk-clean"); post_rps=$1; post_p50=$2; post_p99=$3; post_bad=$4
# (the server logs its batches when it stops)
stop
batches=$(grep -o 'group commit: [0-9]* writes in [0-9]* batches' "$tmp/serve.log" | tail -1 || true)
start
# the crash: SIGKILL halfway through a run
wrk -t2 -c$CONN -d"${DUR}s" --latency -s "$tmp/donate.lua" "http://127.0.0.1:$PORT" -- crash >"$tmp/wrk-crash" 2>&1 &
wpid=$!
sleep $((DUR / 2))
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=
wait "$wpid" || true
t0=$(now)
start
restart=$(secs "$t0" "$(now)")
stop
clean_ok=$(present clean "$tmp/wrk-clean")
crash_ok=$(present crash "$tmp/wrk-crash")
case "$clean_ok$crash_ok" in *WRONG*) fail=1 ;; esac
t0=$(now)
if $BIN funds check --db "$db" >"$tmp/check2" 2>"$tmp/check2.err"; then
	check2="exact: $(cat "$tmp/check2")"
else
	check2="WRONG: $(cat "$tmp/check2") $(head -5 "$tmp/check2.err")"; fail=1
fi
check2_s=$(secs "$t0" "$(now)")
say "reference: disk ceiling (4 KiB append + fdatasync, one thread): $fsyncs/s"
say "reference: GET /api/v1/health at $CONN connections: $ref_rps req/s, p99 $ref_p99"
say "postings: POST /api/v1/funds/{id}/donations, $CONN connections, ${DUR}s, $THREADS server threads"
say "postings: $post_rps donations/s, p50 $post_p50, p99 $post_p99 (non-2xx $post_bad)${batches:+; server: $batches}"
say "postings: every acknowledged donation present: clean run $clean_ok"
say "crash: SIGKILL after $((DUR / 2)) s of $DUR s of postings; restart in $restart s; crash run $crash_ok"
say "crash: wushe funds check after the restart ($check2_s s): $check2"
say "postings = $post_rps donations/s (target >= 5000), p99 $post_p99"

# 3. reads: a fund's pages and its statement for a year
start
cat >"$tmp/reads.py" <<'PY'
import http.client, json, sqlite3, sys, time
import os
port, cookie, db, spid = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
HZ = os.sysconf("SC_CLK_TCK")
def cpu():  # the server's CPU time (utime + stime), seconds
    f = open("/proc/%s/stat" % spid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / HZ
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
big = list(range(7, 57))                          # ~20,000 transfers each, ~5,000 in 2025
small = [57 + i * 249 for i in range(200)]        # 180 each, ~45 in 2025
YEAR = "from=2025-01-01&to=2025-12-31"
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
def get(path, auth=True):
    # the public routes are read with the session too: anonymous callers
    # share a per-address budget (429 past it); the handler is the same
    h = {"Cookie": cookie}
    t = time.perf_counter()
    conn.request("GET", path, headers=h)
    r = conn.getresponse()
    body = r.read()
    return r.status, body, (time.perf_counter() - t) * 1000
def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
pages = [
    ("statement 2025 CSV (public)", "/api/v1/public/funds/%d/statement/export?" + YEAR + "&format=csv", False, 100),
    ("statement 2025 XLSX (public)", "/api/v1/public/funds/%d/statement/export?" + YEAR + "&format=xlsx", False, 100),
    ("public page", "/api/v1/public/funds/%d", False, 100),
    ("fund page", "/api/v1/funds/%d", True, 100),
    ("fund transfers, page 1", "/api/v1/funds/%d/transfers", True, 100),
    ("fund transfers, page 50", "/api/v1/funds/%d/transfers?page=50", True, 100),
    ("fund donations, page 1", "/api/v1/funds/%d/donations", True, 100),
]
bad = 0
print("%-32s %-28s %9s %9s %9s %9s  %s" % ("page", "funds", "p50 ms", "p99 ms", "max ms", "CPU ms", "verdict"))
for name, path, auth, target in pages:
    for group, funds, rounds in (("50 big (~4,600 movements/yr)", big, 4), ("200 small (~41 movements/yr)", small, 1)):
        lat = []
        c0 = cpu()
        for r in range(rounds):
            for f in funds:
                st, body, ms = get(path % f, auth)
                if st != 200:
                    if bad < 5:
                        print("  %s fund %d answered %d: %s" % (name, f, st, body[:200]))
                    bad += 1; continue
                lat.append(ms)
                if r == 0 and name.startswith("statement 2025 CSV") and f in (funds[0], funds[-1]):
                    # the statement's rows against the ledger: every posted movement of the year
                    want = con.execute("SELECT count(*) FROM fund_transfers WHERE fund_id=? AND phase IN ('single','post')"
                                       " AND created_at >= 1735660800000000 AND created_at < 1767196800000000", (f,)).fetchone()[0]
                    got = body.decode("utf-8-sig").strip().count("\n")
                    ok = got == want
                    print("  statement rows of fund %d: %d, the ledger's 2025 movements %d %s" % (f, got, want, "(ok)" if ok else "DIFFER"))
                    bad += not ok
        c1 = cpu()
        if lat:
            v = "ok (p99 <= %d ms)" % target if pct(lat, 99) <= target else "MISSES p99 <= %d ms" % target
            print("%-32s %-28s %9.1f %9.1f %9.1f %9.1f  %s" % (name, group, pct(lat, 50), pct(lat, 99), max(lat),
                  (c1 - c0) * 1000 / len(lat), v))
sys.exit(1 if bad else 0)
PY
$PY "$tmp/reads.py" "$PORT" "$cookie" "$db" "$pid" || fail=1
stop

# the plans of the queries behind those pages and the posting (their SQL as
# the C sources named write it; ? unbound). A SCAN of a table that grows
# with the district fails the run.
cat >"$tmp/plans.py" <<'PY'
import sqlite3, sys
con = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
MOVEMENT_COLS = ("SELECT t.id, t.created_at, t.amount, t.credit_account_id = a.id, t.kind, t.memo,"
    " coalesce(t.ref_type, ''), coalesce(t.ref_id, 0),"
    " (SELECT CASE WHEN d.anonymous = 1 THEN '匿名' ELSE d.donor_name END FROM fund_donations d"
    "  WHERE d.id = CASE WHEN t.ref_type = 'donation' THEN t.ref_id ELSE"
    "  (SELECT p.ref_id FROM fund_transfers p WHERE p.id = t.pending_id AND p.ref_type = 'donation') END)"
    " FROM fund_transfers t JOIN fund_accounts a ON a.kind='fund' AND a.fund_id=t.fund_id")
Q = [
 ("fund_load (funds/fund.c: every page and posting)",
  "SELECT f.id, f.region_id, coalesce(f.host_org_id, 0), f.kind, f.status, f.name, g.path,"
  " (SELECT a.id FROM fund_accounts a WHERE a.kind='fund' AND a.fund_id=f.id),"
  " (SELECT a.id FROM fund_accounts a WHERE a.kind='income' AND"
  "  ((f.host_org_id IS NULL AND a.fund_id=f.id) OR a.org_id=f.host_org_id)),"
  " (SELECT a.id FROM fund_accounts a WHERE a.kind='payout' AND"
  "  ((f.host_org_id IS NULL AND a.fund_id=f.id) OR a.org_id=f.host_org_id))"
  " FROM funds f JOIN regions g ON g.id=f.region_id WHERE f.id=?"),
 ("fund_balance_get (funds/ledger.c)",
  "SELECT credits_posted - debits_posted, credits_pending, debits_pending FROM fund_accounts WHERE kind='fund' AND fund_id=?"),
 ("fund page: donations received (funds/fund_http.c write_fund)",
  "SELECT count(*) FROM fund_donations WHERE fund_id=? AND status='received'"),
 ("fund page: the fund's row (funds/fund.c fund_kind.row_sql)",
  "SELECT f.id, f.region_id, g.name, f.host_org_id, o.name, f.kind, f.name, f.purpose, f.status"
  " FROM funds f JOIN regions g ON g.id=f.region_id LEFT JOIN organisations o ON o.id=f.host_org_id WHERE f.id=?"),
 ("fund page: committee rule (funds/fund.c)",
  "SELECT count(*) FROM fund_members WHERE fund_id=? AND role IN ('committee','chair')"),
 ("fund page: members (funds/fund_http.c write_members)",
  "SELECT m.id, m.role, m.name, m.user_id, u.username FROM fund_members m LEFT JOIN users u ON u.id=m.user_id"
  " WHERE m.fund_id=? ORDER BY CASE m.role WHEN 'chair' THEN 0 ELSE 4 END, m.id"),
 ("transfers tab: count (funds/fund_http.c h_transfers)",
  "SELECT count(*) FROM fund_transfers WHERE fund_id=? AND ? IS NOT NULL"),
 ("transfers tab: page (funds/fund_http.c h_transfers)",
  "SELECT t.id, t.kind, (SELECT x.id FROM fund_transfers x WHERE x.reverses_id=t.id),"
  " (SELECT x.phase FROM fund_transfers x WHERE x.pending_id=t.id)"
  " FROM fund_transfers t WHERE t.fund_id=? AND ? IS NOT NULL ORDER BY t.id DESC LIMIT ? OFFSET ?"),
 ("donations tab: count (funds/donation_http.c h_fund_donations)",
  "SELECT count(*) FROM fund_donations WHERE fund_id=?"),
 ("donations tab: count, ?status (funds/donation_http.c h_fund_donations)",
  "SELECT count(*) FROM fund_donations WHERE fund_id=? AND status=?"),
 ("donations tab: page (funds/donation_http.c h_fund_donations)",
  "SELECT d.id, d.donor_name, r.id, r.number FROM fund_donations d LEFT JOIN fund_receipts r ON r.donation_id=d.id"
  " AND r.void_reason IS NULL WHERE d.fund_id=? ORDER BY d.id DESC LIMIT ? OFFSET ?"),
 ("donations tab: page, ?status (funds/donation_http.c h_fund_donations)",
  "SELECT d.id, d.donor_name, r.id, r.number FROM fund_donations d LEFT JOIN fund_receipts r ON r.donation_id=d.id"
  " AND r.void_reason IS NULL WHERE d.fund_id=? AND d.status=? ORDER BY d.id DESC LIMIT ? OFFSET ?"),
 ("public page: movements, newest 200 (grants/grants_funds_ext.c gr_fund_movements)",
  MOVEMENT_COLS + " WHERE t.fund_id=? AND t.phase IN ('single','post')"
  " AND (t.debit_account_id = a.id OR t.credit_account_id = a.id) ORDER BY t.id DESC LIMIT ?"),
 ("statement: movements of a period (grants/grants_funds_ext.c gr_fund_movements)",
  MOVEMENT_COLS + " WHERE t.fund_id=? AND t.phase IN ('single','post')"
  " AND (t.debit_account_id = a.id OR t.credit_account_id = a.id) AND t.created_at >= ? AND t.created_at < ?"
  " ORDER BY t.created_at, t.id LIMIT ?"),
 ("public page: grants (grants/public.c write_grants)",
  "SELECT x.id, (SELECT coalesce(sum(t.amount),0) FROM grant_tranches t WHERE t.grant_id=x.id AND t.status='paid'),"
  " (SELECT coalesce(sum(s.amount),0) FROM grant_spending s WHERE s.grant_id=x.id)"
  " FROM grants x WHERE x.fund_id=? AND x.status IN ('approved','completed','cancelled') ORDER BY x.id DESC"),
 ("public page: disclosures (grants/grant_read.c)",
  "SELECT d.id, (SELECT k.id FROM disclosures k WHERE k.corrects_id=d.id), d.grant_id"
  " FROM disclosures d WHERE d.fund_id=? ORDER BY d.published_at DESC, d.id DESC"),
 ("public page: calendar, grants (grants/disclosure_calendar.c)",
  "SELECT x.id, (SELECT max(d.published_at) FROM disclosures d WHERE d.grant_id=x.id AND d.kind='periodic'),"
  " (SELECT count(*) FROM disclosures d WHERE d.grant_id=x.id AND d.kind='final')"
  " FROM grants x WHERE x.fund_id = ? AND x.status IN ('approved','completed','cancelled')"),
 ("public page: calendar, subjects (grants/disclosure_calendar.c)",
  "SELECT s.id, (SELECT max(d.published_at) FROM disclosures d WHERE d.subject_id=s.id AND d.kind='periodic')"
  " FROM disclosure_subjects s WHERE s.fund_id = ? ORDER BY s.id"),
 ("public page: trust (grants/public.c)", "SELECT id FROM property_trusts WHERE fund_id=?"),
 ("posting: the submission seen? (funds/donation.c fund_donate)",
  "SELECT id, fund_id, amount, source FROM fund_donations WHERE client_id=?"),
 ("posting: next donation id (funds/donation.c)", "SELECT coalesce(max(id), 0) + 1 FROM fund_donations"),
 ("posting: an account (funds/ledger.c account_get)",
  "SELECT a.id, a.kind, coalesce(a.fund_id, 0), a.region_id, a.debits_posted, a.credits_posted,"
  " a.debits_pending, a.credits_pending, coalesce(f.status, '') FROM fund_accounts a"
  " LEFT JOIN funds f ON f.id=a.fund_id AND a.kind='fund' WHERE a.id=?"),
 ("posting: the transfer's client id seen? (funds/ledger.c client_seen)",
  "SELECT id, debit_account_id, credit_account_id, amount, kind, phase FROM fund_transfers WHERE client_id=?"),
 ("posting: the receipt's number (funds/receipt.c)",
  "SELECT coalesce(max(seq), 0) + 1 FROM fund_receipts WHERE issuer=? AND year=?"),
 ("posting: the receipt's donation (funds/receipt.c)",
  "SELECT d.fund_id, d.region_id, d.donor_name, d.amount, f.name, f.host_org_id, o.name, d.status"
  " FROM fund_donations d JOIN funds f ON f.id=d.fund_id LEFT JOIN organisations o ON o.id=f.host_org_id WHERE d.id=?"),
 ("posting: the trigger's sums (070_funds.sqlite.sql)",
  "UPDATE fund_accounts SET debits_pending = debits_pending - (SELECT p.amount FROM fund_transfers p WHERE p.id = ?)"
  " WHERE ? IS NOT NULL AND id = ?"),
]
GROWING = ("fund_transfers", "fund_donations", "fund_receipts", "funds", "fund_accounts", "fund_members",
           "grants", "grant_tranches", "grant_spending", "disclosures", "disclosure_subjects", "property_trusts",
           "audit_log", "organisations")
bad = 0
for name, sql in Q:
    rows = con.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?")).fetchall()
    scans = [r[3] for r in rows if r[3].startswith("SCAN ") and r[3].split()[1] in GROWING]
    # a SCAN … USING INDEX that the plan bounds is still a full walk here: flag it too
    print("%s%s" % (name, "  — SCANS: " + "; ".join(scans) if scans else ""))
    for r in rows:
        print("    " + "  " * (0 if r[1] == 0 else 1) + r[3])
    bad += bool(scans)
print("plans: %s" % ("no query scans a growing table" if not bad else "%d queries SCAN a growing table" % bad))
sys.exit(1 if bad else 0)
PY
echo "-- query plans (EXPLAIN QUERY PLAN on the ledger)"
$PY "$tmp/plans.py" "$db" || fail=1
[ $fail -eq 0 ] && say "all results right" || say "FAILED (see above)"
exit $fail
