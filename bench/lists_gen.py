#!/usr/bin/env python3
"""lists_gen.py — grow a demo database to district scale for bench/lists.sh.

  lists_gen.py --db PATH [--demands 1000000] [--services 100000] [--matches 200000]

Adds demands, services and matches spread over every community and grid of
the database, in one transaction with plain SQL (the store's bulk path is a
C interface; here the secondary indexes are left in place and rows arrive in
id order, which keeps them append-mostly). Titles are 2–4 common words
(WORDS), 30 % of demands open, creation times spread over two years.
Deterministic (fixed seed). Standard library only; run with /usr/bin/python3
(Debian's sqlite3 module links the same libsqlite3 as wushe).

The FTS5 triggers of 035_xchg_search.sql are dropped for the load and put
back afterwards (they cost ~1 ms a row: 15 minutes for a million); the
migrated database's search index is then rebuilt by `wushe` itself on the
next open if the search migration asks for it (see docs/lists.md).
"""
import argparse, random, sqlite3, sys, time

# Common words of the exchange's texts; titles join 2–4 of them.
WORDS = ["独居", "老人", "上门", "探访", "助餐", "配送", "陪同", "就医", "课后", "托管", "作业", "辅导",
         "心理", "疏导", "法律", "咨询", "家电", "维修", "理发", "康复", "训练", "政策", "入学", "指导",
         "粤语", "学习", "就业", "培训", "垃圾", "分类", "宣传", "楼道", "清洁", "路灯", "电梯", "水管",
         "疏通", "防诈", "儿童", "养老", "服务", "社区", "长者", "残疾", "家庭", "困难", "邻里", "调解",
         "读书", "活动", "网格", "义诊", "护理", "照料", "送药", "买菜"]
DESC = ["希望每周一次", "周末为宜", "需要懂粤语", "时间可以协商", "急需", "长期需要", "行动不便",
        "已向物业反映", "儿童较多", "夜间照明不足"]
DSTATUS = ["matching", "in_progress", "fulfilled", "closed", "cancelled"]
URG = ["low", "normal", "normal", "normal", "high", "urgent"]
GROUPS = ["general", "elderly", "children", "disabled", "hardship", "new_resident"]
SKILLS = ["探访", "陪伴", "配餐", "电工", "维修", "辅导", "心理", "法律", "理发", "驾驶", "粤语", "护理"]
YEAR_US = 365 * 86400 * 1000000


def title(rnd):
    return "".join(rnd.sample(WORDS, rnd.randint(2, 4)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--demands", type=int, default=1000000)
    ap.add_argument("--services", type=int, default=100000)
    ap.add_argument("--matches", type=int, default=200000)
    a = ap.parse_args()
    rnd = random.Random(2026)
    db = sqlite3.connect(a.db, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    regions = [r[0] for r in db.execute("SELECT id FROM regions WHERE level IN ('community','grid') ORDER BY id")]
    # needs are posted by staff for residents (source community_staff): not
    # by the demo's resident and provider, whose own lists ("mine") must
    # stay theirs, as in a real district
    staff = [r[0] for r in db.execute("SELECT id FROM users WHERE username NOT IN ('resident', 'provider')"
                                      " ORDER BY id")]
    orgs = [r[0] for r in db.execute("SELECT id FROM organisations ORDER BY id")]
    leaf_terms = [r[0] for r in db.execute("SELECT id FROM xchg_terms WHERE parent_id IS NOT NULL")]
    now = int(time.time()) * 1000000
    start = now - 2 * YEAR_US
    trig = db.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' AND name LIKE 'xchg_%fts%'").fetchall()
    t0 = time.time()
    db.execute("BEGIN")
    for name, _ in trig:
        db.execute(f'DROP TRIGGER "{name}"')
    d0 = db.execute("SELECT coalesce(max(id),0) FROM xchg_demands").fetchone()[0]
    s0 = db.execute("SELECT coalesce(max(id),0) FROM xchg_services").fetchone()[0]

    def demands():
        step = 2 * YEAR_US // max(a.demands, 1)
        for i in range(a.demands):
            at = start + i * step + rnd.randrange(step or 1)
            st = "open" if rnd.random() < 0.3 else rnd.choice(DSTATUS)
            yield (d0 + 1 + i, rnd.choice(regions), title(rnd), rnd.choice(DESC), "community_staff",
                   rnd.choice(staff), rnd.choice(GROUPS), rnd.choice(("public", "private")), rnd.choice(URG),
                   st, rnd.choice(SKILLS), at, at)

    db.executemany(
        "INSERT INTO xchg_demands(id, region_id, title, description, source, posted_by, beneficiary_group,"
        " privacy, urgency, status, skills, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        demands())
    db.executemany("INSERT INTO xchg_demand_terms(demand_id, term_id) VALUES (?,?)",
                   ((d0 + 1 + i, rnd.choice(leaf_terms)) for i in range(a.demands)))

    def services():
        step = 2 * YEAR_US // max(a.services, 1)
        for i in range(a.services):
            at = start + i * step
            st = rnd.choice(("active",) * 8 + ("paused", "withdrawn"))
            yield (s0 + 1 + i, rnd.choice(regions), rnd.choice(orgs), "organisation", title(rnd),
                   rnd.choice(DESC), rnd.choice(SKILLS), st, rnd.choice(("free", "low_cost", "paid")), at, at)

    db.executemany(
        "INSERT INTO xchg_services(id, region_id, organisation_id, provider_kind, name, description, skills,"
        " status, cost_kind, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", services())
    db.executemany("INSERT INTO xchg_service_terms(service_id, term_id) VALUES (?,?)",
                   ((s0 + 1 + i, rnd.choice(leaf_terms)) for i in range(a.services)))
    m0 = db.execute("SELECT coalesce(max(id),0) FROM xchg_matches").fetchone()[0]
    MST = ["proposed", "accepted", "delivered", "confirmed", "rated", "declined", "expired", "cancelled"]

    def matches():
        for i in range(a.matches):
            d = d0 + 1 + rnd.randrange(a.demands)
            at = start + (d - d0) * (2 * YEAR_US // max(a.demands, 1))
            yield (m0 + 1 + i, d, s0 + 1 + rnd.randrange(a.services), rnd.choice(MST), at + 86400 * 1000000 * 3,
                   at, at, at)

    if a.demands and a.services:
        db.executemany(
            "INSERT INTO xchg_matches(id, demand_id, service_id, status, due_at, proposed_at, created_at,"
            " updated_at) VALUES (?,?,?,?,?,?,?,?)", matches())
    for _, sql in trig:
        db.execute(sql)
    db.execute("COMMIT")
    print(f"lists_gen: {a.demands} demands, {a.services} services, {a.matches} matches in "
          f"{time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
