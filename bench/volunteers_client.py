#!/usr/bin/env python3
"""volunteers_client.py — the helper of bench/volunteers.sh.

  prep DB OUTDIR NPAGE      the check-in activities moved to today (started two
                            hours ago, ending in 22 h: on their day whatever
                            the hour), sessions for NPAGE sampled volunteers
                            (1 in 100 of them very active) and for every
                            volunteer holding a check-in sign-up; writes
                            OUTDIR/pages.txt (cookie, volunteer id) and
                            OUTDIR/scans.txt (cookie, csrf, activity id, sign-up id)
  pages PORT FILE N         the 我的志愿 page's records and points tabs as each
                            volunteer of FILE in turn, one connection: the
                            three calls the page makes (GET /me/volunteer, then
                            /me/records and /me/points, page 1 by 20); prints
                            p50/p99 of each call and of the page (their sum)
  agree DB PORT FILE N      N volunteers' pages against the database: the
                            records' total, total_minutes, the balance and
                            the entries' count; exit 1 on a difference
Sessions are written as the server writes them (SHA-256 of the token, a
12-hour expiry) so that no login (argon2id) is needed per volunteer.
Debian's /usr/bin/python3.
"""
import hashlib, http.client, json, os, secrets, sqlite3, sys, time

HOUR = 3600 * 1000000


def prep(db_path, out, npage):
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    now = int(time.time() * 1000000)
    db.execute("BEGIN")
    acts = [r[0] for r in db.execute("SELECT id FROM vol_activities WHERE title LIKE '签到压测 %' ORDER BY id")]
    st, en = now - 2 * HOUR, now + 22 * HOUR
    db.execute("UPDATE vol_activities SET starts_at=?, ends_at=?, cancel_before=? WHERE title LIKE '签到压测 %'",
               (st, en, st))
    db.execute("UPDATE vol_signups SET starts_at=?, ends_at=? WHERE activity_id BETWEEN ? AND ?",
               (st, en, acts[0], acts[-1]))
    exp = now + 12 * HOUR

    def session(uid):
        tok, csrf = secrets.token_hex(24), secrets.token_hex(16)
        db.execute("INSERT INTO sessions (user_id, token_hash, csrf_token, client_ip, created_at, expires_at)"
                   " VALUES (?,?,?,?,?,?)", (uid, hashlib.sha256(tok.encode()).hexdigest(), csrf, "127.0.0.1",
                                            now, exp))
        return tok, csrf

    # sampled volunteers: spread over the ids, and 1 in 100 the most active
    nv = db.execute("SELECT count(*) FROM vol_volunteers").fetchone()[0]
    sql = ("SELECT v.id, p.user_id FROM vol_volunteers v JOIN people p ON p.id=v.person_id"
           " WHERE p.user_id IS NOT NULL AND v.status='active'")
    heavy = db.execute(sql + " ORDER BY v.total_minutes DESC LIMIT ?", (max(1, npage // 100),)).fetchall()
    rows = db.execute(sql + " AND v.id % ? = 0 ORDER BY v.id", (max(1, nv // npage),)).fetchall()
    rows = rows[:npage - len(heavy)] + heavy
    rows = [rows[(i * 7919) % len(rows)] for i in range(len(rows))] if len(rows) % 7919 else rows
    with open(os.path.join(out, "pages.txt"), "w") as f:
        for vid, uid in rows:
            tok, _ = session(uid)
            f.write(f"wushe_session={tok} {vid}\n")
    with open(os.path.join(out, "scans.txt"), "w") as f:
        for sid, aid, uid in db.execute(
                "SELECT s.id, s.activity_id, p.user_id FROM vol_signups s JOIN vol_volunteers v ON v.id=s.volunteer_id"
                " JOIN people p ON p.id=v.person_id WHERE s.activity_id BETWEEN ? AND ? ORDER BY s.id",
                (acts[0], acts[-1])).fetchall():
            tok, csrf = session(uid)
            f.write(f"wushe_session={tok} {csrf} {aid} {sid}\n")
    db.execute("COMMIT")
    print(" ".join(str(a) for a in acts))


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))] if xs else 0


def pages(port, path, n):
    users = [l.split() for l in open(path)][:n]
    h = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    calls = {"/me/volunteer": [], "/me/records": [], "/me/points": []}
    page = []
    bad = 0

    def get(p, cookie):
        t = time.perf_counter()
        h.request("GET", "/api/v1" + p, headers={"Cookie": cookie})
        r = h.getresponse()
        body = r.read()
        return r.status, body, (time.perf_counter() - t) * 1000

    for rnd in range(2):  # the first round warms the cache; the second is measured
        for cookie, vid in users:
            tot = 0
            for p in ("/me/volunteer", "/me/records?page=1&per_page=20", "/me/points?page=1&per_page=20"):
                st, body, ms = get(p, cookie)
                if st != 200:
                    bad += 1
                    print(f"  {p} as volunteer {vid}: {st} {body[:200]!r}", file=sys.stderr)
                if rnd:
                    calls[p.split("?")[0]].append(ms)
                tot += ms
            if rnd:
                page.append(tot)
    for k, v in calls.items():
        print(f"call {k} {pct(v, 50):.2f} {pct(v, 99):.2f}")
    print(f"page all {pct(page, 50):.2f} {pct(page, 99):.2f} {len(page)} {bad}")


def agree(db_path, port, path, n):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    users = [l.split() for l in open(path)]
    step = max(1, len(users) // n)
    bad = 0
    h = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for cookie, vid in users[::step][:n]:
        vid = int(vid)
        h.request("GET", "/api/v1/me/records?page=1&per_page=20", headers={"Cookie": cookie})
        rec = json.loads(h.getresponse().read())
        h.request("GET", "/api/v1/me/points?page=1&per_page=20", headers={"Cookie": cookie})
        pts = json.loads(h.getresponse().read())
        cnt, mins = db.execute("SELECT count(*), coalesce(sum(CASE WHEN NOT EXISTS (SELECT 1 FROM vol_records n"
                               " WHERE n.amends_id=r.id) THEN minutes END), 0) FROM vol_records r"
                               " WHERE volunteer_id=?", (vid,)).fetchone()
        bal, ents = db.execute("SELECT coalesce(sum(e.amount), 0), count(e.id) FROM vol_point_accounts a"
                               " LEFT JOIN vol_point_entries e ON e.account_id=a.id WHERE a.volunteer_id=?",
                               (vid,)).fetchone()
        newest = db.execute("SELECT id FROM vol_records WHERE volunteer_id=? ORDER BY started_at DESC, id DESC"
                            " LIMIT 20", (vid,)).fetchall()
        got = (rec["total"], rec["total_minutes"], pts["balance"], pts["total"], [i["id"] for i in rec["items"]])
        want = (cnt, mins, bal, ents, [r[0] for r in newest])
        if got != want:
            bad += 1
            print(f"  volunteer {vid}: page {got[:4]} vs database {want[:4]}", file=sys.stderr)
    print(f"agree {min(n, len(users))} {bad}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "prep":
        prep(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "pages":
        pages(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    elif cmd == "agree":
        agree(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
