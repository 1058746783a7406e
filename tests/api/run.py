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
  sql         raw SQL run against the database file (tampering, checks)
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
  query       SQL whose rows (lists) must equal result
Paths and bodies may use {region:NAME} for a region id by name, {var} for saved values.
"""
import hashlib, http.client, json, os, re, signal, socket, sqlite3, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
BIN = os.path.abspath(os.environ.get("WUSHE_BIN", os.path.join(HERE, "../../build/wushe")))
PASSWORD = "Demo@2026"


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
        return rc


def matches(exp, act, path="$"):
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
            return f"{path}: expected list"
        for i, ev in enumerate(exp):
            if not any(matches(ev, a) is None for a in act):
                return f"{path}[{i}]: no element matches {json.dumps(ev, ensure_ascii=False)}"
        return None
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
        if not isinstance(v, list):
            return f"{p}: expected a list"
        for k in [keys] if isinstance(keys, str) else keys:
            f, desc = k.lstrip("-"), k.startswith("-")
            for i in range(1, len(v)):
                a, b = v[i - 1].get(f), v[i].get(f)
                if a is None or b is None:
                    return f"$.{p}[{i}].{f}: missing"
                if (a < b) if desc else (a > b):
                    return f"$.{p}: not sorted by {k} at {i}: {a!r} then {b!r}"
    return None


class Runner:
    def __init__(self, srv):
        self.srv = srv
        self.sessions = {}
        self.vars = {}

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
                con = sqlite3.connect(self.srv.db)
                row = con.execute("SELECT id FROM regions WHERE name=?", (key[7:],)).fetchone()
                con.close()
                if not row:
                    raise KeyError(key)
                return str(row[0])
            return str(self.vars[key])
        return re.sub(r"\{([^{}\"]+)\}", rep, s)

    def request(self, method, path, body=None, headers=None, as_user=None, csrf=True, raw=None):
        h = {"Content-Type": "application/octet-stream" if isinstance(raw, bytes) else "application/json"}
        if as_user:
            sess = self.login(as_user)
            h["Cookie"] = "wushe_session=" + sess["cookie"]
            if csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = sess["csrf"]
        h.update(headers or {})
        data = raw if isinstance(raw, bytes) else raw.encode() if raw is not None else (json.dumps(body).encode() if body is not None else None)
        c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
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

    def table_hash(self, tables):
        con = sqlite3.connect(self.srv.db)
        h = hashlib.sha256()
        for t in tables:
            for row in con.execute(f"SELECT * FROM {t} ORDER BY 1"):
                h.update(repr(row).encode())
        con.close()
        return h.hexdigest()

    def step(self, s):
        if "sql" in s:
            con = sqlite3.connect(self.srv.db)
            con.executescript(s["sql"])
            con.commit()
            con.close()
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
            con = sqlite3.connect(self.srv.db)
            rows = [list(r) for r in con.execute(s["query"])]
            con.close()
            if rows != s["result"]:
                return f"query gave {rows!r}, expected {s['result']!r}"
            return None
        if "cli" in s:
            args = [a.replace("{tmp}", self.srv.tmp) for a in s["cli"]]
            p = subprocess.run([BIN] + args + ["--db", self.srv.db], capture_output=True, text=True,
                               env=dict(os.environ, **s.get("env", {})))
            if "exit" in s and p.returncode != s["exit"]:
                return f"exit {p.returncode}, expected {s['exit']}: {p.stdout}{p.stderr}"
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
                                      s.get("as"), s.get("csrf", True), raw)
        if "status" in s and st != s["status"]:
            return f"status {st}, expected {s['status']}: {text[:400]}"
        for k, v in s.get("expect_headers", {}).items():
            if v not in hdrs.get(k, ""):
                return f"header {k}: {hdrs.get(k)!r} lacks {v!r}"
        if "expect_text" in s:  # a file download (CSV, XLSX …): substrings, then `absent`
            for t in s["expect_text"]:
                if t not in text:
                    return f"body lacks {t!r}: {text[:300]}"
            for a in s.get("absent", []):
                if a in text:
                    return f"response contains {a!r}"
            if before is not None and self.table_hash(s["unchanged"]) != before:
                return f"tables {s['unchanged']} changed"
            return None
        if s.get("text"):
            for c in s.get("contains", []):
                if c not in text:
                    return f"response lacks {c!r}: {text[:300]!r}"
            for k, v in s.get("resp_headers", {}).items():
                if v not in hdrs.get(k, ""):
                    return f"header {k}: {hdrs.get(k)!r} lacks {v!r}"
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
        for a in s.get("absent", []):
            if a in text:
                return f"response contains {a!r}"
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
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
