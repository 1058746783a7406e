#!/bin/sh
# bench/assign.sh — the exchange's assignment solver against scipy.
#
# Two seeded 2000x2000 random integer cost matrices (bench/assign_gen.py):
# one complete, one with 20% of the pairs infeasible (still holding a
# perfect matching, which scipy needs). For each, `wushe assign --time`
# reports its solve time (the CSV reading is not counted) and
# bench/assign_check.py times scipy.optimize.linear_sum_assignment the same
# way, checks wushe's assignment is a valid matching with scipy's optimal
# total, and prints
#   assign 2000x2000: scipy X ms, wushe Y ms, ratio Y/X = R (target <= 1.0), optimal: yes
# Both sides take the best of three runs. Exits 1 if an answer is not
# optimal, 2 if something needed is missing. Not a test: `make bench` runs it.
# WUSHE=path overrides the binary (default build/wushe).
set -eu
cd "$(dirname "$0")/.."

WUSHE=${WUSHE:-build/wushe}
PY=/usr/bin/python3 # Debian's, with python3-scipy; the python3 on PATH may lack it
N=2000
RUNS=3

if [ ! -x "$WUSHE" ]; then
	echo "bench/assign.sh: $WUSHE not built (make build/wushe)" >&2
	exit 2
fi
if ! "$PY" -c 'import numpy, scipy.optimize' 2>/dev/null; then
	echo "bench/assign.sh: $PY lacks numpy/scipy (apt-get install python3-scipy)" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

# bench_case LABEL GEN_ARGS...
bench_case() {
	label=$1
	shift
	"$PY" bench/assign_gen.py --rows "$N" --cols "$N" "$@" >"$tmp/m.csv"
	times=
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		if ! "$WUSHE" assign --time "$tmp/m.csv" >"$tmp/out" 2>"$tmp/err"; then
			echo "assign $label: wushe failed:" >&2
			cat "$tmp/err" >&2
			status=1
			return
		fi
		ms=$(sed -n 's/^solve_ms=//p' "$tmp/err")
		times=${times:+$times,}$ms
		i=$((i + 1))
	done
	# OpenBLAS tuning variables set for other tools can upset scipy's build.
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
		"$PY" bench/assign_check.py --label "$label" --wushe-ms "$times" \
		"$tmp/m.csv" "$tmp/out" || status=1
}

bench_case "${N}x${N}" --seed 1 --max 1000000
bench_case "${N}x${N} 20% infeasible" --seed 2 --max 1000000 --infeasible 0.2
exit $status
