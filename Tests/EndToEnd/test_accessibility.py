"""Every page passes axe-core in Chromium with no serious or critical violation.

axe-core comes with the PyPI package axe-selenium-python (its axe.min.js, no network). One browser for
the whole module; each page is one test case, named by its URL, so a failure says where.
"""

from __future__ import annotations

import json
import re

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from support import SEEDED_CUSTOMERS, apply_bulk_move, next_page
from test_browser import browser, log_in  # noqa: F401  (browser: the module's one Chromium, a fixture)

axe_selenium_python = pytest.importorskip("axe_selenium_python")
Axe = axe_selenium_python.Axe

BLOCKING = ("serious", "critical")

# axe-selenium-python ships axe-core 3.1.1; two of its findings were dropped by later axe-core releases:
# checkboxgroup was deprecated and then removed (axe-core 4.0), and dlitem did not yet know that HTML lets a
# <div> group a <dt> with its <dd> inside a <dl>. The first is turned off, the second skips only such groups.
AXE_OPTIONS = json.dumps({"rules": {"checkboxgroup": {"enabled": False}}})

PAGES = [
    "/customers?section=pre",
    "/customers?section=customers",
    "/customers?section=all",
    "/customers?section=all&name=a&status=customer",  # a filter opens the advanced search
    "/customers?q=nobody-is-called-this",  # an empty result
    "/customers?section=all&balance_min=lots",  # a refused value: the field's message
    "/customers/CUST0000001",
    *(f"/customers/CUST0000001/{tab}" for tab in ["documents", "addresses", "employment", "additional", "contacts", "service",
                                                  "aml", "risk", "notes", "files", "audit"]),
    "/customers/CUST0000006",  # a legal entity, with its representatives
    "/customers/CUST0000006/addresses",
    "/customers/CUST0000001/portfolio",
    "/customers/CUST0000001/payments",
    "/customers/CUST0000001/claims",
    "/customers/CUST0000001/credits",
    "policy",  # resolved from a tab's link
    "credit",
    "/preferences/columns?section=all",
    "/customers/export?section=customers&status=customer",  # the export dialog as a page
    "/customers/export?select=all",  # every toggle on
    "/customers/CUST9999999",  # not found
    "/no-such-page",
]


def first_product_link(stack, tab: str, prefix: str) -> str:
    """The first /policies/… or /credits/… link on any seeded customer's tab."""
    for number in range(1, SEEDED_CUSTOMERS + 1):
        found = re.search(rf'href="({prefix}[^"]+)"', stack.get(f"/customers/CUST{number:07d}/{tab}").text)
        if found:
            return found.group(1)
    pytest.fail(f"no {prefix} link on any customer's {tab} tab")


def in_a_div_group_of_a_list(driver, node) -> bool:
    return driver.execute_script("return document.querySelector(arguments[0]).parentElement.matches('dl > div')",
                                 node["target"][0])


def blocking_violations(driver) -> list[str]:
    axe = Axe(driver)
    axe.inject()
    problems = []
    for violation in axe.run(options=AXE_OPTIONS)["violations"]:
        nodes = violation["nodes"]
        if violation["id"] == "dlitem":
            nodes = [node for node in nodes if not in_a_div_group_of_a_list(driver, node)]
        if violation["impact"] in BLOCKING and nodes:
            problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at "
                            + ", ".join(" ".join(node["target"]) for node in nodes[:3]))
    return problems


def assert_accessible(driver, url: str):
    driver.get(url)
    problems = blocking_violations(driver)
    assert problems == [], f"{url}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_has_no_serious_or_critical_axe_violation(stack, browser, page):
    if page == "policy":
        page = first_product_link(stack, "portfolio", "/policies/")
    elif page == "credit":
        page = first_product_link(stack, "credits", "/credits/")
    assert_accessible(browser, stack.url(page))


