"""Helpers of the end-to-end tests: processes of the stack, FastCGI straight to the responder, reading pages."""

from __future__ import annotations

import base64
import html
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
LIB = REPO / "scripts" / "lib.sh"

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

SEEDED_CUSTOMERS = 300

# Rows the tests look for. Store column names, as `customer-admin import` reads them.
KNOWN_CSV = '''customer_id,kind,status,first_name,last_name,company_name,phone,email
,individual,customer,<script>alert(1)</script>,Zyxwvutsson,,+220 770-1234,xss@example.test
,individual,prospect,Ана-Мария,Qwertyová,,+40 721 000 111,ana.maria@example.test
,legal_entity,customer,,,Ñandú & Hijos S.A.S.,+57 601 555 0100,contacto@nandu.example
,legal_entity,customer,,,"=1+2 Formulaova, ""SRL""",@SUM(1),+cmd@example.test
'''
KNOWN_ROWS = 4

# Logins: user -> role. `stranger` can log in to nginx but has no role in the application.
STAFF = {"admin": "admin", "manager": "manager", "officer": "officer", "viewer": "viewer"}
STRANGER = ("stranger", "not-a-member-1")


def find_binary() -> Path:
    configured = os.environ.get("CUSTOMER_ADMIN_BIN")
    candidates = [Path(configured)] if configured else [
        REPO / ".build" / "debug" / "customer-admin",
        REPO / ".build" / "release" / "customer-admin",
    ]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.exit(f"no customer-admin executable (tried {', '.join(map(str, candidates))}); run `swift build`", 2)


def run(*command: str) -> str:
    """Runs a setup command; on failure the tests that need it fail with its output, not a traceback."""
    result = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        pytest.fail(f"setup failed (exit {result.returncode}): {' '.join(command)}\n"
                    f"{result.stdout[-2000:]}{result.stderr[-2000:]}", pytrace=False)
    return result.stdout


def lib(*args: str) -> str:
    return run("bash", str(LIB), *args)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} within {seconds} s")


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Responder:
    """A `customer-admin serve` process on its own unix socket."""

    binary: Path
    db: Path
    socket_path: Path
    log_path: Path
    threads: int = 4
    process: subprocess.Popen | None = None

    def start(self) -> "Responder":
        if self.socket_path.exists():
            self.socket_path.unlink()
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--db", str(self.db), "--socket", str(self.socket_path),
             "--threads", str(self.threads)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"responder exited with {self.process.returncode}:\n{tail(self.log_path)}")
            return self.socket_path.is_socket()

        wait_for(ready, 15, f"responder socket {self.socket_path}")
        return self

    def stop(self, seconds: float = 5) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


def fastcgi_request(socket_path: Path, path: str, query: str = "", method: str = "GET",
                    remote_user: str | None = None, body: bytes | None = None, timeout: float = 30) -> str:
    """One request straight to the responder with libfcgi's `cgi-fcgi`; returns its raw output."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "REQUEST_METHOD": method,
        "DOCUMENT_URI": path,
        "REQUEST_URI": path + (f"?{query}" if query else ""),
        "SCRIPT_NAME": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    if remote_user is not None:
        env["REMOTE_USER"] = remote_user
    if body is not None:
        env["CONTENT_LENGTH"] = str(len(body))
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    result = subprocess.run(
        ["cgi-fcgi", "-bind", "-connect", str(socket_path)], env=env,
        input=body if body is not None else b"", capture_output=True, timeout=timeout)
    return result.stdout.decode("utf-8", errors="replace")


def fastcgi_status(output: str) -> int:
    """The status of a cgi-fcgi answer: its `Status:` header, 200 when there is none (CGI rule)."""
    head = re.split(r"\r?\n\r?\n", output, maxsplit=1)[0]
    match = re.search(r"^Status:\s*(\d{3})", head, re.MULTILINE | re.IGNORECASE)
    return int(match.group(1)) if match else 200


@dataclass
class RawResponse:
    status_code: int
    lower_headers: dict[str, str]
    text: str

    @property
    def headers(self) -> "_Headers":
        return _Headers(self.lower_headers)


class _Headers(dict):
    """Case-insensitive reads, like requests' headers."""

    def __init__(self, lower: dict[str, str]):
        super().__init__(lower)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def get(self, name: str, default=None):
        return super().get(name.lower(), default)


