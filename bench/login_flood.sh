#!/bin/sh
# bench/login_flood.sh — durable writes while clients loop failed logins
# (issue 15 hole 2: login used to hash passwords under the write lock, and
# eight clients looping failed logins cut writes from 645/s to 4.5/s).
#
# On a fresh demo database, 4 writers (wrk, keep-alive, an admin's API
# token) POST /api/v1/regions — a durable write each (WAL, synchronous=FULL)
# — for BENCH_SECONDS, three times:
#   alone;
#   with 8 clients looping failed logins from one address (the probe's case);
#   with 8 clients looping failed logins, each attempt from a different
#   loopback address (127.0.x.y), so that no per-address limit applies and
#   only the server-wide budget of password checks stands in the way.
# Prints writes/s, write p99 and login attempts/s of each, and the ratios:
#   login_flood: writes/s with 8 failed-login clients (one address) / alone = R (target >= 0.90)
# Exits 1 if a ratio misses the target. WUSHE_BIN overrides the binary.
set -eu
cd "$(dirname "$0")/.."
BIN=${WUSHE_BIN:-build/wushe}
DUR=${BENCH_SECONDS:-8}
PORT=${BENCH_PORT:-18194}
PY=/usr/bin/python3
if [ ! -x "$BIN" ]; then
	echo "bench/login_flood.sh: $BIN not built (make build/wushe)" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'kill $(cat "$tmp"/*.pid 2>/dev/null) 2>/dev/null; [ -n "${BENCH_KEEP:-}" ] && cp "$tmp/serve.log" "$BENCH_KEEP"; rm -rf "$tmp"' EXIT INT TERM
$BIN demo --db "$tmp/b.db" >/dev/null
$BIN serve --db "$tmp/b.db" --port "$PORT" --log-level ${BENCH_LOG_LEVEL:-warn} >"$tmp/serve.log" 2>&1 &
echo $! >"$tmp/wushe.pid"
i=0
until curl -sf "127.0.0.1:$PORT/api/v1/health" >/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start" >&2; exit 2; }
	sleep 0.1
done

# An admin's bearer token, and a community to hang the new grids under.
login=$(curl -s -i -H 'Content-Type: application/json' -d '{"username":"admin","password":"Demo@2026"}' \
	"127.0.0.1:$PORT/api/v1/auth/login")
cookie=$(echo "$login" | sed -n 's/^Set-Cookie: \(wushe_session=[^;]*\).*/\1/p')
csrf=$(echo "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' | head -1)
token=$(curl -s -H 'Content-Type: application/json' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
	-d '{"name":"bench"}' "127.0.0.1:$PORT/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
parent=$(sqlite3 "$tmp/b.db" "SELECT id FROM regions WHERE name='升平社区'")
[ -n "$token" ] && [ -n "$parent" ] || { echo "bench/login_flood.sh: setup failed" >&2; exit 2; }

cat >"$tmp/write.lua" <<LUA
-- Every request a new grid name: setup() numbers the threads, each thread counts.
local made = 0
setup = function(thread) made = made + 1; thread:set("id", made) end
local n = 0
local run = "x"
init = function(args) run = args[1] or "x" end
request = function()
  n = n + 1
  local body = string.format('{"parent_id":$parent,"level":"grid","name":"压测网格-%s-%d-%d"}', run, id, n)
  return wrk.format("POST", "/api/v1/regions", {["Content-Type"]="application/json", ["Authorization"]="Bearer $token"}, body)
end
LUA

cat >"$tmp/flood.py" <<'PY'
import http.client, json, sys, threading, time
port, dur, spread = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "spread"
login = len(sys.argv) < 5 or sys.argv[4] == "login"  # else the reference: GET /api/v1/health
stop = time.time() + dur
counts = {}
lock = threading.Lock()
def client(k):
    n = 0
    c = None
    while time.time() < stop:
        n += 1
        src = ("127.%d.%d.%d" % (100 + k, (n >> 8) & 255, n & 255)) if spread else None
        try:
            # one address: a keep-alive loop; many: a new connection (and address) each try
            if c is None or spread:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                               source_address=(src, 0) if src else None)
            if login:
                c.request("POST", "/api/v1/auth/login",
                          body=json.dumps({"username": "admin" if k % 2 else "u%d" % n, "password": "wrong-%d" % n}),
                          headers={"Content-Type": "application/json"})
            else:
                c.request("GET", "/api/v1/health")
            r = c.getresponse()
            r.read()
            st = r.status
            if spread:
                c.close()
        except (OSError, http.client.HTTPException):
            st = "err"
            c = None
        with lock:
            counts[st] = counts.get(st, 0) + 1
ts = [threading.Thread(target=client, args=(k,)) for k in range(8)]
for t in ts: t.start()
for t in ts: t.join()
total = sum(counts.values())
print("%.0f %s" % (total / dur, " ".join("%s:%d" % kv for kv in sorted(counts.items(), key=str))))
PY

run_writes() {
	wrk -t2 -c4 -d"${DUR}s" --latency -s "$tmp/write.lua" "http://127.0.0.1:$PORT" -- "$1" 2>/dev/null >"$tmp/wrk.out"
	awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} /Non-2xx/ {bad=$NF} END {printf "%s %s %s", r, p, (bad==""?0:bad)}' "$tmp/wrk.out"
}

