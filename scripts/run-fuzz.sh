#!/bin/sh
# run-fuzz.sh SECONDS TARGET… — runs each libFuzzer target (build/fuzz/bin/)
# for SECONDS, starting from its checked-in corpus tests/fuzz/corpus/<target>/
# (read only) plus build/fuzz/corpus/<target>/ (what earlier runs found).
# A crash leaves build/fuzz/crash-<target>-<hash>: copy it into
# tests/fuzz/corpus/<target>/ and it becomes a regression test that `make
# test` replays in the ASan build (tests/fuzz/driver.c).
# Prints `N passed, N failed` (targets) last.
set -u
secs=$1; shift
pass=0; fail=0
for t in "$@"; do
	mkdir -p "build/fuzz/corpus/$t" "tests/fuzz/corpus/$t"
	echo "== fuzz $t (${secs} s)"
	if "build/fuzz/bin/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="build/fuzz/crash-$t-" \
		"build/fuzz/corpus/$t" "tests/fuzz/corpus/$t" >"build/fuzz/$t.log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "build/fuzz/$t.log" | tr '\n' ' '
		echo "corpus $(ls "build/fuzz/corpus/$t" | wc -l) — clean"
		pass=$((pass + 1))
	else
		tail -40 "build/fuzz/$t.log"
		echo "!! $t: crash — $(ls build/fuzz/crash-"$t"-* 2>/dev/null | head -3)"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
