#!/usr/bin/env python3
"""Hostile-client checks for the HTTP adapter (issue 15, holes 4, 10, 12),
run as a `script` step of tests/api/04_http_hardening.json:

    {python} tests/api/hostile.py {bin} {db}

The checks need raw sockets (a Content-Length whose body is never sent, a
chunked body, a header block of 40 KB) and servers started with other
settings (HTTPS behind a proxy, a short read timeout), so this script starts
its own servers on the test's database. Prints `ok`/`FAIL` per check and
exits 1 if any failed.
"""
import hashlib, json, os, re, socket, subprocess, sys, tempfile, time

PASSWORD = "Demo@2026"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "permissions-policy": "camera=()",
    "content-security-policy": "default-src 'none'",
    "referrer-policy": "same-origin",
}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, binary, db, args=(), config=None):
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="hostile")
        self.spool = os.path.join(self.tmp, "spool")
        os.mkdir(self.spool)
        argv = [binary, "serve", "--db", db, "--port", str(self.port), "--static", self.tmp,
                "--log-level", "warn", *args]
        if config:
            path = os.path.join(self.tmp, "wushe.conf")
            with open(path, "w") as f:
                f.write(config)
            argv += ["--config", path]
        self.log = open(os.path.join(self.tmp, "server.log"), "w")
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=self.log,
                                     env=dict(os.environ, TMPDIR=self.spool))
        for _ in range(200):
            try:
                if request(self.port, "GET", "/api/v1/health")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("server did not start: " + " ".join(argv))

    def stop(self):
        """SIGTERM; True when the server exits 0 (a sanitizer report or a
        leak under the ASan build makes it fail)."""
        rc = self.proc.poll()
        if rc is None:
            self.proc.terminate()
            try:
                rc = self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                rc = "timeout"
        self.log.close()
        if rc != 0:
            with open(self.log.name) as f:
                sys.stdout.write(f.read()[-3000:])
        return rc == 0


