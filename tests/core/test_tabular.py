import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zona.core.tabular import table_response, to_csv, to_xlsx

HEADERS = ["Unit", "Nilai", "Tanggal"]
ROWS = [
    ["Kantor Pelayanan Pajak Pratama", Decimal("76.25"), dt.date(2026, 5, 31)],
    ['=HYPERLINK("x")', 3.5, None],
]


def test_csv_has_a_bom_headers_and_neutralised_formulas():
    body = to_csv(HEADERS, ROWS)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [
        HEADERS,
        ["Kantor Pelayanan Pajak Pratama", "76.25", "2026-05-31"],
        ['\'=HYPERLINK("x")', "3.5", ""],
    ]


def test_xlsx_keeps_numbers_and_dates_typed():
    sheet = load_workbook(io.BytesIO(to_xlsx(HEADERS, ROWS, title="Evaluasi"))).active
    assert sheet.title == "Evaluasi"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(HEADERS)
    assert values[1][1] == 76.25
    assert values[1][2] == dt.datetime(2026, 5, 31)
    assert values[2][0] == '\'=HYPERLINK("x")'
    assert sheet["A1"].font.bold


def test_response_is_an_attachment():
    response = table_response("xlsx", "evaluasi-2026", HEADERS, ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="evaluasi-2026.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(ValueError):
        table_response("pdf", "x", HEADERS, ROWS)
