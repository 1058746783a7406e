#!/usr/bin/env python3
"""Permission matrix: every route × every account, generated from the route
declarations (`wushe routes`), against a fresh demo database.

What it checks
  role    every route is called as every account (the seven demo accounts,
          one account for each role the demo lacks, and anonymous). A write
          carries an empty JSON body and the CSRF token, so that it fails
          validation, not permission. Expected, from the declaration alone:
          anonymous → 401 unless the route is public; a role the route does
          not admit → 403 with the router's "your role may not do this"; an
          admitted role → neither 401 nor that 403. A GET of a record taken
          from the caller's own list must not be refused at all.
  scope   for every route with an {id}, the record is chosen inside the
          caller's scope for the role check, and the call is repeated with a
          record outside it (its region is not under any of the caller's
          grants, or for tokens another user's): reads must answer 403/404,
          writes must not succeed (a 400/422 on the empty body is noted, as
          it shows nothing about scope). List routes are also called with
          ?region_id= of a region outside the scope.
  leak    no response to a caller may contain the name (unique in the
          district, 3+ characters), the full mobile or the ID number of a
          person living outside the caller's scope.
  holes   the reproductions of issue 15's holes 1, 5 and 6, each with an
          in-scope control that must succeed (so a refusal means scope, not a
          malformed body).

Order: reads first, then out-of-scope writes, then the hole reproductions
(which need the demo's records as they are), then in-scope writes (which may
change or delete demo records).

XFAIL lists checks known to fail until a branch lands: they print `not ok …
# TODO xfail` and do not count; one that passes prints `# XPASS` (remove it).
Prints `ok`/`not ok` per check and ends with `N passed, N failed`.

Usage: WUSHE_BIN=build/wushe /usr/bin/python3 tests/api/perm_matrix.py [-v]
(-v also prints every passing check; by default passing role checks are
summarised per account to keep the output readable.)
"""
import json, os, re, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (Server, Runner, BIN, PASSWORD)

ROLE_REFUSAL = "your role may not do this"

# Accounts for the roles the demo has no account of; all in 北区社区 except
# rgorg, an organisation admin of 振华社区 (容桂) as in issue 15's hole 5.
EXTRA_USERS = [
    ("grid1", "grid_worker", "北区社区"),
    ("pmsw", "social_worker", "北区社区"),  # the demo has sw1, sw2, swsup (cases)
    ("pmexpert", "expert", "北区社区"),  # the demo has expert1–3 (review)
    ("donor1", "donor", "北区社区"),
    ("rgorg", "org_admin", "振华社区"),
]
DEMO_USERS = ["admin", "daliang", "ronggui", "beiqu", "wenhua", "resident", "provider", "vol1"]

# Checks expected to fail until a branch lands: check id → branch.
# (The lead removes an entry once its branch is merged.)
XFAIL = {}  # issue 15 holes 1, 5, 6: fixed by the scope branch, now plain checks

# Where a record's region is, for each resource (first path segment).
# Resources without a region (terms, calendar days, imports) get no scope check.
LISTS = {
    "users": "/api/v1/users", "regions": "/api/v1/regions", "people": "/api/v1/people",
    "organisations": "/api/v1/organisations", "teams": "/api/v1/teams",
    "facilities": "/api/v1/facilities", "committee-members": "/api/v1/committee-members",
    "meetings": "/api/v1/meetings", "brands": "/api/v1/brands",
    "leader-rounds": "/api/v1/leader-rounds", "demands": "/api/v1/demands",
    "services": "/api/v1/services", "provider-accounts": "/api/v1/provider-accounts",
    "match-batches": "/api/v1/match-batches", "matches": "/api/v1/matches",
    "spaces": "/api/v1/spaces", "space-agreements": "/api/v1/space-agreements",
    "space-bookings": "/api/v1/space-bookings",
}
SAME_AS = {"communities": "regions", "targets": "regions"}  # {id} is a community


