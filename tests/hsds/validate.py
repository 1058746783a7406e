#!/usr/bin/env python3
"""Validate a wushe HSDS 3.0 export (docs/hsds.md).

usage: validate.py DIR
       validate.py --bin build/wushe --db PATH     (exports into a temp dir first)

DIR holds organizations.json, services.json and service_at_locations.json
(`wushe export hsds DIR --db PATH`). Every element of each array is
validated against Open Referral's compiled schema of that kind
(shared/standards/hsds-3.0/schema/compiled/, found beside the repository
or in $HSDS_SCHEMA_DIR) with format checks, and the export as a whole must
hold together: ids are UUIDs and unique, every organization_id, service_id
and location_id points at something exported, no mainland mobile number
or personal identity appears anywhere, and the demo export is not
trivially small. Prints ok/not ok per check and `N passed, N failed`.
Needs python3-jsonschema (Debian) — scripts/install-deps.sh installs it.
"""
import json, os, re, subprocess, sys, tempfile

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
FILES = {"organizations.json": "organization.json", "services.json": "service.json",
         "service_at_locations.json": "service_at_location.json"}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def schema_dir():
    cands = [os.environ.get("HSDS_SCHEMA_DIR", "")]
    d = ROOT
    for _ in range(4):
        d = os.path.dirname(d)
        cands.append(os.path.join(d, "shared/standards/hsds-3.0/schema/compiled"))
    for c in cands:
        if c and os.path.isfile(os.path.join(c, "service.json")):
            return c
    # A clone without the shared folder beside it (CI) uses the copies kept
    # in the repository, gzipped: tests/hsds/schema/*.json.gz (HSDS 3.0,
    # Open Referral, CC BY-SA 4.0 — see tests/hsds/schema/README).
    here = os.path.join(ROOT, "tests/hsds/schema")
    if os.path.isfile(os.path.join(here, "service.json.gz")):
        return here
    sys.exit("HSDS schemas not found (set HSDS_SCHEMA_DIR)")


def load_schema(sd, name):
    path = os.path.join(sd, name)
    if os.path.isfile(path):
        return json.load(open(path, encoding="utf-8"))
    import gzip
    with gzip.open(path + ".gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    if "--db" in argv:
        binp = argv[argv.index("--bin") + 1] if "--bin" in argv else os.path.join(ROOT, "build/wushe")
        tmp = tempfile.mkdtemp(prefix="wushe-hsds-")
        subprocess.run([binp, "export", "hsds", tmp, "--db", argv[argv.index("--db") + 1]], check=True)
        d = tmp
    elif len(argv) == 1:
        d = argv[0]
    else:
        sys.exit(__doc__)
    sd = schema_dir()
    passed = failed = 0

    def check(ok, name, why=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok - {name}")
        else:
            failed += 1
            print(f"not ok - {name}: {why}")

    data = {}
    for f, s in FILES.items():
        schema = load_schema(sd, s)
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        v = cls(schema, format_checker=cls.FORMAT_CHECKER if hasattr(cls, "FORMAT_CHECKER") else jsonschema.FormatChecker())
        text = open(os.path.join(d, f), encoding="utf-8").read()
        arr = json.loads(text)
        data[f] = arr
        check(isinstance(arr, list), f"{f} is a JSON array")
        bad = []
        for i, el in enumerate(arr):
            errs = sorted(v.iter_errors(el), key=lambda e: list(e.path))
            if errs:
                bad.append(f"[{i}] {errs[0].json_path if hasattr(errs[0], 'json_path') else list(errs[0].path)}: {errs[0].message}")
        check(not bad, f"{f}: every one of {len(arr)} elements is valid HSDS 3.0 ({s})", "; ".join(bad[:5]))
        m = MOBILE.search(text)
        check(not m, f"{f}: no mobile numbers", m.group(0) if m else "")
        m = ID_NUMBER.search(text)
        check(not m, f"{f}: no resident ID numbers", m.group(0) if m else "")

    orgs, svcs, sals = data["organizations.json"], data["services.json"], data["service_at_locations.json"]
    check(len(orgs) >= 3 and len(svcs) >= 5 and len(sals) >= 5, "the export is not trivial",
          f"{len(orgs)} organizations, {len(svcs)} services, {len(sals)} service_at_locations")

    ids = []

    def walk(o):
        if isinstance(o, dict):
            for k, val in o.items():
                if (k == "id" or k.endswith("_id")) and isinstance(val, str):
                    ids.append((k, val))
                walk(val)
        elif isinstance(o, list):
            for x in o:
                walk(x)
    walk(data)
    notuuid = [v for _, v in ids if not UUID.match(v)]
    check(not notuuid, "every id is a UUID (RFC 9562 version 8)", str(notuuid[:3]))
    top = [o["id"] for o in orgs] + [s["id"] for s in svcs] + [x["id"] for x in sals]
    check(len(top) == len(set(top)), "top-level ids are unique")
    org_ids = {o["id"] for o in orgs}
    svc_ids = {s["id"] for s in svcs}
    dangling = [s["name"] for s in svcs if "organization_id" in s and s["organization_id"] not in org_ids]
    check(not dangling, "every service's organization_id is an exported organization", str(dangling))
    dangling = [x["id"] for x in sals if x.get("service_id") not in svc_ids or x.get("location_id") != x.get("location", {}).get("id")]
    check(not dangling, "every service_at_location names an exported service and its location", str(dangling))
    check(all(s["status"] == "active" for s in svcs), "only active services are published")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
