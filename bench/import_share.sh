#!/bin/sh
# bench/import_share.sh — imports that share the machine (issue 15, hole 8):
# re-importing a people file (every row merges) at 20,000, 80,000 and
# 200,000 rows through the API, rows/s of insert and merge and their ratio
# (target: merges within 3x of inserts), the p50/p99/max of a concurrent
# writer (POST /api/v1/regions in a loop; target <= 100 ms), and how fast
# SIGTERM stops the server during an import (target <= 10 s; nothing of the
# import stays). bench/import_share.py does the work.
# Knobs: BENCH_IMPORT_ROWS (space-separated sizes), WUSHE_BIN.
set -eu
cd "$(dirname "$0")/.."
BIN=${WUSHE_BIN:-build/wushe}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
args=""
for n in ${BENCH_IMPORT_ROWS:-20000 80000 200000}; do args="$args --rows $n"; done
# shellcheck disable=SC2086
exec "$PY" bench/import_share.py --bin "$BIN" $args --sigterm