# Bodies that pass validation for actions on a record (matched on the end of
# the route pattern); each is tried with the record's version added.
R = "权限矩阵检查"
ACTION_BODIES = [
    ("/reveal", {"purpose": R}), ("/verify", {"method": "in_person"}), ("/unverify", {"reason": R}),
    ("/rate", {"rating": 5}), ("/consent", {"consent": True}), ("/dispute", {"reason": R}),
    ("/deliveries", {"month": "2026-11", "minutes": 60, "what": R}), ("/password", {"password": "Matrix@2026xyz"}),
    ("/members", {"person_id": 1071, "role": "member"}), ("/members", {"person_id": 1, "role": "member"}),
    ("/rooms", {"name": R, "capacity": 10}), ("/move", {"parent_id": 2}), ("/targets/{id}", {"target": 5}),
    ("/progress/{year}", {"done": R, "percent": 50}), ("/attendance", {"attendance": []}),
    ("/deliver", {"minutes": 60}), ("/decline", {"reason": R}), ("/reassign", {"service_id": 1}),
    ("/close", {"status": "ended", "note": R}), ("/renew", {"end_month": "2027-12"}),
    ("/incubation", {"stage": "incubating", "note": R}), ("/incubation", {"stage": "registered"}),
    ("/end", {"term_end": "2026-12-01", "reason": R}), ("/end", {"reason": R}),
    ("/candidates", {"person_id": 1}), ("/choose", {"chosen": True}),
    ("/scores", {"attitude": 50, "credibility": 50, "appeal": 50, "expression": 50, "participation": 50}),
]
GENERIC_BODIES = [{}, {"note": R}, {"reason": R}, {"name": R}, {"title": R}]


def item_regions(res, it):
    """The region ids that place a listed record (a user: each grant's)."""
    if res == "users":
        return [g["region_id"] for g in it.get("roles", [])]
    if res == "regions":
        return [it["id"]]
    if isinstance(it.get("community"), dict):
        return [it["community"]["id"]]
    if it.get("region_id"):
        return [it["region_id"]]
    return []