def read_response(sock, timeout=5.0):
    """(status, headers as lower-case dict, body bytes) of one response; the
    body is read by Content-Length. None if nothing arrives in time."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    if b"\r\n\r\n" not in data:
        return None
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        k = k.strip().lower()
        hdrs[k] = (hdrs[k] + "\n" if k in hdrs else "") + v.strip()
    n = int(hdrs.get("content-length", "0"))
    try:
        while len(body) < n:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return status, hdrs, body


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def request(port, method, path, body=b"", headers=None):
    h = {"Host": "127.0.0.1", "Connection": "close"}
    if body:
        h["Content-Type"] = "application/json"
        h["Content-Length"] = str(len(body))
    h.update(headers or {})
    s = connect(port)
    s.sendall(f"{method} {path} HTTP/1.1\r\n".encode() +
              "".join(f"{k}: {v}\r\n" for k, v in h.items()).encode() + b"\r\n" + body)
    r = read_response(s)
    s.close()
    if r is None:
        raise OSError("no response")
    return r


def login(port, user="admin"):
    st, hdrs, body = request(port, "POST", "/api/v1/auth/login",
                             json.dumps({"username": user, "password": PASSWORD}).encode())
    if st != 200:
        raise RuntimeError(f"login {user}: {st} {body[:200]!r}")
    cookie = re.search(r"wushe_session=[^;]+", hdrs["set-cookie"]).group(0)
    return {"Cookie": cookie, "X-CSRF-Token": json.loads(body)["csrf_token"]}, hdrs


failures = 0


def check(name, cond, detail=""):
    global failures
    if cond:
        print(f"ok - {name}")
    else:
        failures += 1
        print(f"FAIL - {name}: {detail}")


def json_error(resp, status, code=None, field=None):
    """Why resp is not the JSON error expected, or None."""
    if resp is None:
        return "no response"
    st, hdrs, body = resp
    if st != status:
        return f"status {st}, expected {status}: {body[:200]!r}"
    if "application/json" not in hdrs.get("content-type", ""):
        return f"content-type {hdrs.get('content-type')!r}: {body[:200]!r}"
    try:
        err = json.loads(body)["error"]
    except (ValueError, KeyError):
        return f"not a JSON error: {body[:200]!r}"
    if not err.get("message") or not err.get("message_en"):
        return f"error lacks the bilingual messages: {err}"
    if code and err.get("code") != code:
        return f"code {err.get('code')!r}, expected {code!r}"
    if field and err.get("field") != field:
        return f"field {err.get('field')!r}, expected {field!r}"
    for k, v in SECURITY_HEADERS.items():
        if v not in hdrs.get(k, ""):
            return f"header {k}: {hdrs.get(k)!r} lacks {v!r}"
    return None


def head_only(port, path, length, headers=None):
    """Send a request line and headers announcing `length` body bytes, send
    none of them, and return the response that arrives (or None)."""
    h = {"Host": "127.0.0.1", "Content-Type": "text/csv", "Content-Length": str(length)}
    h.update(headers or {})
    s = connect(port)
    s.sendall(f"POST {path} HTTP/1.1\r\n".encode() +
              "".join(f"{k}: {v}\r\n" for k, v in h.items()).encode() + b"\r\n")
    r = read_response(s, timeout=3)
    s.close()
    return r


def main():
    binary, db = sys.argv[1], sys.argv[2]
    srv = Server(binary, db)
    https = None
    try:
        port = srv.port
        # Hole 4: a body over the route's limit is refused from its headers.
        r = head_only(port, "/api/v1/health", 64 << 20)
        check("64 MiB Content-Length on /health: 413 JSON before any body byte",
              json_error(r, 413, "too_large") is None, json_error(r, 413, "too_large"))
        r = head_only(port, "/api/v1/imports?kind=people", 10 << 20)
        check("anonymous 10 MiB import: 401 JSON before any body byte",
              json_error(r, 401) is None, json_error(r, 401))
        auth, _ = login(port)
        r = head_only(port, "/api/v1/imports?kind=people", 65 << 20, auth)
        check("65 MiB import as admin: 413 JSON before any body byte",
              json_error(r, 413, "too_large") is None, json_error(r, 413, "too_large"))
        r = head_only(port, "/api/v1/imports?kind=people", 10 << 20, auth)
        check("10 MiB import as admin: the server waits for the body", r is None,
              r and r[2][:200])
        # A big body streams to an unlinked file in $TMPDIR, not to memory.
        s = connect(port)
        h = dict(auth, Host="x", **{"Content-Type": "text/csv", "Content-Length": str(10 << 20)})
        s.sendall(b"POST /api/v1/imports?kind=people HTTP/1.1\r\n" +
                  "".join(f"{k}: {v}\r\n" for k, v in h.items()).encode() + b"\r\n" + b"x" * (3 << 20))
        time.sleep(0.5)
        fd_dir = f"/proc/{srv.proc.pid}/fd"
        spooled = []
        for fd in os.listdir(fd_dir):
            try:
                target = os.readlink(os.path.join(fd_dir, fd))
            except OSError:
                continue
            if target.startswith(srv.spool) and os.stat(os.path.join(fd_dir, fd)).st_size >= 3 << 20:
                spooled.append(target)
        s.close()
        check("a 10 MiB import in progress is spooled to a deleted file in $TMPDIR", spooled,
              os.listdir(srv.spool))
        check("… that leaves nothing behind in $TMPDIR", os.listdir(srv.spool) == [],
              os.listdir(srv.spool))
        csv = "姓名,身份证号,手机号,所属区域\n".encode() + "张三,,,北区社区\n".encode() * 100000
        r = request(port, "POST", "/api/v1/imports?kind=people&dry_run=true", csv,
                    dict(auth, **{"Content-Type": "text/csv"}))
        js = json.loads(r[2]) if r[0] == 200 else {}
        check("a 2 MiB import through the spool file reaches the importer byte for byte",
              js.get("file_bytes") == len(csv) and
              js.get("file_sha256") == hashlib.sha256(csv).hexdigest(), r[2][:300])
        grid, _ = login(port, "beiqu")
        r = head_only(port, "/api/v1/health", 2 << 20, dict(grid, Expect="100-continue"))
        check("2 MiB POST with Expect: 100-continue: 413 JSON before any body byte",
              json_error(r, 413, "too_large") is None, json_error(r, 413, "too_large"))
        r = request(port, "POST", "/api/v1/regions", b"{" + b" " * (2 << 20) + b"}", grid)
        check("2 MiB body sent regardless: dropped, then 413 JSON the client can read",
              json_error(r, 413, "too_large") is None, json_error(r, 413, "too_large"))
        # A chunked body has no declared length: refused once it crosses 1 MiB.
        s = connect(port)
        s.sendall(b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        chunk = b"%x\r\n" % 65536 + b" " * 65536 + b"\r\n"
        try:
            for _ in range(40):  # 2.5 MiB
                s.sendall(chunk)
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass
        r = read_response(s)
        s.close()
        check("chunked 2.5 MiB body on /health: 413 JSON", json_error(r, 413, "too_large") is None,
              json_error(r, 413, "too_large"))

        # Hole 10: one check of the raw target for every route.
        for path, field in [("/api/v1/people/1%00", "path"), ("/api/v1/people/1%0A", "path"),
                            ("/api/v1/regions?q=%FF", "q"), ("/api/v1/regions?q=%C0%AF", "q"),
                            ("/api/v1/people?q=%E5%8C", "q"), ("/api/v1/people?q=a%00b", "q")]:
            r = request(port, "GET", path, headers={"Cookie": auth["Cookie"]})
            check(f"GET {path}: 400 JSON naming {field}", json_error(r, 400, field=field) is None,
                  json_error(r, 400, field=field))
        r = request(port, "GET", "/api/v1/regions?q=%E5%8C%97", headers={"Cookie": auth["Cookie"]})
        check("GET /regions?q=北 (valid UTF-8) still answers 200", r[0] == 200, r[2][:200])
        r = request(port, "GET", "/api/v1/health?a=" + "x" * 10000)
        check("10 KB URL: 414 JSON", json_error(r, 414, "uri_too_long") is None,
              json_error(r, 414, "uri_too_long"))
        r = request(port, "GET", "/api/v1/health", headers={"X-Long": "y" * 40000})
        check("40 KB header: 431 JSON", json_error(r, 431, "headers_too_large") is None,
              json_error(r, 431, "headers_too_large"))
        r = request(port, "POST", "/index.html", b"{}")
        check("POST to a static path: 405 JSON", json_error(r, 405) is None, json_error(r, 405))
        r = request(port, "GET", "/no-such-file.js")
        check("missing static file: 404 JSON", json_error(r, 404) is None, json_error(r, 404))

        # Hole 12: no Secure or HSTS on plain HTTP …
        _, hdrs = login(port)
        check("plain HTTP: cookie without Secure, no HSTS",
              "secure" not in hdrs["set-cookie"].lower() and "strict-transport-security" not in hdrs,
              hdrs)
        # … and both when served over HTTPS through a proxy.
        try:
            https = Server(binary, db, ["--https-proxy"])
        except RuntimeError as ex:
            check("a server starts with --https-proxy", False, str(ex))
            return 1
        _, hdrs = login(https.port)
        check("--https-proxy: the session cookie is Secure", "; Secure" in hdrs["set-cookie"],
              hdrs["set-cookie"])
        st, hdrs, _ = request(https.port, "GET", "/api/v1/health")
        check("--https-proxy: HSTS on API answers",
              "max-age=" in hdrs.get("strict-transport-security", ""), hdrs)
        r = request(https.port, "GET", "/api/v1/nope")
        check("--https-proxy: HSTS on errors", r and "max-age=" in r[1].get("strict-transport-security", ""),
              r and r[1])
        check("the --https-proxy server stops cleanly", https.stop())
        https = None

        # A silent client is cut after read_timeout.
        https = Server(binary, db, config="read_timeout = 1\n")
        s = connect(https.port)
        s.sendall(b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789")
        t0 = time.time()
        s.settimeout(10)
        try:
            data = s.recv(65536)
            while data:
                data = s.recv(65536)
            closed = True
        except (socket.timeout, OSError):
            closed = False
        s.close()
        check("a stalled upload is cut after read_timeout (1 s)", closed and time.time() - t0 < 5,
              f"closed={closed} after {time.time() - t0:.1f} s")
        check("the read_timeout server stops cleanly", https.stop())
        https = None
    finally:
        check("the server stops cleanly", srv.stop())
        if https:
            https.stop()
    print(f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
