#!/bin/sh
# bench/writes.sh — durable writes at 64 connections, with and without
# group commit (issue 16 item 1; docs/performance.md).
#
# On a fresh demo database, wrk with 64 keep-alive connections sends durable
# writes (WAL, synchronous=FULL; each with its audit entry) for BENCH_SECONDS
# against one server, twice on the same file — group commit off (each request
# commits alone: its own fsync) and on (the default: requests' writes share a
# commit) — for two kinds of write:
#   demand: POST /api/v1/demands as 北区社区's staff (an API token): a demand
#           with its terms, its search postings (~66 rows over five indexes)
#           and two FTS5 indexes — the heaviest write the exchange has;
#   grid:   POST /api/v1/regions as the district admin: a grid under 升平社区,
#           a light write (one row, its path, the audit entry).
# The reference, measured in the same run, is the disk's own ceiling:
# 4 KiB appends each followed by fdatasync (what one commit costs at least).
# Prints writes/s, p50, p99 and non-2xx of each, the server's batches, and:
#   writes KIND: group commit on / off = R
#   writes KIND: group commit on = N writes/s (target >= 5000), p99 (target <= 20 ms)
# then checks every acknowledged write is in the database (count of the
# run's names against wrk's 2xx count, every run). Exits 1 only on a wrong
# result (a lost write or a non-2xx), never on a missed target.
# WUSHE_BIN overrides the binary; BENCH_THREADS the server's threads.
set -eu
cd "$(dirname "$0")/.."
BIN=${WUSHE_BIN:-build/wushe}
DUR=${BENCH_SECONDS:-10}
PORT=${BENCH_PORT:-18197}
THREADS=${BENCH_THREADS:-8}
CONN=${BENCH_CONNECTIONS:-64}
if [ ! -x "$BIN" ]; then
	echo "bench/writes.sh: $BIN not built (make build/wushe)" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'kill $(cat "$tmp"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
$BIN demo --db "$tmp/b.db" >/dev/null

# The disk's ceiling: synchronous appends of one WAL page.
fsyncs=$(/usr/bin/python3 - "$tmp/fsync.test" <<'PY'
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
n, t0 = 0, time.time()
while time.time() - t0 < 2:
    os.write(fd, b"x" * 4096); os.fdatasync(fd); n += 1
print("%.0f" % (n / (time.time() - t0)))
PY
)

start() { # GROUP
	WUSHE_GROUP_COMMIT=$1 $BIN serve --db "$tmp/b.db" --port "$PORT" --threads "$THREADS" \
		--log-level warn >"$tmp/serve-$1.log" 2>&1 &
	echo $! >"$tmp/wushe.pid"
	i=0
	until curl -sf "127.0.0.1:$PORT/api/v1/health" >/dev/null; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start" >&2; exit 2; }
		sleep 0.1
	done
}
stop() {
	kill "$(cat "$tmp/wushe.pid")"
	while kill -0 "$(cat "$tmp/wushe.pid")" 2>/dev/null; do sleep 0.1; done
	rm -f "$tmp/wushe.pid"
}

start 1
login=$(curl -s -i -H 'Content-Type: application/json' -d '{"username":"beiqu","password":"Demo@2026"}' \
	"127.0.0.1:$PORT/api/v1/auth/login")
