"""Reading sheet "LKE ZI" of the official workbook (Lampiran III) as Zona exports it and as units
fill it in today.

Each question is read from its row (`lampiran.py`): the answer from K and the note from O for the
unit, from the TPI/TPN columns (found by their headings in row 2) for those layers. Before any
answer is read, each row is checked to hold its question (its text, compared loosely: units fix
typos and trailing spaces); a deleted or inserted row gives ONE problem naming where the rows
start to differ ("baris 57 (pertanyaan 40) tidak ada — apakah ada baris yang terhapus?"), not
one per following row. The file's own quirks are tolerated: J8 holds "Ya" instead of the answer
type (the type is taken from the framework, never from J), "YA"/"ya"/"Y", "1,00", trailing
spaces; a formula in an answer cell counts by its saved result, or is named when it has none.
Computed rows (percentages, "Jumlah yang harus melaporkan") are the workbook's formulas: not read.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from zona.lke.model import Framework

from . import lampiran as LA
from .cells import CellError, Problem, cell_content, is_formula, parse_answer
from .official import LAYER_COLUMNS, LAYER_HEADERS

NOTE_MAX = 10_000
SEARCH = 6  # rows looked at above and below for a question that is not on its row
_WORDS = re.compile(r"\W+")


def _norm(text) -> str:
    return _WORDS.sub(" ", str(text or "")).strip().casefold()


def _same_text(found, expected: str) -> bool:
    a, b = _norm(found), _norm(expected)
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.6


def _col(letter: str) -> int:
    return ord(letter) - ord("A")


def _text(rows: dict[int, tuple], r: int, col: str):
    row = rows.get(r, ())
    i = _col(col)
    return row[i] if i < len(row) else None


def _layer_columns(header: tuple, layer: str, problems) -> tuple[str, str] | None:
    """(answer column, note column) of the importing layer, checked against row 2."""
    answer_col, _value_col, note_col = LAYER_COLUMNS[layer]
    expected = {answer_col: LA.HEADERS[LA.COL_ANSWER]} if layer == "unit" else {}
    if layer in LAYER_HEADERS:
        titles = LAYER_HEADERS[layer]
        found = {_norm(v): chr(65 + i) for i, v in enumerate(header) if v}
        answer_col = found.get(_norm(titles[0]))
        note_col = found.get(_norm(titles[2]))
        if not answer_col or not note_col:
            problems.append(
                _problem(LA.HEADER_ROW, None,
                           _("The workbook has no columns “%(answer)s” and “%(note)s” in row 2. "
                             "Download the workbook from Zona (it has the columns of the layers "
                             "you may see) and fill those.")
                           % {"answer": titles[0], "note": titles[2]})
            )  # fmt: skip
            return None
    for col, title in expected.items():
        i = _col(col)
        value = header[i] if i < len(header) else None
        if _norm(value) != _norm(title):
            problems.append(
                _problem(LA.HEADER_ROW, col,
                           _("The column header must be “%(expected)s”, not “%(found)s”.")
                           % {"expected": title, "found": str(value or "").strip()})
            )  # fmt: skip
            return None
    return answer_col, note_col


def _problem(row, column, message) -> Problem:
    return Problem(LA.SHEET, row, column, message)


def _misplaced(rows, sheet: LA.Sheet, framework: Framework, r: int, no: str) -> tuple[str, bool]:
    """(message, rows shifted) for question `no` not on its row `r`: rows deleted or inserted
    above it (every row below is off too: told by where this question or the next one is now),
    or this row replaced."""
    question = framework.questions[no]
    following = [x for x in sheet.rows if x.kind == "question" and x.row > r][:1]
    candidates = [(r, question.text, sheet.by_row[r].depth)]
    candidates += [(x.row, framework.questions[x.ref].text, x.depth) for x in following]
    for k in range(1, SEARCH + 1):
        for at, text, depth in candidates:
            text_col = LA.item_columns(depth)[1]
            if _same_text(_text(rows, at - k, text_col), text):
                message = _("row %(row)d (question %(no)s) is missing — was a row deleted?")
                return message % {"row": r, "no": no}, True
            if at == r and _same_text(_text(rows, r + k, text_col), text):
                return _(
                    "row %(row)d should hold question %(no)s, which is on row %(found)d — were "
                    "rows inserted?"
                ) % {"row": r, "no": no, "found": r + k}, True
    return _(
        "row %(row)d should hold question %(no)s (“%(text)s”); rows of the official workbook must "
        "not be moved or replaced."
    ) % {"row": r, "no": no, "text": question.text[:80]}, False


def read_official_rows(
    values, formulas, framework: Framework, layer: str, problems, zona_formulas_blank=False
) -> list:
    """(question, stored value, note, row) of every question row of sheet "LKE ZI".

    `zona_formulas_blank`: the file is Zona's export (signed stamp), so a formula without a
    saved result is one Zona wrote, not a person's answer: it reads as unanswered. (A file
    saved by Excel or LibreOffice always carries the results.)"""
    sheet = LA.sheet_for(framework)
    last = sheet.last_row
    rows = dict(enumerate(values.iter_rows(min_row=1, max_row=last, values_only=True), 1))
    texts = dict(enumerate(formulas.iter_rows(min_row=1, max_row=last), 1))  # cells: formula?
    columns = _layer_columns(rows.get(LA.HEADER_ROW, ()), layer, problems)
    if columns is None:
        return []
    answer_col, note_col = columns
    official = {r.row for r in sheet.rows if r.kind != "appendix"}
    appendix_start = min((r.row for r in sheet.rows if r.kind == "appendix"), default=last + 1)
    entries = []
    for row in sheet.rows:
        if row.kind != "question":
            continue
        r, no = row.row, row.ref
        question = framework.questions[no]
        text_col = LA.item_columns(row.depth)[1]
        raw = _text(rows, r, answer_col)
        if r > appendix_start or r not in official:  # Zona's own rows: absent in units' files
            if not _same_text(_text(rows, r, text_col), question.text):
                continue
        elif not _same_text(_text(rows, r, text_col), question.text):
            message, shifted = _misplaced(rows, sheet, framework, r, no)
            problems.append(_problem(r, text_col, message))
            if shifted:  # every row below is off by as much: one problem, not one per row
                return entries
            continue
        value = ""
        try:
            formula_cell = _text(texts, r, answer_col)
            if zona_formulas_blank and raw is None and is_formula(formula_cell):
                content = None
            else:
                content = cell_content(raw, formula_cell, f"{answer_col}{r}")
            value = parse_answer(question, content, fraction_percent=not isinstance(content, str))
        except CellError as exc:
            problems.append(_problem(r, answer_col, str(exc)))
        note = ""
        try:
            note_raw = cell_content(_text(rows, r, note_col), _text(texts, r, note_col),
                                    f"{note_col}{r}")  # fmt: skip
            note = "" if note_raw is None else str(note_raw).strip()
        except CellError as exc:
            problems.append(_problem(r, note_col, str(exc)))
        if len(note) > NOTE_MAX:
            problems.append(
                _problem(r, note_col,
                           _("The note is too long: %(n)d characters; at most %(max)d.")
                           % {"n": len(note), "max": NOTE_MAX})
            )  # fmt: skip
        entries.append((no, value, note, r))
    return entries
