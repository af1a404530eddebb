"""Search as you type, timed in a real browser: from the last keydown to the moment the results region
changes for the typed query (a MutationObserver's timestamp), over sequences typed at a human pace.

Also a tool to measure a running stack by hand (e.g. one serving 1,000,000 customers):
    .build/e2e-venv/bin/python Tests/EndToEnd/test_live_search.py http://127.0.0.1:18432 run/credentials.txt
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_browser import chrome, console_errors  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

TERMS = ["Zyxwvut", "Qwertyová", "nandú", "7701234", "example", "ceesay", "jallow", "maría", "popescu", "ivan",
         "singh", "gomez", "+40 721", "CUST00001", "ana", "hijos", "touray", "njie", "petrova", "xss@"]

WATCH = """
window.__typing = {keydown: 0, changes: []};
document.querySelector("form[data-live-search] input[name=q]").addEventListener(
  "keydown", () => { window.__typing.keydown = performance.now(); }, true);
new MutationObserver(() => {
  window.__typing.changes.push({at: performance.now(), q: new URLSearchParams(location.search).get("q") || ""});
}).observe(document.getElementById("results"), {childList: true, subtree: true});
"""


def keypress_to_rows(driver, base_url: str, term: str, rng: random.Random) -> float:
    """Milliseconds from the last keydown of `term` to the results region showing it."""
    driver.get(base_url + "/customers")
    driver.execute_script(WATCH)
    field = driver.find_element(By.CSS_SELECTOR, "form[data-live-search] input[name=q]")
    field.click()
    for character in term:
        field.send_keys(character)
        time.sleep(rng.uniform(0.03, 0.15))  # a fast typist: 30-150 ms between keys

    def shown(d):
        changes = d.execute_script("return window.__typing.changes")
        return [c for c in changes if c["q"] == term] or None

    changes = WebDriverWait(driver, 10).until(shown)
    keydown = driver.execute_script("return window.__typing.keydown")
    return changes[0]["at"] - keydown


def measure(driver, base_url: str, rounds: int = 20, seed: int = 7) -> list[float]:
    rng = random.Random(seed)
    return [keypress_to_rows(driver, base_url, TERMS[index % len(TERMS)], rng) for index in range(rounds)]


@pytest.fixture(scope="module")
def typing_browser(stack):
    driver = chrome(*stack.auth("viewer"))
    yield driver
    driver.quit()


def test_search_as_you_type_shows_rows_within_150_ms_of_the_last_key(stack, typing_browser):
    latencies = measure(typing_browser, stack.base_url)
    print(f"\nkeypress to rows over {len(latencies)} sequences: median {statistics.median(latencies):.0f} ms, "
          f"worst {max(latencies):.0f} ms")
    # The median: on two shared cores a single round may wait for the scheduler.
    assert statistics.median(latencies) < 150, latencies
    assert console_errors(typing_browser) == []


if __name__ == "__main__":
    url, credentials = sys.argv[1], Path(sys.argv[2])
    logins = {line.split()[0]: line.split()[1] for line in credentials.read_text().splitlines() if line.strip()}
    driver = chrome("viewer", logins["viewer"])
    try:
        keypress_to_rows(driver, url, "warm", random.Random(1))  # the first page load warms the stack
        latencies = measure(driver, url)
        print("keypress to rows (ms):", " ".join(f"{latency:.0f}" for latency in latencies))
        print(f"median {statistics.median(latencies):.0f} ms, worst {max(latencies):.0f} ms")
    finally:
        driver.quit()
