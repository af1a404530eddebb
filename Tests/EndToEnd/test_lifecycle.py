"""The lifecycle through nginx (issue 13): a manager blocks a customer with a reason, the audit tab
shows it, an officer is refused; `customer-admin maintain` applies the automatic moves."""

from __future__ import annotations

import html
import re


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


def test_maintain_applies_the_automatic_moves_from_the_shell(stack):
    result = stack.cli("maintain", "--as-of", "2100-01-01", "--dormancy-days", "3650")
    assert re.search(r"^Customer → Dormant: \d+$", result.stdout, re.MULTILINE), result.stdout
    assert "done in" in result.stdout
