"""URLs built to stop or confuse the responder (issue 8): each gets a page, and the same process goes on serving."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from support import row_ids

OVERFLOW_URLS = [
    "/customers?q=ab&page=9223372036854775807",
    "/customers?q=cus&sort=name&page=9223372036854775807&per_page=100",
    "/customers?page=9223372036854775807&per_page=9223372036854775807",
    "/customers?q=ab&page=-9223372036854775808",
    "/customers?id_from=9999999999&id_to=-0&balance_min=999999999999999.99&balance_max=-1e309&q=ab",
    "/customers?created_from=0000-01-01&created_to=9999-12-31&modified_from=%2B999-01-01&modified_to=NaN&q=ab",
    "/customers?q=1+2+3+4+5+6+7+8+9+10+11+12+a+b+c+d&page=99999999999999999999999",
]


def serving_with(stack, pid: int) -> None:
    assert stack.get("/healthz", user=None).status_code == 200
    listing = stack.get("/customers")
    assert listing.status_code == 200 and len(row_ids(listing.text)) == 20
    assert stack.responder.alive() and stack.responder.process.pid == pid, "the responder was restarted or is gone"


@pytest.mark.parametrize("target", OVERFLOW_URLS, ids=[u[11:50] for u in OVERFLOW_URLS])
def test_an_overflowing_number_gets_a_page_and_the_same_responder_keeps_serving(stack, target):
    pid = stack.responder.process.pid
    response = stack.get_raw(target)
    assert response.status_code == 200, response.text[:500]
    assert "</html>" in response.text.lower()
    serving_with(stack, pid)


def csv_ids(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "customer_id"
    return [row[0] for row in rows[1:]]


def xlsx_ids(body: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = book.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in book.namelist() else ""
    return re.findall(r"CUST\d{7}", sheet + strings)


@pytest.mark.parametrize("control", ["%00", "%01", "%1B", "%7F"])
def test_a_control_character_in_the_search_gives_the_same_rows_on_the_listing_and_both_downloads(stack, control):
    """`q=ab%00c` was a 500 page and a silently empty CSV: FTS5 stops reading at NUL."""
    pid = stack.responder.process.pid
    query = f"q=Zyxw{control}vutsson"
    listing = stack.get_raw(f"/customers?{query}")
    assert listing.status_code == 200, listing.text[:500]
    shown = row_ids(listing.text)
    assert len(shown) == 1
    assert 'id="q-problem"' in listing.text and "Control characters" in listing.text

    csv_download = stack.get(f"/customers.csv?{query}")
    assert csv_download.status_code == 200
    assert csv_ids(csv_download.content) == shown

    xlsx_download = stack.get(f"/customers.xlsx?{query}")
    assert xlsx_download.status_code == 200
    assert xlsx_ids(xlsx_download.content) == shown
    serving_with(stack, pid)


def test_a_search_of_many_words_is_cut_to_eight_with_a_message(stack):
    words = "+".join(f"w{n}" for n in range(30))
    response = stack.get_raw(f"/customers?q={words}")
    assert response.status_code == 200
    assert 'id="q-problem"' in response.text and "Only the first 8 words" in response.text
    assert 'value="w0 w1 w2 w3 w4 w5 w6 w7"' in response.text
