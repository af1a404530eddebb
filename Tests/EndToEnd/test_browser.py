"""The listing in a real browser: Debian's chromium driven through chromedriver by Selenium.

No network: SE_OFFLINE stops Selenium Manager from looking for a browser of its own. nginx's basic
auth is answered with an Authorization header set through the DevTools protocol.
"""

from __future__ import annotations

import base64
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

selenium = pytest.importorskip("selenium")
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("chromium and chromium-driver are not installed (scripts/test installs them)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def chrome(user: str, password: str):
    """Headless Chromium that answers nginx's basic auth as `user`."""
    os.environ["SE_OFFLINE"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1366,768", "--no-first-run", "--no-default-browser-check"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    log_in(driver, user, password)
    return driver


def log_in(driver, user: str, password: str):
    """From now on every request of `driver` answers nginx's basic auth as `user`."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Basic {token}"}})


@pytest.fixture(scope="module")
def browser(stack):
    driver = chrome(*stack.auth("viewer"))
    yield driver
    driver.quit()


def rows(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def test_the_listing_renders_styled_and_without_console_errors(stack, browser):
    browser.get(stack.url("/customers"))
    assert browser.title.startswith("Customers") or "customer" in browser.title.lower()
    assert len(rows(browser)) == 20
    # The stylesheet arrived and applied (nothing blocked by the Content-Security-Policy).
    rules = browser.execute_script("return Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)")
    assert rules > 10
    assert browser.execute_script("return document.documentElement.classList.contains('js')"), "app.js did not run"
    assert console_errors(browser) == []


def test_search_as_you_type_swaps_the_rows(stack, browser):
    browser.get(stack.url("/customers"))
    field = browser.find_element(By.CSS_SELECTOR, "form[data-live-search] input[name=q]")
    field.click()
    field.send_keys("Zyxwvut")
    WebDriverWait(browser, 10).until(lambda d: len(rows(d)) == 1)
    assert "Zyxwvutsson" in rows(browser)[0].text
    assert "<script>alert(1)</script>" in rows(browser)[0].text  # shown as text, not run
    assert "q=Zyxwvut" in browser.current_url, "the URL did not follow the search"
    assert browser.execute_script("return document.activeElement.name") == "q", "the search field lost focus"
    assert console_errors(browser) == []


SECTION_COLUMNS = {
    "pre": ["Pre-customer ID", "Name", "Phone", "Date created", "Date modified", "ID type", "E-mail"],
    "customers": ["Customer ID", "Name", "Status", "Active loans", "E-mail", "Phone", "National ID", "Date created",
                  "Date modified", "Personal data acceptance", "Commercial approval"],
    "all": ["Customer ID", "Name", "Status", "Active loans", "Phone", "E-mail", "National ID", "Balance", "Date created",
            "Date modified", "Relationship officer", "Address"],
}


@pytest.mark.parametrize("section", list(SECTION_COLUMNS))
def test_every_section_shows_its_columns(stack, browser, section):
    browser.get(stack.url(f"/customers?section={section}"))
    headers = [th.text.replace("▲", "").replace("▼", "").strip()
               for th in browser.find_elements(By.CSS_SELECTOR, "#results thead th")]
    assert headers == SECTION_COLUMNS[section]
    first_row = rows(browser)[0].find_elements(By.CSS_SELECTOR, "td")
    assert len(first_row) == len(headers)


def test_customers_read_enabled_disabled_blocked_with_the_status_as_tooltip(stack, browser):
    browser.get(stack.url("/customers?section=customers&per_page=100"))
    badges = browser.find_elements(By.CSS_SELECTOR, "#results tbody td:nth-child(3) .badge")
    assert len(badges) == 100
    groups = {"Customer": "Enabled", "Dormant": "Disabled", "Closed": "Disabled", "Blocked": "Blocked"}
    for badge in badges:
        status = badge.get_attribute("title")
        shown = browser.execute_script("return arguments[0].firstChild.textContent", badge)
        assert shown == groups[status]
        # The status is also in the text for screen readers and touch, not on hover alone.
        assert status in badge.get_attribute("textContent")
