"""The whole stack for the end-to-end tests: a fresh store, the FastCGI responder, a private nginx.

One stack per test session, started on a free port and stopped at the end. The nginx configuration
is rendered by scripts/lib.sh from nginx/customer-admin.conf, exactly as scripts/serve does.

Environment:
    CUSTOMER_ADMIN_BIN   the executable (default: .build/debug/customer-admin, then .build/release/)
    E2E_KEEP=1           keep the temporary directory (store, logs, nginx config) after the run
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import requests

from support import (KNOWN_CSV, SEEDED_CUSTOMERS, STAFF, STRANGER, Responder, Stack, find_binary, free_port, lib, run,
                     start_nginx, stop_nginx, tail, wait_for)


@pytest.fixture(scope="session")
def binary() -> Path:
    return find_binary()


@pytest.fixture(scope="session")
def workdir():
    # Short: a unix socket path must stay under 108 bytes.
    directory = Path(tempfile.mkdtemp(prefix="ca-e2e-"))
    yield directory
    if os.environ.get("E2E_KEEP"):
        print(f"\nkept {directory}")
    else:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def store(binary: Path, workdir: Path) -> Path:
    """A fresh store: small seed, the known rows, the staff."""
    db = workdir / "store.sqlite"
    run(str(binary), "migrate", "--db", str(db))
    run(str(binary), "seed", "--customers", str(SEEDED_CUSTOMERS), "--db", str(db))
    known = workdir / "known.csv"
    known.write_text(KNOWN_CSV, encoding="utf-8")
    run(str(binary), "import", str(known), "--db", str(db))
    return db


@pytest.fixture(scope="session")
def stack(binary: Path, workdir: Path, store: Path):
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
