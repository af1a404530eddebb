"""HTTP fuzz against the real stack (run by scripts/http-fuzz; not a pytest test).

Starts the stack as the end-to-end tests do (a temporary store of 300 seeded customers plus the known
rows, the responder, a private nginx rendered by scripts/lib.sh), then sends random requests through
nginx on 127.0.0.1 over kept-alive raw sockets from several threads: random paths, parameters,
percent-encodings (valid and broken), methods and headers, mostly with a valid login, some without
or with a wrong one. Reports the answers by status, every 500 (and 502/504, which mean the responder
stopped or stalled), whether the responder's pid is unchanged, and its RSS before and after.
Exit status 1 when any 500 came back, the responder was replaced or died, or RSS grew 30 MB or more.

    http_fuzz.py [--requests 100000] [--threads 8] [--seconds 900] [--seed N]
"""

from __future__ import annotations

import argparse
import base64
import collections
import os
import random
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import (KNOWN_CSV, SEEDED_CUSTOMERS, STAFF, STRANGER, Responder, find_binary, free_port, lib, run,  # noqa: E402
                     start_nginx, stop_nginx, tail)

RSS_LIMIT_MB = 30

PATHS = ["/", "/customers", "/customers", "/customers", "/customers", "/customers.csv", "/customers/CUST0000001",
         "/customers/CUST0000300", "/customers/cust0000042", "/customers/CUST9999999", "/customers/CUST00000001",
         "/healthz", "/app.css", "/app.js", "/404.html", "/favicon.ico", "/customers/", "//customers", "/customers//x",
         "/customers/../customers", "/%2e%2e/etc/passwd", "/customers%2Fx", "/customers/%00", "/customers/%zz",
         "/customers/%C3%A9", "/customers/CUST0000001/edit", "/customers.xlsx", "/x.css", "/customers/-1"]
NAMES = ["q", "section", "status", "kind", "id_from", "id_to", "name", "phone", "address", "balance_min",
         "balance_max", "created", "created_from", "created_to", "modified", "modified_from", "modified_to",
         "active_loans", "sort", "dir", "per_page", "page", "bytes", "x", "q[]", "", "%71", "Q"]
NUMBERS = ["0", "1", "-1", "2", "20", "100", "1000", "99999999", "9223372036854775807", "9223372036854775808",
           "-9223372036854775808", "9007199254740992", "-0", "1e309", "NaN", "inf", "0x10", "1.5", "1,5", "1 234,56",
           "+10", "99999999999999999999999", "CUST0000001", "0000047", "", " 7 "]
WORDS = ["ana", "gomez", "Gómez", "ș", "жж", "cus", "CUST00000", "12", "a", "ab", '"', "*", "NEAR", "AND", "OR", "NOT",
         "(x)", "names:x", "^ab", "a-b", "'", "\\", "%", "_", "<script>", "😀", "€", "\u202f", "=1+2", "ab\tc"]
VALUES = ["pre", "customers", "all", "newbie", "prospect", "customer", "pre_customers", "individual",
          "legal_entity", "today", "last_7_days", "this_month", "custom", "gt0", "desc", "asc", "name", "balance",
          "2024-02-29", "2025-02-30", "0000-00-00", "9999-12-31", "2024-+1-+1"]
ESCAPES = ["%", "%2", "%zz", "%ff", "%C3", "%C3%A9", "%E2%82%AC", "%F0%9F%98%80", "%ED%A0%80", "%00", "%01", "%0A",
           "%25", "%26", "%3D", "+", "%2B", "%20", "%7F", "%C0%AF"]
METHODS = ["GET"] * 40 + ["HEAD"] * 3 + ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "FOO", "get"]
HEADERS = [("X-Fragment", "results"), ("X-Fragment", "x"), ("Accept", "text/csv"), ("Accept-Encoding", "gzip"),
           ("Range", "bytes=0-10"), ("Range", "bytes=-1"), ("Cookie", "a=b; c"), ("If-Modified-Since", "yesterday"),
           ("Content-Type", "application/x-www-form-urlencoded"), ("X-Forwarded-For", "1.2.3.4"),
           ("Remote-User", "admin"), ("X-Remote-User", "admin"), ("Proxy", "http://x"), ("Accept-Language", "ro"),
           ("User-Agent", "x" * 2000), ("Referer", "javascript:alert(1)"), ("Transfer-Encoding", "chunked")]


