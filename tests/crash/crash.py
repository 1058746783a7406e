#!/usr/bin/env python3
"""crash.py — every acknowledged write survives `kill -9` (issue 15, item 8).

A write load over several areas runs against a real server on a demo
database; at a random moment the server is killed with SIGKILL, restarted
on the same file, and checked:

  1. every write the server acknowledged (2xx) is there, with the value it
     acknowledged — regions (region), people (registry), demands
     (exchange) created, and a person's address changed step by step, where
     the value read back must be the last acknowledged one or the one in
     flight when the server died, never an older one;
  2. no half-written request: every record the load created, acknowledged
     or not, carries its audit entry (record and audit entry are written in
     one transaction), and no record exists that no request could have made;
  3. the audit hash chain verifies (`GET /api/v1/audit/verify` and, once at
     the end with the server stopped, `wushe audit verify`).

The database is reached only through the binary (no SQLite file access).
Knobs: CRASH_ROUNDS (default 6), CRASH_WRITERS (default 4), WUSHE_BIN.
Prints `N passed, N failed` last, like the other suites.
"""
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import quote

BIN = os.path.abspath(os.environ.get("WUSHE_BIN", "build/wushe"))
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "6"))
WRITERS = int(os.environ.get("CRASH_WRITERS", "4"))
PORT = int(os.environ.get("CRASH_PORT", str(18400 + os.getpid() % 500)))
PASSWORD = "Demo@2026"
TAG = "断电%04d" % random.randrange(10000)   # marks every record this run makes

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, flush=True)


class Client:
    def __init__(self, user):
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=20)
        st, body, hdr = self.call("POST", "/api/v1/auth/login",
                                  {"username": user, "password": PASSWORD}, auth=False)
        if st != 200:
            raise RuntimeError("login %s: %s %s" % (user, st, body))
        self.cookie = hdr.split(";")[0]
        self.csrf = body["csrf_token"]

    def call(self, method, path, body=None, auth=True):
        h = {"Content-Type": "application/json"}
        if auth:
            h["Cookie"] = self.cookie
            if method != "GET":
                h["X-CSRF-Token"] = self.csrf
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        self.conn.request(method, path, data, h)
        r = self.conn.getresponse()
        raw = r.read()
        js = json.loads(raw) if raw else None
        return r.status, js, r.getheader("Set-Cookie") or ""


