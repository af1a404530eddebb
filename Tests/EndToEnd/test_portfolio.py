"""A customer's products through nginx: the portfolio and credits tabs, a policy page, a credit page,
their links both ways, paging inside a tab, and bad product addresses."""

from __future__ import annotations

import re

import pytest

from support import SEEDED_CUSTOMERS


def links(page: str, prefix: str) -> list[str]:
    return re.findall(rf'href="{re.escape(prefix)}([^"?]+)"', page)


def first_customer_with(stack, tab: str, prefix: str) -> tuple[str, str]:
    """The first seeded customer whose `tab` links to a `prefix` page, with that page's text."""
    for number in range(1, SEEDED_CUSTOMERS + 1):
        customer = f"CUST{number:07d}"
        response = stack.get(f"/customers/{customer}/{tab}")
        assert response.status_code == 200, customer
        if links(response.text, prefix):
            return customer, response.text
    pytest.fail(f"no seeded customer has a {tab} entry")


def test_a_portfolio_tab_links_each_policy_and_the_policy_page_links_back(stack):
    customer, portfolio = first_customer_with(stack, "portfolio", "/policies/")
    assert "As policyholder" in portfolio
    assert 'aria-current="page">Portfolio' in portfolio
    number = links(portfolio, "/policies/")[0]
    policy = stack.get(f"/policies/{number}")
    assert policy.status_code == 200
    assert policy.headers["Content-Type"].startswith("text/html")
    assert number in policy.text
    assert "<h2 id=\"parties\">Parties</h2>" in policy.text
    assert f'href="/customers/{customer}"' in policy.text, "the policyholder links to their profile"
    assert re.search(r'<span class="badge tone-\w+">Policyholder</span>', policy.text)
    assert "Premiums and payments" in policy.text


def test_a_credits_tab_links_each_credit_and_the_credit_page_links_back(stack):
    customer, credits = first_customer_with(stack, "credits", "/credits/")
    number = links(credits, "/credits/")[0]
    credit = stack.get(f"/credits/{number}")
    assert credit.status_code == 200
    assert f"Credit <span class=\"mono\">{number}</span>" in credit.text
    assert f'href="/customers/{customer}"' in credit.text
    assert f'href="/customers/{customer}/credits"' in credit.text, "back to the customer's credits"
    assert "Payment schedule" in credit.text


def test_a_refinanced_credit_and_its_successor_link_each_other(stack):
    for number in range(1, SEEDED_CUSTOMERS + 1):
        page = stack.get(f"/customers/CUST{number:07d}/credits").text
        if "<h3>Refinanced credits</h3>" not in page:
            continue
        refinanced = page.split("<h3>Refinanced credits</h3>", 1)[1]
        old, new = links(refinanced, "/credits/")[:2]
        assert f'<dt>Refinanced by</dt><dd><a class="mono" href="/credits/{new}">' in stack.get(f"/credits/{old}").text
        assert f'<dt>Refinanced credit</dt><dd><a class="mono" href="/credits/{old}">' in stack.get(f"/credits/{new}").text
        return
    pytest.fail("no seeded customer has a refinanced credit")


def test_a_long_payments_tab_is_paged_and_a_page_past_the_end_shows_the_last(stack):
    customer, payments = first_customer_with(stack, "payments", "/policies/")
    pages = [int(n) for n in re.findall(r'href="[^"]*\?page=(\d+)"', payments)]
    last = max(pages, default=1)
    beyond = stack.get(f"/customers/{customer}/payments?page=999999999999999999999")
    assert beyond.status_code == 200
    assert f'aria-current="page" class="current">{last}</a>' in beyond.text or last == 1


@pytest.mark.parametrize("target", [
    "/customers/CUST12/portfolio", "/customers/CUST0000001/unknown", "/customers/CUST9999999/credits",
    "/policies/NO-SUCH-POLICY", "/credits/NO-SUCH-CREDIT", "/policies/..%2F..%2Fetc%2Fpasswd", "/credits/%00",
    "/policies/%3Cscript%3E",
])
def test_bad_product_addresses_get_a_clear_refusal_never_a_500(stack, target):
    response = stack.get_raw(target)
    assert response.status_code in (400, 404), target
    assert stack.get("/healthz", user=None).status_code == 200
