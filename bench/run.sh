#!/bin/sh
# bench/run.sh — runs every benchmark script bench/*.sh (each prints its
# figures next to a reference measured in the same run). Not a test: the
# numbers are reported, and a benchmark fails only on a wrong result.
set -u
cd "$(dirname "$0")/.."
status=0
for b in bench/*.sh; do
	[ "$b" = bench/run.sh ] && continue
	echo "== $b"
	sh "$b" || status=1
done
exit $status
