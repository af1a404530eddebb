"""Issue 12 through nginx: create → profile → edit → audit, the 409 page of a stale edit, the duplicate
warning and its override, the roles on every post, and the form filled wrongly then rightly in headless
Chromium with the keyboard alone. A stack of its own: these tests add customers, and the session's
stack keeps its known totals for the other tests."""

from __future__ import annotations

import html
import re
import tempfile
import shutil
from pathlib import Path

import pytest
import requests

from support import fresh_store, next_page, running_stack

PERSON = {
    "kind": "individual", "status": "newbie", "first_name": "Fatou", "last_name": "Bojang-E2e",
    "birth_date": "1985-06-15", "email": "fatou.e2e@example.test", "phone": "+220 990 4455",
    "country": "The Gambia", "national_id": "987654321",
}


@pytest.fixture(scope="module")
def forms_stack(binary):
    directory = Path(tempfile.mkdtemp(prefix="ca-forms-"))
    try:
        with running_stack(binary, directory, fresh_store(binary, directory)) as stack:
            yield stack
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} in the page"
    return html.unescape(found.group(1))


def post(stack, path: str, fields: dict | list, user: str = "officer", page: str | None = None) -> requests.Response:
    """Posts `fields` with the CSRF token and a fresh submission key scraped from `page` (or the listing)."""
    page = page or stack.get("/customers", user=user).text
    data = list(fields.items()) if isinstance(fields, dict) else list(fields)
    data += [("csrf", hidden(page, "csrf")), ("submission", hidden(page, "submission"))]
    return requests.post(stack.url(path), data=data, auth=stack.auth(user), headers={"Origin": stack.base_url},
                         allow_redirects=False, timeout=30)


def created_id(response: requests.Response) -> str:
    assert response.status_code == 303, response.text[:2000]
    found = re.match(r"/customers/(CUST\d{7})\?flash=created$", response.headers["Location"])
    assert found, response.headers["Location"]
    return found.group(1)


def test_create_profile_edit_audit(forms_stack):
    stack = forms_stack
    form = stack.get("/customers/new?kind=individual", user="officer")
    assert form.status_code == 200
    assert '<legend>Profile</legend>' in form.text and 'name="last_name"' in form.text
    customer = created_id(post(stack, "/customers", PERSON, page=form.text))
    assert customer == "CUST0000305"  # after 300 seeded and 4 known rows

    profile = stack.get(f"/customers/{customer}?flash=created", user="officer")
    assert "Customer CUST0000305 created" in profile.text and "Bojang-E2e" in profile.text

    edit = stack.get(f"/customers/{customer}/edit", user="officer").text
    assert hidden(edit, "version") == "1"
    saved = post(stack, f"/customers/{customer}", {**PERSON, "last_name": "Bojang-Jallow", "version": "1"}, page=edit)
    assert saved.status_code == 303 and saved.headers["Location"] == f"/customers/{customer}?flash=saved"

    audit = stack.get(f"/customers/{customer}/audit", user="viewer").text
    assert "Bojang-E2e" in audit and "Bojang-Jallow" in audit
    newest = audit.index("Bojang-Jallow")
    assert newest < audit.index("Created<")
    csv = stack.get(f"/customers/{customer}/audit.csv", user="viewer")
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert "last_name,Bojang-E2e,Bojang-Jallow" in csv.text


def test_a_stale_edit_answers_409_and_keeps_what_was_typed(forms_stack):
    stack = forms_stack
    customer = created_id(post(stack, "/customers", {**PERSON, "national_id": "111222333", "email": "stale@example.test",
                                                     "phone": "", "first_name": "Isatou"}))
    first = stack.get(f"/customers/{customer}/edit", user="officer").text
    second = stack.get(f"/customers/{customer}/edit", user="manager").text
    assert post(stack, f"/customers/{customer}", {**PERSON, "national_id": "111222333", "email": "stale@example.test", "phone": "",
                                                  "first_name": "Isatou", "last_name": "Manager-Saved", "version": "1"},
                user="manager", page=second).status_code == 303
    stale = post(stack, f"/customers/{customer}", {**PERSON, "national_id": "111222333", "email": "stale@example.test", "phone": "",
                                                   "first_name": "Isatou", "last_name": "Officer-Typed", "version": "1"}, page=first)
    assert stale.status_code == 409
    assert "Someone else saved this customer" in stale.text
    assert "<td>Manager-Saved</td><td>Officer-Typed</td>" in stale.text
    assert 'value="Officer-Typed"' in stale.text and hidden(stale.text, "version") == "2"
    # Apply on top from the 409 page itself.
    again = post(stack, f"/customers/{customer}", {**PERSON, "national_id": "111222333", "email": "stale@example.test", "phone": "",
                                                   "first_name": "Isatou", "last_name": "Officer-Typed", "version": "2"}, page=stale.text)
    assert again.status_code == 303
    assert "Officer-Typed" in stack.get(f"/customers/{customer}", user="viewer").text


def test_duplicates_are_refused_or_warned_and_the_override_is_audited(forms_stack):
    stack = forms_stack
    original = {**PERSON, "national_id": "444555666", "email": "dup@example.test", "phone": "", "first_name": "Lamin", "last_name": "Touray"}
    customer = created_id(post(stack, "/customers", original))
    same_id = post(stack, "/customers", {**original, "email": "other@example.test", "first_name": "Other"})
    assert same_id.status_code == 422
    assert f'href="/customers/{customer}"' in same_id.text
    similar = {**original, "national_id": "777888999", "email": "", "first_name": "Lamine"}
    warned = post(stack, "/customers", similar)
    assert warned.status_code == 200 and "This may be a customer we already have" in warned.text
    assert f'href="/customers/{customer}"' in warned.text
    confirmed = created_id(post(stack, "/customers", {**similar, "confirm": "duplicates"}, page=warned.text))
    audit = stack.get(f"/customers/{confirmed}/audit?field=duplicate_override", user="viewer").text
    assert customer in audit and "Created anyway" in audit


