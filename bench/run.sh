#!/bin/sh
# bench/run.sh — runs every benchmark script bench/*.sh (each prints its
# figures next to a reference measured in the same run). Not a test: the
# numbers are reported, and a benchmark fails only on a wrong result.
# `sh bench/run.sh formats registry` runs only bench/formats.sh and
# bench/registry.sh.
set -u
cd "$(dirname "$0")/.."
status=0
if [ $# -gt 0 ]; then
	list=
	for n in "$@"; do list="$list bench/${n%.sh}.sh"; done
else
	list=$(ls bench/*.sh)
fi
for b in $list; do
	[ "$b" = bench/run.sh ] && continue
	[ -f "$b" ] || { echo "== $b: no such benchmark"; status=1; continue; }
	echo "== $b"
	sh "$b" || status=1
done
exit $status
