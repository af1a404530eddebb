"""SIGTERM stops the responder cleanly (exit 0 within 5 s), as systemd and scripts/serve expect.

Each test starts a responder of its own on the session's store, so the shared stack keeps running.
"""

from __future__ import annotations

import socket
import time

import pytest

from support import Responder, fastcgi_request, fastcgi_status


@pytest.fixture
def own_responder(binary, store, workdir, request):
    responder = Responder(binary, store, workdir / f"sig-{request.node.name[-20:]}.sock",
                          workdir / "signals.log", threads=2).start()
    yield responder
    responder.stop()


def stop_and_time(responder: Responder) -> tuple[int | None, float]:
    started = time.monotonic()
    status = responder.stop(seconds=5)
    return status, time.monotonic() - started


def test_sigterm_after_serving_exits_zero_within_5_seconds(own_responder):
    assert fastcgi_status(fastcgi_request(own_responder.socket_path, "/healthz")) == 200
    assert fastcgi_status(fastcgi_request(own_responder.socket_path, "/customers", remote_user="viewer")) == 200
    status, seconds = stop_and_time(own_responder)
    assert status == 0, f"exit status {status} (None: still running after 5 s, killed)"
    assert seconds < 5


def test_sigterm_when_idle_exits_zero(own_responder):
    status, seconds = stop_and_time(own_responder)
    assert status == 0
    assert seconds < 5


def test_sigterm_with_an_idle_open_connection_still_exits(own_responder):
    """A kept nginx connection pins a thread in a blocking read; shutdown must not wait on it forever."""
    idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    idle.connect(str(own_responder.socket_path))
    try:
        time.sleep(0.2)  # let a worker thread accept it and block reading
        status, seconds = stop_and_time(own_responder)
        assert status == 0, f"exit status {status} (None: still running after 5 s, killed)"
        assert seconds < 5
    finally:
        idle.close()

