"""Reading a filled LKE workbook back: check every row, report every problem, or plan the changes.

Two layouts are read, told apart by their sheets: the official workbook (sheet "LKE ZI",
Lampiran III, as Zona exports it and as units fill it; `official_reader.py`) and Zona's earlier
"Jawaban" export. A damaged file (cut off, broken XML inside a sheet, XML with DTD/entity
declarations, which Excel never writes) is a listed problem, never an error page.

Nothing is written here. `read_workbook` either raises `WorkbookRefused` with ALL the problems
found, each located by sheet, row and column, or returns an `ImportPlan`: the answers of the
importing layer that would change, from → to, each with the version it is based on. The import
(`actions.import_workbook`) then writes exactly that plan, or nothing.

The rule against lost updates (documented in docs/workbook.md):
- a workbook exported from THIS evaluation carries a signed stamp with the version, value and note
  of every answer at export time. A row still equal to what was exported is left alone (the person
  did not touch it in Excel, even if a colleague changed it in Zona since). A row the person
  changed is applied only if the answer in Zona is still the exported version; if someone changed
  it since, the whole import is refused with that row named;
- any other workbook (another evaluation's export, a hand-made copy) is compared with the answers
  as they are when it is uploaded; the preview shows every change from → to, and the import is
  refused if any of those answers changes between the preview and the confirmation.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from zona.evaluations import presenters
from zona.evaluations.models import Answer, Evaluation
from zona.lke.errors import AnswerError
from zona.lke.model import Framework

from . import lampiran as LA
from . import layout as L
from .cells import CellError, Problem, cell_content, parse_answer
from .export import ANSWER_SHEET
from .official_reader import read_official_rows
from .stamp import SHEET as STAMP_SHEET
from .stamp import Stamp, note_digest

NOTE_MAX = 10_000  # characters of a note; a justification, not a document
UNPACKED_MAX = 50 * 1024 * 1024  # an LKE workbook unpacks to ~1 MB; refuse zip bombs
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls are OLE files
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# Excel never writes a DTD; one in a workbook can only be there to expand entities.
_DTD_MARKS = tuple(
    mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le")
) + tuple(mark.encode("utf-16-be") for mark in ("<!DOCTYPE", "<!ENTITY"))


class WorkbookRefused(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True)
class Change:
    question: str
    row: int
    before: str  # stored value ("" = unanswered)
    after: str
    before_note: str
    after_note: str
    version: int  # the answer's version the change is based on


@dataclass
class ImportPlan:
    layer: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0  # rows equal to the answer in Zona
    untouched: int = 0  # rows equal to the export (same evaluation): left alone
    stamped: bool = False  # the workbook is an export of this evaluation

    def to_json(self) -> dict:
        return {**asdict(self), "changes": [asdict(c) for c in self.changes]}

    @classmethod
    def from_json(cls, data: dict) -> ImportPlan:
        changes = [Change(**c) for c in data["changes"]]
        return cls(data["layer"], changes, data["unchanged"], data["untouched"], data["stamped"])


def same_value(a: str, b: str) -> bool:
    """Stored answers alike: "3.60" and "3.6" are the same index."""
    if a == b:
        return True
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return False


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _refuse(message: str) -> WorkbookRefused:
    return WorkbookRefused([Problem("", None, None, message)])


def _damaged() -> WorkbookRefused:
    return _refuse(_("The workbook is damaged and cannot be read. Save it again in Excel."))


def _open(data: bytes):
    """(values, formulas): the workbook read twice, a formula's saved result and its text; or
    WorkbookRefused saying plainly what is wrong with the file."""
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise _refuse(
                _("The workbook is protected with a password. Open it in Excel, remove the "
                  "password (File → Info → Protect Workbook) and save it again.")
            )  # fmt: skip
        raise _refuse(_("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx)."))
    if not data.startswith(_ZIP):
        raise _refuse(_("The file is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > UNPACKED_MAX:
                raise _refuse(_("The workbook is too large once unpacked."))
            if "xl/workbook.xml" not in archive.namelist():
                raise _refuse(_("The file is not an Excel workbook (.xlsx)."))
            for name in archive.namelist():
                if name.endswith((".xml", ".rels", ".vml")):
                    part = archive.read(name)
                    if any(mark in part for mark in _DTD_MARKS):
                        raise _refuse(
                            _("The workbook contains XML declarations (DOCTYPE or ENTITY) that "
                              "Excel never writes, so it is not read. Save it again in Excel.")
                        )  # fmt: skip
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        return values, formulas
    except WorkbookRefused:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same here
        raise _damaged() from None


@contextmanager
def _reading() -> Iterator[None]:
    """Sheets are parsed lazily, row by row: a sheet whose XML breaks halfway fails here."""
    try:
        yield
    except WorkbookRefused:
        raise
    except Exception:  # XML, zip, decoding or type errors of a damaged sheet: one problem
        raise _damaged() from None


def _read_stamp(book, evaluation: Evaluation, framework: Framework, problems) -> Stamp | None:
    """The stamp of this evaluation's own export, else None (another evaluation's, another
    version's, none, or a refused one: see `problems`)."""
    stamp = _zona_stamp(book, framework, problems)
    if stamp is None or stamp.framework != framework.key:
        return None  # another version of this LKE (last year's workbook): rows are checked
    return stamp if stamp.evaluation == evaluation.pk else None


