#!/usr/bin/env python3
"""API test runner: starts the real wushe binary on a free loopback port
against a fresh demo database and runs declarative cases (curl's tests/data
in spirit). Each tests/api/*.json file is a list of steps; each step is a
request with the expected status and a JSON fragment, or a check on the
database or CLI. Prints `ok`/`not ok` per step and ends with
`N passed, N failed`.

Step keys:
  name        what the step shows
  as          username to act as (logged in once with the demo password);
              null/absent = anonymous
  method, path, body (JSON) or raw (string body), headers
  from        client address to connect from (any 127.x.y.z on Linux), e.g.
              "127.0.0.2": the server sees a different client address
  csrf        false to omit the X-CSRF-Token header on a write
  status      expected HTTP status
  expect      JSON fragment: dicts are matched as subsets, lists must
              contain a matching element for each expected element
  absent      list of strings that must not appear in the response body
  expect_at   {"dotted.path": fragment}: the value at that path (list indexes as
              numbers, e.g. "items.0") matches the fragment as in `expect`;
              "{var}" in the fragment is a saved value
  each        {"dotted.path": fragment}: the value there is a non-empty list and
              every element matches the fragment
  sorted      {"dotted.path": ["-total", "rank"]}: the list there is ordered by
              each key (ascending, "-" descending; ties allowed)
  save        {"var": "dotted.path"} saves a value for {var} in later paths/bodies
  unchanged   list of tables whose content must be identical before and after
  cli         ["audit","verify"] runs wushe with --db appended; with exit and stdout
  sql         raw SQL (several statements) run against the database in one
              transaction (tampering, checks), by `wushe sql --script`
  script      a program run from the repository root, e.g. a validator:
              ["{python}", "tests/hsds/validate.py", "{tmp}/hsds"]; with exit
              and stdout like cli ({tmp}, {db}, {bin}, {python} substituted)
  keepalive   true: two requests on one connection must reuse it
  expect_headers  {"Header": "substring"} the response headers must contain
  expect_text     list of substrings of a non-JSON body (downloads); skips the JSON checks
  body_file   send this file's bytes as the raw body (path relative to
              tests/api, {tmp} = the case file's temp dir); Content-Type
              application/octet-stream unless headers say otherwise
  text        true: the response is not JSON (downloads); with contains
              (list of strings that must appear) and resp_headers ({name:
              substring})
  run         argv run as a command ({tmp}, {root} = repository root,
              {python} = this interpreter), with optional exit
  query       SQL whose rows (lists) must equal result (one statement, run by
              `wushe sql`: integers, reals, text and null keep their JSON type,
              a blob is its hex string)
  must_fail   "substring": a proof that a check can fail (00_runner.json): the
              step passes only if its checks fail with a message containing it
A request step with checks needs a status; a key the step's kind does not use is an
error (a misspelt check would never fail). An `absent` on a partial page of a
list is checked against every page.
Without arguments (or with perm_matrix.py among them) the permission matrix
tests/api/perm_matrix.py runs after the step files and its counts are added
(WUSHE_NO_MATRIX=1 skips it).
Paths and bodies may use {region:NAME} for a region id by name, {var} for saved values.
The database is reached only through the binary (`wushe sql`), never by opening its file.
"""
import http.client, json, os, re, signal, socket, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
BIN = os.path.abspath(os.environ.get("WUSHE_BIN", os.path.join(HERE, "../../build/wushe")))
PASSWORD = "Demo@2026"