def test_id_types_countries_and_officers_are_lists_that_refuse_other_values(forms_stack):
    stack = forms_stack
    form = stack.get("/customers/new?kind=individual", user="officer").text
    for name in ["id_type", "country", "relationship_officer", "risk_officer"]:
        assert f'<select id="f-{name}" name="{name}"' in form, name
    assert '<option value="Romania">Romania</option>' in form
    assert '<option value="Паспорт">Паспорт – internal passport (Russia)</option>' in form
    # The seed's relationship officers are staff logins, offered beside the demo's own logins.
    assert '<option value="a.touray">a.touray</option>' in form and '<option value="officer">officer</option>' in form
    refused = post(stack, "/customers", {**PERSON, "national_id": "", "country": "Atlantis", "relationship_officer": "ghost",
                                         "id_type": "<b>Library card</b>"}, page=form)
    assert refused.status_code == 422
    assert "Not saved: 3 problems" in refused.text
    assert "Choose country from the list; “Atlantis” is not in it." in refused.text
    assert "<b>Library card</b>" not in refused.text
    created = created_id(post(stack, "/customers", {**PERSON, "national_id": "", "email": "lists@example.test", "phone": "",
                                                    "first_name": "Kumba", "last_name": "Lists-E2e", "country": "Romania", "relationship_officer": "a.touray",
                                                    "id_type": "Pașaport"}, page=form))
    service = stack.get(f"/customers/{created}/service", user="viewer").text
    assert "<dd>a.touray</dd>" in service
    assert "Pașaport (Romania)" in stack.get(f"/customers/{created}/documents", user="viewer").text


def test_roles_on_every_post(forms_stack):
    stack = forms_stack
    assert stack.get("/customers/new?kind=individual", user="viewer").status_code == 403
    assert post(stack, "/customers", PERSON, user="viewer").status_code == 403
    assert post(stack, "/customers/CUST0000001/notes", {"body": "hi"}, user="viewer").status_code == 403
    assert post(stack, "/customers/CUST0000001", {**PERSON, "version": "1"}, user="viewer").status_code == 403
    assert post(stack, "/customers/CUST0000001/status", {"status": "closed", "reason": "r"}, user="officer").status_code == 403
    assert stack.get("/directories", user="manager").status_code == 403
    # Without the token: refused whatever the role.
    bare = requests.post(stack.url("/customers"), data=PERSON, auth=stack.auth("admin"), allow_redirects=False, timeout=30)
    assert bare.status_code == 403
    noted = post(stack, "/customers/CUST0000001/notes", {"body": "Officer's note"})
    assert noted.status_code == 303
    closed = post(stack, "/customers/CUST0000002/status", {"status": "closed", "reason": "Asked to leave"}, user="manager")
    assert closed.status_code == 303
    assert stack.get("/customers/CUST0000002/edit", user="officer").status_code == 409


# -- headless Chromium, keyboard only ---------------------------------------------------------------

def test_the_form_by_keyboard_wrong_then_right(forms_stack):
    from test_browser import chrome  # skips the module's tests where Chromium is missing, as test_browser does
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains

    stack = forms_stack
    driver = chrome(*stack.auth("officer"))
    try:
        driver.get(stack.url("/customers/new?kind=individual"))

        def tab_to(name: str):
            for _ in range(200):
                ActionChains(driver).send_keys(Keys.TAB).perform()
                if driver.switch_to.active_element.get_attribute("name") == name:
                    return driver.switch_to.active_element
            pytest.fail(f"Tab never reached {name}")

        def retype(name: str, text: str):
            field = tab_to(name)
            field.send_keys(Keys.CONTROL, "a")
            field.send_keys(Keys.BACKSPACE)
            field.send_keys(text)

        retype("first_name", "Keyboard")
        retype("last_name", "Only-E2e")
        retype("birth_date", "01022020")  # a child: refused on the server
        tab_to("id_type").send_keys("Passport")  # a list: typing its first letters chooses the entry
        tab_to("country").send_keys("The Gambia")
        retype("email", "not an e-mail")  # last: Enter in a text field sends the form
        with next_page(driver):
            driver.switch_to.active_element.send_keys(Keys.ENTER)

        problems = driver.find_element(By.ID, "form-problems")
        assert "Not saved: 2 problems" in problems.text
        assert "must be an adult" in problems.text and "E-mail" in problems.text
        email = driver.find_element(By.ID, "f-email")
        assert email.get_attribute("value") == "not an e-mail"
        assert email.get_attribute("aria-describedby") == "f-email-problem"
        assert driver.find_element(By.ID, "f-last_name").get_attribute("value") == "Only-E2e"
        assert driver.find_element(By.ID, "f-country").get_attribute("value") == "The Gambia"
        assert driver.find_element(By.ID, "f-id_type").get_attribute("value") == "Passport"

        retype("birth_date", "04021990")
        retype("email", "keyboard@example.test")
        with next_page(driver):
            driver.switch_to.active_element.send_keys(Keys.ENTER)
        status = driver.find_element(By.CSS_SELECTOR, "[role=status]")
        assert re.fullmatch(r"Customer CUST\d{7} created", status.text)
        assert "Keyboard Only-E2e" in driver.find_element(By.TAG_NAME, "h1").text
        customer = re.search(r"CUST\d{7}", status.text).group(0)
        assert "The Gambia" in stack.get(f"/customers/{customer}/addresses", user="viewer").text
    finally:
        driver.quit()
