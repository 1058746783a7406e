#!/usr/bin/env python3
"""gen_registry.py — realistic registry files for the import tests and the
benchmark (docs/import.md). Standard library only; deterministic (a fixed
seed), so tests can name the rows they expect.

  gen_registry.py fixture --broken OUT.csv --fixed OUT.csv [--n 10000]
      People of 大良街道's four communities (北区社区, 升平社区, 古鉴村,
      近良社区; grids 第一网格…第三网格). The "broken" file has exactly 20 bad
      rows, each with ONE fault of a different kind, at the rows listed in
      BROKEN below (spreadsheet rows: the header is row 1); the "fixed" file
      is the same file with those rows corrected. tests/api/11_import.json
      checks both.

  gen_registry.py district --url URL --db PATH --communities 200 [--grids 3]
      Log in as the demo admin and add towns, communities and grids through
      the API until the district has that many communities (bench/registry.sh).

  gen_registry.py people --db PATH --n 1000000 --out people.csv
  gen_registry.py organisations --db PATH --n 20000 --out orgs.csv
      Rows spread over every community of the database (names are read
      from it), with valid resident IDs, mobiles and credit codes.
"""
import argparse, datetime, http.client, json, random, sqlite3, sys

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强文辉玉兰海燕嘉欣子轩梓涵浩然雨桐思远晓东丽娟美玲少华锦荣泽宇嘉豪婉婷佩珊家明国华永强冬梅"
STREETS = ["大良新桂路", "德和路", "清晖路", "府又路", "南国东路", "东乐路", "凤山中路", "华盖路", "宏图路", "近良大道"]
# The generated IDs start with 440681, the code of the former 顺德市 (the county-level
# city before 2003), which older 顺德 ID cards still carry. The demo district
# (`wushe demo`) gives its people 4406 04–08 codes only, so a generated ID never
# collides with a demo person's: such a collision would turn a row into "this ID
# is registered outside your area" (or a merge) and break the fixture's counts.
# tests/api/11_import.json checks that no demo person holds a 440681 number.
ID_PREFIXES = ["440681", "440604", "440402", "441900", "445281", "440883", "430124", "450821", "360735", "511521"]
DALIANG = ["北区社区", "升平社区", "古鉴村", "近良社区"]
GRIDS = ["第一网格", "第二网格", "第三网格"]
HEADER = ["姓名", "身份证号", "手机号", "性别", "出生日期", "户籍类型", "社区", "网格", "地址",
          "党员", "志愿者", "社工等级", "备注"]
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
EPOCH = datetime.date(1940, 1, 1)


def id_check(d17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * x for c, x in zip(d17, w)) % 11]


