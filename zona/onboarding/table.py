"""One row-validation framework for every import: a sheet's columns (`Column`, `Spec`), reading
an uploaded CSV or XLSX with tablib into checked rows (`read`), the problems in the person's
words by sheet, row and column (`Problem`), and the template / export workbook (`workbook`).

Headers are the file format and stay Indonesian whatever the interface language (an instansi
exchanges the files between people); the notes explaining each column follow the language.
Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from zona.core import numbers, tabular

DATA_SHEET = "Data"
NOTES_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
VALIDATED_ROWS = 2000  # the template's drop-down lists reach this row
YES = ("ya", "y", "benar", "true", "1", "yes")
NO = ("tidak", "t", "salah", "false", "0", "no", "")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class FileProblem(ValueError):
    """The file as a whole cannot be read (type, size, no header): the message says why."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None  # spreadsheet row; None: the sheet as a whole (a missing column)
    column: str  # the header; "" when the problem is the row's, not one cell's
    message: str

    @property
    def text(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, column '%(column)s': %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message,
            }  # fmt: skip
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column,
                "message": self.message, "text": self.text}  # fmt: skip


@dataclass(frozen=True)
class Column:
    """One column: `key` in the importer, `header` in the file, how a cell is read (`kind`:
    text, bool, int, decimal, date, email, choice) and what the notes sheet says of it."""

    key: str
    header: str
    kind: str = "text"
    required: bool = False
    note: Callable[[], str] = lambda: ""
    max_length: int | None = None
    places: int = 2  # decimal
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    # choice: (stored value, what the file says) pairs; more spellings accepted by `aliases`
    choices: Callable[[], Sequence[tuple[str, str]]] | None = None
    aliases: Callable[[], dict[str, str]] | None = None
    what: Callable[[], str] = lambda: ""  # "echelon": the noun for "'V' is not a known …"

    def read(self, raw: Any) -> Any:
        """The cell's value, or raises ValueError with the message for the person."""
        if isinstance(raw, str):
            raw = raw.strip()
            if raw[:2] in {"'" + c for c in tabular._FORMULA_START}:  # our own CSV escape
                raw = raw[1:]
        if raw is None or raw == "":
            if self.required:
                raise ValueError(_("this column must be filled in."))
            return (
                None
                if self.kind in ("int", "decimal", "date", "choice")
                else (False if self.kind == "bool" else "")
            )
        return getattr(self, f"_read_{self.kind}")(raw)

    def _read_text(self, raw) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = re.sub(r"\s+", " ", str(raw)).strip()
        if self.max_length and len(text) > self.max_length:
            raise ValueError(
                _("at most %(n)s characters (this one has %(length)s).")
                % {"n": self.max_length, "length": len(text)}
            )
        return text

    def _read_email(self, raw) -> str:
        text = str(raw).strip().lower()
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(_("'%(value)s' is not an e-mail address.") % {"value": text}) from None
        return text

    def _read_bool(self, raw) -> bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("'%(value)s' is not Ya or Tidak.") % {"value": raw})

    def _read_int(self, raw) -> int:
        try:
            value = Decimal(str(raw).strip())
            if value != value.to_integral_value():
                raise InvalidOperation
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is not a whole number.") % {"value": raw}) from None
        return self._in_range(int(value), raw)

    def _read_decimal(self, raw) -> Decimal:
        text = str(raw).strip()
        if not isinstance(raw, int | float | Decimal):
            text = text.replace(" ", "")
            if "," in text:  # Indonesian: 1.234,5
                text = text.replace(".", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is not a number.") % {"value": raw}) from None
        value = value.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        return self._in_range(value, raw)

    def _in_range(self, value, raw):
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(
                _("'%(value)s' is outside %(low)s–%(high)s.")
                % {"value": raw, "low": numbers.figure(low), "high": numbers.figure(high)}
            )
        return value

    def _read_date(self, raw) -> dt.date:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = str(raw).strip()
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("'%(value)s' is not a date; write it as 2026-03-31 or 31/03/2026.") % {"value": raw}
        )

    def _read_choice(self, raw) -> str:
        text = self._read_text(raw)
        pairs = list(self.choices())
        spelled = {label.lower(): value for value, label in pairs}
        spelled.update({str(value).lower(): value for value, _label in pairs})
        if self.aliases:
            spelled.update({k.lower(): v for k, v in self.aliases().items()})
        if text.lower() in spelled:
            return spelled[text.lower()]
        raise ValueError(
            _("'%(value)s' is not a known %(what)s (%(choices)s).")
            % {"value": text, "what": self.what() or self.header.lower(),
               "choices": _choice_list([label for _v, label in pairs])}
        )  # fmt: skip

    def labels(self) -> list[str]:
        return [label for _value, label in self.choices()] if self.choices else []

    def write(self, value: Any) -> tabular.Cell:
        """The cell an export writes for a stored value (what `read` reads back the same)."""
        if value is None:
            return None
        if self.kind == "bool":
            return "Ya" if value else "Tidak"
        if self.kind == "choice":
            return dict(self.choices()).get(value, value) if value != "" else None
        return value


def _choice_list(labels: list[str]) -> str:
    if len(labels) > 12:
        return ", ".join(labels[:12]) + ", …"
    if len(labels) == 4 and labels == ["I", "II", "III", "IV"]:
        return "I–IV"
    return ", ".join(labels)


