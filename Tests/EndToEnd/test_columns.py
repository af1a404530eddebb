"""The column chooser through nginx, without JavaScript: plain requests post the chooser's form with the
CSRF token and submission key scraped from it, and the listing's header (and its CSV) then shows the
chosen columns in the chosen order, for that user only; "Reset" brings the standard ones back."""

from __future__ import annotations

import html
import re

import pytest
import requests

from support import next_page

USER = "admin"  # no other test reads the listing as the admin
STANDARD_CUSTOMERS = ["Customer ID", "Name", "Status", "Active loans", "E-mail", "Phone", "National ID", "Date created",
                      "Date modified", "Personal data acceptance", "Commercial approval"]


def chooser_form(page: str) -> list[tuple[str, str]]:
    """The chooser form's fields as a browser would send them unchanged: hidden fields, ticked boxes, positions."""
    form = re.search(r'<form class="column-chooser" method="post" action="/preferences/columns">(.*?)</form>', page, re.DOTALL)
    assert form, "the chooser has no form"
    fields = []
    for tag in re.findall(r"<input [^>]*>", form.group(1)):
        attributes = {name: html.unescape(value) for name, value in re.findall(r'([a-z-]+)="([^"]*)"', tag)}
        if attributes.get("type") == "checkbox" and " checked" not in tag:
            continue
        fields.append((attributes["name"], attributes.get("value", "")))
    return fields


def headings(page: str) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", page, re.DOTALL)
    assert head, "the listing has no table"
    return [html.unescape(text).strip() for text in re.findall(r"<th[^>]*>(?:<a[^>]*>)?([^<]+)", head.group(1))]


def post(stack, fields: list[tuple[str, str]]) -> requests.Response:
    return requests.post(stack.url("/preferences/columns"), data=fields, auth=stack.auth(USER),
                         headers={"Origin": stack.base_url}, allow_redirects=False, timeout=30)


@pytest.fixture
def chooser(stack):
    """The chooser's form for the Customers list as USER gets it; the standard columns are put back after."""
    page = stack.get("/preferences/columns?section=customers", user=USER)
    assert page.status_code == 200
    yield chooser_form(page.text)
    again = chooser_form(stack.get("/preferences/columns?section=customers", user=USER).text)
    assert post(stack, again + [("action", "reset")]).status_code == 303


def test_choosing_columns_without_javascript_changes_the_listing(stack, chooser):
    listing = stack.get("/customers?section=customers", user=USER).text
    assert headings(listing) == STANDARD_CUSTOMERS
    assert 'href="/preferences/columns?section=customers">Columns…</a>' in listing

    # Untick everything but E-mail and Name, and put E-mail first: what a keyboard user does in the form.
    shown = {"email", "display_name"}
    fields = [(name, value) for name, value in chooser if name != "show" or value in shown]
    fields = [(name, "2" if name == "position.email" else value) for name, value in fields]
    response = post(stack, fields + [("action", "save")])
    assert response.status_code == 303
    assert response.headers["Location"] == "/customers?section=customers"

    assert headings(stack.get("/customers?section=customers", user=USER).text) == ["Customer ID", "E-mail", "Name"]
    assert headings(stack.get("/customers?section=customers").text) == STANDARD_CUSTOMERS, "another user's choice leaked"
    csv = stack.get("/customers.csv?section=customers&per_page=10", user=USER).content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "customer_id,email,display_name"

    # The chooser shows the choice; Reset brings the standard columns back.
    again = chooser_form(stack.get("/preferences/columns?section=customers", user=USER).text)
    assert [value for name, value in again if name == "show"] == ["email", "display_name"]
    assert post(stack, again + [("action", "reset")]).status_code == 303
    assert headings(stack.get("/customers?section=customers", user=USER).text) == STANDARD_CUSTOMERS


def test_bad_choices_are_refused_and_change_nothing(stack, chooser):
    unknown = post(stack, chooser + [("show", "password_hash"), ("action", "save")])
    assert unknown.status_code == 422
    assert "is not a column" in unknown.text
    without_token = post(stack, [(name, value) for name, value in chooser if name != "csrf"])
    assert without_token.status_code == 403
    fields = chooser_form(stack.get("/preferences/columns?section=customers", user=USER).text)
    huge = [(name, "9223372036854775807" if name.startswith("position.") else value) for name, value in fields]
    assert post(stack, huge + [("action", "save")]).status_code == 303, "positions clamp"
    assert stack.get("/healthz", user=None).status_code == 200


def test_the_chooser_works_in_a_browser_with_javascript_off(stack, chooser):
    """Keyboard only, scripts off: tick Balance, give it position 2, send with Enter; the list shows it second."""
    from test_browser import chrome  # skips when chromium is not installed
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = chrome(*stack.auth(USER))
    try:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(stack.url("/customers?section=customers"))
        with next_page(driver):
            driver.find_element(By.LINK_TEXT, "Columns…").click()
        assert driver.find_element(By.TAG_NAME, "legend").text == "Columns of the Customers list, in order"
        driver.find_element(By.CSS_SELECTOR, "label[for=show-balance]").click()
        position = driver.find_element(By.ID, "position-balance")
        assert position.accessible_name == "Position of Balance"
        position.clear()
        with next_page(driver):
            position.send_keys("2", Keys.ENTER)
        header = [cell.text.splitlines()[0] for cell in driver.find_elements(By.CSS_SELECTOR, "thead th:not(.select)")]
        assert header[:3] == ["Customer ID", "Balance", "Name"]
        assert driver.current_url.endswith("/customers?section=customers")
    finally:
        driver.quit()
