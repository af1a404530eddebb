"""The export of seed 004 through nginx: the dialog, a PDF read back with poppler's pdftotext and pdfinfo,
every failure a 404 whose body is www/404.html at the address posted to (no Location), the rate limit,
the export log on the Exports page, and the dialog in headless Chromium."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from support import REPO, run
from test_hardening_stack import OwnStack

NOT_FOUND_PAGE = (REPO / "www" / "404.html").read_bytes()
KNOWN_FIRST = "CUST0000301"  # the known rows come after the 300 seeded customers


def dialog_form(page: str) -> list[tuple[str, str]]:
    """The hidden fields of the export form: the token, the submission key and the listing query."""
    form = re.search(r'<form class="export-form" method="post" action="/customers/export"[^>]*>(.*?)</form>', page, re.DOTALL)
    assert form, "no export form"
    return [(html.unescape(name), html.unescape(value))
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1))]


def toggles(page: str) -> list[tuple[str, bool]]:
    return [(value, checked == " checked")
            for value, checked in re.findall(r'<input type="checkbox" class="switch" id="[^"]+" name="field" '
                                             r'value="([^"]+)"( checked)?>', page)]


def export(stack_url, auth, query: str, fields: list[str], form: list[tuple[str, str]] | None = None) -> requests.Response:
    """Posts the dialog's form (fetched for `query` unless given) with `fields` ticked, as a browser on the site would."""
    if form is None:
        page = requests.get(stack_url(f"/customers/export?{query}"), auth=auth, timeout=30)
        assert page.status_code == 200
        form = dialog_form(page.text)
    return requests.post(stack_url("/customers/export"), data=form + [("field", name) for name in fields], auth=auth,
                         headers={"Origin": stack_url("")},
                         allow_redirects=False, timeout=60)


def expect_the_404_page(response: requests.Response) -> None:
    assert response.status_code == 404
    assert "Location" not in response.headers
    assert "Content-Disposition" not in response.headers
    assert response.content == NOT_FOUND_PAGE


def pdf_text_and_info(content: bytes) -> tuple[str, dict[str, str]]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        text = run("pdftotext", "-layout", "-enc", "UTF-8", file.name, "-")
        info = dict(line.split(":", 1) for line in run("pdfinfo", "-enc", "UTF-8", file.name).splitlines() if ":" in line)
    return text, {name: value.strip() for name, value in info.items()}


def add_login(stack, user: str, role: str) -> None:
    """One more login nginx and the application know, for a test that must own its user's quota."""
    password = f"{user}-password-1"
    subprocess.run(["htpasswd", "-b", "-B", str(stack.workdir / "htpasswd"), user, password], check=True, capture_output=True)
    stack.cli("staff", "add", user, "--role", role)
    stack.passwords[user] = password


def test_the_dialog_page_has_every_toggle_off_and_counts_the_matches(stack):
    page = stack.get(f"/customers/export?id_from={KNOWN_FIRST}")
    assert page.status_code == 200
    fields = toggles(page.text)
    assert [name for name, _ in fields[:8]] == ["customer_id", "display_name", "phone", "address", "balance", "created_at",
                                                "updated_at", "relationship_officer"]
    assert "email" in dict(fields)
    assert not any(checked for _, checked in fields)
    assert "4 customers match" in page.text
    assert ("id_from", KNOWN_FIRST) in dialog_form(page.text)


def test_the_pdf_holds_the_chosen_fields_with_cyrillic_and_diacritics_and_not_the_others(stack):
    response = export(stack.url, stack.auth("officer"), f"id_from={KNOWN_FIRST}&sort=name&dir=asc", ["display_name", "phone"])
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    assert re.fullmatch(r'attachment; filename="customers-\d{4}-\d\d-\d\d-\d{6}\.pdf"', response.headers["Content-Disposition"])
    text, info = pdf_text_and_info(response.content)
    for value in ["Ана-Мария Qwertyová", "Ñandú & Hijos S.A.S.", "+40 721 000 111", "Name", "Phone", "Exported by officer",
                  "Reflects the system as of", "Page 1 of 1"]:
        assert value in text, value
    for unchosen in ["ana.maria@example.test", "contacto@nandu.example", "CUST0000302", "E-mail", "Customer ID"]:
        assert unchosen not in text, unchosen
    assert info["Title"] == "Customers"
    assert info["Author"] == "officer"
    assert info["Pages"] == "1"


