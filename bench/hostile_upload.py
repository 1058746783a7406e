#!/usr/bin/env python3
"""bench/hostile_upload.py — the server's memory under 64 hostile upload
connections (issue 15, hole 4; run by bench/hostile_upload.sh).

A fresh demo database, the server started from WUSHE, then at once:
  16 anonymous POST /api/v1/health announcing 64 MiB and sending it flat out
  16 anonymous chunked POST /api/v1/health streaming 64 MiB
  16 slow senders: anonymous, 1 MiB declared, all but the last byte sent, then silence
  16 logged-in imports (admin): 60 MiB declared, 59 MiB sent, then silence
Every connection stays open (or is held until the server cuts it) for HOLD
seconds. Meanwhile the server's VmRSS is sampled from /proc/PID/status every
20 ms and GET /api/v1/health is timed once a second; at the end VmHWM is
read. Prints one line per kind of connection (how the server answered) and

  hostile_upload: 64 connections, peak VmRSS X MB, VmHWM Y MB (target <= 200 MB), health p100 Z ms

Exits 1 when VmHWM is over the target.
"""
import json, os, re, socket, subprocess, sys, tempfile, threading, time

BIN = os.path.abspath(os.environ.get("WUSHE", "build/wushe"))
HOLD = float(os.environ.get("HOLD", "8"))
TARGET_MB = 200
PASSWORD = "Demo@2026"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def first_status(sock, timeout):
    """The status code of a response that arrives within timeout, else None."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n" not in data:
            c = sock.recv(4096)
            if not c:
                return "closed"
            data += c
    except socket.timeout:
        return None
    except OSError:
        return "reset"
    return data.split(b" ", 2)[1].decode()


def send_all(sock, total, chunk=256 << 10, chunked=False, stop_short=0):
    """Send total bytes (chunked framing if asked), stopping stop_short bytes
    before the end; returns how many were accepted before an error."""
    block = b"x" * chunk
    sent = 0
    try:
        while sent < total - stop_short:
            n = min(chunk, total - stop_short - sent)
            if chunked:
                sock.sendall(b"%x\r\n" % n + block[:n] + b"\r\n")
            else:
                sock.sendall(block[:n])
            sent += n
    except OSError:
        pass
    return sent


def main():
    tmp = tempfile.mkdtemp(prefix="hostile_upload")
    db = os.path.join(tmp, "bench.db")
    subprocess.run([BIN, "demo", "--db", db], check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    log = open(os.path.join(tmp, "server.log"), "w")
    srv = subprocess.Popen([BIN, "serve", "--db", db, "--port", str(port), "--static", tmp,
                            "--log-level", "warn"], stdout=log, stderr=log)
    try:
        return run(srv, port)
    finally:
        srv.terminate()
        try:
            srv.wait(timeout=30)
        except subprocess.TimeoutExpired:
            srv.kill()
        log.close()


def http(port, method, path, body=b"", headers=None, timeout=30):
    h = {"Host": "x", "Connection": "close", "Content-Length": str(len(body))}
    h.update(headers or {})
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(f"{method} {path} HTTP/1.1\r\n".encode() +
              "".join(f"{k}: {v}\r\n" for k, v in h.items()).encode() + b"\r\n" + body)
    data = b""
    while True:
        c = s.recv(65536)
        if not c:
            break
        data += c
    s.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head.decode("latin-1"), rest


def run(srv, port):
    for _ in range(200):
        try:
            if http(port, "GET", "/api/v1/health", timeout=1)[0] == 200:
                break
        except OSError:
            time.sleep(0.05)
    st, head, body = http(port, "POST", "/api/v1/auth/login",
                          json.dumps({"username": "admin", "password": PASSWORD}).encode(),
                          {"Content-Type": "application/json"})
    cookie = re.search(r"wushe_session=[^;\r]+", head).group(0)
    csrf = json.loads(body)["csrf_token"]
    base_kb = status_kb(srv.pid, "VmRSS")

    results = {}
    lock = threading.Lock()

    def record(kind, what):
        with lock:
            results.setdefault(kind, {}).setdefault(what, 0)
            results[kind][what] += 1

    def conn(kind, head_lines, total, chunked=False, stop_short=0):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError as ex:
            record(kind, f"connect failed ({ex.__class__.__name__})")
            return
        try:
            s.sendall(head_lines)
            sent = send_all(s, total, chunked=chunked, stop_short=stop_short)
            st = first_status(s, HOLD)
            what = f"answered {st}" if st not in (None, "closed", "reset") else (
                f"held open, {sent / 1048576:.1f} MiB sent" if st is None else f"{st} by the server")
            record(kind, what)
        finally:
            s.close()

    def req(path, extra, length=None, chunked=False):
        h = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
        h += "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {length}\r\n"
        return (h + extra + "\r\n").encode()

    auth = f"Cookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\n"
    threads = []
    for _ in range(16):
        threads.append(threading.Thread(target=conn, args=(
            "anonymous 64 MiB POST /health", req("/api/v1/health", "", 64 << 20), 64 << 20)))
        threads.append(threading.Thread(target=conn, args=(
            "anonymous chunked 64 MiB POST /health", req("/api/v1/health", "", chunked=True),
            64 << 20, True)))
        threads.append(threading.Thread(target=conn, args=(
            "anonymous slow sender, 1 MiB declared", req("/api/v1/health", "", 1 << 20), 1 << 20,
            False, 1)))
        threads.append(threading.Thread(target=conn, args=(
            "admin import 60 MiB, stalls at 59 MiB",
            req("/api/v1/imports?kind=people&dry_run=true", auth, 60 << 20), 60 << 20, False,
            1 << 20)))
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            try:
                peak[0] = max(peak[0], status_kb(srv.pid, "VmRSS"))
            except OSError:
                break
            time.sleep(0.02)

    health = []

    def probe():
        while not done.is_set():
            t0 = time.time()
            try:
                ok = http(port, "GET", "/api/v1/health", timeout=10)[0] == 200
            except OSError:
                ok = False
            health.append((time.time() - t0) * 1000 if ok else float("inf"))
            time.sleep(1)

    aux = [threading.Thread(target=sample), threading.Thread(target=probe)]
    for t in aux + threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    for t in aux:
        t.join()
    hwm = status_kb(srv.pid, "VmHWM")
    for kind in sorted(results):
        print(f"  {kind}: " + ", ".join(f"{n} {w}" for w, n in sorted(results[kind].items())))
    worst = max(health) if health else float("inf")
    print(f"hostile_upload: 64 connections, baseline VmRSS {base_kb / 1024:.0f} MB, "
          f"peak VmRSS {peak[0] / 1024:.0f} MB, VmHWM {hwm / 1024:.0f} MB "
          f"(target <= {TARGET_MB} MB), health during the attack: {len(health)} probes, "
          f"worst {worst:.0f} ms")
    return 0 if hwm / 1024 <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
