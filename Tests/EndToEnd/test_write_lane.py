"""Posts that write the store wait for its one writer on threads of their own (`serve --write-threads`),
so however many queue there, pages still find a free worker.

The responder here has a single worker thread, and the test holds the store's writer from outside.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import threading
import time
from urllib.parse import urlencode

from support import Responder, fastcgi_request, fastcgi_status

NOTES = "/customers/CUST0000001/notes"


def test_pages_answer_while_a_note_waits_for_the_writer_and_the_note_is_saved(stack, binary, workdir):
    """(`stack` adds the staff to the store.)"""
    responder = Responder(binary, stack.db, workdir / "lane.sock", workdir / "lane.log", threads=1).start()
    holder = sqlite3.connect(stack.db, isolation_level=None, timeout=1)
    try:
        socket_path = responder.socket_path
        # Both logins seen this hour before the writer is taken (a first visit in an hour writes).
        assert fastcgi_status(fastcgi_request(socket_path, "/customers", remote_user="viewer")) == 200
        form = fastcgi_request(socket_path, NOTES, remote_user="officer")
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
        text = f"Saved once the writer was free {secrets.token_hex(4)}"
        body = urlencode({"csrf": token, "submission": secrets.token_hex(16), "body": text}).encode()

        holder.execute("BEGIN IMMEDIATE")
        answers: dict[str, str] = {}
        poster = threading.Thread(target=lambda: answers.update(note=fastcgi_request(
            socket_path, NOTES, method="POST", remote_user="officer", body=body, timeout=15)))
        poster.start()
        time.sleep(0.5)
        assert poster.is_alive(), "the note should be waiting for the writer"

        started = time.monotonic()
        listing = fastcgi_request(socket_path, "/customers", remote_user="viewer", timeout=10)
        waited = time.monotonic() - started
        assert fastcgi_status(listing) == 200
        assert waited < 1.5, f"the listing waited {waited:.2f} s behind the note"
        assert poster.is_alive(), "the note should still be waiting for the writer"

        holder.execute("ROLLBACK")
        poster.join(15)
        assert fastcgi_status(answers["note"]) == 303
        assert text in fastcgi_request(socket_path, NOTES, remote_user="viewer")
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
        responder.stop()