class Matrix:
    def __init__(self, srv, verbose):
        self.srv, self.verbose = srv, verbose
        self.r = run.Runner(srv)
        self.passed = self.failed = self.xfailed = self.notes = 0
        self.summary = {}  # account → passing checks not printed
        self.seen_xfail = set()
        self.note_list = {}

    # ---------- reporting ----------
    def check(self, cid, err, quiet=False):
        branch = XFAIL.get(cid)
        if branch:
            self.seen_xfail.add(cid)
            if err:
                self.xfailed += 1
                print(f"not ok - {cid}: {err} # TODO xfail until branch {branch} lands")
            else:
                self.passed += 1
                print(f"ok - {cid} # XPASS: branch {branch} fixed it, remove the XFAIL entry")
            return
        if err:
            self.failed += 1
            print(f"not ok - {cid}: {err}")
        else:
            self.passed += 1
            if self.verbose or not quiet:
                print(f"ok - {cid}")

    def note(self, key, who):
        """Things that are not failures but worth a look, grouped by route."""
        self.notes += 1
        self.note_list.setdefault(key, []).append(who or "anonymous")

    # ---------- HTTP ----------
    def call(self, who, method, path, body=None):
        if who is None:
            return self.r.request(method, path, body)[:2]
        st, text = self.r.request(method, path, body, as_user=who)[:2]
        if st == 401 and who in getattr(self.r, "sessions", {}):
            # The matrix itself may have ended this account's sessions
            # (DELETE /me/sessions/{id}, revoke-all): log in again, once.
            self.r.sessions.pop(who, None)
            st, text = self.r.request(method, path, body, as_user=who)[:2]
        return st, text

    def list_all(self, who, path, cap=5000):
        items, page = [], 1
        sep = "&" if "?" in path else "?"
        while len(items) < cap:
            st, text = self.call(who, "GET", f"{path}{sep}per_page=100&page={page}")
            if st != 200:
                return None if page == 1 else items
            js = json.loads(text)
            if isinstance(js, list):
                return js
            got = js.get("items", [])
            items += got
            if not got or not isinstance(js.get("total"), int) or len(items) >= js["total"]:
                break
            page += 1
        return items

    # ---------- fixtures ----------
    def setup(self):
        regions = run.sql(self.srv.db, "SELECT id, parent_id, name FROM regions ORDER BY id")
        self.parent = {i: p for i, p, _ in regions}
        self.region_id = {n: i for i, _, n in regions}
        people = run.sql(self.srv.db, "SELECT id, region_id, name, mobile, id_number FROM people")
        for user, role, region in EXTRA_USERS:
            st, text = self.call("admin", "POST", "/api/v1/users", {
                "username": user, "display_name": f"矩阵{role}", "password": run.PASSWORD,
                "roles": [{"role": role, "region_id": self.region_id[region]}]})
            if st != 201:
                raise RuntimeError(f"create {user}: {st} {text}")
        self.accounts = DEMO_USERS + [u for u, _, _ in EXTRA_USERS]
        self.user_ids, self.grants, self.roles = {}, {}, {}
        for a in self.accounts:
            st, text = self.call(a, "GET", "/api/v1/me")
            me = json.loads(text)
            self.user_ids[a] = me["id"]
            self.grants[a] = [g["region_id"] for g in me["roles"]]
            self.roles[a] = {g["role"] for g in me["roles"]}
        self.accounts.append(None)  # anonymous
        self.grants[None], self.roles[None] = [], set()
        # a token per account: its own is inside, admin's is outside
        self.tokens = {}
        for a in self.accounts:
            if a:
                st, text = self.call(a, "POST", "/api/v1/tokens", {"name": "matrix"})
                self.tokens[a] = json.loads(text)["id"] if st == 201 else None
        # the leak dictionary: a person's name (unique in the district, 3+
        # characters, not also an organisation's, team's, service's or user's
        # name), full mobile and ID number
        count = {}
        for p in people:
            count[p[2]] = count.get(p[2], 0) + 1
        other_names = set()
        for res in ("organisations", "teams", "services", "users"):
            for it in self.list_all("admin", LISTS[res]) or []:
                for k in ("name", "contact_name", "display_name", "provider_name", "leader_name"):
                    if isinstance(it.get(k), str):
                        other_names.add(it[k])
        # a name inside another person's name (欧阳美 in 欧阳美玲) would be found there
        inner = set()
        for n in count:
            for k in (3, 4):
                inner.update(n[i:i + k] for i in range(len(n) - k + 1) if len(n) > k)
        self.people = [(pid, rid, name if count[name] == 1 and len(name) >= 3 and name not in other_names
                        and name not in inner else None, mobile, idn) for pid, rid, name, mobile, idn in people]
        mobiles = {}
        for p in people:
            if p[3]:
                mobiles.setdefault(p[3], set()).add(p[1])
        self.shared_mobiles = {m for m, rs in mobiles.items() if len(rs) > 1}
        self.secrets = {}  # account → (names, numbers) outside its scope
        for a in self.accounts:
            names, numbers = set(), set()
            for pid, rid, name, mobile, idn in self.people:
                if self.in_scope(a, [rid]):
                    continue
                if name:
                    names.add(name)
                if mobile and mobile not in self.shared_mobiles:
                    numbers.add(mobile)
                if idn:
                    numbers.add(idn)
            self.secrets[a] = (names, numbers)
        # records of each resource with their regions, as the admin sees them
        self.records = {res: self.list_all("admin", path) or [] for res, path in LISTS.items()}
        self.own = {}  # (account, res) → ids in the account's own list

    def under(self, region, top):
        while region:
            if region == top:
                return True
            region = self.parent.get(region)
        return False

    def in_scope(self, who, regions):
        if not regions:
            return False
        return any(self.under(r, g) for r in regions for g in self.grants[who])

    def own_ids(self, who, res):
        key = (who, res)
        if key not in self.own:
            items = self.list_all(who, LISTS[res], cap=300) if who and res in LISTS else None
            self.own[key] = [it["id"] for it in items or [] if isinstance(it, dict) and "id" in it]
        return self.own[key]

    def pick(self, who, res, inside):
        """A record id of `res` inside (from the caller's own list, within its
        grants) or outside the caller's scope; None if there is none."""
        res = SAME_AS.get(res, res)
        if res == "tokens":
            return self.tokens.get(who) if inside else (self.tokens["admin"] if who != "admin" else None)
        if res not in LISTS:
            return None
        recs = self.records[res]
        if inside:
            own = set(self.own_ids(who, res))
            for it in recs:
                if it["id"] in own and self.in_scope(who, item_regions(res, it)):
                    return it["id"]
            return None
        if who == "admin" or who is None:
            return None
        for it in recs:
            regs = item_regions(res, it)
            if regs and not self.in_scope(who, regs) and not (res == "users" and it["id"] == self.user_ids[who]):
                return it["id"]
        return None

    def secondary(self, res, rid, name):
        """A value for a second path parameter, from the record's detail."""
        fixed = {"year": "2026", "date": "2026-03-03", "upload_id": "matrix"}
        if name in fixed:
            return fixed[name]
        key = {"person_id": ("teams", "members", "person_id"), "room_id": ("facilities", "rooms", "id"),
               "cid": ("leader-rounds", "candidates", "id")}.get(name)
        if key and rid:
            st, text = self.call("admin", "GET", f"/api/v1/{key[0]}/{rid}")
            if st == 200:
                lst = json.loads(text).get(key[1]) or []
                if lst:
                    return str(lst[0][key[2]])
        return "1"

    def fill(self, pattern, who, inside):
        """The route's path with its parameters filled, and whether the first
        {id} is a record known to be inside (or outside) the scope."""
        segs = pattern.split("/")
        res = segs[3] if len(segs) > 3 else ""
        if res == "space-deliveries":
            rid = self.delivery(who, inside)
        elif pattern.startswith("/api/v1/imports/") or res in ("terms", "calendar"):
            rid = None
        else:
            rid = self.pick(who, res, inside) if "{id}" in pattern else None
        known = rid is not None
        if rid is None:
            if not inside:
                return None, False
            rid = (self.records.get(SAME_AS.get(res, res)) or [{"id": 1}])[0]["id"] if res in LISTS or res in SAME_AS else 1
        out = pattern.replace("{id}", str(rid))
        for name in re.findall(r"\{(\w+)\}", out):
            out = out.replace("{" + name + "}", self.secondary(res, rid, name))
        return out, known

    def delivery(self, who, inside):
        for it in self.records["space-agreements"]:
            if self.in_scope(who, item_regions("space-agreements", it)) == inside and \
                    (not inside or it["id"] in self.own_ids(who, "space-agreements")):
                st, text = self.call("admin", "GET", f"/api/v1/space-agreements/{it['id']}")
                dl = json.loads(text).get("deliveries") or [] if st == 200 else []
                if dl:
                    return dl[0]["id"]
        return None

    # ---------- the checks ----------
    def leak(self, who, text):
        if who == "admin":
            return None
        names, numbers = self.secrets[who]
        for run_ in re.findall(r"[\u3400-\u9fff]{3,}", text):
            for i in range(len(run_) - 2):
                for n in (3, 4):
                    if run_[i:i + n] in names:
                        return f"response holds {run_[i:i + n]!r}, a person outside {who or 'anonymous'}'s scope"
        for num in re.findall(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9])", text):
            if num in numbers:
                return f"response holds {num!r}, a mobile or ID number of a person outside the scope"
        return None

    def admitted(self, route, who):
        if route["public"]:
            return True
        if who is None:
            return False
        return route["any"] or bool(self.roles[who] & route["roles"])

    def role_check(self, route, who):
        m, pat = route["method"], route["pattern"]
        if pat == "/api/v1/auth/logout" and who:
            return self.logout_check(route, who)
        path, known = self.fill(pat, who, True)
        body = None if m in ("GET", "DELETE") else {}
        st, text = self.call(who, m, path, body)
        err = None
        msg = ""
        try:
            msg = json.loads(text).get("error", {}).get("message_en", "")
        except (ValueError, AttributeError):
            pass
        if st >= 500:
            err = f"status {st}"
        elif who is None and not route["public"]:
            # 401, or 429 when the anonymous-request limit (issue 15) refuses first
            if st != 401 and not (st == 429 and '"throttled"' in text):
                err = f"anonymous got {st}, expected 401"
        elif not self.admitted(route, who):
            if st != 403 or msg != ROLE_REFUSAL:
                err = f"status {st} ({msg!r}), expected the router's 403 {ROLE_REFUSAL!r}"
        elif st == 401 or (st == 403 and msg == ROLE_REFUSAL):
            err = f"admitted role refused: {st} {msg!r}"
        elif st == 403 and m == "GET" and known:
            err = "a record in the caller's own list is refused on its own page (403)"
        elif st == 403 and known:
            self.note(f"{m} {pat}: 403 from the handler for an admitted role ({msg})", who)
        if not err:
            err = self.leak(who, text)
        self.summary[who] = self.summary.get(who, 0) + (0 if err else 1)
        self.check(f"role: {m} {path} as {who or 'anonymous'} → {st}", err and f"{err}: {text[:300]}", quiet=True)

    def logout_check(self, route, who):
        # a second session, so the matrix's own stays valid
        for _ in range(10):  # a busy server answers a login 429 with Retry-After (issue 15): wait and retry
            st, text, hdrs = self.r.request("POST", "/api/v1/auth/login", {"username": who, "password": run.PASSWORD})
            if st != 429:
                break
            time.sleep(min(int(hdrs.get("Retry-After", "1") or 1), 5))
        if st != 200:
            raise RuntimeError(f"login as {who} for the logout check: {st} {text[:200]}")
        cookie = re.search(r"wushe_session=([^;]+)", hdrs.get("Set-Cookie", "")).group(1)
        csrf = json.loads(text)["csrf_token"]
        st, text, _ = self.r.request("POST", "/api/v1/auth/logout", {},
                                     {"Cookie": "wushe_session=" + cookie, "X-CSRF-Token": csrf})
        self.check(f"role: POST /api/v1/auth/logout as {who} → {st}", None if st < 400 else f"status {st}: {text[:200]}",
                   quiet=True)

    def scope_check(self, route, who):
        m, pat = route["method"], route["pattern"]
        if route["public"] or who in (None, "admin") or not self.admitted(route, who):
            return
        if "{id}" not in pat:
            if m == "GET" and not route["public"]:
                self.region_filter_check(route, who)
            return
        path, known = self.fill(pat, who, False)
        if not path or not known:
            return
        body = None if m in ("GET", "DELETE") else {}
        st, text = self.call(who, m, path, body)
        if m != "GET" and st in (400, 422):
            # the empty body was refused before any scope check: try bodies
            # that could pass validation until one gets past it
            for body in self.plausible_bodies(pat, path):
                st, text = self.call(who, m, path, body)
                if st not in (400, 422):
                    break
        err = None
        if m == "GET" and st not in (403, 404):
            err = f"outside-scope read answered {st}, expected 403/404"
        elif m != "GET" and st < 400:
            err = f"outside-scope write answered {st}"
        elif m != "GET" and st in (400, 409, 422):
            try:
                why = json.loads(text)["error"]["message_en"]
            except (ValueError, KeyError, TypeError):
                why = text[:100]
            self.note(f"{m} {pat}: outside-scope write answered {st} ({why}; body {json.dumps(body, ensure_ascii=False)})", who)
        err = err or self.leak(who, text)
        self.check(f"scope: {m} {path} as {who} (outside) → {st}", err and f"{err}: {text[:300]}")

    def plausible_bodies(self, pattern, path):
        """Write bodies that could pass validation: the record's current
        version with what the action asks for (a route's own first, then
        generic ones), so that only the scope can refuse them."""
        rec = re.match(r"(/api/v1/[\w-]+/\d+)", path)
        version = {}
        if rec:
            st, text = self.call("admin", "GET", rec.group(1))
            js = json.loads(text) if st == 200 else {}
            if isinstance(js, dict) and "version" in js:
                version = {"version": js["version"]}
        tail = pattern.rsplit("}", 1)[-1]
        own = [b for k, b in ACTION_BODIES if tail == k or pattern.endswith(k)]
        out = []
        for b in own + GENERIC_BODIES:
            out += [dict(version, **b), b] if version else [b]
        return out

    def region_filter_check(self, route, who):
        outside = next((r for r in sorted(self.parent) if self.parent[r] and not self.in_scope(who, [r])
                        and self.parent.get(self.parent[r])), None)  # a town's child or lower
        if not outside:
            return
        path = route["pattern"] + f"?region_id={outside}&per_page=100"
        st, text = self.call(who, "GET", path)
        err = None
        if st == 200:
            try:
                js = json.loads(text)
            except ValueError:
                js = None
            items = js.get("items") if isinstance(js, dict) else None
            if isinstance(items, list):
                bad = [it for it in items if isinstance(it, dict) and item_regions("x", it)
                       and not self.in_scope(who, item_regions("x", it))]
                if bad:
                    err = f"{len(bad)} item(s) outside the scope, e.g. {json.dumps(bad[0], ensure_ascii=False)[:200]}"
        elif st >= 500:
            err = f"status {st}"
        err = err or self.leak(who, text)
        self.check(f"scope: GET {path} as {who} (region outside) → {st}", err and f"{err}: {text[:300]}", quiet=True)

    # ---------- issue 15's holes 1, 5, 6 ----------
    def expect(self, cid, who, method, path, body, refused, absent=()):
        st, text = self.call(who, method, path, body)
        err = None
        if refused and st not in (403, 404):
            err = f"answered {st}, expected 403/404"
        if not refused and st >= 300:
            err = f"control answered {st}, expected success"
        for a in absent:
            if a in text:
                err = (err + "; " if err else "") + f"response holds {a!r}"
        err = err or self.leak(who, text)
        self.check(cid, err and f"{err}: {method} {path} {json.dumps(body, ensure_ascii=False)} → {text[:300]}")
        return st, text

    def holes(self):
        beiqu_c = self.region_id["北区社区"]
        zhenhua = self.region_id["振华社区"]
        demand = {"region_id": beiqu_c, "title": "测试需求", "description": "d", "term_ids": [2],
                  "beneficiary_person_id": 1071, "consent": True, "people_needed": 1}
        st, text = self.call("admin", "GET", "/api/v1/people/1071")
        p1071 = json.loads(text)
        assert p1071.get("community_name") == "振华社区", p1071
        secret = [p1071["name"], next(p[3] for p in self.people if p[0] == 1071)]
        self.expect("hole 1 fixture: beiqu may not read person 1071", "beiqu", "GET", "/api/v1/people/1071",
                    None, True, secret)
        for who in ("beiqu", "grid1", "daliang", "pmsw"):
            self.expect(f"hole 1: {who} posts a demand for 容桂's person 1071", who, "POST", "/api/v1/demands",
                        demand, True, secret)
        self.expect("hole 1 control: beiqu posts a demand for 北区's person 22", "beiqu", "POST",
                    "/api/v1/demands", dict(demand, beneficiary_person_id=22), False)

        st, text = self.call("beiqu", "GET", "/api/v1/people/22")
        v22 = json.loads(text)["version"]
        wenhua, rgorg = self.user_ids["wenhua"], self.user_ids["rgorg"]
        self.expect("hole 5: beiqu links 北区's person 22 to wenhua (文华社区)", "beiqu", "PATCH",
                    "/api/v1/people/22", {"version": v22, "user_id": wenhua}, True)
        v22 = json.loads(self.call("admin", "GET", "/api/v1/people/22")[1])["version"]
        self.expect("hole 5: beiqu links 北区's person 22 to rgorg (容桂)", "beiqu", "PATCH",
                    "/api/v1/people/22", {"version": v22, "user_id": rgorg}, True)
        self.expect("hole 5: beiqu creates a person linked to wenhua", "beiqu", "POST", "/api/v1/people",
                    {"region_id": beiqu_c, "name": "矩阵新人", "user_id": wenhua}, True)
        self.expect("hole 5: beiqu links rgorg (容桂) to 北区's organisation 3", "beiqu", "POST",
                    "/api/v1/provider-accounts", {"user_id": rgorg, "organisation_id": 3}, True)
        self.expect("hole 5: beiqu links provider to 容桂's organisation 43", "beiqu", "POST",
                    "/api/v1/provider-accounts", {"user_id": self.user_ids["provider"], "organisation_id": 43}, True)
        self.expect("hole 5: beiqu links provider to 容桂's team 40", "beiqu", "POST",
                    "/api/v1/provider-accounts", {"user_id": self.user_ids["provider"], "team_id": 40}, True)
        self.expect("hole 5: ronggui links rgorg to 北区's organisation 3", "ronggui", "POST",
                    "/api/v1/provider-accounts", {"user_id": rgorg, "organisation_id": 3}, True)
        self.expect("hole 5 control: ronggui links rgorg to 容桂's organisation 43", "ronggui", "POST",
                    "/api/v1/provider-accounts", {"user_id": rgorg, "organisation_id": 43}, False)

        svc = {"region_id": beiqu_c, "name": "冒名服务", "term_ids": [2]}
        self.expect("hole 6: beiqu offers a service for 容桂's organisation 43", "beiqu", "POST",
                    "/api/v1/services", dict(svc, organisation_id=43), True)
        self.expect("hole 6: daliang offers a service for 容桂's organisation 43", "daliang", "POST",
                    "/api/v1/services", dict(svc, organisation_id=43), True)
        self.expect("hole 6: beiqu offers a service with 容桂's team 40", "beiqu", "POST",
                    "/api/v1/services", dict(svc, team_id=40), True)
        self.expect("hole 6: beiqu offers a service as 容桂's person 1071", "beiqu", "POST", "/api/v1/services",
                    dict(svc, person_id=1071, provider_kind="professional"), True, secret)
        self.expect("hole 6: ronggui offers a service for 北区's organisation 3", "ronggui", "POST",
                    "/api/v1/services", dict(svc, region_id=zhenhua, organisation_id=3), True)
        self.expect("hole 6 control: beiqu offers a service for 北区's organisation 3", "beiqu", "POST",
                    "/api/v1/services", dict(svc, name="长者关爱探访", organisation_id=3), False)