def test_no_token_a_forged_field_500_fields_a_megabyte_and_no_body_are_the_404_page(stack):
    expect_the_404_page(export(stack.url, stack.auth("officer"), "", ["display_name"], form=[]))
    expect_the_404_page(export(stack.url, stack.auth("officer"), "", ["display_name);DROP"]))
    expect_the_404_page(requests.post(stack.url("/customers/export"), auth=stack.auth("officer"), timeout=30))
    expect_the_404_page(export(stack.url, stack.auth("officer"), "", ["display_name"] * 500))
    megabyte = export(stack.url, stack.auth("officer"), "", ["x" * (1 << 20)])
    expect_the_404_page(megabyte)
    # Every other address keeps the application's own pages.
    other = stack.get("/customers/CUST9999999")
    assert other.status_code == 404 and other.content != NOT_FOUND_PAGE


def test_the_eleventh_export_in_a_minute_is_the_404_page(stack):
    add_login(stack, "ratey", "viewer")
    auth = stack.auth("ratey")
    started = time.monotonic()
    for _ in range(10):
        assert export(stack.url, auth, f"id_from={KNOWN_FIRST}", ["display_name"]).status_code == 200
    eleventh = export(stack.url, auth, f"id_from={KNOWN_FIRST}", ["display_name"])
    assert time.monotonic() - started < 55, "the machine was too slow to keep ten exports within the minute"
    expect_the_404_page(eleventh)


def test_the_export_is_on_the_exports_page_for_managers(stack):
    assert export(stack.url, stack.auth("officer"), f"id_from={KNOWN_FIRST}", ["phone", "address"]).status_code == 200
    page = stack.get("/exports?user=officer&outcome=ok", user="manager")
    assert page.status_code == 200
    assert "<td>phone, address</td>" in page.text
    assert f"id_from={KNOWN_FIRST}" in page.text
    assert stack.get("/exports", user="viewer").status_code == 403
    assert 'href="/exports"' in stack.get("/customers", user="manager").text


def test_501_matches_are_the_404_page_and_the_dialog_says_why(binary, workdir, stack):
    db = workdir / "export-501.sqlite"
    run(str(binary), "migrate", "--db", str(db))
    run(str(binary), "seed", "--customers", "501", "--no-products", "--db", str(db))
    run(str(binary), "staff", "add", "viewer", "--role", "viewer", "--db", str(db))
    with OwnStack(binary, db, workdir, "export-501") as own:
        auth = stack.auth("viewer")
        page = requests.get(own.url("/customers/export"), auth=auth, timeout=30)
        assert "More than 500 customers match" in page.text
        assert '<button type="submit" class="primary" disabled>Generate PDF</button>' in page.text
        response = export(own.url, auth, "", ["display_name"])
        expect_the_404_page(response)
        narrowed = export(own.url, auth, "id_to=CUST0000500", ["display_name"])
        assert narrowed.status_code == 200
        log = (own.directory / "responder.log").read_text(errors="replace")
        assert "export refused" in log and "more than 500 customers match" in log and "viewer" in log


# ---------------------------------------------------------------------------------------------
# In a real browser

selenium = pytest.importorskip("selenium")


def test_in_chromium_the_dialog_opens_takes_two_fields_and_a_pdf_arrives(stack):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from test_browser import chrome

    downloads = Path(tempfile.mkdtemp(prefix="ca-pdf-"))
    driver = chrome(*stack.auth("viewer"))
    try:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        driver.get(stack.url(f"/customers?id_from={KNOWN_FIRST}"))
        driver.find_element(By.CSS_SELECTOR, "a[data-export-dialog]").click()
        dialog = driver.find_element(By.ID, "export-dialog")
        WebDriverWait(driver, 10).until(lambda _: dialog.get_attribute("open") is not None)
        boxes = dialog.find_elements(By.CSS_SELECTOR, "input[name=field]")
        assert boxes and not any(box.is_selected() for box in boxes)
        assert "4 customers match" in dialog.text
        for label in ["Name", "Phone"]:
            dialog.find_element(By.XPATH, f".//label[normalize-space()='{label}']").click()
        assert sorted(box.get_attribute("value") for box in boxes if box.is_selected()) == ["display_name", "phone"]
        dialog.find_element(By.XPATH, ".//button[normalize-space()='Generate PDF']").click()
        WebDriverWait(driver, 20).until(lambda _: [p for p in downloads.glob("*.pdf")])
        pdf = next(downloads.glob("*.pdf"))
        WebDriverWait(driver, 10).until(lambda _: pdf.read_bytes().rstrip().endswith(b"%%EOF"))
        text, _ = pdf_text_and_info(pdf.read_bytes())
        assert "Ана-Мария Qwertyová" in text and "+40 721 000 111" in text
        assert driver.current_url == stack.url(f"/customers?id_from={KNOWN_FIRST}"), "the listing stays"
    finally:
        driver.quit()
