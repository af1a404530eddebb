"""Crash safety of the writes (run by scripts/crash-safety; not a pytest test).

Starts the stack as the end-to-end tests do (a temporary store of 300 seeded customers, the responder,
a private nginx), then writers create customers, edit them (reading the edit form's `version` first)
and add notes through nginx, while the responder is killed with SIGKILL at random moments and
restarted each time. Afterwards, with the responder stopped, the store is checked: every create, edit
and note that got its 303 is there with its audit rows, every customer the writers made has its
creation in the audit trail and its last name is the newest audited value (nothing half-written), and
`PRAGMA integrity_check` says ok. Exit status 1 on any miss.

    crash_safety.py [--kills 10] [--writers 8] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import re
import secrets
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import find_binary, fresh_store, running_stack  # noqa: E402


class Writer(threading.Thread):
    """Creates, edits and notes until told to stop; keeps what was acknowledged with a 303."""

    def __init__(self, stack, index: int, seed: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.stack, self.index, self.stop = stack, index, stop
        self.rng = random.Random(seed * 100 + index)
        self.session = requests.Session()
        self.session.auth = stack.auth("officer")
        self.created: dict[str, str] = {}      # customer -> last name it was created with
        self.edits: list[tuple[str, str]] = []  # (customer, last name) of each acknowledged edit
        self.notes: list[tuple[str, str]] = []  # (customer, body)
        self.failures = 0
        self.csrf = ""

    def post(self, path: str, data: dict) -> requests.Response:
        data = {**data, "csrf": self.csrf, "submission": secrets.token_hex(16)}
        return self.session.post(self.stack.url(path), data=data, headers={"Origin": self.stack.base_url},
                                 allow_redirects=False, timeout=10)

    def step(self) -> None:
        if not self.csrf:
            page = self.session.get(self.stack.url("/customers"), timeout=10).text
            self.csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        choice = self.rng.random()
        if choice < 0.4 or not self.created:
            name = f"Crash{self.index}x{self.rng.randrange(10**9)}"
            answer = self.post("/customers", {"kind": "individual", "status": "newbie", "last_name": name})
            if answer.status_code == 303:
                self.created[re.search(r"CUST\d{7}", answer.headers["Location"]).group(0)] = name
            return
        customer = self.rng.choice(list(self.created))
        if choice < 0.8:
            form = self.session.get(self.stack.url(f"/customers/{customer}/edit"), timeout=10)
            version = re.search(r'name="version" value="(\d+)"', form.text) if form.status_code == 200 else None
            if version:
                name = f"Edited{self.index}x{self.rng.randrange(10**9)}"
                answer = self.post(f"/customers/{customer}", {"last_name": name, "version": version.group(1)})
                if answer.status_code == 303:
                    self.edits.append((customer, name))
            return
        body = f"note {self.index} {self.rng.randrange(10**9)}"
        if self.post(f"/customers/{customer}/notes", {"body": body}).status_code == 303:
            self.notes.append((customer, body))

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.step()
            except (requests.RequestException, AttributeError):
                self.failures += 1  # the responder is down: a 502, a reset, no token yet
                time.sleep(0.05)


def check(db: Path, writers: list[Writer]) -> list[str]:
    problems: list[str] = []
    connection = sqlite3.connect(db)
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        problems.append(f"integrity_check: {integrity}")
    number = lambda customer: int(customer[4:])  # noqa: E731
    for writer in writers:
        for customer, name in writer.created.items():
            if not connection.execute("SELECT 1 FROM customers WHERE id = ?", (number(customer),)).fetchone():
                problems.append(f"acknowledged create of {customer} is missing")
            if not connection.execute("SELECT 1 FROM audit_log WHERE customer_id = ? AND field = 'last_name' AND new_value = ?",
                                      (number(customer), name)).fetchone():
                problems.append(f"the audit row of the create of {customer} is missing")
        for customer, name in writer.edits:
            if not connection.execute("SELECT 1 FROM audit_log WHERE customer_id = ? AND field = 'last_name' AND new_value = ?",
                                      (number(customer), name)).fetchone():
                problems.append(f"acknowledged edit of {customer} to {name} has no audit row")
        for customer, body in writer.notes:
            if not connection.execute("SELECT 1 FROM customer_notes WHERE customer_id = ? AND body = ?", (number(customer), body)).fetchone():
                problems.append(f"acknowledged note on {customer} is missing")
    # Nothing half-written: each customer the writers made (acknowledged or not) has its creation
    # audited, and its last name is the newest audited one.
    rows = connection.execute("""
        SELECT c.id, c.last_name,
               (SELECT new_value FROM audit_log a WHERE a.customer_id = c.id AND a.field = 'last_name' ORDER BY a.id DESC LIMIT 1),
               (SELECT count(*) FROM audit_log a WHERE a.customer_id = c.id AND a.action = 'create')
        FROM customers c WHERE c.last_name GLOB 'Crash*' OR c.last_name GLOB 'Edited*'""").fetchall()
    for customer_id, last_name, audited, creates in rows:
        if creates != 1 or audited != last_name:
            problems.append(f"CUST{customer_id:07d}: last name {last_name!r}, audited {audited!r}, {creates} create rows")
    connection.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    options = parser.parse_args()
    rng = random.Random(options.seed)
    workdir = Path(tempfile.mkdtemp(prefix="ca-crash-"))
    try:
        binary = find_binary()
        store = fresh_store(binary, workdir)
        with running_stack(binary, workdir, store) as stack:
            stop = threading.Event()
            writers = [Writer(stack, index, options.seed, stop) for index in range(options.writers)]
            for writer in writers:
                writer.start()
            for kill in range(options.kills):
                time.sleep(rng.uniform(0.5, 3.0))
                stack.responder.process.send_signal(signal.SIGKILL)
                stack.responder.process.wait()
                time.sleep(rng.uniform(0.0, 0.5))
                stack.responder.start()
                print(f"kill {kill + 1}/{options.kills}: SIGKILL and restart", flush=True)
            time.sleep(2)
            stop.set()
            for writer in writers:
                writer.join(15)
        problems = check(store, writers)
        creates = sum(len(w.created) for w in writers)
        edits = sum(len(w.edits) for w in writers)
        notes = sum(len(w.notes) for w in writers)
        failures = sum(w.failures for w in writers)
        print(f"seed {options.seed}: {options.kills} kills; acknowledged {creates} creates, {edits} edits, {notes} notes; "
              f"{failures} requests failed to connect; {len(problems)} problems")
        for problem in problems[:20]:
            print("  " + problem)
        return 1 if problems else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