class Server:
    def __init__(self, db):
        self.db = db
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([BIN, "serve", "--db", self.db, "--port", str(PORT),
                                      "--log-level", "warn"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(300):
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                c.request("GET", "/api/v1/health")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: %s" % self.proc.stderr.read().decode())
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


# What the load has done. Guarded by one lock; every entry is
# (kind, id, expected) for an acknowledged create, and the person whose
# address is changed step by step keeps (last acknowledged, in flight).
lock = threading.Lock()
acked = []                 # ("region"|"person"|"demand", id, name)
addr_state = {}            # person id -> {"acked": str|None, "inflight": str|None, "version": int}
seq = [0]


def next_name(kind):
    with lock:
        seq[0] += 1
        return "%s%s%06d" % (TAG, kind, seq[0])


def writer(wid, stop, ctx):
    try:
        c = Client("admin")
    except OSError:
        return
    rnd = random.Random(wid * 7919 + len(acked))
    mine = ctx["patch_person"][wid]
    while not stop.is_set():
        op = rnd.choice(("region", "person", "demand", "patch", "patch"))
        try:
            if op == "region":
                name = next_name("网格")
                st, js, _ = c.call("POST", "/api/v1/regions",
                                   {"parent_id": ctx["community"], "level": "grid", "name": name})
                if st == 201:
                    with lock:
                        acked.append(("region", js["id"], name))
                elif st not in (409, 429):
                    ctx["errors"].append("region %s %s" % (st, js))
            elif op == "person":
                name = next_name("居民")
                st, js, _ = c.call("POST", "/api/v1/people",
                                   {"region_id": ctx["community"], "name": name, "household": "registered"})
                if st == 201:
                    with lock:
                        acked.append(("person", js["id"], name))
                elif st not in (409, 429):
                    ctx["errors"].append("person %s %s" % (st, js))
            elif op == "demand":
                name = next_name("需求")
                st, js, _ = c.call("POST", "/api/v1/demands",
                                   {"region_id": ctx["community"], "title": name,
                                    "description": "断电测试", "term_ids": [ctx["term"]],
                                    "beneficiary_name": "测试长者", "consent": True,
                                    "people_needed": 1})
                if st == 201:
                    with lock:
                        acked.append(("demand", js["id"], name))
                elif st not in (409, 429):
                    ctx["errors"].append("demand %s %s" % (st, js))
            else:
                s = addr_state[mine]
                value = next_name("地址")
                s["inflight"] = value
                st, js, _ = c.call("PATCH", "/api/v1/people/%d" % mine,
                                   {"version": s["version"], "address": value})
                if st == 200:
                    s["acked"], s["version"], s["inflight"] = value, js["version"], None
                elif st not in (409, 429):
                    ctx["errors"].append("patch %s %s" % (st, js))
        except (OSError, http.client.HTTPException, ValueError):
            return          # the server died under us: whatever was in flight is unknown


def verify(c, round_no):
    """Every acknowledged write is there with its value."""
    with lock:
        todo = list(acked)
    missing = []
    for kind, rid, name in todo:
        path = {"region": "/api/v1/regions/%d", "person": "/api/v1/people/%d",
                "demand": "/api/v1/demands/%d"}[kind] % rid
        st, js, _ = c.call("GET", path)
        got = (js or {}).get("title" if kind == "demand" else "name")
        if st != 200 or got != name:
            missing.append((kind, rid, name, st, got))
    check(not missing, "round %d: %d acknowledged creates lost or changed: %s"
          % (round_no, len(missing), missing[:5]))
    for pid, s in addr_state.items():
        st, js, _ = c.call("GET", "/api/v1/people/%d" % pid)
        got = (js or {}).get("address")
        ok = st == 200 and (got == s["acked"] or (s["inflight"] is not None and got == s["inflight"]))
        check(ok, "round %d: person %d address %r, acknowledged %r, in flight %r"
              % (round_no, pid, got, s["acked"], s["inflight"]))
        if st == 200:
            # the next writer continues from what is stored
            s["acked"], s["version"], s["inflight"] = got, js["version"], None
    return len(todo)


def audit_ids(c, entity):
    """entity_id of every audit entry 'create' of this entity made by the run."""
    ids, page = set(), 1
    while True:
        st, js, _ = c.call("GET", "/api/v1/audit?entity=%s&action=create&per_page=100&page=%d"
                           % (entity, page))
        if st != 200:
            check(False, "audit list %s: %s %s" % (entity, st, js))
            return ids
        for it in js["items"]:
            after = it.get("after") or {}
            if TAG in json.dumps(after, ensure_ascii=False):
                ids.add(it["entity_id"])
        if len(js["items"]) < 100 or page * 100 >= js.get("total", 0):
            return ids
        page += 1


def whole_requests(c, ctx):
    """Every record the load made, acknowledged or not, has its audit entry;
    every audit entry of the load has its record."""
    found = {"region": set(), "person": set(), "demand": set()}

    for kind, path, key in (("region", "/api/v1/regions?parent_id=%d&q=%s&per_page=100&page=%d", "name"),
                            ("person", "/api/v1/people?region_id=%d&q=%s&per_page=100&page=%d", "name"),
                            ("demand", "/api/v1/demands?region_id=%d&q=%s&per_page=100&page=%d", "title")):
        page = 1
        while True:
            st, js, _ = c.call("GET", path % (ctx["community"], quote(TAG), page))
            check(st == 200, "%s list %s %s" % (kind, st, js))
            if st != 200:
                break
            for it in js["items"]:
                if TAG in (it.get(key) or ""):
                    found[kind].add(it["id"])
            if len(js["items"]) < 100:
                break
            page += 1
    with lock:
        for kind, rid, _ in acked:
            check(rid in found[kind], "acknowledged %s %d not found by its list" % (kind, rid))
    for kind, entity in (("region", "region"), ("person", "person"), ("demand", "xchg_demand")):
        logged = audit_ids(c, entity)
        check(found[kind] == logged,
              "%s: records without an audit entry %s, audit entries without a record %s"
              % (kind, sorted(found[kind] - logged)[:5], sorted(logged - found[kind])[:5]))
    return sum(len(v) for v in found.values())


def main():
    tmp = tempfile.mkdtemp(prefix="wushe-crash-")
    db = os.path.join(tmp, "crash.db")
    subprocess.run([BIN, "demo", "--db", db], check=True, stdout=subprocess.DEVNULL)
    srv = Server(db)
    srv.start()
    c = Client("admin")
    st, js, _ = c.call("GET", "/api/v1/regions/tree")
    def first_community(n):
        if n.get("level") == "community":
            return n["id"]
        for ch in n.get("children") or []:
            r = first_community(ch)
            if r:
                return r
        return None
    community = first_community(js)
    st, js, _ = c.call("GET", "/api/v1/terms")
    terms = js["items"] if isinstance(js, dict) else js
    term = next(ch["id"] for t in terms for ch in t.get("children") or [])
    ctx = {"community": community, "term": term, "errors": [], "patch_person": {}}
    for w in range(WRITERS):
        st, js, _ = c.call("POST", "/api/v1/people", {"region_id": community, "name": next_name("住户"),
                                                       "household": "registered"})
        check(st == 201, "setup person %s %s" % (st, js))
        ctx["patch_person"][w] = js["id"]
        addr_state[js["id"]] = {"acked": None, "inflight": None, "version": js["version"]}

    total_acked = 0
    for rnd in range(1, ROUNDS + 1):
        stop = threading.Event()
        ts = [threading.Thread(target=writer, args=(w, stop, ctx)) for w in range(WRITERS)]
        before = len(acked)
        for t in ts:
            t.start()
        # the kill falls at a random moment once the load is running
        deadline = time.time() + 15
        while len(acked) < before + 3 and time.time() < deadline:
            time.sleep(0.01)
        time.sleep(random.uniform(0.0, 1.2))
        srv.kill9()
        stop.set()
        for t in ts:
            t.join(timeout=30)
        srv.start()
        c = Client("admin")
        n = verify(c, rnd)
        total_acked = n
        print("round %d: killed after %d new acknowledged writes; %d checked"
              % (rnd, n - before, n), flush=True)
        st, js, _ = c.call("GET", "/api/v1/audit/verify")
        check(st == 200 and (js or {}).get("ok") is True, "round %d: audit chain %s %s" % (rnd, st, js))
    check(not ctx["errors"], "unexpected answers during the load: %s" % ctx["errors"][:5])
    made = whole_requests(c, ctx)
    check(total_acked > ROUNDS * 5, "the load wrote too little to mean anything: %d" % total_acked)
    srv.stop()
    r = subprocess.run([BIN, "audit", "verify", "--db", db], capture_output=True, text=True)
    check(r.returncode == 0, "wushe audit verify: %s %s" % (r.returncode, r.stdout + r.stderr))
    print("crash: %d rounds of kill -9, %d acknowledged creates, %d records made by the load, "
          "%d address changes tracked" % (ROUNDS, total_acked, made, len(addr_state)))
    subprocess.run(["rm", "-rf", tmp])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