def make_id(i):
    """A unique, valid resident ID for index i (i < 25,000,000)."""
    day = (i * 7919) % 25000
    birth = EPOCH + datetime.timedelta(days=day)
    seq = (i // 25000) % 1000
    prefix = ID_PREFIXES[(i // 25000) // 1000 % len(ID_PREFIXES)]  # 440681 for i < 25,000,000
    d17 = f"{prefix}{birth:%Y%m%d}{seq:03d}"
    return d17 + id_check(d17), birth, seq % 2 == 1


def credit_code(i, kind_digit="2"):
    """A valid unified social credit code: 5 (民政) + class + 440606 + 9-char code + check."""
    body = ""
    v = i + 31 ** 5
    for _ in range(9):
        body = CREDIT_ALPHABET[v % 31] + body
        v //= 31
    c17 = "5" + kind_digit + "440606" + body
    s = sum(CREDIT_ALPHABET.index(ch) * w for ch, w in zip(c17, CREDIT_WEIGHTS))
    return c17 + CREDIT_ALPHABET[(31 - s % 31) % 31]


def person(rng, i, communities, grids=True):
    idn, birth, male = make_id(i)
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    mobile = rng.choice(["13", "15", "17", "18", "19"]) + f"{rng.randrange(10**9):09d}"
    com = communities[i % len(communities)]
    age = 2026 - birth.year
    sw = rng.choice(["助理社工师", "社工师", "高级社工师"]) if rng.random() < 0.01 and 22 < age < 60 else ""
    return [name, idn, mobile, "男" if male else "女", birth.isoformat(),
            "户籍" if rng.random() < 0.45 else "非户籍", com,
            rng.choice(GRIDS) if grids else "", f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
            "是" if rng.random() < 0.08 else "否", "是" if rng.random() < 0.15 else "否", sw, ""]


def csv_line(cells):
    out = []
    for c in cells:
        c = str(c)
        if any(ch in c for ch in ',"\r\n') or c[:1] == " " or c[-1:] == " ":
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return ",".join(out) + "\r\n"


# (data index, kind, field): data index 0 is spreadsheet row 2.
BROKEN = [
    (37, "bad_checksum", "id_number"), (512, "bad_mobile", "mobile"),
    (1033, "unknown_community", "community"), (1500, "missing_name", "name"),
    (2047, "bad_date", "birth_date"), (2600, "duplicate_id", "id_number"),
    (3001, "out_of_scope", "community"), (3333, "bad_gender", "gender"),
    (4096, "gender_mismatch", "gender"), (4500, "birth_mismatch", "birth_date"),
    (5005, "bad_household", "household"), (5555, "bad_sw_level", "sw_level"),
    (6000, "bad_flag", "is_party_member"), (6502, "unknown_grid", "grid"),
    (7007, "future_birth_id", "id_number"), (7500, "missing_community", "community"),
    (8008, "mobile_letters", "mobile"), (8500, "short_id", "id_number"),
    (9001, "bad_status", "status"), (9876, "name_too_long", "name"),
]


def break_row(row, kind, rows):
    r = list(row)
    if kind == "bad_checksum":
        r[1] = r[1][:17] + ("0" if r[1][17] != "0" else "1")
    elif kind == "bad_mobile":
        r[2] = r[2][:10]
    elif kind == "unknown_community":
        r[6] = "幸福里社区"
    elif kind == "missing_name":
        r[0] = ""
    elif kind == "bad_date":
        # no ID on this row, so only the date is checked
        r[1] = ""
        r[4] = "2001-02-30"
    elif kind == "duplicate_id":
        r[1], r[3], r[4] = rows[100][1], rows[100][3], rows[100][4]
    elif kind == "out_of_scope":
        r[6], r[7] = "振华社区", ""
    elif kind == "bad_gender":
        r[3] = "男性"
    elif kind == "gender_mismatch":
        r[3] = "女" if r[3] == "男" else "男"
    elif kind == "birth_mismatch":
        d = datetime.date.fromisoformat(r[4]) + datetime.timedelta(days=1)
        r[4] = d.isoformat()
    elif kind == "bad_household":
        r[5] = "户口"
    elif kind == "bad_sw_level":
        r[11] = "社工"
    elif kind == "bad_flag":
        r[9] = "可能"
    elif kind == "unknown_grid":
        r[7] = "第九网格"
    elif kind == "future_birth_id":
        d17 = r[1][:6] + "20300101" + "123"
        r[1], r[4] = d17 + id_check(d17), ""
    elif kind == "missing_community":
        r[6], r[7] = "", ""
    elif kind == "mobile_letters":
        r[2] = "138abc45678"
    elif kind == "short_id":
        r[1] = r[1][:17]
    elif kind == "bad_status":
        r.append("离开")
    elif kind == "name_too_long":
        r[0] = "欧阳" * 35
    return r


def cmd_fixture(a):
    rng = random.Random(2026)
    rows = [person(rng, i, DALIANG) for i in range(a.n)]
    header = HEADER + ["状态"]
    with open(a.fixed, "w", encoding="utf-8", newline="") as f:
        f.write(csv_line(header))
        for r in rows:
            f.write(csv_line(r + [""]))
    broken = {idx: kind for idx, kind, _ in BROKEN if idx < a.n}
    with open(a.broken, "w", encoding="utf-8", newline="") as f:
        f.write(csv_line(header))
        for i, r in enumerate(rows):
            b = break_row(r, broken[i], rows) if i in broken else r
            f.write(csv_line(b if len(b) == len(header) else b + [""] * (len(header) - len(b))))
    for idx, kind, field in BROKEN:
        if idx < a.n:
            print(f"row {idx + 2}: {kind} ({field})")


def communities_of(db):
    con = sqlite3.connect(db)
    names = [r[0] for r in con.execute("SELECT name FROM regions WHERE level='community' ORDER BY id")]
    con.close()
    return names


def cmd_people(a):
    rng = random.Random(7)
    coms = communities_of(a.db)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write(csv_line(HEADER))
        buf = []
        for i in range(a.n):
            r = person(rng, i + a.offset, coms, grids=False)
            buf.append(csv_line(r))
            if len(buf) >= 10000:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))


ORG_TYPES = [("社区社会组织", "协会", "1"), ("社工机构", "社会工作服务中心", "2"), ("社会团体", "促进会", "1"),
             ("基金会", "慈善基金会", "3"), ("社会企业", "社会企业服务社", "2")]
DOMAINS = ["养老服务", "儿童青少年", "助残", "社区营造", "文化体育", "志愿服务", "扶贫济困", "环保"]


def cmd_orgs(a):
    rng = random.Random(11)
    coms = communities_of(a.db)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write(csv_line(["名称", "统一社会信用代码", "类型", "领域", "登记状态", "台账社区", "孵化阶段", "联系人", "联系电话"]))
        for i in range(a.n):
            com = coms[i % len(coms)]
            typ, suffix, digit = ORG_TYPES[i % len(ORG_TYPES)]
            dom = DOMAINS[(i // 5) % len(DOMAINS)]
            filed = typ == "社区社会组织" and rng.random() < 0.5
            f.write(csv_line([f"{com}{dom}{suffix}{i:05d}", "" if filed else credit_code(i, digit), typ, dom,
                              "备案" if filed else "登记", com, "孵化中" if filed and rng.random() < 0.3 else "",
                              rng.choice(SURNAMES) + rng.choice(GIVEN),
                              rng.choice(["13", "15", "18"]) + f"{rng.randrange(10**9):09d}"]))


def cmd_district(a):
    host, port = a.url.replace("http://", "").split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=30)

    def call(method, path, body, headers):
        c.request(method, path, body=json.dumps(body), headers=headers)
        r = c.getresponse()
        t = r.read()
        if r.status >= 300:
            raise SystemExit(f"{method} {path}: {r.status} {t[:300]!r}")
        return r, json.loads(t)

    r, me = call("POST", "/api/v1/auth/login", {"username": "admin", "password": "Demo@2026"},
                 {"Content-Type": "application/json"})
    cookie = r.getheader("Set-Cookie").split(";")[0]
    h = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": me["csrf_token"]}
    con = sqlite3.connect(a.db)
    have = con.execute("SELECT count(*) FROM regions WHERE level='community'").fetchone()[0]
    district = con.execute("SELECT id FROM regions WHERE level='district'").fetchone()[0]
    con.close()
    need, t = a.communities - have, 0
    while need > 0:
        t += 1
        _, town = call("POST", "/api/v1/regions", {"parent_id": district, "level": "town", "name": f"基准镇{t:02d}"}, h)
        for k in range(min(10, need)):
            _, com = call("POST", "/api/v1/regions", {"parent_id": town["id"], "level": "community",
                                                       "name": f"基准{t:02d}{k:02d}社区", "registered_pop": 6000,
                                                       "nonregistered_pop": 8000, "households": 5000}, h)
            for g in range(a.grids):
                call("POST", "/api/v1/regions", {"parent_id": com["id"], "level": "grid", "name": GRIDS[g]}, h)
            need -= 1
    print(f"district: {a.communities} communities")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fixture")
    f.add_argument("--broken", required=True)
    f.add_argument("--fixed", required=True)
    f.add_argument("--n", type=int, default=10000)
    d = sub.add_parser("district")
    d.add_argument("--url", required=True)
    d.add_argument("--db", required=True)
    d.add_argument("--communities", type=int, default=200)
    d.add_argument("--grids", type=int, default=3)
    for name in ("people", "organisations"):
        q = sub.add_parser(name)
        q.add_argument("--db", required=True)
        q.add_argument("--n", type=int, required=True)
        q.add_argument("--out", required=True)
        q.add_argument("--offset", type=int, default=0)
    a = p.parse_args()
    {"fixture": cmd_fixture, "district": cmd_district, "people": cmd_people,
     "organisations": cmd_orgs}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
