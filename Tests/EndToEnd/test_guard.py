"""The form guard through nginx: the listing's page-size form posts with its CSRF token and one-time
submission key and comes back; a post without them, with another user's token or from another site is
refused with a 403 page that says why; a form posted twice acts once; a method an address does not take
is a 405 naming the ones it does."""

from __future__ import annotations

import html
import re
import uuid

import pytest
import requests

USER = "manager"  # the other tests read the listing as the viewer: its page size stays untouched


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields of the page-size form."""
    form = re.search(r'<form class="page-size" method="post" action="/preferences/page-size">(.*?)</form>', page, re.DOTALL)
    assert form, "the listing has no page-size form"
    return {html.unescape(name): html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form.group(1))}


def post(stack, fields: dict[str, str] | list[tuple[str, str]], user: str = USER, origin: str | None = "same",
         headers: dict[str, str] | None = None, **kwargs) -> requests.Response:
    all_headers = dict(headers or {})
    if origin == "same":
        all_headers["Origin"] = stack.base_url
    elif origin is not None:
        all_headers["Origin"] = origin
    return requests.post(stack.url("/preferences/page-size"), data=fields, auth=stack.auth(user), headers=all_headers,
                         allow_redirects=False, timeout=30, **kwargs)


@pytest.fixture
def listing_form(stack):
    """The page-size form's fields as the listing gives them to USER; the preference is put back after."""
    fields = form_fields(stack.get("/customers?q=ana&section=all", user=USER).text)
    yield fields
    again = form_fields(stack.get("/customers", user=USER).text)
    assert post(stack, {**again, "per_page": "20"}).status_code == 303


def selected_size(page: str) -> str:
    match = re.search(r'<option value="(\d+)" selected>', page)
    assert match, "no page size selected"
    return match.group(1)


def test_the_page_size_form_keeps_the_choice_and_comes_back(stack, listing_form):
    assert set(listing_form) >= {"csrf", "submission", "q"}
    response = post(stack, {**listing_form, "per_page": "50"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/customers?q=ana"
    assert selected_size(stack.get("/customers", user=USER).text) == "50"
    assert selected_size(stack.get("/customers").text) == "20", "another user's choice leaked"


def test_a_form_posted_twice_acts_once_and_answers_the_same(stack, listing_form):
    first = post(stack, {**listing_form, "per_page": "50"})
    second = post(stack, {**listing_form, "per_page": "100"})
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert selected_size(stack.get("/customers", user=USER).text) == "50", "the second post acted"


def test_each_listing_gives_a_fresh_submission_key_but_the_same_token(stack):
    pages = [form_fields(stack.get("/customers", user=USER).text) for _ in range(3)]
    assert len({page["submission"] for page in pages}) == 3
    assert len({page["csrf"] for page in pages}) == 1


@pytest.mark.parametrize("change, why", [
    ({"csrf": None}, "security token is missing"),
    ({"csrf": ""}, "security token is missing"),
    ({"csrf": "0" * 64}, "invalid or expired"),
    ({"csrf": "<script>alert(1)</script>"}, "invalid or expired"),
    ({"submission": None}, "no valid submission key"),
])
def test_a_post_without_its_proof_is_refused_with_the_reason(stack, listing_form, change, why):
    fields = {**listing_form, "per_page": "100"}
    for name, value in change.items():
        if value is None:
            fields.pop(name)
        else:
            fields[name] = value
    response = post(stack, fields)
    assert response.status_code in (400, 403)
    assert response.headers["Content-Type"].startswith("text/html")
    assert why in html.unescape(response.text)
    assert "<script>alert(1)</script>" not in response.text
    assert selected_size(stack.get("/customers", user=USER).text) == "20"


def test_another_users_token_is_refused(stack, listing_form):
    viewers = form_fields(stack.get("/customers", user="viewer").text)
    response = post(stack, {**listing_form, "csrf": viewers["csrf"], "per_page": "100"})
    assert response.status_code == 403
    assert "invalid or expired" in html.unescape(response.text)


@pytest.mark.parametrize("origin, headers", [
    ("https://evil.example", {}),
    ("null", {}),
    (None, {"Sec-Fetch-Site": "cross-site"}),
    (None, {"Sec-Fetch-Site": "same-site"}),
])
def test_a_post_from_another_site_is_refused(stack, listing_form, origin, headers):
    response = post(stack, {**listing_form, "per_page": "100"}, origin=origin, headers=headers)
    assert response.status_code == 403
    assert "Cross-site request refused" in html.unescape(response.text)
    assert selected_size(stack.get("/customers", user=USER).text) == "20"


def test_a_multipart_post_passes_the_same_guard(stack, listing_form):
    files = {name: (None, value) for name, value in {**listing_form, "per_page": "10"}.items()}
    response = requests.post(stack.url("/preferences/page-size"), files=files, auth=stack.auth(USER),
                             headers={"Origin": stack.base_url}, allow_redirects=False, timeout=30)
    assert response.status_code == 303
    assert selected_size(stack.get("/customers", user=USER).text) == "10"


def test_a_method_an_address_does_not_take_is_405_naming_the_ones_it_does(stack):
    response = stack.get("/preferences/page-size?per_page=100", user=USER)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert "it takes POST" in response.text
    for method in ("PUT", "DELETE"):
        response = requests.request(method, stack.url("/customers"), auth=stack.auth(USER), timeout=30)
        assert response.status_code == 405, method
        assert response.headers["Allow"] == "GET, HEAD, POST"
    assert selected_size(stack.get("/customers", user=USER).text) == "20", "a GET wrote"


def test_named_pages_under_customers_are_not_customer_ids(stack):
    response = stack.get("/customers/new?kind=individual", user="officer")
    assert response.status_code == 200
    assert "no customer" not in response.text
    assert "Export customers to PDF" in stack.get("/customers/export").text
    bulk = stack.get("/customers/status", user=USER)  # the bulk status change takes posts only
    assert bulk.status_code == 405 and bulk.headers["Allow"] == "POST"


def test_a_login_without_a_role_cannot_post(stack, listing_form):
    response = post(stack, {**listing_form, "per_page": "100"}, user="stranger")
    assert response.status_code == 403
    assert "has no role" in html.unescape(response.text)