def _zona_stamp(book, framework: Framework, problems) -> Stamp | None:
    """A valid stamp of Zona's export for this LKE, whatever its version or evaluation."""
    if STAMP_SHEET not in book.sheetnames:
        return None
    pieces = [_cell_text(row[0]) for row in book[STAMP_SHEET].iter_rows(values_only=True) if row]
    try:
        stamp = Stamp.loads([p for p in pieces if p])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        problems.append(
            Problem(STAMP_SHEET, 1, "A", _("The export stamp of the workbook was changed or is "
                                           "damaged. Export the workbook from Zona again."))
        )  # fmt: skip
        return None
    if stamp.framework.split("@")[0] != framework.code:
        problems.append(
            Problem(STAMP_SHEET, 1, "A",
                    _("The workbook was made for the LKE framework %(theirs)s; this evaluation "
                      "uses %(ours)s.") % {"theirs": stamp.framework, "ours": framework.key})
        )  # fmt: skip
        return None
    return stamp


def _check_headers(sheet, problems) -> bool:
    header = next(sheet.iter_rows(min_row=L.HEADER_ROW, max_row=L.HEADER_ROW, values_only=True), ())
    ok = True
    for col, title in L.HEADERS.items():
        index = _index(col)
        found = _cell_text(header[index]) if index < len(header) else ""
        if found.casefold() != title.casefold():
            ok = False
            problems.append(
                Problem(ANSWER_SHEET, L.HEADER_ROW, col,
                        _("The column header must be “%(expected)s”, not “%(found)s”.")
                        % {"expected": title, "found": found})
            )  # fmt: skip
    return ok


def _index(col: str) -> int:
    return ord(col) - ord("A")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _question_number(value) -> str:
    return _cell_text(value).lower()


def read_workbook(data: bytes, evaluation: Evaluation, layer: str) -> ImportPlan:
    """Check the workbook for the importing `layer` and plan its changes (see the module doc)."""
    framework = evaluation.framework.framework()
    lang = presenters.lang()
    values, formulas = _open(data)
    try:
        with _reading():
            problems: list[Problem] = []
            names = values.sheetnames
            if LA.SHEET in names:
                stamp = _read_stamp(values, evaluation, framework, problems)
                # Zona's export of another version (last year's) holds formulas Zona wrote
                # where this version has an input (K185: LHKASN obliged, typed since 2026.4),
                # never recalculated if the file was not opened in a spreadsheet since.
                ours = _zona_stamp(values, framework, []) is not None
                entries = read_official_rows(
                    values[LA.SHEET], formulas[LA.SHEET], framework, layer, problems,
                    zona_formulas_blank=ours,
                )  # fmt: skip
            elif ANSWER_SHEET in names:
                sheet = values[ANSWER_SHEET]
                stamp = _read_stamp(values, evaluation, framework, problems)
                if not _check_headers(sheet, problems):
                    raise WorkbookRefused(problems)
                entries = _read_rows(sheet, formulas[ANSWER_SHEET], framework, layer, lang,
                                     problems)  # fmt: skip
            else:
                raise WorkbookRefused(
                    [Problem(LA.SHEET, None, None,
                             _("The workbook has no sheet “%(official)s” (the official LKE "
                               "workbook) nor “%(sheet)s” (Zona's earlier export). Use the "
                               "workbook downloaded from Zona.")
                             % {"official": LA.SHEET, "sheet": ANSWER_SHEET})]
                )  # fmt: skip
    finally:
        values.close()
        formulas.close()
    if problems:
        raise WorkbookRefused(problems)
    return _plan(evaluation, layer, entries, stamp)