def parse_routes():
    out = subprocess.run([run.BIN, "routes"], capture_output=True, text=True, check=True).stdout
    routes = []
    for line in out.splitlines():
        head, _, _summary = line.partition("\t")
        method, pattern, roles = head.split(None, 2)
        roles = roles.strip()
        routes.append({"method": method, "pattern": pattern, "public": roles == "public",
                       "any": roles == "any logged-in user",
                       "roles": set() if roles in ("public", "any logged-in user") else set(roles.split(","))})
    return routes


def main():
    verbose = "-v" in sys.argv
    t0 = time.time()
    routes = parse_routes()
    with tempfile.TemporaryDirectory() as tmp:
        srv = run.Server(tmp)
        mx = Matrix(srv, verbose)
        try:
            mx.setup()
            accts = mx.accounts
            print(f"# permission matrix: {len(routes)} routes × {len(accts)} accounts "
                  f"({', '.join(a or 'anonymous' for a in accts)})")
            reads = [r for r in routes if r["method"] == "GET"]
            writes = [r for r in routes if r["method"] != "GET"]
            for r in reads:
                for who in accts:
                    mx.role_check(r, who)
                    mx.scope_check(r, who)
            for r in writes:
                for who in accts:
                    mx.scope_check(r, who)
            mx.holes()
            # in-scope writes last: logout, deletes and empty-body actions may change records
            for r in writes:
                for who in accts:
                    mx.role_check(r, who)
        except Exception as ex:  # noqa: BLE001 — a broken fixture is a failure
            mx.failed += 1
            print(f"not ok - the matrix could not run: {type(ex).__name__}: {ex}")
            raise
        finally:
            rc = srv.stop()
            mx.check("server stops cleanly on SIGTERM", None if rc == 0 else f"exit {rc}")
    if not verbose:
        for who, n in mx.summary.items():
            print(f"# {n} role checks passed as {who or 'anonymous'} (-v prints them)")
    for key, who in sorted(mx.note_list.items()):
        print(f"# note: {key}: {', '.join(who)}")
    for cid in sorted(set(XFAIL) - mx.seen_xfail):
        print(f"# XFAIL entry never checked (renamed?): {cid}")
    print(f"# {time.time() - t0:.1f} s; {mx.xfailed} xfail, {mx.notes} notes")
    print(f"{mx.passed} passed, {mx.failed} failed")
    return 1 if mx.failed or set(XFAIL) - mx.seen_xfail else 0


if __name__ == "__main__":
    sys.exit(main())
