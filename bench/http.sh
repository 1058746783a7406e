#!/bin/sh
# bench/http.sh — request throughput and latency of wushe against nginx
# serving a static file on the same machine in the same run (wrk, 2
# threads, 64 connections, keep-alive). Reports requests/s of:
#   nginx: a 100-byte static file (the reference)
#   wushe: GET /api/v1/health (router, read transaction, JSON)
#   wushe: GET /api/v1/regions/tree?depth=1 as a town admin (auth, scope, SQL)
set -eu
cd "$(dirname "$0")/.."
BIN=${WUSHE_BIN:-build/wushe}
DUR=${BENCH_SECONDS:-8}
tmp=$(mktemp -d)
trap 'kill $(cat "$tmp"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/www" "$tmp/nginx"
head -c 100 /dev/zero | tr '\0' 'x' > "$tmp/www/static.txt"
cat > "$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  open_file_cache max=100;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
  uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  server { listen 127.0.0.1:18181; root $tmp/www; }
}
CONF
/usr/sbin/nginx -c "$tmp/nginx.conf" -p "$tmp" 2>/dev/null
$BIN demo --db "$tmp/b.db" >/dev/null
$BIN serve --db "$tmp/b.db" --port 18182 --log-level warn >/dev/null 2>&1 &
echo $! > "$tmp/wushe.pid"
sleep 1
cookie=$(curl -s -i -H 'Content-Type: application/json' -d '{"username":"daliang","password":"Demo@2026"}' \
	127.0.0.1:18182/api/v1/auth/login | sed -n 's/^Set-Cookie: \(wushe_session=[^;]*\).*/\1/p')
rps() { wrk -t2 -c64 -d"${DUR}s" --latency "$@" 2>/dev/null | awk '/Requests\/sec/ {r=$2} /99%/ {p=$2} END {printf "%s req/s, p99 %s", r, p}'; }
n=$(rps http://127.0.0.1:18181/static.txt)
h=$(rps http://127.0.0.1:18182/api/v1/health)
t=$(rps -H "Cookie: $cookie" "http://127.0.0.1:18182/api/v1/regions/tree?depth=1")
echo "http: nginx static file: $n"
echo "http: wushe /api/v1/health: $h"
echo "http: wushe /api/v1/regions/tree (town admin, 5 regions): $t"
nr=$(echo "$n" | cut -d' ' -f1); hr=$(echo "$h" | cut -d' ' -f1)
echo "http: ratio wushe health / nginx static = $(awk -v a="$hr" -v b="$nr" 'BEGIN{printf "%.2f", a/b}') (target >= 1.0)"
