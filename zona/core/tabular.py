"""Lists as files: one table (headers + rows) downloaded as CSV or XLSX.

Every list screen offers the same two formats through `table_response`, so a user gets the
same columns in Excel as on screen. Cells may be str, int, float, Decimal, date, datetime,
bool or None. CSV is UTF-8 with a BOM (Excel on Windows otherwise misreads Indonesian
names); cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to Excel/LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None


def _plain(value: Cell) -> Cell:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else _plain(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Data")
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_plain(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_response(
    fmt: str,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str = "Data",
) -> HttpResponse:
    """An attachment named `filename`.csv / .xlsx. `fmt` must be one of FORMATS (the caller
    validates the query parameter, so an unknown format is a programming error)."""
    if fmt == "csv":
        body, content_type = to_csv(headers, rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, content_type = to_xlsx(headers, rows, title=title), XLSX_TYPE
    else:
        raise ValueError(f"unknown table format {fmt!r}")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
