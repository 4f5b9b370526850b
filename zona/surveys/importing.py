"""Reading answers collected on paper and typed into a spreadsheet (XLSX or CSV).

The template's columns are the statement codes (answers 1–4), the profile question codes
(an option's code or its Indonesian label; may be empty) and `saran`. Every row is checked;
any error refuses the whole file, listing row, column and message in Indonesian, so nothing
is half imported.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .actions import CleanAnswer, SubmissionError, clean_answer
from .instruments import SERVICE
from .models import Survey

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
SUGGESTION_COLUMN = "saran"


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str
    message: str


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


def template_headers(survey: Survey) -> list[str]:
    return [
        *survey.instrument.statement_codes,
        *(q["code"] for q in survey.instrument.profile),
        SUGGESTION_COLUMN,
    ]


def _table(data: bytes, filename: str) -> list[list]:
    if filename.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            message = _("The file is not a readable XLSX workbook.")
            raise ImportRefused([RowError(0, "", message)]) from None
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([RowError(0, "", _("The CSV file is not UTF-8 text."))]) from None
    dialect = csv.excel
    # Excel in an Indonesian locale saves CSV with semicolons; sniff the separator.
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(survey: Survey, data: bytes, filename: str) -> list[CleanAnswer]:
    """Every row checked; raises ImportRefused with all errors found."""
    table = _table(data, filename)
    if not table:
        raise ImportRefused([RowError(0, "", _("The file is empty."))])
    header = [_cell(h).lower() for h in table[0]]
    expected = template_headers(survey)
    by_lower = {h.lower(): h for h in expected}
    errors: list[RowError] = []
    missing = [h for h in survey.instrument.statement_codes if h.lower() not in header]
    for h in missing:
        errors.append(RowError(1, h, _("Column missing; download the template.")))
    for h in header:
        if h and h not in by_lower:
            errors.append(RowError(1, h, _("Unknown column.")))
    if errors:
        raise ImportRefused(errors)
    columns = [(i, by_lower[h]) for i, h in enumerate(header) if h]
    if len(table) - 1 > MAX_IMPORT_ROWS:
        raise ImportRefused(
            [RowError(0, "", _("At most %(max)d rows per file.") % {"max": MAX_IMPORT_ROWS})]
        )

    # An option may be typed as its code or its Indonesian label.
    labels = {
        q["code"]: {o["id"].lower(): o["code"] for o in q["options"]}
        | {o["code"].lower(): o["code"] for o in q["options"]}
        for q in survey.instrument.profile
        if q["code"] != SERVICE
    }
    labels[SERVICE] = {name.lower(): name for name in survey.service_list}
    statements = set(survey.instrument.statement_codes)
    sheets: list[CleanAnswer] = []
    for number, row in enumerate(table[1:], start=2):
        values = {name: _cell(row[i]) if i < len(row) else "" for i, name in columns}
        if not any(values.values()):
            continue  # blank lines between blocks of forms
        answers = {k: v for k, v in values.items() if k in statements}
        profile = {
            k: labels.get(k, {}).get(v.lower(), v)
            for k, v in values.items()
            if k not in statements and k != SUGGESTION_COLUMN
        }
        try:
            sheets.append(clean_answer(survey, answers, profile, values.get(SUGGESTION_COLUMN, "")))
        except SubmissionError as exc:
            for field, message in exc.errors.items():
                column = SUGGESTION_COLUMN if field == "suggestion" else field
                errors.append(RowError(number, column, message))
    if errors:
        raise ImportRefused(errors)
    if not sheets:
        raise ImportRefused([RowError(0, "", _("The file has no answers."))])
    return sheets
