#!/usr/bin/env python3
"""volunteers_gen.py — grow a `wushe demo` database into a district of
volunteers for bench/volunteers.sh (issue 11 item 12).

  volunteers_gen.py --db PATH [--volunteers 1000000] [--records 10000000]
                    [--bench-activities 300] [--bench-signups 1000]

Set-based SQL only (recursive CTEs and INSERT … SELECT, one transaction,
journal off — the caller writes to a temporary file and renames it when this
exits 0): every table it loads first loses its secondary indexes, which are
rebuilt from their stored definitions at the end (one sorted build each, as
the store's bulk load does). Deterministic (no random(): arithmetic hashes
of the row numbers), so one version of this file makes one database.

What it adds, on top of the demo (ids after the demo's):
  * N volunteers, each a person of the registry (name, community, the name
    search's grams) with an account (user, `volunteer` grant, the demo's
    password hash) and a points account;
  * activities: every community, every day of the last 730 days, 20 slots
    (one role each, 2–3 hours, 8:00–20:00 Asia/Shanghai); a slot belongs to
    one of the community's teams (北区社区助老服务队 takes 8 of 北区社区's 20:
    the large team of the monthly report), a volunteer always serves in one
    slot of their community (their team), on days 2 apart: no volunteer has
    two shifts at once;
  * R service records (1 % of volunteers are very active, ~307 records each;
    the others 1–13), each from a sign-up (signed, checked in and out by
    QR), confirmed, with its earn in the points ledger (one transaction, two
    entries: the volunteer's lot, unspent and not expiring, and the
    community's account), balances and total_minutes derived from them — so
    `wushe points check` is clean and the pages agree;
  * for the check-in benchmark: B activities with B × S sign-ups (signed,
    not checked in, distinct volunteers), titled 「签到压测」. Their times
    are set by the benchmark to the day it runs.
Record ids follow time (a volunteer's records are spread over the table, as
in a district that grew day by day). /usr/bin/python3 (Debian's sqlite3
module, the same libsqlite3 as wushe).
"""
import argparse, sqlite3, sys, time

DAY = 86400 * 1000000
HOUR = 3600 * 1000000
DAYS = 730
SLOTS = 20
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红丹建国志文辉力永健世广海云凤春晓雪梅琳素燕嘉怡子轩浩宇欣然思远佳琪俊杰婉婷"
TITLES = ["独居长者上门探访", "社区环境清洁", "长者助餐配送", "青少年课后辅导", "垃圾分类督导", "义诊健康咨询",
          "文明交通劝导", "防诈骗宣传", "家电义务维修", "社区图书角整理", "爱心义剪", "邻里节活动协助"]
