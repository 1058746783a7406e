#!/bin/sh
# bench/hostile_upload.sh — the server's memory under 64 hostile upload
# connections (issue 15, hole 4): big declared bodies, chunked streams,
# slow senders and logged-in 60 MiB imports that stall, all at once, while
# /proc/PID/status is sampled. Prints the peak VmRSS and VmHWM against the
# target (<= 200 MB) and exits 1 over it. Details: bench/hostile_upload.py.
# WUSHE=path overrides the binary (default build/wushe); HOLD=seconds how
# long each connection is held (default 8).
set -eu
cd "$(dirname "$0")/.."
WUSHE=${WUSHE:-build/wushe}
if [ ! -x "$WUSHE" ]; then
	echo "bench/hostile_upload.sh: $WUSHE not built (make build/wushe)" >&2
	exit 2
fi
WUSHE="$WUSHE" exec /usr/bin/python3 bench/hostile_upload.py