def sql(db, query):
    """The rows of one SQL statement run by `wushe sql` against db (a list of lists)."""
    p = subprocess.run([BIN, "sql", "--db", db, query], capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"wushe sql {query!r}: exit {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def sql_script(db, script):
    """Run several SQL statements in one write transaction (`wushe sql --script`)."""
    p = subprocess.run([BIN, "sql", "--db", db, "--script", script], capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"wushe sql --script: exit {p.returncode}: {p.stderr.strip()}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, tmp):
        self.tmp = tmp
        self.db = os.path.join(tmp, "api.db")
        subprocess.run([BIN, "demo", "--db", self.db], check=True, stdout=subprocess.DEVNULL)
        self.port = free_port()
        self.log = open(os.path.join(tmp, "server.log"), "w")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", self.db, "--port", str(self.port), "--static", tmp, "--log-level", "warn"],
            stdout=self.log, stderr=self.log)
        for _ in range(200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/api/v1/health")
                if c.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "timeout"
        self.log.close()
        if rc != 0:
            # What the server said on its way down (a crash's message), before
            # the temporary directory and its log are gone.
            with open(os.path.join(self.tmp, "server.log"), errors="replace") as f:
                tail = f.readlines()[-25:]
            print("# server.log, last lines:")
            for line in tail:
                print("#   " + line.rstrip())
        return rc


def matches(exp, act, path="$"):
    """None when `act` matches the fragment `exp`, else why not. Objects are
    matched as subsets; an expected `[]` means an empty list exactly; a
    non-empty expected list needs a distinct element of the actual list for
    each expected element; scalars must be equal and of the same JSON type
    (true is not 1, 1 is not 1.0's string, null is not a missing key)."""
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            return f"{path}: expected object, got {json.dumps(act, ensure_ascii=False)[:200]}"
        for k, v in exp.items():
            if k not in act:
                return f"{path}.{k}: missing"
            m = matches(v, act[k], f"{path}.{k}")
            if m:
                return m
        return None
    if isinstance(exp, list):
        if not isinstance(act, list):
            return f"{path}: expected list, got {json.dumps(act, ensure_ascii=False)[:200]}"
        if not exp:
            if act:
                return f"{path}: expected an empty list, got {len(act)} element(s): " \
                       f"{json.dumps(act, ensure_ascii=False)[:200]}"
            return None
        used = set()
        for i, ev in enumerate(exp):
            j = next((j for j, a in enumerate(act) if j not in used and matches(ev, a) is None), None)
            if j is None:
                return f"{path}[{i}]: no (unused) element matches {json.dumps(ev, ensure_ascii=False)}"
            used.add(j)
        return None
    if type(exp) is not type(act) and not (type(exp) in (int, float) and type(act) in (int, float)):
        return f"{path}: expected {exp!r} ({type(exp).__name__}), got {act!r} ({type(act).__name__})"
    if exp != act:
        return f"{path}: expected {exp!r}, got {act!r}"
    return None


def at_path(js, path):
    v = js
    for part in filter(None, path.split(".")):
        v = v[int(part)] if isinstance(v, list) else v[part]
    return v


def shape_checks(s, js):
    """expect_at, each and sorted (see the module comment)."""
    for p, frag in s.get("expect_at", {}).items():
        try:
            v = at_path(js, p)
        except (KeyError, IndexError, ValueError, TypeError):
            return f"{p}: missing"
        m = matches(frag, v, "$." + p)
        if m:
            return m
    for p, frag in s.get("each", {}).items():
        try:
            v = at_path(js, p)
        except (KeyError, IndexError, ValueError, TypeError):
            return f"{p}: missing"
        if not isinstance(v, list) or not v:
            return f"{p}: expected a non-empty list"
        for i, el in enumerate(v):
            m = matches(frag, el, f"$.{p}[{i}]")
            if m:
                return m
    for p, keys in s.get("sorted", {}).items():
        try:
            v = at_path(js, p)
        except (KeyError, IndexError, ValueError, TypeError):
            return f"{p}: missing"
        if not isinstance(v, list) or len(v) < 2:
            return f"{p}: expected a list of at least two elements to check an order, got " \
                   f"{json.dumps(v, ensure_ascii=False)[:200]}"
        for k in [keys] if isinstance(keys, str) else keys:
            f, desc = k.lstrip("-"), k.startswith("-")
            for i in range(1, len(v)):
                a, b = v[i - 1].get(f), v[i].get(f)
                if a is None or b is None:
                    return f"$.{p}[{i}].{f}: missing"
                if (a < b) if desc else (a > b):
                    return f"$.{p}: not sorted by {k} at {i}: {a!r} then {b!r}"
    return None


# The keys each kind of step may carry: a misspelt key ("expects", "absnet")
# would otherwise be ignored and its check could never fail.
STEP_KEYS = {
    "sql": {"sql"},
    "run": {"run", "exit"},
    "query": {"query", "result"},
    "cli": {"cli", "exit", "stdout", "env"},
    "script": {"script", "exit", "stdout"},
    "keepalive": {"keepalive"},
}
CHECK_KEYS = {"expect", "expect_at", "each", "sorted", "absent", "unchanged", "expect_headers",
              "expect_text", "contains", "resp_headers", "save"}
HTTP_KEYS = {"as", "from", "method", "path", "body", "raw", "headers", "csrf", "status", "absent",
             "unchanged", "expect_headers", "body_file", "set_password"}
JSON_KEYS = HTTP_KEYS | {"expect", "expect_at", "each", "sorted", "save"}
TEXT_KEYS = HTTP_KEYS | {"expect_text", "text", "contains", "resp_headers"}


def step_key_error(s):
    """Why a step's keys cannot all be checked, or None."""
    kind = next((k for k in STEP_KEYS if k in s), None)
    if kind:
        allowed = STEP_KEYS[kind]
    elif "path" not in s:
        return "step has neither a path nor a sql/run/query/cli/script/keepalive key"
    elif "status" not in s and set(s) & CHECK_KEYS:
        # a step with neither a status nor a check only drives the server
        # (e.g. a request flood before a limit is checked)
        return "request step with checks but no expected status"
    elif "expect_text" in s or s.get("text"):
        allowed = TEXT_KEYS
    else:
        allowed = JSON_KEYS
    bad = sorted(set(s) - allowed - {"name", "must_fail"})
    if bad:
        return f"unknown or inapplicable step key(s) {bad} (would never be checked)"
    return None


class Runner:
    def __init__(self, srv):
        self.srv = srv
        self.sessions = {}
        self.vars = {}
        self.regions = None  # name → id, loaded by one `wushe sql` (region_id)

    def region_id(self, name):
        """A region's id by name (the lowest id if the name is shared). The
        table is loaded once and again when a name is missing or a step may
        have changed regions (self.regions = None)."""
        if self.regions is None or name not in self.regions:
            self.regions = {}
            for rid, rname in sql(self.srv.db, "SELECT id, name FROM regions ORDER BY id"):
                self.regions.setdefault(rname, rid)
        return self.regions[name]

    def subst_json(self, obj):
        """Substitute inside a JSON value: a string that is exactly "{x}"
        becomes the value itself (an id stays a number)."""
        text = json.dumps(obj, ensure_ascii=False)
        def whole(m):
            v = self.subst("{" + m.group(1) + "}")
            return v if re.fullmatch(r"-?\d+", v) else json.dumps(v, ensure_ascii=False)
        text = re.sub(r'"\{([^{}"]+)\}"', whole, text)
        return json.loads(self.subst(text))

    def subst(self, s):
        def rep(m):
            key = m.group(1)
            if key.startswith("region:"):
                try:
                    return str(self.region_id(key[7:]))
                except KeyError:
                    raise KeyError(key) from None
            return str(self.vars[key])
        return re.sub(r"\{([^{}\"]+)\}", rep, s)

    def request(self, method, path, body=None, headers=None, as_user=None, csrf=True, raw=None,
                source=None):
        h = {"Content-Type": "application/octet-stream" if isinstance(raw, bytes) else "application/json"}
        if as_user:
            sess = self.login(as_user)
            h["Cookie"] = "wushe_session=" + sess["cookie"]
            if csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = sess["csrf"]
        h.update(headers or {})
        data = raw if isinstance(raw, bytes) else raw.encode() if raw is not None else (json.dumps(body).encode() if body is not None else None)
        c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30,
                                       source_address=(source, 0) if source else None)
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        text = r.read().decode("utf-8", "replace")
        hdrs = dict(r.getheaders())
        c.close()
        return r.status, text, hdrs

    def login(self, user):
        if user in self.sessions:
            return self.sessions[user]
        pw = self.vars.get("password:" + user, PASSWORD)
        st, text, hdrs = self.request("POST", "/api/v1/auth/login", {"username": user, "password": pw})
        if st != 200:
            raise RuntimeError(f"login {user}: {st} {text}")
        m = re.search(r"wushe_session=([^;]+)", hdrs.get("Set-Cookie", ""))
        self.sessions[user] = {"cookie": m.group(1), "csrf": json.loads(text)["csrf_token"]}
        return self.sessions[user]

    def other_pages(self, path, js, headers, as_user):
        """The bodies of a list's pages after the one in `js` (error text on failure)."""
        from urllib.parse import urlsplit, parse_qsl, urlencode, urlunsplit
        u = urlsplit(path)
        q = dict(parse_qsl(u.query, keep_blank_values=True))
        per, page, out = int(js.get("per_page") or len(js["items"])), int(js.get("page") or 1), []
        if per <= 0:
            return "list reports per_page 0"
        while page * per < js["total"]:
            page += 1
            q.update(page=str(page), per_page=str(per))
            st, t, _ = self.request("GET", urlunsplit(u._replace(query=urlencode(q))), None, headers, as_user)
            if st != 200:
                return f"page {page} of {path}: status {st}: {t[:200]}"
            out.append(t)
        return out

    def table_hash(self, tables):
        """A digest of the tables' rows: `wushe sql --digest` hashes them in
        one snapshot, so the rows (15 MB of audit log) never cross a pipe."""
        p = subprocess.run([BIN, "sql", "--db", self.srv.db, "--digest"]
                           + [f"SELECT * FROM {t} ORDER BY 1" for t in tables], capture_output=True, text=True)
        if p.returncode:
            raise RuntimeError(f"wushe sql --digest {tables}: exit {p.returncode}: {p.stderr.strip()}")
        return p.stdout

    def step(self, s):
        try:
            return self.run_step(s)
        finally:
            if set(s) & {"sql", "run", "cli", "script"} or (
                    s.get("method", "GET") not in ("GET", "HEAD") and "/regions" in s.get("path", "")):
                self.regions = None  # it may have created, renamed, moved or deleted regions

    def run_step(self, s):
        bad = step_key_error(s)
        if bad:
            return bad
        if "sql" in s:
            sql_script(self.srv.db, s["sql"])
            return None
        if "run" in s:
            root = os.path.abspath(os.path.join(HERE, "../.."))
            args = [a.replace("{tmp}", self.srv.tmp).replace("{root}", root).replace("{python}", sys.executable)
                    for a in s["run"]]
            p = subprocess.run(args, capture_output=True, text=True)
            if p.returncode != s.get("exit", 0):
                return f"exit {p.returncode}: {p.stdout[-500:]}{p.stderr[-500:]}"
            return None
        if "query" in s:
            rows = sql(self.srv.db, s["query"])
            if rows != s["result"]:
                return f"query gave {rows!r}, expected {s['result']!r}"
            return None
        if "cli" in s:
            args = [a.replace("{tmp}", self.srv.tmp) for a in s["cli"]]
            p = subprocess.run([BIN] + args + ["--db", self.srv.db], capture_output=True, text=True,
                               env=dict(os.environ, **s.get("env", {})))
            if p.returncode != s.get("exit", 0):
                return f"exit {p.returncode}, expected {s.get('exit', 0)}: {p.stdout}{p.stderr}"
            if "stdout" in s and s["stdout"] not in p.stdout:
                return f"stdout lacks {s['stdout']!r}: {p.stdout}"
            return None
        if "script" in s:
            subs = {"{tmp}": self.srv.tmp, "{db}": self.srv.db, "{bin}": BIN, "{python}": sys.executable}
            args = []
            for a in s["script"]:
                for k, v in subs.items():
                    a = a.replace(k, v)
                args.append(a)
            p = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
            if p.returncode != s.get("exit", 0):
                return f"exit {p.returncode}, expected {s.get('exit', 0)}: {p.stdout[-1500:]}{p.stderr[-1500:]}"
            if "stdout" in s and s["stdout"] not in p.stdout:
                return f"stdout lacks {s['stdout']!r}: {p.stdout[-1500:]}"
            return None
        if s.get("keepalive"):
            c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=5)
            c.request("GET", "/api/v1/health")
            r1 = c.getresponse(); r1.read()
            sock = c.sock
            if r1.getheader("Connection", "").lower() == "close" or sock is None:
                return "first response closed the connection"
            c.request("GET", "/api/v1/health")
            r2 = c.getresponse(); r2.read()
            if c.sock is not sock:
                return "connection was not reused"
            c.close()
            return None
        before = self.table_hash(s["unchanged"]) if "unchanged" in s else None
        path = self.subst(s["path"])
        body = s.get("body")
        if body is not None:
            body = self.subst_json(body)
        headers = {k: self.subst(v) for k, v in s.get("headers", {}).items()}
        raw = s.get("raw")
        if "body_file" in s:
            with open(os.path.join(HERE, s["body_file"].replace("{tmp}", self.srv.tmp)), "rb") as f:
                raw = f.read()
        st, text, hdrs = self.request(s.get("method", "GET"), path, body, headers,
                                      s.get("as"), s.get("csrf", True), raw, s.get("from"))
        if "status" in s and st != s["status"]:
            return f"status {st}, expected {s['status']}: {text[:400]}"
        for k, v in s.get("expect_headers", {}).items():
            if v not in hdrs.get(k, ""):
                return f"header {k}: {hdrs.get(k)!r} lacks {v!r}"
        if "expect_text" in s or s.get("text"):  # a download (CSV, XLSX …): substrings, headers, absent
            for t in s.get("expect_text", []) + s.get("contains", []):
                if t not in text:
                    return f"body lacks {t!r}: {text[:300]!r}"
            for k, v in s.get("resp_headers", {}).items():
                if v not in hdrs.get(k, ""):
                    return f"header {k}: {hdrs.get(k)!r} lacks {v!r}"
            for a in s.get("absent", []):
                if a in text:
                    return f"response contains {a!r}"
            if before is not None and self.table_hash(s["unchanged"]) != before:
                return f"tables {s['unchanged']} changed"
            return None
        try:
            js = json.loads(text) if text else None
        except ValueError:
            return f"response is not JSON: {text[:200]}"
        if "expect" in s:
            m = matches(s["expect"], js)
            if m:
                return m + " in " + text[:400]
        if "expect_at" in s:  # saved values ({var}) may be expected at a path
            s = dict(s, expect_at=self.subst_json(s["expect_at"]))
        m = shape_checks(s, js)
        if m:
            return m + " in " + text[:400]
        texts = [text]
        if s.get("absent") and s.get("method", "GET") == "GET" and isinstance(js, dict) \
                and isinstance(js.get("items"), list) and isinstance(js.get("total"), int) \
                and js["total"] > len(js["items"]):
            # `absent` means absent from the whole list, not from its first page
            more = self.other_pages(path, js, headers, s.get("as"))
            if isinstance(more, str):
                return more
            texts += more
        for a in s.get("absent", []):
            for i, t in enumerate(texts):
                if a in t:
                    return f"response contains {a!r}" + (f" (page {i + 1})" if i else "")
        if st >= 400 and not (isinstance(js, dict) and "error" in js and js["error"].get("message")
                              and js["error"].get("message_en")):
            return "error response lacks the bilingual error object"
        for var, p in s.get("save", {}).items():
            v = js
            for part in p.split("."):
                v = v[int(part)] if isinstance(v, list) else v[part]
            self.vars[var] = v
        if "set_password" in s:
            self.vars["password:" + s["set_password"][0]] = s["set_password"][1]
            self.sessions.pop(s["set_password"][0], None)
        if before is not None and self.table_hash(s["unchanged"]) != before:
            return f"tables {s['unchanged']} changed"
        return None