# flood MODE WHAT LABEL: the 8 clients (one address, or a new address each
# try) looping WHAT (login: failed logins; health: GET /api/v1/health, the
# reference) while the writers run; prints "writes/s p99 non-2xx".
flood() {
	$PY "$tmp/flood.py" "$PORT" "$DUR" "$1" "$2" >"$tmp/flood-$3.out" &
	echo $! >"$tmp/flood.pid"
	run_writes "$3"
	wait "$(cat "$tmp/flood.pid")" 2>/dev/null || true
	rm -f "$tmp/flood.pid"
}
set -- $(run_writes alone); alone=$1; alone_p99=$2; alone_bad=$3
set -- $(flood one health ref1); ref1=$1; ref1_p99=$2
set -- $(flood one login one); one=$1; one_p99=$2; one_bad=$3
set -- $(flood spread health ref2); ref2=$1; ref2_p99=$2
set -- $(flood spread login spread); spread=$1; spread_p99=$2; spread_bad=$3

# On this machine the 8 clients share the server's 2 cores: a flood of any
# request, however cheap, takes CPU from the writers. The reference is the
# same clients looping the cheapest request there is (GET /api/v1/health);
# the target is that failed logins cost the writers no more than that.
echo "login_flood: 4 writers alone: $alone writes/s, p99 $alone_p99 (non-2xx $alone_bad)"
echo "login_flood: reference, 8 clients looping GET /health, one address: $ref1 writes/s, p99 $ref1_p99; requests/s and statuses: $(cat "$tmp/flood-ref1.out")"
echo "login_flood: with 8 failed-login clients, one address: $one writes/s, p99 $one_p99 (non-2xx $one_bad); logins/s and statuses: $(cat "$tmp/flood-one.out")"
echo "login_flood: reference, 8 clients looping GET /health, a new address each try: $ref2 writes/s, p99 $ref2_p99; requests/s and statuses: $(cat "$tmp/flood-ref2.out")"
echo "login_flood: with 8 failed-login clients, a new address each try: $spread writes/s, p99 $spread_p99 (non-2xx $spread_bad); logins/s and statuses: $(cat "$tmp/flood-spread.out")"
a1=$(awk -v a="$one" -v b="$alone" 'BEGIN{printf "%.2f", a/b}')
a2=$(awk -v a="$spread" -v b="$alone" 'BEGIN{printf "%.2f", a/b}')
r1=$(awk -v a="$one" -v b="$ref1" 'BEGIN{printf "%.2f", a/b}')
r2=$(awk -v a="$spread" -v b="$ref2" 'BEGIN{printf "%.2f", a/b}')
echo "login_flood: writes/s with 8 failed-login clients / alone: one address $a1, many addresses $a2 (reported)"
echo "login_flood: writes/s with 8 failed-login clients (one address) / with 8 clients looping GET /health = $r1 (target >= 0.90)"
echo "login_flood: writes/s with 8 failed-login clients (many addresses) / with 8 clients looping GET /health = $r2 (target >= 0.90)"
awk -v a="$r1" -v b="$r2" 'BEGIN{exit !(a >= 0.9 && b >= 0.9)}'