@dataclass(frozen=True)
class Spec:
    """A sheet: its columns in order."""

    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass
class Row:
    number: int  # the spreadsheet's row number
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Table:
    sheet: str
    rows: list[Row]
    problems: list[Problem]  # the sheet's own (missing columns); the rows carry theirs


def _normal(header: Any) -> str:
    return re.sub(r"[\s*]+", " ", str(header or "")).strip().lower()


def _dataset(content: bytes, filename: str) -> tuple[tablib.Dataset, str]:
    name = filename.lower()
    if len(content) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(mb)s MB; split it into several files.")
            % {"mb": numbers.count(MAX_BYTES // (1024 * 1024))}
        )
    dataset = tablib.Dataset()
    try:
        if name.endswith(".xlsx"):
            dataset.load(io.BytesIO(content), format="xlsx")
            return dataset, DATA_SHEET
        if name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            first = text.split("\n", 1)[0]
            delimiter = ";" if first.count(";") > first.count(",") else ","
            dataset.load(text, format="csv", delimiter=delimiter)
            return dataset, filename
    except UnicodeDecodeError:
        raise FileProblem(
            _("The CSV file is not in UTF-8; save it again as 'CSV UTF-8' in Excel.")
        ) from None
    except Exception as error:  # tablib/openpyxl refuse a damaged or ragged file
        raise FileProblem(
            _("The file could not be read as a table: %(error)s") % {"error": error}
        ) from None
    raise FileProblem(_("Upload a .xlsx or .csv file (the downloadable template is one)."))


def read(content: bytes, filename: str, spec: Spec) -> Table:
    """The checked rows of an uploaded file. Blank rows are skipped (numbering kept); a cell
    that cannot be read becomes a problem of its row and column, never a guess."""
    dataset, sheet = _dataset(content, filename)
    headers = [_normal(h) for h in (dataset.headers or [])]
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for column in spec.columns:
        if _normal(column.header) in headers:
            positions[column.key] = headers.index(_normal(column.header))
        elif column.required:
            problems.append(
                Problem(sheet, None, column.header,
                        _("The column '%(column)s' is missing from the first row.")
                        % {"column": column.header})
            )  # fmt: skip
    if not dataset.headers or not positions:
        raise FileProblem(
            _("The first row must hold the column names of the template (%(headers)s).")
            % {"headers": ", ".join(spec.headers)}
        )
    if dataset.height > MAX_ROWS:
        raise FileProblem(
            _("The file has %(n)s rows; at most %(max)s in one import.")
            % {"n": numbers.count(dataset.height), "max": numbers.count(MAX_ROWS)}
        )
    rows: list[Row] = []
    for index, cells in enumerate(dataset):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        row = Row(number=index + 2)
        for column in spec.columns:
            position = positions.get(column.key)
            if position is None and column.required:  # reported once, for the sheet
                row.values[column.key] = None
                continue
            raw = cells[position] if position is not None and position < len(cells) else None
            try:
                row.values[column.key] = column.read(raw)
            except ValueError as error:
                row.values[column.key] = None
                row.problems.append(Problem(sheet, row.number, column.header, str(error)))
        rows.append(row)
    return Table(sheet, rows, problems)


# --- the template and the export ---------------------------------------------------------------
def workbook(spec: Spec, rows: Iterable[Sequence[tabular.Cell]], *, title: str) -> bytes:
    """The XLSX template (rows empty) or export: the data sheet first (what an import reads),
    a notes sheet explaining each column, drop-down lists for the columns with choices."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    data.append(spec.headers)
    for cell in data[1]:
        cell.font, cell.fill = bold, fill
    data.freeze_panes = "A2"
    for row in rows:
        data.append([tabular._plain(cell) for cell in row])
    lists = None
    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        data.column_dimensions[letter].width = max(14, min(48, len(column.header) + 6))
        labels = column.labels() if column.kind == "choice" else (
            ["Ya", "Tidak"] if column.kind == "bool" else []
        )  # fmt: skip
        if not labels:
            continue
        if lists is None:
            lists = book.create_sheet(LISTS_SHEET)
            lists.sheet_state = "hidden"
        lists.cell(row=1, column=position, value=column.header).font = bold
        for offset, label in enumerate(labels, start=2):
            lists.cell(row=offset, column=position, value=label)
        source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"
        check = DataValidation(type="list", formula1=source, allow_blank=not column.required)
        check.error = _("Choose one of the values of the list.")
        check.errorTitle = column.header
        check.showErrorMessage = True
        data.add_data_validation(check)
        check.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    notes = book.create_sheet(NOTES_SHEET, index=1)
    notes.append([title])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append([_("Fill in the sheet 'Data': one row per line below the column names. Keep "
                    "the column names as they are; columns may be in any order.")])  # fmt: skip
    notes.append([])
    notes.append([_("Column"), _("Required"), _("What to write")])
    for cell in notes[4]:
        cell.font, cell.fill = bold, fill
    for column in spec.columns:
        text = column.note()
        labels = column.labels()
        if labels:
            text = f"{text} " + _("Allowed: %(values)s.") % {"values": ", ".join(labels)}
        notes.append([column.header, _("yes") if column.required else _("no"), text.strip()])
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 100
    for line in notes.iter_rows(min_row=5):
        line[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(spec: Spec, rows: Iterable[Sequence[tabular.Cell]]) -> bytes:
    return tabular.to_csv(spec.headers, rows)