def random_text(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(0, 6)):
        roll = rng.random()
        if roll < 0.45:
            pieces.append(quote(rng.choice(WORDS), rng))
        elif roll < 0.7:
            pieces.append(rng.choice(ESCAPES))
        elif roll < 0.85:
            pieces.append(rng.choice(NUMBERS))
        else:
            pieces.append("".join(rng.choice("abcdeABC019 +-_.~!*'();:@$,/?[]") for _ in range(rng.randint(1, 8))))
        if rng.random() < 0.6:
            pieces.append("+")
    return "".join(pieces)


def quote(text: str, rng: random.Random) -> str:
    """Percent-encodes unsafe bytes; sometimes leaves safe-enough ones raw."""
    out = []
    for byte in text.encode():
        char = chr(byte)
        if char.isalnum() and byte < 128 or char in "-._~" or (char in "*'()!:@$," and rng.random() < 0.5):
            out.append(char)
        else:
            out.append(f"%{byte:02X}" if rng.random() < 0.8 else f"%{byte:02x}")
    return "".join(out)


def random_query(rng: random.Random) -> str:
    pairs = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4, 6, 10])):
        name = rng.choice(NAMES)
        roll = rng.random()
        if roll < 0.35:
            value = rng.choice(NUMBERS)
        elif roll < 0.6:
            value = rng.choice(VALUES)
        else:
            value = random_text(rng)
        pairs.append(name if rng.random() < 0.03 else f"{name}={value}")
    query = "&".join(pairs)
    if rng.random() < 0.05:
        query += rng.choice(["&", "&&", "=", "==", "#frag", "?", "&q", "%"])
    return query



def random_request(rng: random.Random, tokens: dict[str, str]) -> tuple[str, bytes]:
    method = rng.choice(METHODS)
    path = rng.choice(PATHS)
    if rng.random() < 0.05:
        path = "/" + "/".join(random_text(rng).replace("?", "").replace("#", "") for _ in range(rng.randint(1, 3)))
    if path == "/customers.xlsx" and rng.random() < 0.8:
        path = "/customers.csv"  # an XLSX costs a temporary workbook; keep them few
    query = random_query(rng)
    target = path + ("?" + query if query or rng.random() < 0.1 else "")
    headers = [("Host", "127.0.0.1")]
    roll = rng.random()
    if roll < 0.85:
        headers.append(("Authorization", tokens[rng.choice(list(STAFF))]))
    elif roll < 0.9:
        headers.append(("Authorization", tokens["stranger"]))
    elif roll < 0.95:
        headers.append(("Authorization", "Basic " + base64.b64encode(b"viewer:wrong").decode()))
    elif roll < 0.97:
        headers.append(("Authorization", rng.choice(["Basic", "Basic %%%", "Bearer x", "Basic " + "A" * 300])))
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        headers.append(rng.choice(HEADERS))
    body = b""
    if method in ("POST", "PUT", "PATCH") and rng.random() < 0.7:
        body = random_query(rng).encode()
    if any(name == "Transfer-Encoding" for name, _ in headers):
        headers = [h for h in headers if h[0] != "Transfer-Encoding"]
    headers.append(("Content-Length", str(len(body))))
    head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers) + "\r\n"
    return f"{method} {target}", head.encode("latin-1", errors="replace") + body


