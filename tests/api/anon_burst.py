#!/usr/bin/env python3
"""anon_burst.py TMP ADDR — the limit on anonymous requests (src/http/limits.c:
bursts of 60 per address, then 10 a second), checked without depending on
how fast the machine is: 16 threads send 400 anonymous GET /api/v1/me from
ADDR at once, and right after the burst (on a connection opened before it)
one more request must be 429 with Retry-After. Expected: at least 60 and at
most 60 + 10 × the seconds the burst took (+ 10 for the clock's grain) are
answered 401; every other answer is 429 "throttled"; nothing else. The old
steps sent 150 requests one after another and needed them within 9 s, which a
loaded machine running the ASan build did not always manage.
Reads the test server's port from TMP/server.log. Used by 03_auth_security.json."""
import http.client
import json
import re
import sys
import threading
import time

tmp, addr = sys.argv[1], sys.argv[2]
port = int(re.search(r"listening on http://127\.0\.0\.1:(\d+)/", open(f"{tmp}/server.log").read()).group(1))
N, THREADS = 400, 16
counts, lock = {}, threading.Lock()


def conn():
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(addr, 0))


def worker(n):
    c = conn()
    for _ in range(n):
        c.request("GET", "/api/v1/me")
        r = c.getresponse()
        body = r.read()
        key = r.status
        if r.status == 429 and json.loads(body)["error"]["code"] != "throttled":
            key = "429 without throttled"
        with lock:
            counts[key] = counts.get(key, 0) + 1


last = conn()
last.connect()
t0 = time.monotonic()
ths = [threading.Thread(target=worker, args=(N // THREADS,)) for _ in range(THREADS)]
for t in ths:
    t.start()
for t in ths:
    t.join()
took = time.monotonic() - t0
last.request("GET", "/api/v1/me")
r = last.getresponse()
r.read()
after = (r.status, r.getheader("Retry-After"))
ok = counts.get(401, 0)
print(f"anon burst: {N} requests from {addr} in {took:.2f} s: {counts}; the next one: {after[0]} Retry-After {after[1]}")
bad = []
if set(counts) - {401, 429}:
    bad.append(f"unexpected answers {counts}")
if ok < 60:
    bad.append(f"only {ok} answered within the burst of 60")
if ok > 60 + 10 * took + 10:
    bad.append(f"{ok} answered: more than the burst and 10 a second allow in {took:.2f} s")
if after[0] != 429 or not after[1]:
    bad.append(f"the request after the burst was {after[0]} (Retry-After {after[1]!r}), not 429 with Retry-After")
if took > 20:
    bad.append(f"the burst took {took:.1f} s: too slow to show the limit")
print("anon burst: " + ("; ".join(bad) if bad else "ok"))
sys.exit(1 if bad else 0)
