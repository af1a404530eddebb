"""The listing's downloads through nginx: streamed, named by date, exactly the filtered rows."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from support import KNOWN_ROWS, SEEDED_CUSTOMERS

TOTAL = SEEDED_CUSTOMERS + KNOWN_ROWS


def csv_rows(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark (Excel would garble accents)"
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline="")))


def test_csv_is_an_attachment_named_by_date(stack):
    response = stack.get("/customers.csv?q=Zyxwvutsson")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert re.search(r'attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"',
                     response.headers.get("Content-Disposition", ""))
    assert "X-Accel-Buffering" not in response.headers, "nginx should act on it, not pass it on"
    assert "Content-Length" not in response.headers, "a download is streamed, not spooled first"


def test_csv_has_exactly_the_filtered_rows(stack):
    rows = csv_rows(stack.get("/customers.csv?q=Zyxwvutsson"))
    assert rows[0][0] == "customer_id"
    assert len(rows) == 2
    customer = dict(zip(rows[0], rows[1]))
    assert re.fullmatch(r"CUST\d{7}", customer["customer_id"])
    assert customer["display_name"] == "<script>alert(1)</script> Zyxwvutsson"
    assert customer["email"] == "xss@example.test"


def test_csv_of_everything_has_every_customer_once(stack):
    rows = csv_rows(stack.get("/customers.csv"))
    ids = [row[0] for row in rows[1:]]
    assert len(ids) == TOTAL
    assert len(set(ids)) == TOTAL


def test_csv_neutralises_formulas(stack):
    rows = csv_rows(stack.get("/customers.csv?q=Formulaova"))
    assert len(rows) == 2
    customer = dict(zip(rows[0], rows[1]))
    for column in ["display_name", "phone", "email"]:
        assert not customer[column].startswith(("=", "+", "-", "@")), f"{column}: {customer[column]!r}"
    assert customer["display_name"].endswith('=1+2 Formulaova, "SRL"')


def test_xlsx_holds_the_filtered_rows(stack):
    response = stack.get("/customers.xlsx?q=Zyxwvutsson")
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["Content-Type"]
    assert re.search(r'filename="customers-\d{4}-\d{2}-\d{2}\.xlsx"', response.headers.get("Content-Disposition", ""))
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = book.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in book.namelist() else ""
    assert len(re.findall(r"<row[ >]", sheet)) == 2  # header and the one customer
    text = sheet + strings
    assert "customer_id" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Zyxwvutsson" in text