class Connection:
    """One kept-alive HTTP/1.1 connection to nginx; reads answers by Content-Length or chunks."""

    def __init__(self, port: int):
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""

    def request(self, raw: bytes, head_only: bool) -> int:
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            self.buffer = b""
        self.sock.sendall(raw)
        head = self._until(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        if not head_only and status not in (204, 304):
            if fields.get("transfer-encoding", "").lower() == "chunked":
                while True:
                    size = int(self._until(b"\r\n").split(b";")[0], 16)
                    self._exactly(size + 2)
                    if size == 0:
                        break
            elif "content-length" in fields:
                self._exactly(int(fields["content-length"]))
            else:
                self._to_end()
        if fields.get("connection", "").lower() == "close" or "content-length" not in fields and \
                fields.get("transfer-encoding", "").lower() != "chunked" and not head_only:
            self.close()
        return status

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed by nginx")
        self.buffer += chunk

    def _until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            self._fill()
        data, _, self.buffer = self.buffer.partition(marker)
        return data

    def _exactly(self, count: int) -> bytes:
        while len(self.buffer) < count:
            self._fill()
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _to_end(self) -> None:
        try:
            while True:
                self._fill()
        except ConnectionError:
            pass
        self.buffer = b""

    def close(self) -> None:
        if self.sock:
            self.sock.close()
        self.sock = None


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_stack(workdir: Path):
    binary = find_binary()
    db = workdir / "store.sqlite"
    run(str(binary), "migrate", "--db", str(db))
    run(str(binary), "seed", "--customers", str(SEEDED_CUSTOMERS), "--db", str(db))
    (workdir / "known.csv").write_text(KNOWN_CSV, encoding="utf-8")
    run(str(binary), "import", str(workdir / "known.csv"), "--db", str(db))
    credentials, htpasswd = workdir / "credentials.txt", workdir / "htpasswd"
    lib("ensure_logins", str(credentials), *(f"{user}:{role}" for user, role in STAFF.items()))
    # {SHA} rather than bcrypt, as scripts/bench does: nginx checks a bcrypt entry on every request
    # (about 1 ms of CPU), which would measure nginx instead of the responder.
    lib("write_htpasswd", str(credentials), str(htpasswd), "sha")
    lib("ensure_staff", str(binary), str(db), str(credentials))
    run("htpasswd", "-b", "-s", str(htpasswd), *STRANGER)
    passwords = {line.split()[0]: line.split()[1] for line in credentials.read_text().splitlines() if line.strip()}
    passwords[STRANGER[0]] = STRANGER[1]
    responder = Responder(binary, db, workdir / "ca.sock", workdir / "responder.log").start()
    port = free_port()
    lib("render_nginx", "--dir", str(workdir / "nginx"), "--port", str(port), "--socket",
        str(responder.socket_path), "--htpasswd", str(htpasswd), "--workers", "1", "--access-log", "off")
    nginx = start_nginx(workdir / "nginx")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if Connection(port).request(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", False) == 200:
                break
        except OSError:
            time.sleep(0.1)
    tokens = {user: "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
              for user, password in passwords.items()}
    return responder, nginx, port, tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=900, help="stop sending after this long")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ca-fuzz-"))
    responder = nginx = None
    try:
        responder, nginx, port, tokens = start_stack(workdir)
        pid = responder.process.pid
        rss_before = rss_mb(pid)
        statuses: collections.Counter[int | str] = collections.Counter()
        bad: list[str] = []
        lock = threading.Lock()
        sent = [0]
        deadline = time.monotonic() + options.seconds
        started = time.monotonic()

        def watch() -> None:
            """Sending stops when the responder does: every answer after that is a 502."""
            while not stopped.wait(0.05):
                if not responder.alive():
                    stopped.set()

        def worker(index: int) -> None:
            rng = random.Random(options.seed * 1000 + index)
            connection = Connection(port)
            while time.monotonic() < deadline and not stopped.is_set():
                label, raw = random_request(rng, tokens)
                with lock:
                    if sent[0] >= options.requests:
                        break
                    sent[0] += 1
                try:
                    status: int | str = connection.request(raw, label.startswith("HEAD "))
                except (OSError, ValueError, IndexError) as error:
                    status = type(error).__name__
                    connection.close()
                with lock:
                    statuses[status] += 1
                    if status in (500, 502, 504) or isinstance(status, str) and status != "ConnectionError":
                        bad.append(f"{status} {label}")

        stopped = threading.Event()
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(options.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stopped.set()
        watcher.join()
        elapsed = time.monotonic() - started
        alive = responder.alive() and responder.process.pid == pid
        rss_after = rss_mb(pid) if alive else 0.0

        total = sum(statuses.values())
        print(f"\n{total} requests in {elapsed:.0f} s ({total / elapsed:.0f} req/s), {options.threads} threads,"
              f" seed {options.seed}")
        print("answers by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))
        print(f"500 answers: {statuses[500]}")
        for line in bad[:40]:
            print(f"  {line}")
        if len(bad) > 40:
            print(f"  ... and {len(bad) - 40} more")
        print(f"responder pid {pid}: {'unchanged, running' if alive else 'GONE (it stopped)'}")
        growth = rss_after - rss_before
        print(f"responder RSS: {rss_before:.1f} MB before, {rss_after:.1f} MB after, growth {growth:+.1f} MB"
              f" (limit {RSS_LIMIT_MB} MB)")
        if not alive:
            # The requests in flight when it stopped are the first to get a 502; one of them stopped it.
            print("sending stopped when the responder did; the first 502s (in flight then):")
            for line in [line for line in bad if line.startswith("502 ")][:8]:
                print(f"  {line}")
            log = tail(responder.log_path, 100_000).splitlines()
            failure = [line for line in log if "Fatal error" in line or "runtime failure" in line or "/Sources/" in line]
            print("responder log: " + ("\n  ".join(failure[:4]) or "(no failure line)"))
        failed = statuses[500] > 0 or not alive or growth >= RSS_LIMIT_MB or total < options.requests
        return 1 if failed else 0
    finally:
        stop_nginx(nginx)
        if responder:
            responder.stop()
        if os.environ.get("E2E_KEEP"):
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
