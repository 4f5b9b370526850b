"""Where everything of a framework lands in sheet "Jawaban" of the LKE workbook. Pure: no Django.

The official workbook of the 2021 LKE puts each question on a fixed row (reference
`lke-2021.json`, transcribed into the framework file as `excel_row`) and the answers in fixed
columns (K = jawaban unit, L = catatan unit, M = bukti dukung, N = jawaban TPI, Q = catatan TPI).
Those rows and columns are the contract with people who work in the official file, so they are
kept exactly. What the reference does not give is placed around them:

- a node's heading takes the first free row after what precedes it (in the 2021 workbook this
  reproduces the gaps exactly: "1. Manajemen Perubahan" on row 4, "i. Penyusunan Tim Kerja" on 5,
  question 1 on 6);
- a computed percentage takes the free row just above its first input (as the worksheet shows
  "a. Persentase …" above its counts);
- inputs Zona added because a formula needs them (2021: 113a, 114a) have no official row: they go
  to a clearly titled appendix below the last official row.

A framework without `excel_row` (the 2019 LKE: no official row numbers are known) is laid out in
the same style, one row after the other. Either way the layout is a pure function of the framework
version an evaluation pins, so a workbook exported today imports identically later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from zona.lke.model import Framework

HEADER_ROW = 1
FIRST_ROW = HEADER_ROW + 1

# Column letters of sheet "Jawaban". K, L, M, N and Q are the official workbook's; the others are
# Zona's choice. G, H, I and P carry nothing and are hidden, so the official ones stay in place.
COL_NO = "A"
COL_TEXT = "B"
COL_WEIGHT = "C"
COL_TYPE = "D"
COL_OPTIONS = "E"
COL_FORMULA = "F"
COL_UNIT_VALUE = "J"
COL_UNIT_ANSWER = "K"
COL_UNIT_NOTE = "L"
COL_EVIDENCE = "M"
COL_TPI_ANSWER = "N"
COL_TPI_VALUE = "O"
COL_TPI_NOTE = "Q"
COL_TPN_ANSWER = "R"
COL_TPN_NOTE = "S"
COL_TPN_VALUE = "T"
HIDDEN_COLUMNS = ("G", "H", "I", "P")

# The headers are part of the file format (an import checks them), so they are fixed Indonesian
# text, the language of the official workbook, whatever language the person uses on screen.
HEADERS = {
    COL_NO: "No.",
    COL_TEXT: "Komponen / Pertanyaan",
    COL_WEIGHT: "Bobot",
    COL_TYPE: "Jenis Jawaban",
    COL_OPTIONS: "Pilihan Jawaban dan Kriteria",
    COL_FORMULA: "Rumus / Petunjuk",
    COL_UNIT_VALUE: "Nilai Unit",
    COL_UNIT_ANSWER: "Jawaban Unit",
    COL_UNIT_NOTE: "Catatan Unit",
    COL_EVIDENCE: "Bukti Dukung Unit",
    COL_TPI_ANSWER: "Jawaban TPI",
    COL_TPI_VALUE: "Nilai TPI",
    COL_TPI_NOTE: "Catatan TPI",
    COL_TPN_ANSWER: "Jawaban TPN",
    COL_TPN_NOTE: "Catatan TPN",
    COL_TPN_VALUE: "Nilai TPN",
}

# layer → (answer column, note column, value column)
LAYER_COLUMNS = {
    "unit": (COL_UNIT_ANSWER, COL_UNIT_NOTE, COL_UNIT_VALUE),
    "tpi": (COL_TPI_ANSWER, COL_TPI_NOTE, COL_TPI_VALUE),
    "tpn": (COL_TPN_ANSWER, COL_TPN_NOTE, COL_TPN_VALUE),
}

APPENDIX_TITLE = "Isian tambahan Zona (tidak ada di lembar kerja resmi)"


@dataclass(frozen=True, slots=True)
class Line:
    """One row of sheet "Jawaban": a node heading, a question, a computed item or a title."""

    row: int
    kind: str  # "node" | "question" | "computed" | "title"
    ref: str  # node code, question number, computed code; "" for a title
    depth: int = 0


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]  # in row order
    official: bool  # True: the official questions sit on their official rows
    by_row: dict[int, Line] = field(default_factory=dict)
    question_rows: dict[str, int] = field(default_factory=dict)

    @property
    def last_row(self) -> int:
        return self.lines[-1].row if self.lines else HEADER_ROW


class LayoutError(ValueError):
    """The framework's official rows leave no room for a heading or collide."""


