#!/bin/sh
# bench/vitality.sh — the vitality index recompute at district scale: 200
# communities, 1,000,000 people, 20,000 organisations, 100,000 demands
# (bench/vitality_gen.py). The target is ≤ 2 s per month; prints the
# figures of `wushe index recompute` for the current month (twice: cold and
# warm page cache) and fails only if the command fails. VI_SCALE=0.01 runs
# it at a hundredth of that size (a quick check that it still works); the
# second run adds --log-level debug, which prints each phase and each
# area's component (the shared aggregates are timed with the first
# component that reads them).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./build/wushe init --db "$tmp/v.db" >/dev/null
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
t0=$(date +%s)
"$PY" bench/vitality_gen.py "$tmp/v.db" "${VI_SCALE:-1}"
echo "generated in $(( $(date +%s) - t0 )) s"
./build/wushe index recompute --db "$tmp/v.db"
./build/wushe index recompute --db "$tmp/v.db" --log-level debug
