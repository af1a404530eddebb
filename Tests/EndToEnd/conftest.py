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

from support import find_binary, fresh_store, running_stack


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
    return fresh_store(binary, workdir)


@pytest.fixture(scope="session")
def stack(binary: Path, workdir: Path, store: Path):
    with running_stack(binary, workdir, store) as stack:
        yield stack
