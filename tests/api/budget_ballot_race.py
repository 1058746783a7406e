#!/usr/bin/env python3
"""budget_ballot_race.py TMP USER BIN DB — a voter's first ballot sent
twice at once, on two connections (as a double tap on a phone would): the
budget must hold one ballot of that person, whichever request came second
(a change, 200, or refused by the UNIQUE constraint, 409 — never a second
row). The budget is the first one in voting the user sees; the two ballots
choose its first and its second project. Prints the statuses and `ballots=N`; reads N by `wushe sql`. Reads
the test server's port from TMP/server.log. Used by tests/api/49_budget.json."""
import http.client
import json
import re
import subprocess
import sys
import threading

tmp, user, bin_, db = sys.argv[1:5]
port = int(re.search(r"listening on http://127\.0\.0\.1:(\d+)/", open(f"{tmp}/server.log").read()).group(1))


def call(method, path, cookie=None, csrf=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = {"Content-Type": "application/json"}
    if cookie:
        h["Cookie"] = cookie
    if csrf:
        h["X-CSRF-Token"] = csrf
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse()
    return r.status, r.getheader("Set-Cookie") or "", r.read()


st, setc, text = call("POST", "/api/v1/auth/login", body={"username": user, "password": "Demo@2026"})
cookie, csrf = setc.split(";")[0], json.loads(text)["csrf_token"]
budget = json.loads(call("GET", "/api/v1/budgets?phase=voting", cookie)[2])["items"][0]["id"]
projects = [p["id"] for p in json.loads(call("GET", f"/api/v1/budgets/{budget}", cookie)[2])["projects"] if p["on_ballot"]]
p1, p2 = projects[0], projects[1]
statuses = []
barrier = threading.Barrier(2)


def vote(choice):
    barrier.wait()
    s, _, _ = call("PUT", f"/api/v1/budgets/{budget}/ballot", cookie, csrf, {"project_ids": choice})
    statuses.append(s)


ts = [threading.Thread(target=vote, args=([p1],)), threading.Thread(target=vote, args=([p2],))]
for t in ts:
    t.start()
for t in ts:
    t.join()
rows = json.loads(subprocess.run([bin_, "sql", "--db", db,
                                  f"SELECT count(*) FROM pb_ballots b JOIN people p ON p.id=b.person_id"
                                  f" JOIN users u ON u.id=p.user_id WHERE b.budget_id={int(budget)}"
                                  f" AND u.username='{user}'"],
                                 capture_output=True, text=True, check=True).stdout)
items = json.loads(subprocess.run([bin_, "sql", "--db", db,
                                   f"SELECT count(*) FROM pb_ballot_items i JOIN pb_ballots b ON b.id=i.ballot_id"
                                   f" JOIN people p ON p.id=b.person_id JOIN users u ON u.id=p.user_id"
                                   f" WHERE b.budget_id={int(budget)} AND u.username='{user}'"],
                                  capture_output=True, text=True, check=True).stdout)
print("statuses=" + ",".join(str(s) for s in sorted(statuses)))
print(f"ballots={rows[0][0]} items={items[0][0]}")
ok = all(s in (200, 409) for s in statuses) and 200 in statuses
sys.exit(0 if ok else 1)
