#!/bin/sh
# run-tests.sh — runs every suite and sums their closing lines.
#   lint  : scripts/check-dialect.py (no SQLite-only SQL outside src/store)
#   unit  : each tests/unit/test_* program, plain and ASan+UBSan builds
#   api   : tests/api/run.py against build/wushe and build/wushe-asan
#   crash : tests/crash/crash.py — kill -9 under a write load, restart, every
#           acknowledged write present, audit chain clean
#   fuzz  : each tests/fuzz/fuzz_* target (ASan build, tests/fuzz/driver.c)
#           over its corpus tests/fuzz/corpus/<target>/ — seeds and old crashes
#   e2e   : web/tests/e2e/run.mjs (playwright-core + Debian chromium)
# SUITES="unit api crash e2e" selects. Each suite prints `N passed, N failed`;
# this script prints the sum last and fails if anything failed or a suite
# crashed without its closing line.
set -u
SUITES=${SUITES:-"lint unit fuzz api crash e2e"}
total_pass=0
total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_suite() {
	name=$1; shift
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "!! $name: no closing line (exit $rc)"
		total_fail=$((total_fail + 1))
		return
	fi
	p=$(echo "$line" | cut -d' ' -f1)
	f=$(echo "$line" | cut -d' ' -f3)
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "!! $name: exit $rc"
		f=1
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

for s in $SUITES; do
	case $s in
	lint)
		run_suite "lint/dialect" /usr/bin/python3 scripts/check-dialect.py --suite ;;
	unit)
		for variant in rel asan; do
			for t in build/$variant/tests/test_*; do
				[ -x "$t" ] || continue
				run_suite "unit/$variant/$(basename "$t")" "$t"
			done
		done ;;
	api)
		run_suite "api/rel" env WUSHE_BIN=build/wushe /usr/bin/python3 tests/api/run.py
		run_suite "api/asan" env WUSHE_BIN=build/wushe-asan ASAN_OPTIONS=detect_leaks=1 /usr/bin/python3 tests/api/run.py ;;
	fuzz)
		for t in build/asan/fuzz/fuzz_*; do
			[ -x "$t" ] || continue
			run_suite "fuzz/$(basename "$t")" "$t" "tests/fuzz/corpus/$(basename "$t")"
		done ;;
	crash)
		run_suite "crash" env WUSHE_BIN=build/wushe /usr/bin/python3 tests/crash/crash.py ;;
	e2e)
		if [ -f web/tests/e2e/run.mjs ]; then
			run_suite "e2e" env WUSHE_BIN="$(pwd)/build/wushe" node web/tests/e2e/run.mjs
		fi ;;
	esac
done
echo "== all suites"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
