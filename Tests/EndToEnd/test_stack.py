"""The stack as staff and operators meet it: login, listing, paging, profiles, the open health check."""

from __future__ import annotations

import re

import requests

from support import (KNOWN_ROWS, SEEDED_CUSTOMERS, STAFF, STRANGER, as_number, fastcgi_request, fastcgi_status,
                     row_count, row_ids, showing)

TOTAL = SEEDED_CUSTOMERS + KNOWN_ROWS


# --- login -----------------------------------------------------------------------------------

def test_without_login_nginx_asks_for_one(stack):
    response = stack.get("/customers", user=None)
    assert response.status_code == 401
    assert response.headers.get("WWW-Authenticate", "").startswith("Basic")


def test_wrong_password_is_refused(stack):
    response = requests.get(stack.url("/customers"), auth=("viewer", "not-the-password"), timeout=30)
    assert response.status_code == 401


def test_with_login_the_listing_answers(stack):
    response = stack.get("/customers")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "viewer" in response.text  # the signed-in user is shown


def test_every_demo_login_is_signed_in_with_its_role(stack):
    for user, role in STAFF.items():
        response = stack.get("/customers", user=user)
        assert response.status_code == 200, user
        assert f'<span class="user">{user}</span> <span class="role">{role}</span>' in response.text


def test_a_login_without_a_role_gets_the_applications_403_page(stack):
    response = stack.get("/customers", user="stranger")
    assert response.status_code == 403
    assert response.headers["Content-Type"].startswith("text/html")
    assert "stranger" in response.text


def test_a_role_given_and_taken_by_the_cli_applies_at_once(stack):
    # The responder keeps the staff member between requests; a commit by another process must end that.
    # Several requests, so that every worker thread has answered before the change.
    user = STRANGER[0]
    assert {stack.get("/customers", user=user).status_code for _ in range(20)} == {403}
    stack.cli("staff", "add", user, "--role", "viewer")
    try:
        assert {stack.get("/customers", user=user).status_code for _ in range(20)} == {200}
    finally:
        stack.cli("staff", "remove", user)
    assert {stack.get("/customers", user=user).status_code for _ in range(20)} == {403}


def test_root_redirects_to_the_listing(stack):
    response = stack.get("/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/customers")


def test_healthz_needs_no_login(stack):
    response = stack.get("/healthz", user=None)
    assert response.status_code == 200
    assert response.text.strip() == "ok"


# --- listing and paging --------------------------------------------------------------------------

def test_listing_shows_twenty_rows_by_default(stack):
    page = stack.get("/customers").text
    assert row_count(page) == 20
    first, last, total = showing(page)
    assert (first, last) == (1, 20)
    assert as_number(total) == TOTAL


def test_page_two_shows_the_next_twenty(stack):
    first_page = stack.get("/customers").text
    second_page = stack.get("/customers?page=2").text
    assert row_count(second_page) == 20
    assert not set(row_ids(first_page)) & set(row_ids(second_page)), "page 2 repeats rows of page 1"
    first, last, total = showing(second_page)
    assert (first, last) == (21, 40)
    assert f"Showing 21–40 of {total}" in re.sub(r"<[^>]+>", "", second_page)


def test_pages_walk_every_customer_once(stack):
    seen = []
    for page in range(1, TOTAL // 100 + 2):
        seen += row_ids(stack.get(f"/customers?per_page=100&page={page}").text)
    assert len(seen) == TOTAL
    assert len(set(seen)) == TOTAL


def test_per_page_fifty(stack):
    page = stack.get("/customers?per_page=50").text
    assert row_count(page) == 50
    assert showing(page)[:2] == (1, 50)


def test_page_links_lead_to_the_next_page(stack):
    page = stack.get("/customers").text
    match = re.search(r'<a href="([^"]+)"[^>]*rel="next"', page)
    assert match, "no link to the next page"
    target = match.group(1).replace("&amp;", "&")
    assert row_ids(stack.get(target).text) == row_ids(stack.get("/customers?page=2").text)


def test_sections_split_pre_customers_from_customers(stack):
    pre = as_number(showing(stack.get("/customers?section=pre").text)[2])
    customers = as_number(showing(stack.get("/customers?section=customers").text)[2])
    assert pre > 0 and customers > 0
    assert pre + customers == TOTAL


# --- profile -------------------------------------------------------------------------------------

def test_a_customer_from_the_listing_opens(stack):
    customer_id = row_ids(stack.get("/customers").text)[0]
    response = stack.get(f"/customers/{customer_id}")
    assert response.status_code == 200
    assert customer_id in response.text


def test_unknown_customer_is_a_404_page(stack):
    response = stack.get("/customers/CUST9999999")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<html" in response.text.lower()
    assert 'href="/customers"' in response.text  # a way back


def test_unknown_address_is_a_404_page(stack):
    response = stack.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")


# --- escaping ------------------------------------------------------------------------------------

def test_a_script_in_a_name_shows_as_text(stack):
    response = stack.get("/customers?q=Zyxwvutsson")
    assert response.status_code == 200
    assert row_count(response.text) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_the_search_box_keeps_hostile_input_escaped(stack):
    response = stack.get('/customers', params={"q": '"><script>alert(2)</script>'})
    assert response.status_code in (200, 400)
    assert "<script>alert(2)</script>" not in response.text


# --- the responder itself ------------------------------------------------------------------------

def test_the_responder_refuses_a_request_without_a_user(stack):
    output = fastcgi_request(stack.responder.socket_path, "/customers")
    assert fastcgi_status(output) == 403, output[:500]


def test_the_responder_answers_a_request_with_a_user(stack):
    output = fastcgi_request(stack.responder.socket_path, "/customers", remote_user="viewer")
    assert fastcgi_status(output) == 200, output[:500]
    assert "<tbody" in output


# --- what nginx adds -----------------------------------------------------------------------------

def test_static_files_are_served_by_nginx(stack):
    for path, kind in [("/app.css", "text/css"), ("/app.js", "javascript"), ("/404.html", "text/html")]:
        response = stack.get(path)
        assert response.status_code == 200, path
        assert kind in response.headers["Content-Type"], path
        assert response.headers.get("Cache-Control") == "no-cache", path  # revalidated after upgrades


def test_security_headers_on_pages_and_errors(stack):
    for response in [stack.get("/customers"), stack.get("/customers/CUST9999999"), stack.get("/customers", user=None)]:
        assert response.headers.get("X-Content-Type-Options") == "nosniff"
        assert "frame-ancestors 'none'" in response.headers.get("Content-Security-Policy", "")
        assert response.headers.get("Referrer-Policy") == "same-origin"


def test_pages_are_not_cached(stack):
    assert "no-store" in stack.get("/customers").headers.get("Cache-Control", "")
