#!/usr/bin/env python3
"""vol_transfer_check.py TMP SCHEMA — the transfer document (转移接续) of the
demo's vol1 against docs/schemas/volunteer-records-transfer.schema.json
(Debian's python3-jsonschema), and against the records the API lists for
her: the same records, each amendment pointing at a record in the file.
Reads the test server's port from TMP/server.log; logs in as vol1.
Used by tests/api/41_volunteer.json."""
import http.client
import json
import re
import sys

import jsonschema

tmp, schema_path = sys.argv[1], sys.argv[2]
team = sys.argv[3] if len(sys.argv) > 3 else None  # a team's name: its year as beiqu instead
port = int(re.search(r"listening on http://127\.0\.0\.1:(\d+)/", open(f"{tmp}/server.log").read()).group(1))


def call(method, path, body=None, cookie=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = {"Content-Type": "application/json"}
    if cookie:
        h["Cookie"] = cookie
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse()
    return r.status, r.getheader("Set-Cookie") or "", r.read()


schema = json.load(open(schema_path))
jsonschema.Draft202012Validator.check_schema(schema)
if team:
    st, setc, _ = call("POST", "/api/v1/auth/login", {"username": "beiqu", "password": "Demo@2026"})
    cookie = setc.split(";")[0]
    import urllib.parse
    st, _, teams = call("GET", "/api/v1/teams?q=" + urllib.parse.quote(team), cookie=cookie)
    tid = json.loads(teams)["items"][0]["id"]
    st, _, doc = call("GET", f"/api/v1/teams/{tid}/records/transfer?from=2025-01-01&to=2026-12-31", cookie=cookie)
    assert st == 200, f"team transfer {st}: {doc[:200]}"
    doc = json.loads(doc)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
    if errors:
        print("schema:", errors[0].message, list(errors[0].path))
        sys.exit(1)
    n = sum(len(v["records"]) for v in doc["volunteers"])
    if not n or doc["source"]["region"] != team:
        print(f"the team's file holds {n} records for {doc['source']['region']}")
        sys.exit(1)
    print(f"team transfer ok: {n} records of {len(doc['volunteers'])} volunteers valid against the schema")
    sys.exit(0)
st, setc, _ = call("POST", "/api/v1/auth/login", {"username": "vol1", "password": "Demo@2026"})
assert st == 200, f"login {st}"
cookie = setc.split(";")[0]
st, _, me = call("GET", "/api/v1/me/volunteer", cookie=cookie)
vid = json.loads(me)["id"]
st, _, doc = call("GET", f"/api/v1/volunteers/{vid}/records/transfer", cookie=cookie)
assert st == 200, f"transfer {st}: {doc[:200]}"
doc = json.loads(doc)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
if errors:
    print("schema:", errors[0].message, list(errors[0].path))
    sys.exit(1)
st, _, listed = call("GET", "/api/v1/me/records?per_page=100", cookie=cookie)
listed = json.loads(listed)
recs = doc["volunteers"][0]["records"]
ids = {r["source_id"] for r in recs}
if ids != {r["id"] for r in listed["items"]} or len(recs) != listed["total"]:
    print(f"the file holds {len(recs)} records, the list {listed['total']}")
    sys.exit(1)
for r in recs:
    if r["amends_source_id"] is not None and r["amends_source_id"] not in ids:
        print(f"record {r['source_id']} amends {r['amends_source_id']}, not in the file")
        sys.exit(1)
print(f"transfer ok: {len(recs)} records of {doc['volunteers'][0]['number']} valid against the schema")
