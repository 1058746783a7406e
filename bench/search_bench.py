#!/usr/bin/env python3
"""Search benchmark (docs/search.md): a demo database grown to ~100,000
demands and ~20,000 services of generated Chinese text, inserted with plain
SQL so the FTS5 triggers do the indexing; then GET /api/v1/search against
the real server, each query timed N times. Prints a Markdown table.

usage: /usr/bin/python3 bench/search_bench.py [--bin build/wushe] [--demands 100000] [--services 20000]
       /usr/bin/python3 bench/search_bench.py --db PATH     (reuse a grown database; queries only)
Besides wall-clock latency it reports the server's CPU time per request
(utime+stime from /proc), which does not depend on what else the machine runs.
(/usr/bin/python3: Debian's sqlite3 module links the same libsqlite3 3.40 as wushe)
"""
import http.client, json, os, random, signal, socket, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
args = sys.argv[1:]
def opt(name, default):
    return args[args.index(name) + 1] if name in args else default
BIN = opt("--bin", os.path.join(ROOT, "build/wushe"))
ND = int(opt("--demands", 100000))
NS = int(opt("--services", 20000))
REPS = int(opt("--reps", 30))

rnd = random.Random(2026)
WHO = ["独居老人", "空巢长者", "留守儿童", "残疾人", "新市民家庭", "困难群众", "双职工家庭", "高龄长者", "孕产妇", "青少年"]
WHAT = ["上门探访", "助餐配送", "陪同就医", "课后托管", "作业辅导", "心理疏导", "法律咨询", "家电维修", "理发", "康复训练",
        "政策咨询", "积分入学指导", "粤语学习", "就业培训", "垃圾分类宣传", "楼道清洁", "路灯维修", "电梯维修", "水管疏通", "防诈骗宣传"]
WHERE = ["第一网格", "第二网格", "珠江小区", "星际半岛", "12 栋", "3 栋架空层", "党群服务中心", "社区公园", "菜市场旁", "村委会"]
EXTRA = ["希望每周一次", "周末为宜", "需要懂粤语", "时间可以协商", "急需", "长期需要", "养老服务需求较大", "需要两名志愿者",
         "家中有智能手机和 WiFi", "可提供场地", "夜间照明不足", "儿童较多", "行动不便", "需要电工", "已向物业反映"]
SKILLS = ["探访", "陪伴", "配餐", "电工", "维修", "辅导", "心理", "法律", "理发", "驾驶", "粤语", "护理"]