@dataclass
class Stack:
    workdir: Path
    binary: Path
    db: Path
    responder: Responder
    port: int
    passwords: dict[str, str] = field(default_factory=dict)
    nginx: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def auth(self, user: str = "viewer") -> tuple[str, str]:
        return (user, self.passwords[user])

    def get(self, path: str, user: str | None = "viewer", **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        kwargs.setdefault("allow_redirects", False)
        return requests.get(self.url(path), auth=self.auth(user) if user else None, **kwargs)

    def post(self, path: str, data, user: str | None = "viewer", **kwargs) -> requests.Response:
        """A form post from this site (its Origin), as a browser sends it."""
        kwargs.setdefault("timeout", 30)
        kwargs.setdefault("allow_redirects", False)
        headers = {"Origin": self.base_url} | kwargs.pop("headers", {})
        return requests.post(self.url(path), data=data, auth=self.auth(user) if user else None, headers=headers, **kwargs)

    def get_raw(self, target: str, user: str | None = "viewer") -> RawResponse:
        """GET with the target sent byte for byte (requests and urllib3 would re-quote `%zz`)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {}
        if user:
            token = base64.b64encode(f"{user}:{self.passwords[user]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        try:
            connection.putrequest("GET", target, skip_accept_encoding=True)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return RawResponse(response.status, {k.lower(): v for k, v in response.getheaders()},
                               response.read().decode("utf-8", errors="replace"))
        finally:
            connection.close()

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.binary), *args, "--db", str(self.db)],
                              capture_output=True, text=True, check=True)


def start_nginx(directory: Path) -> subprocess.Popen:
    conf = directory / "nginx.conf"
    errors = directory / "error.log"
    subprocess.run([NGINX, "-p", str(directory), "-c", str(conf), "-e", str(errors), "-t", "-q"], check=True)
    return subprocess.Popen([NGINX, "-p", str(directory), "-c", str(conf), "-e", str(errors)],
                            stdin=subprocess.DEVNULL)


def stop_nginx(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---------------------------------------------------------------------------------------------
# Reading pages: the stable markup of the listing (ListingResults.swift).

def tbody(page: str) -> str:
    match = re.search(r"<tbody[^>]*>(.*?)</tbody>", page, re.DOTALL)
    assert match, "the page has no <tbody>"
    return match.group(1)


def row_count(page: str) -> int:
    return len(re.findall(r"<tr[\s>]", tbody(page)))


def row_ids(page: str) -> list[str]:
    """The customer ID of every row, in order (each row links to its profile)."""
    ids = []
    for row in re.findall(r"<tr[\s>].*?</tr>", tbody(page), re.DOTALL):
        match = re.search(r"CUST\d{7}", row)
        assert match, f"a row without a customer ID: {row[:200]}"
        ids.append(match.group(0))
    return ids


def showing(page: str) -> tuple[int, int, str]:
    """(first, last, total) of "Showing 21–40 of 1,234"; total as printed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    match = re.search(r"Showing\s+([\d,]+)\s*[–-]\s*([\d,]+)\s+of\s+([^\n<]+?)\s*(?:\n|$)", text)
    assert match, "no “Showing N–M of T” on the page"
    return int(match.group(1).replace(",", "")), int(match.group(2).replace(",", "")), match.group(3).strip()


def as_number(printed: str) -> int:
    return int(printed.replace(",", ""))


# ---------------------------------------------------------------------------------------------
# A whole stack: the session's (conftest.py), or a private one for tests that add customers.

def fresh_store(binary: Path, workdir: Path) -> Path:
    """A fresh store in `workdir`: small seed and the known rows."""
    db = workdir / "store.sqlite"
    run(str(binary), "migrate", "--db", str(db))
    run(str(binary), "seed", "--customers", str(SEEDED_CUSTOMERS), "--db", str(db))
    known = workdir / "known.csv"
    known.write_text(KNOWN_CSV, encoding="utf-8")
    run(str(binary), "import", str(known), "--db", str(db))
    return db


@contextmanager
def running_stack(binary: Path, workdir: Path, store: Path):
    """The responder on `store` and a private nginx on a free port, with the staff's logins; stopped after."""
    credentials = workdir / "credentials.txt"
    htpasswd = workdir / "htpasswd"
    lib("ensure_logins", str(credentials), *(f"{user}:{role}" for user, role in STAFF.items()))
    lib("write_htpasswd", str(credentials), str(htpasswd), "bcrypt")
    lib("ensure_staff", str(binary), str(store), str(credentials))
    # A login nginx accepts but the application does not know.
    run("htpasswd", "-b", "-B", str(htpasswd), *STRANGER)
    passwords = {line.split()[0]: line.split()[1] for line in credentials.read_text().splitlines() if line.strip()}
    passwords[STRANGER[0]] = STRANGER[1]

    responder = Responder(binary, store, workdir / "ca.sock", workdir / "responder.log").start()
    port = free_port()
    nginx_dir = workdir / "nginx"
    lib("render_nginx", "--dir", str(nginx_dir), "--port", str(port), "--socket", str(responder.socket_path),
        "--htpasswd", str(htpasswd), "--workers", "1")
    stack = Stack(workdir, binary, store, responder, port, passwords)
    try:
        stack.nginx = start_nginx(nginx_dir)

        def healthy() -> bool:
            try:
                return requests.get(stack.url("/healthz"), timeout=2).status_code == 200
            except requests.ConnectionError:
                return False

        wait_for(healthy, 15, "/healthz through nginx")
        yield stack
    finally:
        stop_nginx(stack.nginx)
        responder.stop()
        print(f"\nresponder log (tail):\n{tail(responder.log_path, 15)}")
        print(f"nginx error log (tail):\n{tail(nginx_dir / 'error.log', 15)}")


@contextmanager
def next_page(driver, seconds: float = 10):
    """Around a click or key press that navigates: returns once the browser shows the next page.
    Chromedriver may return from the action while the old page is still up (seen in CI with
    scripts off), and a check made then reads the old page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    yield
    WebDriverWait(driver, seconds).until(staleness_of(old))
    WebDriverWait(driver, seconds).until(lambda d: d.execute_script("return document.readyState") == "complete")


def apply_bulk_move(driver, status: str, category: str, reason: str, rows: int = 2) -> list[str]:
    """In a listing open in `driver` as a manager: ticks the first `rows` customers, chooses the move
    and the reason category (by value) and applies it; returns the IDs ticked."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    boxes = driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox][form=bulk-status]")[:rows]
    assert len(boxes) == rows
    for box in boxes:  # in the middle of the window, clear of the sticky table header
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
    Select(driver.find_element(By.ID, "bulk-status-target")).select_by_value(status)
    Select(driver.find_element(By.ID, "bulk-reason-category")).select_by_value(category)
    driver.find_element(By.ID, "bulk-reason").send_keys(reason)
    ticked = [box.get_attribute("value") for box in boxes]
    with next_page(driver):
        driver.find_element(By.CSS_SELECTOR, "form.bulk-status button[type=submit]").click()
    return ticked
