"""The lifecycle through nginx (issue 13): a manager blocks a customer with a reason, the audit tab
shows it, an officer is refused; a manager blocks the customers ticked in the listing; `customer-admin
maintain` applies the automatic moves."""

from __future__ import annotations

import html
import re

from support import apply_bulk_move


def status_form(page: str) -> dict[str, str]:
    form = page[page.index('action="/customers/'):]
    form = form[:form.index("</form>")]
    return {name: html.unescape(value) for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}


def test_a_manager_blocks_with_a_reason_and_the_audit_tab_shows_it(stack):
    listing = stack.get("/customers?section=customers&status=customer&sort=id&dir=desc").text
    customer = re.search(r'href="(/customers/CUST\d{7})"', listing).group(1)
    page = stack.get(customer, user="manager")
    assert page.status_code == 200 and "Change status…" in page.text
    assert "Change status…" not in stack.get(customer, user="officer").text
    fields = status_form(page.text)

    refused = stack.post(f"{customer}/status", fields | {"status": "blocked", "reason_category": "customer_request",
                                                         "reason": "asked"}, user="manager")
    assert refused.status_code == 422 and "is not a reason to move to Blocked" in html.unescape(refused.text)
    officer = stack.post(f"{customer}/status", fields | {"status": "blocked", "reason_category": "kyc_aml",
                                                         "reason": "x"}, user="officer")
    assert officer.status_code == 403

    fields = status_form(stack.get(customer, user="manager").text)
    blocked = stack.post(f"{customer}/status", fields | {"status": "blocked", "reason_category": "kyc_aml",
                                                         "reason": "Source of funds unclear"}, user="manager")
    assert blocked.status_code == 303
    audit = html.unescape(stack.get(f"{customer}/audit").text)
    assert "KYC/AML risk: Source of funds unclear" in audit and "manager" in audit
    assert "by manager: KYC/AML risk: Source of funds unclear" in html.unescape(stack.get(customer).text)


def bulk_form(page: str) -> tuple[dict[str, str], list[str]]:
    """The listing's bulk status form: its hidden fields, and the IDs of the rows' checkboxes tied to it."""
    form = page[page.index('<form id="bulk-status"'):]
    form = form[:form.index("</form>")]
    hidden = {name: html.unescape(value) for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}
    ids = re.findall(r'<input type="checkbox" name="id" value="(CUST\d{7})" form="bulk-status" aria-label="Select \1">', page)
    return hidden, ids


def test_a_manager_blocks_the_customers_ticked_in_the_listing(stack):
    # Customers well inside the seed, so other tests' known customers keep their status.
    query = "section=customers&status=customer&id_from=CUST0000100&id_to=CUST0000250&sort=id&dir=asc"
    listing = stack.get(f"/customers?{query}", user="manager")
    assert listing.status_code == 200
    fields, ids = bulk_form(listing.text)
    assert len(ids) >= 2 and fields["back"] == query and fields["csrf"]
    ticked = ids[:2]
    viewers = stack.get(f"/customers?{query}").text
    assert 'name="id"' not in viewers and "bulk-status" not in viewers

    move = [("id", ticked[0]), ("id", ticked[1]), ("status", "blocked"), ("reason_category", "kyc_aml"),
            ("reason", "Sanctions list match <review>")]
    officer = stack.post("/customers/status", [*fields.items(), *move], user="officer")
    assert officer.status_code == 403 and "needs the manager role" in officer.text
    refused = stack.post("/customers/status", [*fields.items(), *move[:3], ("reason_category", "customer_request"),
                                               ("reason", "asked")], user="manager")
    assert refused.status_code == 422
    assert "Nothing was changed: 2 of 2 customers cannot move to Blocked." in html.unescape(refused.text)
    for customer in ticked:
        assert '<span class="badge status-blocked">' not in stack.get(f"/customers/{customer}").text

    fields, _ = bulk_form(stack.get(f"/customers?{query}", user="manager").text)
    blocked = stack.post("/customers/status", [*fields.items(), *move], user="manager")
    assert blocked.status_code == 303
    assert blocked.headers["Location"] == f"/customers?{query}&flash=moved&count=2&to=blocked"
    back = stack.get(blocked.headers["Location"], user="manager").text
    assert '<p class="flash" role="status">2 customers moved to Blocked</p>' in back
    assert not set(ticked) & set(bulk_form(back)[1]), "both left the list of Customers"
    for customer in ticked:
        profile = html.unescape(stack.get(f"/customers/{customer}").text)
        assert '<span class="badge status-blocked">Blocked</span>' in profile
        assert "by manager: KYC/AML risk: Sanctions list match <review>" in profile
        audit = html.unescape(stack.get(f"/customers/{customer}/audit").text)
        assert "KYC/AML risk: Sanctions list match <review>" in audit


def test_the_bulk_change_works_in_a_browser_with_javascript_off(stack):
    """Scripts off: a manager ticks two rows, chooses the move and the reason, and applies; the
    checkboxes belong to the form by their `form` attribute alone."""
    from test_browser import chrome  # skips when chromium is not installed
    from selenium.webdriver.common.by import By

    query = "section=customers&status=customer&id_from=CUST0000260&id_to=CUST0000300&sort=id&dir=asc"
    driver = chrome(*stack.auth("manager"))
    try:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(stack.url(f"/customers?{query}"))
        ticked = apply_bulk_move(driver, "blocked", "flag_list", "Found on the consolidated list")
        assert driver.find_element(By.CSS_SELECTOR, "p.flash").text == "2 customers moved to Blocked"
        assert driver.current_url.endswith(f"/customers?{query}&flash=moved&count=2&to=blocked")
    finally:
        driver.quit()
    for customer in ticked:
        assert "by manager: On a flag list: Found on the consolidated list" in html.unescape(stack.get(f"/customers/{customer}").text)


def test_maintain_applies_the_automatic_moves_from_the_shell(stack):
    result = stack.cli("maintain", "--as-of", "2100-01-01", "--dormancy-days", "3650")
    assert re.search(r"^Customer → Dormant: \d+$", result.stdout, re.MULTILINE), result.stdout
    assert "done in" in result.stdout