PLACES = ["党群服务中心", "长者饭堂", "社区广场", "居民活动室", "小区门口", "社区卫生服务站"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--volunteers", type=int, default=1000000)
    ap.add_argument("--records", type=int, default=10000000)
    ap.add_argument("--bench-activities", type=int, default=300)
    ap.add_argument("--bench-signups", type=int, default=1000)
    a = ap.parse_args()
    NV, NR, BA, BS = a.volunteers, a.records, a.bench_activities, a.bench_signups
    if BA * BS > NV:
        sys.exit("volunteers_gen: more bench sign-ups than volunteers")
    t00 = time.time()
    db = sqlite3.connect(a.db, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1500000")
    db.execute("PRAGMA temp_store=FILE")
    db.execute("PRAGMA foreign_keys=OFF")
    q = lambda sql, *args: db.execute(sql, args)
    one = lambda sql, *args: db.execute(sql, args).fetchone()[0]
    step_t = [time.time()]

    def say(what):
        now = time.time()
        print(f"volunteers_gen: {what} ({now - step_t[0]:.1f} s)", file=sys.stderr, flush=True)
        step_t[0] = now

    q("BEGIN")
    tables = ["users", "user_grants", "people", "people_name_grams", "vol_volunteers", "vol_activities", "vol_roles",
              "vol_signups", "vol_records", "vol_point_accounts", "vol_point_txns", "vol_point_entries"]
    idx = db.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN (%s)"
                     % ",".join("?" * len(tables)), tables).fetchall()
    for name, _ in idx:
        q(f'DROP INDEX "{name}"')
    # the name search's grams are added set-based below, not row by row
    trig = one("SELECT sql FROM sqlite_master WHERE type='trigger' AND name='people_name_grams_ai'")
    q("DROP TRIGGER people_name_grams_ai")

    # the day the generated history ends: today's Asia/Shanghai midnight (µs UTC)
    now = int(time.time()) * 1000000
    today = ((now + 8 * HOUR) // DAY) * DAY - 8 * HOUR
    base = today - DAYS * DAY
    U0 = one("SELECT coalesce(max(id), 0) FROM users")
    P0 = one("SELECT coalesce(max(id), 0) FROM people")
    V0 = one("SELECT coalesce(max(id), 0) FROM vol_volunteers")
    A0 = one("SELECT coalesce(max(id), 0) FROM vol_activities")
    R0 = one("SELECT coalesce(max(id), 0) FROM vol_roles")
    S0 = one("SELECT coalesce(max(id), 0) FROM vol_signups")
    C0 = one("SELECT coalesce(max(id), 0) FROM vol_records")
    T0 = one("SELECT coalesce(max(id), 0) FROM vol_point_txns")
    E0 = one("SELECT coalesce(max(id), 0) FROM vol_point_entries")
    K0 = one("SELECT coalesce(max(id), 0) FROM vol_point_accounts")
    pw = one("SELECT password_hash FROM users WHERE username='vol1'")

    # communities (index → id), their teams (the large team first in 北区社区)
    q("CREATE TEMP TABLE comm (cidx INTEGER PRIMARY KEY, id INTEGER, name TEXT)")
    q("INSERT INTO comm SELECT row_number() OVER (ORDER BY id) - 1, id, name FROM regions WHERE level='community'")
    NC = one("SELECT count(*) FROM comm")
    q("CREATE TEMP TABLE cteam (cidx INTEGER, tidx INTEGER, team_id INTEGER, org_id INTEGER, org_name TEXT,"
      " PRIMARY KEY (cidx, tidx))")
    q("INSERT INTO cteam SELECT c.cidx, row_number() OVER (PARTITION BY c.cidx ORDER BY t.name <> '北区社区助老服务队', t.id) - 1,"
      " t.id, t.organisation_id, coalesce(o.name, t.name) FROM comm c JOIN teams t ON t.region_id=c.id"
      " LEFT JOIN organisations o ON o.id=t.organisation_id WHERE t.status='active'")
    # a slot's team: in 北区社区 slots 0–7 are the large team's; elsewhere slot % teams
    q("CREATE TEMP TABLE slot (cidx INTEGER, s INTEGER, team_id INTEGER, org_id INTEGER, org_name TEXT,"
      " PRIMARY KEY (cidx, s))")
    q(f"""INSERT INTO slot
      WITH RECURSIVE n(s) AS (SELECT 0 UNION ALL SELECT s + 1 FROM n WHERE s < {SLOTS - 1}),
      nt AS (SELECT cidx, count(*) AS k FROM cteam GROUP BY cidx)
      SELECT c.cidx, n.s, t.team_id, t.org_id, coalesce(t.org_name, c.name || '居民委员会')
      FROM comm c CROSS JOIN n LEFT JOIN nt ON nt.cidx=c.cidx
      LEFT JOIN cteam t ON t.cidx=c.cidx AND t.tidx = CASE WHEN c.name='北区社区' AND n.s < 8 THEN 0
           WHEN c.name='北区社区' THEN 1 + (n.s - 8) % (nt.k - 1) ELSE n.s % nt.k END""")
    q("CREATE TEMP TABLE words (kind TEXT, i INTEGER, w TEXT, PRIMARY KEY (kind, i))")
    for kind, ws in (("title", TITLES), ("place", PLACES)):
        db.executemany("INSERT INTO words VALUES (?,?,?)", [(kind, i, w) for i, w in enumerate(ws)])
    say(f"{NC} communities, {one('SELECT count(*) FROM cteam')} teams; ids after users {U0}, people {P0}, volunteers {V0}")

    # volunteers: v = 0..NV-1; hashes of v pick the community, the slot, the
    # first day and how many records; 1 % (v % 100 = 37) are very active
    q("CREATE TEMP TABLE vol (v INTEGER PRIMARY KEY, cidx INTEGER, s INTEGER, off INTEGER, k INTEGER, heavy INTEGER)")
    q(f"""INSERT INTO vol (v, cidx, s, off, k, heavy)
      WITH RECURSIVE n(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM n WHERE v < {NV - 1}),
      h AS (SELECT v, (v * 2654435761 + 12345) % 4294967291 AS h1, (v * 40503 + 977) % 1000003 AS h2 FROM n)
      SELECT v, h1 % {NC}, h2 % {SLOTS}, (h1 / {NC}) % {DAYS},
             CASE WHEN v % 100 = 37 THEN 300 ELSE 1 + (h1 / 7) % 13 END, v % 100 = 37 FROM h""")
    # make the total exactly NR: the very active ones take the difference
    have = one("SELECT sum(k) FROM vol")
    nh = one("SELECT count(*) FROM vol WHERE heavy")
    diff = NR - have
    q(f"UPDATE vol SET k = k + {diff // nh} + (v / 100 < {diff % nh}) WHERE heavy")
    if one("SELECT max(k) FROM vol") * 2 > DAYS or one("SELECT min(k) FROM vol") < 1:
        sys.exit("volunteers_gen: records do not fit (too many per volunteer)")
    say(f"{NV} volunteers planned, {one('SELECT sum(k) FROM vol')} records")

    # people, accounts, grants, volunteers
    q(f"""INSERT INTO users (id, username, display_name, password_hash, created_at, updated_at)
      SELECT {U0} + 1 + v.v, 'bv' || v.v,
        substr('{SURNAMES}', 1 + v.v % {len(SURNAMES)}, 1) || substr('{GIVEN}', 1 + (v.v / 7) % {len(GIVEN)}, 1)
          || CASE WHEN v.v % 3 = 0 THEN '' ELSE substr('{GIVEN}', 1 + (v.v / 131) % {len(GIVEN)}, 1) END,
        '{pw}', {base} - 2 * {DAY}, {base} - 2 * {DAY} FROM vol v""")
    q(f"INSERT INTO user_grants (user_id, role, region_id) SELECT {U0} + 1 + v.v, 'volunteer', c.id"
      " FROM vol v JOIN comm c ON c.cidx=v.cidx")
    q(f"""INSERT INTO people (id, region_id, name, gender, birth_date, household, is_volunteer, user_id, version,
        created_at, updated_at)
      SELECT {P0} + 1 + v.v, c.id, u.display_name, CASE WHEN v.v % 2 THEN 'male' ELSE 'female' END,
        printf('%04d-%02d-%02d', 1950 + v.v % 55, 1 + v.v % 12, 1 + v.v % 28),
        CASE WHEN v.v % 4 = 0 THEN 'nonregistered' ELSE 'registered' END, 1, u.id, 1, u.created_at, u.created_at
      FROM vol v JOIN comm c ON c.cidx=v.cidx JOIN users u ON u.id = {U0} + 1 + v.v""")
    q(f"""INSERT INTO people_name_grams (gram, person_id, region_id)
      SELECT lower(substr(p.name, g.n, 1)), p.id, p.region_id FROM people p JOIN reg_name_positions g
        ON g.n <= length(p.name) WHERE p.id > {P0}
      UNION ALL
      SELECT lower(substr(p.name, g.n, 2)), p.id, p.region_id FROM people p JOIN reg_name_positions g
        ON g.n < length(p.name) WHERE p.id > {P0}""")
    q(f"""INSERT INTO vol_volunteers (id, person_id, region_id, number, consent_purpose, consent_at, consent_by,
        skills, languages, availability, status, registered_at, total_minutes, version, created_at, updated_at)
      SELECT {V0} + 1 + v.v, {P0} + 1 + v.v, c.id, printf('V%09d', {V0} + 1 + v.v),
        '志愿服务登记、活动组织与服务记录 / volunteer registration, activities and service records',
        {base} - {DAY}, {U0} + 1 + v.v, 'companion,visit', 'zh,yue', 9362, 'active', {base} - {DAY}, 0, 1,
        {base} - {DAY}, {base} - {DAY}
      FROM vol v JOIN comm c ON c.cidx=v.cidx""")
    say("users, grants, people (and their name grams), volunteers")

    # activities: (community, day, slot) → one activity with one role
    q(f"""INSERT INTO vol_activities (id, region_id, team_id, organisation_id, title, description, place,
        starts_at, ends_at, cancel_before, contact_name, contact_phone, audience, status, qr_key, version,
        created_at, updated_at)
      WITH RECURSIVE d(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM d WHERE d < {DAYS - 1}),
      x AS (SELECT sl.*, d.d, {base} + d.d * {DAY} + (8 + sl.s % 12) * {HOUR} AS st FROM slot sl CROSS JOIN d)
      SELECT {A0} + 1 + (x.cidx * {DAYS} + x.d) * {SLOTS} + x.s, c.id, x.team_id, x.org_id,
        (SELECT w FROM words WHERE kind='title' AND i = (x.s + x.cidx) % {len(TITLES)}),
        '', c.name || (SELECT w FROM words WHERE kind='place' AND i = x.s % {len(PLACES)}),
        x.st, x.st + (120 + 30 * (x.s % 3)) * 60000000, x.st - {DAY}, '社区志愿服务站', '0757-22220000',
        CASE x.s % 4 WHEN 0 THEN '独居长者' WHEN 1 THEN '青少年' WHEN 2 THEN '社区居民' ELSE '' END,
        'published', printf('%016x%016x%016x%016x', x.st, x.st * 3, x.st * 5, x.st * 7), 1, x.st - 7 * {DAY}, x.st - 7 * {DAY}
      FROM x JOIN comm c ON c.cidx=x.cidx ORDER BY 1""")
    NA = NC * DAYS * SLOTS
    q(f"INSERT INTO vol_roles (id, activity_id, name, capacity, skills) SELECT {R0} + (id - {A0}), id, '志愿者', 60, ''"
      f" FROM vol_activities WHERE id > {A0}")
    say(f"{NA} activities with their roles")

    # the records' plan, in time order: (activity, volunteer) → row number
    q(f"""CREATE TEMP TABLE rec AS
      WITH RECURSIVE j(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM j WHERE j < (SELECT max(k) - 1 FROM vol))
      SELECT {A0} + 1 + (v.cidx * {DAYS} + (v.off + 2 * j.j) % {DAYS}) * {SLOTS} + v.s AS act, v.v AS v,
        (v.v * 31 + j.j * 17) % 11 AS early, (v.v * 13 + j.j * 7) % 9 AS late
      FROM vol v JOIN j ON j.j < v.k ORDER BY 1, 2""")
    say("records planned in time order")
    q(f"""INSERT INTO vol_signups (id, activity_id, role_id, volunteer_id, companions, status, starts_at, ends_at,
        checkin_at, checkin_method, checkout_at, checkout_method, record_id, created_by, version, created_at,
        updated_at)
      SELECT {S0} + r.rowid, r.act, {R0} + (r.act - {A0}), {V0} + 1 + r.v, 0, 'signed', a.starts_at, a.ends_at,
        a.starts_at + r.early * 60000000, 'qr', a.ends_at - r.late * 60000000, 'qr', {C0} + r.rowid,
        {U0} + 1 + r.v, 4, a.starts_at - 3 * {DAY}, a.ends_at + {DAY}
      FROM rec r JOIN vol_activities a ON a.id = r.act ORDER BY r.rowid""")
    say("sign-ups")
    q(f"""INSERT INTO vol_records (id, volunteer_id, region_id, kind, activity_id, signup_id, organisation_id,
        organisation_name, content, place, started_at, ended_at, minutes, flagged, confirmed_by, confirmer_name,
        created_at)
      SELECT {C0} + r.rowid, {V0} + 1 + r.v, a.region_id, 'service', r.act, {S0} + r.rowid, a.organisation_id,
        sl.org_name, a.title || '（志愿者）', a.place, a.starts_at + r.early * 60000000,
        a.ends_at - r.late * 60000000, (a.ends_at - a.starts_at) / 60000000 - r.early - r.late, 0, NULL, '系统',
        a.ends_at + {DAY}
      FROM rec r JOIN vol_activities a ON a.id = r.act
      JOIN slot sl ON sl.cidx = (r.act - {A0} - 1) / ({DAYS} * {SLOTS}) AND sl.s = (r.act - {A0} - 1) % {SLOTS}
      ORDER BY r.rowid""")
    say("service records")
    # the points: an earn per record (10 points an hour, rounded down), the
    # volunteer's lot and the community's debit
    q(f"""INSERT INTO vol_point_accounts (id, volunteer_id, region_id, balance, created_at)
      SELECT {K0} + 1 + v.v, {V0} + 1 + v.v, NULL, 0, {base} - {DAY} FROM vol v""")
    K1 = K0 + NV
    q(f"""INSERT INTO vol_point_accounts (id, volunteer_id, region_id, balance, created_at)
      SELECT {K1} + c.cidx + 1, NULL, c.id, 0, {base} - {DAY} FROM comm c
      WHERE NOT EXISTS (SELECT 1 FROM vol_point_accounts x WHERE x.region_id = c.id)""")
    q(f"""INSERT INTO vol_point_txns (id, kind, region_id, volunteer_id, record_id, memo, created_by, created_at)
      SELECT {T0} + (r.id - {C0}), 'earn', r.region_id, r.volunteer_id, r.id,
        printf('服务 %d 分钟，%d 分 / %d minutes of service, %d points', r.minutes, r.minutes * 10 / 60, r.minutes,
               r.minutes * 10 / 60), NULL, r.created_at
      FROM vol_records r WHERE r.id > {C0} ORDER BY r.id""")
    q("CREATE TEMP TABLE cacct (region_id INTEGER PRIMARY KEY, acct INTEGER)")
    q("INSERT INTO cacct SELECT region_id, id FROM vol_point_accounts WHERE region_id IS NOT NULL")
    q(f"""INSERT INTO vol_point_entries (id, txn_id, account_id, amount, remaining, expires_at, lot_region_id, lot_id,
        created_at)
      SELECT {E0} + 2 * (r.id - {C0}) - 1 + k.k, {T0} + (r.id - {C0}),
        CASE k.k WHEN 0 THEN {K0} + (r.volunteer_id - {V0}) ELSE ca.acct END,
        CASE k.k WHEN 0 THEN r.minutes * 10 / 60 ELSE -(r.minutes * 10 / 60) END,
        CASE k.k WHEN 0 THEN r.minutes * 10 / 60 END, NULL, CASE k.k WHEN 0 THEN r.region_id END, NULL, r.created_at
      FROM vol_records r CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) k JOIN cacct ca ON ca.region_id = r.region_id
      WHERE r.id > {C0} ORDER BY 1""")
    say("points: accounts, earns, entries")

    # the check-in benchmark's activities: BA × BS signed sign-ups, distinct volunteers
    BA0 = A0 + NA
    q(f"""INSERT INTO vol_activities (id, region_id, team_id, organisation_id, title, description, place,
        starts_at, ends_at, cancel_before, contact_name, contact_phone, audience, status, qr_key, version,
        created_at, updated_at)
      WITH RECURSIVE b(b) AS (SELECT 0 UNION ALL SELECT b + 1 FROM b WHERE b < {BA - 1})
      SELECT {BA0} + 1 + b.b, c.id, NULL, NULL, '签到压测 ' || (b.b + 1), '', c.name || '社区广场',
        {today} + 9 * {HOUR}, {today} + 21 * {HOUR}, {today}, '社区志愿服务站', '0757-22220000', '社区居民',
        'published', printf('%016x%016x%016x%016x', b.b + 1, b.b * 3 + 7, b.b * 5 + 11, b.b * 7 + 13), 1, {today} - 7 * {DAY}, {today} - 7 * {DAY}
      FROM b JOIN comm c ON c.cidx = b.b % {NC}""")
    q(f"INSERT INTO vol_roles (id, activity_id, name, capacity, skills) SELECT {R0} + (id - {A0}), id, '现场志愿者',"
      f" {BS}, '' FROM vol_activities WHERE id > {BA0}")
    S1 = S0 + NR
    q(f"""INSERT INTO vol_signups (id, activity_id, role_id, volunteer_id, companions, status, starts_at, ends_at,
        created_by, version, created_at, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {BA * BS - 1})
      SELECT {S1} + 1 + n.i, {BA0} + 1 + n.i / {BS}, {R0} + {NA} + 1 + n.i / {BS}, {V0} + 1 + n.i,
        0, 'signed', {today} + 9 * {HOUR}, {today} + 21 * {HOUR}, {U0} + 1 + n.i, 1, {today} - 3 * {DAY},
        {today} - 3 * {DAY} FROM n""")
    say(f"{BA} check-in activities with {BA * BS} sign-ups")

    # derived: minutes and balances
    q(f"""UPDATE vol_volunteers SET total_minutes = x.m FROM
      (SELECT volunteer_id AS vid, sum(minutes) AS m FROM vol_records WHERE id > {C0} GROUP BY volunteer_id) x
      WHERE vol_volunteers.id = x.vid""")
    q(f"""UPDATE vol_point_accounts SET balance = x.b FROM
      (SELECT account_id AS aid, sum(amount) AS b FROM vol_point_entries GROUP BY account_id) x
      WHERE vol_point_accounts.id = x.aid""")
    say("total minutes and balances")
    for name, sql in idx:
        t = time.time()
        q(sql)
        print(f"volunteers_gen:   index {name} ({time.time() - t:.1f} s)", file=sys.stderr, flush=True)
    q(trig)
    say("indexes rebuilt")
    got = one(f"SELECT count(*) FROM vol_records WHERE id > {C0}")
    if got != NR:
        sys.exit(f"volunteers_gen: {got} records made, not {NR}")
    q("COMMIT")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    print(f"volunteers_gen: done in {time.time() - t00:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