def text(n_extra):
    return "，".join([rnd.choice(WHERE) + rnd.choice(WHO) + rnd.choice(WHAT)] + rnd.sample(EXTRA, n_extra)) + "。"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def main():
    tmp = tempfile.mkdtemp(prefix="wushe-search-bench-")
    reuse = opt("--db", None)
    db = reuse or os.path.join(tmp, "bench.db")
    if not reuse:
        subprocess.run([BIN, "demo", "--db", db], check=True, stdout=subprocess.DEVNULL)
    con = sqlite3.connect(db)
    regions = [r[0] for r in con.execute("SELECT id FROM regions WHERE level='community'")]
    orgs = [r[0] for r in con.execute("SELECT id FROM organisations")]
    t0 = time.time()
    con.execute("BEGIN")
    for i in range(0 if reuse else ND):
        con.execute(
            "INSERT INTO xchg_demands(region_id, title, description, source, posted_by, privacy, skills, created_at, updated_at)"
            " VALUES(?,?,?,'resident',1,?,?,0,0)",
            (rnd.choice(regions), rnd.choice(WHO) + rnd.choice(WHAT), text(rnd.randint(1, 4)),
             rnd.choice(["public", "private"]), ",".join(rnd.sample(SKILLS, 2))))
    con.execute("COMMIT")
    t1 = time.time()
    con.execute("BEGIN")
    for i in range(0 if reuse else NS):
        con.execute(
            "INSERT INTO xchg_services(region_id, organisation_id, provider_kind, name, description, skills, created_at, updated_at)"
            " VALUES(?,?,'organisation',?,?,?,0,0)",
            (rnd.choice(regions), rnd.choice(orgs), rnd.choice(WHO) + rnd.choice(WHAT) + "服务", text(rnd.randint(2, 5)),
             ",".join(rnd.sample(SKILLS, 3))))
    con.execute("COMMIT")
    t2 = time.time()
    # a plain LIKE scan for comparison (what a naive search would do)
    like = []
    for _ in range(5):
        s = time.perf_counter()
        con.execute("SELECT count(*) FROM xchg_demands WHERE title LIKE '%养老%' OR description LIKE '%养老%' OR skills LIKE '%养老%'").fetchone()
        like.append((time.perf_counter() - s) * 1000)
    sizes = {}
    try:
        for name, n in con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
            sizes[name] = n
    except sqlite3.OperationalError:
        pass
    con.close()
    size_mb = os.path.getsize(db) / 1e6

    port = free_port()
    log = open(os.path.join(tmp, "server.log"), "w")
    srv = subprocess.Popen([BIN, "serve", "--db", db, "--port", str(port), "--static", tmp, "--log-level", "warn"], stdout=log, stderr=log)
    try:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2); c.request("GET", "/api/v1/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        def session(user):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("POST", "/api/v1/auth/login", json.dumps({"username": user, "password": "Demo@2026"}), {"Content-Type": "application/json"})
            r = c.getresponse(); r.read()
            return r.getheader("Set-Cookie").split(";")[0]
        cookies = {"admin (district)": session("admin"), "daliang (town)": session("daliang")}
        queries = [("老", "demand"), ("养老", "demand"), ("路灯", "demand"), ("儿童", "service"), ("独居老人", "demand"),
                   ("新市民家庭", "demand"), ("课后托管服务", "service"), ("养老 探访", "demand"), ("wifi", "demand"), ("电梯 维修", "service")]
        nd = sqlite3.connect(db).execute("SELECT count(*) FROM xchg_demands").fetchone()[0]
        if reuse:
            print(f"SQLite {sqlite3.sqlite_version}; {nd} demands (reused database); database {size_mb:.0f} MB")
        else:
            print(f"SQLite {sqlite3.sqlite_version}; {ND} demands inserted in {t1 - t0:.1f} s ({ND / (t1 - t0):.0f}/s with both indexes),"
                  f" {NS} services in {t2 - t1:.1f} s ({NS / (t2 - t1):.0f}/s); database {size_mb:.0f} MB")
        print(f"load average at start: {os.getloadavg()[0]:.1f}")
        if sizes:
            fts = {k: v for k, v in sizes.items() if "_fts" in k}
            tri = sum(v for k, v in fts.items() if "_fts_" in k or k.endswith("_fts")) / 1e6
            big = sum(v for k, v in fts.items() if "_fts2" in k) / 1e6
            print(f"trigram index {tri:.1f} MB, bigram index {big:.1f} MB")
        print(f"plain LIKE scan of the demands for 养老: median {statistics.median(like):.0f} ms\n")
        print("| query | chars | type | caller | index | matches | median ms | p95 ms | server CPU ms/req |")
        print("|---|---|---|---|---|---|---|---|---|")
        tick = os.sysconf("SC_CLK_TCK")
        def cpu():
            f = open(f"/proc/{srv.pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(f[11]) + int(f[12])) * 1000 / tick
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for q, typ in queries:
            for who, ck in cookies.items():
                path = "/api/v1/search?" + urllib.parse.urlencode({"q": q, "type": typ, "per_page": 20})
                times = []
                body = None
                c0 = None
                for i in range(REPS + 2):
                    if i == 2:
                        c0 = cpu()
                    s = time.perf_counter()
                    conn.request("GET", path, headers={"Cookie": ck})
                    r = conn.getresponse(); data = r.read()
                    e = (time.perf_counter() - s) * 1000
                    if i >= 2:
                        times.append(e)
                    body = json.loads(data)
                times.sort()
                p95 = times[int(len(times) * 0.95) - 1]
                cpu_ms = (cpu() - c0) / REPS
                print(f"| {q} | {len(q.replace(' ', ''))} | {typ} | {who} | {body['index']} | {body['total']} | {statistics.median(times):.1f} | {p95:.1f} | {cpu_ms:.1f} |")
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