def _make(lines: list[Line], official: bool) -> Layout:
    lines.sort(key=lambda line: line.row)
    by_row = {}
    for line in lines:
        if line.row in by_row:
            raise LayoutError(f"row {line.row} holds {by_row[line.row].ref} and {line.ref}")
        by_row[line.row] = line
    rows = {line.ref: line.row for line in lines if line.kind == "question"}
    return Layout(tuple(lines), official, by_row, rows)


def _depths(framework: Framework) -> dict[str, int]:
    return {code: len(framework.ancestors(code)) for code in framework.nodes}


def _sequential(framework: Framework) -> Layout:
    depths = _depths(framework)
    lines: list[Line] = []
    row = FIRST_ROW
    for code, node in framework.nodes.items():  # pre-order
        depth = depths[code]
        lines.append(Line(row, "node", code, depth))
        row += 1
        for no in node.questions:
            lines.append(Line(row, "question", no, depth + 1))
            row += 1
        for item in node.computed:
            lines.append(Line(row, "computed", item, depth + 1))
            row += 1
    return _make(lines, official=False)


def _official(framework: Framework) -> Layout:
    depths = _depths(framework)
    fixed = {q.excel_row: no for no, q in framework.questions.items() if q.excel_row}
    used = set(fixed)
    lines = [
        Line(row, "question", no, depths[framework.questions[no].node] + 1)
        for row, no in fixed.items()
    ]

    def take(start: int) -> int:
        row = start
        while row in used:
            row += 1
        used.add(row)
        return row

    def first_fixed(code: str) -> int | None:
        node = framework.nodes[code]
        rows = [framework.questions[no].excel_row for no in node.questions]
        rows += [first_fixed(child) for child in node.children]
        rows = [r for r in rows if r]
        return min(rows) if rows else None

    def last_fixed(code: str) -> int:
        node = framework.nodes[code]
        rows = [framework.questions[no].excel_row or 0 for no in node.questions]
        rows += [last_fixed(child) for child in node.children]
        return max(rows, default=0)

    cursor = FIRST_ROW
    for code, node in framework.nodes.items():  # pre-order: a heading before its content
        row = take(cursor)
        limit = first_fixed(code)
        if limit is not None and row > limit:
            raise LayoutError(f"no free row for the heading of {code} before row {limit}")
        lines.append(Line(row, "node", code, depths[code]))
        cursor = row + 1
        for item_code in node.computed:
            item = framework.computed[item_code]
            input_rows = [framework.questions[no].excel_row for no in item.inputs]
            input_rows = [r for r in input_rows if r]
            wanted = min(input_rows) - 1 if input_rows else cursor
            at = wanted if wanted >= cursor and wanted not in used else take(cursor)
            used.add(at)
            lines.append(Line(at, "computed", item_code, depths[code] + 1))
        if node.is_leaf:
            cursor = max(cursor, last_fixed(code) + 1)
    extra = [no for no, q in framework.questions.items() if not q.excel_row]
    if extra:
        row = max(used) + 2  # one empty row, then the appendix
        lines.append(Line(row, "title", "", 0))
        for no in extra:
            row += 1
            lines.append(Line(row, "question", no, 1))
    return _make(lines, official=True)


@cache
def layout_for(framework: Framework) -> Layout:
    """The rows of a framework version (cached: a Framework is immutable and one per file)."""
    if any(q.excel_row for q in framework.questions.values()):
        try:
            return _official(framework)
        except LayoutError:
            pass  # an administrator's file whose rows leave no room: lay it out afresh
    return _sequential(framework)