def _read_rows(sheet, formula_sheet, framework: Framework, layer: str, lang: str,
               problems) -> list[tuple]:  # fmt: skip
    """(question, stored value, note, row) of every question row; problems appended."""
    layout = L.layout_for(framework)
    answer_col, note_col, _value_col = L.LAYER_COLUMNS[layer]
    a, n = _index(answer_col), _index(note_col)
    entries = []
    numbers = {
        r: _question_number(row[0] if row else None)
        for r, row in enumerate(
            sheet.iter_rows(min_row=L.FIRST_ROW, max_col=1, values_only=True), L.FIRST_ROW
        )
    }
    formula_rows = formula_sheet.iter_rows(min_row=L.FIRST_ROW)  # cells: which hold a formula
    for r, row in enumerate(sheet.iter_rows(min_row=L.FIRST_ROW), L.FIRST_ROW):
        texts = next(formula_rows, ())
        cells = [cell.value for cell in row]
        raw = cells[a] if a < len(cells) else None
        note_raw = cells[n] if n < len(cells) else None
        answer_format = getattr(row[a], "number_format", "") if a < len(row) else ""
        raw_text, note = _cell_text(raw), _cell_text(note_raw)
        line = layout.by_row.get(r)
        if line is None or line.kind != "question":
            for col, text in ((answer_col, raw_text), (note_col, note)):
                if text:
                    problems.append(
                        Problem(ANSWER_SHEET, r, col,
                                _("This row holds no question; leave this cell empty (were rows "
                                  "inserted or moved?)."))
                    )  # fmt: skip
            continue
        question = framework.questions[line.ref]
        number = _question_number(cells[0] if cells else None)
        if number != question.no:
            shift = _shifted(layout, numbers, r, question.no, number)
            if shift:  # every row below is off by as much: one problem, not one per row
                problems.append(Problem(ANSWER_SHEET, r, L.COL_NO, shift))
                return entries
        if number and number != question.no:
            if number in framework.questions:
                message = _("This row is question %(expected)s, not %(found)s; rows must not be "
                            "moved.") % {"expected": question.no, "found": number}  # fmt: skip
            else:
                message = AnswerError("unknown_question", number, framework=framework.key).message(
                    lang
                )
            problems.append(Problem(ANSWER_SHEET, r, L.COL_NO, message))
            continue
        value = ""
        try:
            content = cell_content(raw, texts[a] if a < len(texts) else None, f"{answer_col}{r}")
            percent = "%" in (answer_format or "") and not isinstance(content, str)
            value = parse_answer(question, content, fraction_percent=percent)
        except CellError as exc:
            problems.append(Problem(ANSWER_SHEET, r, answer_col, str(exc)))
        try:
            note = _cell_text(cell_content(note_raw, texts[n] if n < len(texts) else None,
                                           f"{note_col}{r}"))  # fmt: skip
        except CellError as exc:
            problems.append(Problem(ANSWER_SHEET, r, note_col, str(exc)))
        if len(note) > NOTE_MAX:
            problems.append(
                Problem(ANSWER_SHEET, r, note_col,
                        _("The note is too long: %(n)d characters; at most %(max)d.")
                        % {"n": len(note), "max": NOTE_MAX})
            )  # fmt: skip
        entries.append((question.no, value, note, r))
    return entries


SEARCH = 10  # rows looked through for where a shifted question is now


def _shifted(layout: L.Layout, numbers: dict[int, str], r: int, expected: str, found: str):
    """The message for rows deleted or inserted above row `r` (which should hold question
    `expected` but holds `found`), or None when the rows are not shifted (a row moved or
    replaced): the shift is confirmed by the next question standing as far off."""
    home = layout.question_rows.get(found)
    if not found:  # an empty row where a question belongs: inserted above it?
        k = -next((j for j in range(1, SEARCH + 1) if numbers.get(r + j) == expected), 0)
        home = r + k
    if home is None or home == r:
        return None
    k = home - r  # > 0: `found` moved up, rows were deleted; < 0: rows were inserted
    following = [x for x in layout.lines if x.kind == "question" and x.row > home][:1]
    if following and numbers.get(following[0].row - k) != following[0].ref:
        return None
    if k > 0:
        return _("row %(row)d (question %(no)s) is missing — was a row deleted?") % {
            "row": r,
            "no": expected,
        }
    if numbers.get(r - k) != expected:
        return None
    return _(
        "row %(row)d should hold question %(no)s, which is on row %(found)d — were rows inserted?"
    ) % {"row": r, "no": expected, "found": r - k}


def _plan(evaluation: Evaluation, layer: str, entries: list[tuple], stamp: Stamp | None):
    current = {
        no: (value, note, version, by)
        for no, value, note, version, by in Answer.objects.filter(
            evaluation=evaluation, layer=layer
        ).values_list("question", "value", "note", "version", "updated_by__username")
    }
    exported = stamp.answers.get(layer) if stamp else None
    plan = ImportPlan(layer, stamped=exported is not None)
    problems = []
    for no, value, note, row in entries:
        now_value, now_note, now_version, by = current.get(no, ("", "", 0, None))
        if exported is not None:
            then_version, then_value, then_digest = exported.get(no, (0, "", note_digest("")))
            if same_value(value, then_value) and note_digest(note) == then_digest:
                plan.untouched += 1
                continue
        if same_value(value, now_value) and note == now_note:
            plan.unchanged += 1
            continue
        if exported is not None and now_version != then_version:
            answer_col = L.LAYER_COLUMNS[layer][0]
            problems.append(
                Problem(ANSWER_SHEET, row, answer_col,
                        _("%(name)s changed the answer to question %(no)s in Zona after this "
                          "workbook was exported. Export the workbook again and redo this row.")
                        % {"name": by or _("Someone"), "no": no})
            )  # fmt: skip
            continue
        plan.changes.append(Change(no, row, now_value, value, now_note, note, now_version))
    if problems:
        raise WorkbookRefused(problems)
    return plan
