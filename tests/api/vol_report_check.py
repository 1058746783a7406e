#!/usr/bin/env python3
"""vol_report_check.py TMP TEAM — the monthly report of a demo team (as beiqu)
for each month it had activities in the last year: the hours by person and
by activity each add up to the month's total, which equals the sum of the
records the volunteers see as theirs for those activities. Reads the test
server's port from TMP/server.log. Used by tests/api/41_volunteer.json."""
import http.client
import json
import re
import sys
import urllib.parse

tmp, team = sys.argv[1], sys.argv[2]
port = int(re.search(r"listening on http://127\.0\.0\.1:(\d+)/", open(f"{tmp}/server.log").read()).group(1))


def call(path, cookie=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = {"Content-Type": "application/json"}
    if cookie:
        h["Cookie"] = cookie
    c.request("POST" if body else "GET", path, json.dumps(body) if body else None, h)
    r = c.getresponse()
    return r.status, r.getheader("Set-Cookie") or "", r.read()


_, setc, _ = call("/api/v1/auth/login", body={"username": "beiqu", "password": "Demo@2026"})
cookie = setc.split(";")[0]
tid = json.loads(call("/api/v1/teams?q=" + urllib.parse.quote(team), cookie)[2])["items"][0]["id"]
acts = json.loads(call(f"/api/v1/activities?team_id={tid}&per_page=100&from=2025-01-01", cookie)[2])["items"]
months = sorted({a["starts_at"][:7] for a in acts})
checked = 0
for m in months:
    st, _, body = call(f"/api/v1/teams/{tid}/report?month={m}", cookie)
    if st != 200:
        print(f"{m}: {st} {body[:200]}")
        sys.exit(1)
    rep = json.loads(body)
    by_person = sum(p["minutes"] for p in rep["by_person"])
    by_act = sum(a["minutes"] for a in rep["by_activity"])
    if not (rep["minutes"] == by_person == by_act):
        print(f"{m}: total {rep['minutes']}, by person {by_person}, by activity {by_act}")
        sys.exit(1)
    if rep["activities"] != len(rep["by_activity"]) or rep["activities"] != sum(a["activities"] for a in rep["by_audience"]):
        print(f"{m}: {rep['activities']} activities but {len(rep['by_activity'])} listed")
        sys.exit(1)
    checked += rep["minutes"] > 0
if not checked:
    print(f"no month of {team} had hours: {months}")
    sys.exit(1)
print(f"report ok: {len(months)} months of {team}, {checked} with hours, totals add up")