@pytest.mark.parametrize("form", ["/customers/CUST0000002/credits/new", "refused"])
def test_the_credit_request_form_has_no_serious_or_critical_axe_violation(stack, browser, form):
    log_in(browser, *stack.auth("officer"))
    try:
        browser.get(stack.url("/customers/CUST0000002/credits/new"))
        if form == "refused":  # the form shown again with a problem beside each field
            browser.find_element("css selector", "form.request-form button[type=submit]").click()
            WebDriverWait(browser, 10).until(lambda d: "field-problem" in d.page_source, browser.page_source[-1500:])
        assert blocking_violations(browser) == []
    finally:
        log_in(browser, *stack.auth("viewer"))


def test_the_page_refusing_a_login_without_role_has_no_serious_or_critical_axe_violation(stack, browser):
    log_in(browser, *stack.auth("stranger"))
    try:
        assert stack.get("/customers", user="stranger").status_code == 403
        assert_accessible(browser, stack.url("/customers"))
    finally:
        log_in(browser, *stack.auth("viewer"))


# Pages of roles above a viewer, each as a role that may open it.
ROLE_PAGES = [
    ("admin", "/staff"),
    ("manager", "/exports"),
    ("manager", "/exports?outcome=failed&user=nobody"),  # nothing matches
    ("officer", "/customers/new?kind=individual"),
    ("officer", "/customers/new?kind=legal_entity"),
    ("officer", "/customers/CUST0000001/edit"),
    ("officer", "/customers/CUST0000001/notes"),
    ("viewer", "/customers/CUST0000001/audit"),
    ("manager", "/customers/CUST0000001?flash=saved"),
    ("manager", "/customers?section=customers"),  # a checkbox per row and the bulk status form
    ("manager", "/customers?section=customers&flash=moved&count=2&to=blocked"),
    ("admin", "/directories"),
]


@pytest.mark.parametrize("user,page", ROLE_PAGES)
def test_a_page_of_a_role_has_no_serious_or_critical_axe_violation(stack, browser, user, page):
    log_in(browser, *stack.auth(user))
    try:
        assert stack.get(page, user=user).status_code == 200
        assert_accessible(browser, stack.url(page))
    finally:
        log_in(browser, *stack.auth("viewer"))


def test_the_open_export_dialog_has_no_serious_or_critical_axe_violation(stack, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(stack.url("/customers"))
    browser.find_element(By.CSS_SELECTOR, "a[data-export-dialog]").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.find_element(By.ID, "export-dialog").get_attribute("open") is not None)
    problems = blocking_violations(browser)
    assert problems == [], "the open export dialog:\n  " + "\n  ".join(problems)


def test_a_refused_form_has_no_serious_or_critical_axe_violation(stack, browser):
    from selenium.webdriver.common.by import By

    log_in(browser, *stack.auth("officer"))
    try:
        browser.get(stack.url("/customers/new?kind=individual"))
        browser.find_element(By.ID, "f-email").send_keys("not an e-mail")
        with next_page(browser):
            browser.find_element(By.CSS_SELECTOR, "form.customer-form button.primary").click()
        assert "Not saved" in browser.find_element(By.ID, "form-problems").text
        problems = blocking_violations(browser)
        assert problems == [], "refused form:\n  " + "\n  ".join(problems)
    finally:
        log_in(browser, *stack.auth("viewer"))


def test_the_refused_bulk_status_change_has_no_serious_or_critical_axe_violation(stack, browser):
    """A manager ticks two rows in the listing and asks a move the table refuses (Blocked for the
    customer's request): the page listing why, with the form as sent."""
    log_in(browser, *stack.auth("manager"))
    try:
        browser.get(stack.url("/customers?section=customers&status=customer&sort=id&dir=asc"))
        assert blocking_violations(browser) == []
        apply_bulk_move(browser, "blocked", "customer_request", "asked by phone")
        WebDriverWait(browser, 10).until(lambda d: "Nothing was changed" in d.page_source, browser.page_source[-1500:])
        assert "2 of 2 customers cannot move to Blocked" in browser.page_source
        problems = blocking_violations(browser)
        assert problems == [], "refused bulk change:\n  " + "\n  ".join(problems)
    finally:
        log_in(browser, *stack.auth("viewer"))