def main():
    files = sorted(f for f in os.listdir(HERE) if f.endswith(".json"))
    only = sys.argv[1:]
    passed = failed = 0
    for f in files:
        if only and f not in only:
            continue
        steps = json.load(open(os.path.join(HERE, f)))
        with tempfile.TemporaryDirectory() as tmp:
            srv = Server(tmp)
            run = Runner(srv)
            for i, s in enumerate(steps):
                name = f"{f}: {s.get('name', i)}"
                try:
                    err = run.step(s)
                except Exception as ex:  # noqa: BLE001 — a broken step is a failed step
                    err = f"{type(ex).__name__}: {ex}"
                if "must_fail" in s:
                    if not err:
                        err = "the check passed but must fail"
                    elif s["must_fail"] not in err:
                        err = f"failed for another reason than {s['must_fail']!r}: {err}"
                    else:
                        err = None
                if err:
                    failed += 1
                    print(f"not ok - {name}: {err}")
                else:
                    passed += 1
                    print(f"ok - {name}")
            rc = srv.stop()
            name = f"{f}: server stops cleanly on SIGTERM"
            if rc == 0:
                passed += 1
                print(f"ok - {name}")
            else:
                failed += 1
                print(f"not ok - {name}: exit {rc}")
                print(open(os.path.join(tmp, "server.log")).read()[-3000:])
    if (not only or "perm_matrix.py" in only) and not os.environ.get("WUSHE_NO_MATRIX"):
        # the permission matrix (perm_matrix.py) runs with the suite: its
        # lines are printed as they come and its counts join ours
        p = subprocess.Popen([sys.executable, os.path.join(HERE, "perm_matrix.py")],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        last = ""
        for line in p.stdout:
            m = re.fullmatch(r"(\d+) passed, (\d+) failed\n?", line)
            if m:
                last = m
                continue
            print("perm_matrix: " + line if line.startswith(("ok", "not ok")) else line, end="")
        rc = p.wait()
        if last:
            passed += int(last.group(1))
            failed += int(last.group(2))
        if rc and not (last and int(last.group(2))):
            failed += 1
            print(f"not ok - perm_matrix.py: exit {rc}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
