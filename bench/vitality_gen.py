#!/usr/bin/env python3
"""vitality_gen.py DB — fills a fresh wushe database (after `wushe init`)
with a district of 10 towns and 200 communities, 1,000,000 people (grids
below the communities hold half of them), 20,000 organisations and 100,000
exchange demands with matches over the last 13 months: the size the
vitality recompute must handle within 2 s (docs/vitality-index.md).
vitality_gen.py DB SCALE multiplies people, organisations and demands by
SCALE (default 1; 0.01 for a quick run)."""
import random, sqlite3, sys, time

db = sys.argv[1]
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
rnd = random.Random(7)
con = sqlite3.connect(db)
con.execute("PRAGMA synchronous=OFF")
now = int(time.time() * 1e6)
year = 365 * 86400 * 10**6
cur = con.cursor()
cur.execute("INSERT INTO users(username, display_name, password_hash, created_at, updated_at)"
            " VALUES('bench', 'bench', 'x', ?, ?)", (now, now))
uid = cur.lastrowid
cur.execute("INSERT INTO regions(level, name, path, created_at, updated_at) VALUES('district','基准区','tmp',?,?)", (now, now))
d = cur.lastrowid
cur.execute("UPDATE regions SET path=? WHERE id=?", (f"/{d}/", d))
places = []  # (region ids to put people in)
communities = []
for t in range(10):
    cur.execute("INSERT INTO regions(parent_id, level, name, path, created_at, updated_at) VALUES(?,?,?,?,?,?)",
                (d, "town", f"镇{t}", f"tmp{t}", now, now))
    tid = cur.lastrowid
    cur.execute("UPDATE regions SET path=? WHERE id=?", (f"/{d}/{tid}/", tid))
    for c in range(20):
        reg, non = rnd.randint(2000, 6000), rnd.randint(1000, 5000)
        cur.execute("INSERT INTO regions(parent_id, level, name, kind, path, registered_pop, nonregistered_pop,"
                    " created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?)",
                    (tid, "community", f"社区{t}-{c}", "rural" if c % 4 == 0 else "urban", f"tmp{t}-{c}", reg, non, now, now))
        cid = cur.lastrowid
        cur.execute("UPDATE regions SET path=? WHERE id=?", (f"/{d}/{tid}/{cid}/", cid))
        communities.append(cid)
        ids = [cid]
        for g in range(4):
            cur.execute("INSERT INTO regions(parent_id, level, name, path, created_at, updated_at) VALUES(?,?,?,?,?,?)",
                        (cid, "grid", f"网格{g}", f"tmp{t}-{c}-{g}", now, now))
            gid = cur.lastrowid
            cur.execute("UPDATE regions SET path=? WHERE id=?", (f"/{d}/{tid}/{cid}/{gid}/", gid))
            ids.append(gid)
        places.append(ids)

def people():
    for i in range(int(1_000_000 * scale)):
        ids = places[i % 200]
        r = ids[0] if i % 2 else ids[1 + (i // 200) % 4]
        created = now - rnd.randint(0, 2 * year)
        non = rnd.random() < 0.45
        vol = rnd.random() < 0.04
        ver = created + 86400 * 10**6 if rnd.random() < 0.1 else None
        yield (r, "某人", "nonregistered" if non else "registered", int(vol), ver, created, created)
cur.executemany("INSERT INTO people(region_id, name, household, is_volunteer, verified_at, created_at, updated_at)"
                " VALUES(?,?,?,?,?,?,?)", people())

types = ["community_social_org"] * 6 + ["social_work_agency", "foundation", "enterprise", "other"]
def orgs():
    for i in range(int(20_000 * scale)):
        c = communities[i % 200]
        created = now - rnd.randint(0, 3 * year)
        yield (c, f"组织{i}", rnd.choice(types), c, "active" if rnd.random() < 0.9 else "dissolved", created, created)
cur.executemany("INSERT INTO organisations(region_id, name, org_type, ledger_community_id, status, created_at, updated_at)"
                " VALUES(?,?,?,?,?,?,?)", orgs())
cur.execute("INSERT INTO organisations(region_id, name, org_type, created_at, updated_at) VALUES(?,?,?,?,?)",
            (d, "基准服务机构", "social_work_agency", now, now))
org = cur.lastrowid
cur.execute("INSERT INTO xchg_services(region_id, organisation_id, provider_kind, name, created_at, updated_at)"
            " VALUES(?,?,?,?,?,?)", (d, org, "organisation", "基准服务", now, now))
svc = cur.lastrowid
for i in range(int(100_000 * scale)):
    ids = places[i % 200]
    created = now - rnd.randint(0, 13 * year // 12)
    done = rnd.random() < 0.7
    ful = created + rnd.randint(1, 40) * 86400 * 10**6 if done else None
    if ful and ful > now:
        ful, done = None, False
    cur.execute("INSERT INTO xchg_demands(region_id, title, source, posted_by, status, fulfilled_at, created_at, updated_at)"
                " VALUES(?,?,?,?,?,?,?,?)", (ids[i % 5], "需求", "resident", uid, "fulfilled" if done else "open", ful, created, created))
    if done:
        cur.execute("INSERT INTO xchg_matches(demand_id, service_id, status, proposed_at, delivered_at, hours_delivered,"
                    " created_at, updated_at) VALUES(?,?,?,?,?,?,?,?)",
                    (cur.lastrowid, svc, "confirmed", created, ful, rnd.randint(30, 240), created, created))
con.commit()
print("people", con.execute("SELECT count(*) FROM people").fetchone()[0],
      "organisations", con.execute("SELECT count(*) FROM organisations").fetchone()[0],
      "demands", con.execute("SELECT count(*) FROM xchg_demands").fetchone()[0])