cookie=$(echo "$login" | sed -n 's/^Set-Cookie: \(wushe_session=[^;]*\).*/\1/p')
csrf=$(echo "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' | head -1)
token=$(curl -s -H 'Content-Type: application/json' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
	-d '{"name":"bench"}' "127.0.0.1:$PORT/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
alogin=$(curl -s -i -H 'Content-Type: application/json' -d '{"username":"admin","password":"Demo@2026"}' \
	"127.0.0.1:$PORT/api/v1/auth/login")
acookie=$(echo "$alogin" | sed -n 's/^Set-Cookie: \(wushe_session=[^;]*\).*/\1/p')
acsrf=$(echo "$alogin" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' | head -1)
atoken=$(curl -s -H 'Content-Type: application/json' -H "Cookie: $acookie" -H "X-CSRF-Token: $acsrf" \
	-d '{"name":"bench"}' "127.0.0.1:$PORT/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
parent=$($BIN sql --db "$tmp/b.db" "SELECT id FROM regions WHERE name='升平社区'" | tr -dc 0-9)
region=$($BIN sql --db "$tmp/b.db" "SELECT id FROM regions WHERE name='北区社区'" | tr -dc 0-9)
term=$($BIN sql --db "$tmp/b.db" "SELECT id FROM xchg_terms WHERE code='elderly.visit'" | tr -dc 0-9)
[ -n "$token" ] && [ -n "$atoken" ] && [ -n "$parent" ] && [ -n "$region" ] && [ -n "$term" ] || { echo "bench/writes.sh: setup failed" >&2; exit 2; }
stop

cat >"$tmp/demand.lua" <<LUA
-- Every request a new demand, titled with the run's name and a number.
local made = 0
setup = function(thread) made = made + 1; thread:set("id", made) end
local n = 0
local run = "x"
init = function(args) run = args[1] or "x" end
request = function()
  n = n + 1
  local body = string.format('{"title":"压测需求-%s-%d-%d","region_id":$region,"term_ids":[$term],'
    .. '"beneficiary_name":"陈伯伯","beneficiary_phone":"13812345678","consent":true,"schedule_mask":9362}', run, id, n)
  return wrk.format("POST", "/api/v1/demands", {["Content-Type"]="application/json", ["Authorization"]="Bearer $token"}, body)
end
LUA
cat >"$tmp/grid.lua" <<LUA
-- Every request a new grid, named with the run's name and a number.
local made = 0
setup = function(thread) made = made + 1; thread:set("id", made) end
local n = 0
local run = "x"
init = function(args) run = args[1] or "x" end
request = function()
  n = n + 1
  local body = string.format('{"parent_id":$parent,"level":"grid","name":"压测网格-%s-%d-%d"}', run, id, n)
  return wrk.format("POST", "/api/v1/regions", {["Content-Type"]="application/json", ["Authorization"]="Bearer $atoken"}, body)
end
LUA

# run KIND GROUP: prints "writes/s p50 p99 non-2xx requests"
run() {
	start "$2"
	wrk -t2 -c"$CONN" -d"${DUR}s" --latency -s "$tmp/$1.lua" "http://127.0.0.1:$PORT" -- "$1g$2" \
		2>/dev/null >"$tmp/wrk-$1-$2.out"
	stop
	cp "$tmp/serve-$2.log" "$tmp/serve-$1-$2.log"
	awk '/Requests\/sec/ {r=$2} / 50%/ {p50=$2} / 99%/ {p=$2} /Non-2xx/ {bad=$NF}
	     /requests in/ {n=$1} END {printf "%s %s %s %s %s", r, p50, p, (bad==""?0:bad), n}' "$tmp/wrk-$1-$2.out"
}
# stored KIND GROUP: the run's rows in the database
stored() {
	if [ "$1" = demand ]; then
		$BIN sql --db "$tmp/b.db" "SELECT count(*) FROM xchg_demands WHERE title LIKE '压测需求-$1g$2-%'" | tr -dc 0-9
	else
		$BIN sql --db "$tmp/b.db" "SELECT count(*) FROM regions WHERE name LIKE '压测网格-$1g$2-%'" | tr -dc 0-9
	fi
}

status=0
echo "writes: disk ceiling (4 KiB append + fdatasync, one thread): $fsyncs/s"
echo "writes: $CONN connections, $THREADS server threads, ${DUR}s each"
for kind in demand grid; do
	set -- $(run $kind 0); off=$1; off_p50=$2; off_p99=$3; off_bad=$4; off_n=$5
	set -- $(run $kind 1); on=$1; on_p50=$2; on_p99=$3; on_bad=$4; on_n=$5
	for g in 0 1; do
		if [ $g = 0 ]; then n=$off_n; bad=$off_bad; else n=$on_n; bad=$on_bad; fi
		got=$(stored $kind $g)
		# wrk counts the requests it finished; one in flight per connection
		# at the end may have been acknowledged after wrk stopped counting.
		ok=$((n - bad))
		if [ "$bad" != 0 ] || [ "$got" -lt "$ok" ] || [ "$got" -gt $((ok + CONN)) ]; then
			echo "writes $kind: group commit $g: wrk counted $ok acknowledged, the database holds $got, non-2xx $bad — WRONG"
			status=1
		else
			echo "writes $kind: group commit $g: $ok acknowledged, $got in the database (ok)"
		fi
	done
	batches=$(grep -o 'group commit: [0-9]* writes in [0-9]* batches' "$tmp/serve-$kind-1.log" | tail -1 || true)
	echo "writes $kind: group commit off: $off writes/s, p50 $off_p50, p99 $off_p99 (non-2xx $off_bad)"
	echo "writes $kind: group commit on:  $on writes/s, p50 $on_p50, p99 $on_p99 (non-2xx $on_bad)${batches:+; server: $batches}"
	echo "writes $kind: group commit on / off = $(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.2f", a/b}')"
	echo "writes $kind: group commit on = $on writes/s (target >= 5000), p99 $on_p99 (target <= 20 ms)"
done
exit $status
