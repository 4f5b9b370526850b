"""The rows and formulas of sheet "LKE ZI", the official workbook (Lampiran III PermenPANRB
90/2021). Pure: no Django, no openpyxl.

The rows are generated from the framework in the order and style of the official file, so that
for the 2021 LKE every heading, question and computed percentage lands on its official row
(question 1 on row 8, "NILAI EVALUASI ZONA INTEGRITAS" on row 208; `tests/workbook` checks this
against the regulation's file):

- row 1 the title, row 2 the headings, row 3 empty; the tree from row 4, in pre-order;
- a node row: its numbering and name in the columns of its depth (part B/C, section C/D, area
  D/E, sub-component E/F, deeper as a sub-component), the bobot in H, the value in L, L/H in M;
- a leaf's items one per row: a question (label F, text G at sub-component depth), a computed
  percentage just before the first count it reads (K computes the percentage as the workbook
  does), and, when the percentage divides by a sum of counts, a row "Jumlah yang harus
  melaporkan" adding them up before the counts (LHKPN, row 178);
- after each part a total row ("TOTAL PENGUNGKIT" 198, "TOTAL HASIL" 206) and an empty row;
  then the grand total;
- questions Zona added to a framework that has official rows (`excel_row` unset while others are
  set) have no row in the official file: they go to an appendix two
  rows below the grand total, and count 0 in the workbook's formulas (the official formula has
  no cell for them).

Formulas (the workbook's own patterns, read from the reference file):
- a question's value: the long `IF(J="Ya/Tidak", …)` of the file ("Blm Diisi" when blank), times
  H for a weighted (Hasil) item; an index 0–4: `IF(K="","Blm Diisi",K/4)*H`;
- a computed percentage (in K): `IF(OR(every count of its block blank),"Blm Diisi",
  IF(x>cap,cap,IF(x<floor,floor,x)))`; a zero denominator gives #DIV/0! as in the file, except
  items with the "both counts 0 → 1" rule ("Pelanggaran disiplin");
- a mean-scored leaf: `AVERAGE(L first:L last)*H` (AVERAGE skips "Blm Diisi");
- any other node: `SUM` of its children's rows (so the LHKPN/LHKASN sub-component is
  L176 + L183, the file's L175 defect corrected); a part: its total row.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cache

from zona.lke.model import Computed, Framework, Question

SHEET = "LKE ZI"
SUMMARY_SHEET = "Utama"
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_ROW = 4

COL_WEIGHT, COL_CRITERIA, COL_TYPE, COL_ANSWER, COL_VALUE, COL_SHARE = "HIJKLM"
COL_NOTE, COL_EVIDENCE, COL_LINK = "O", "P", "Q"

TITLE = (
    "LAMPIRAN III\nPERATURAN MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI "
    "NOMOR 90 TAHUN 2021\nTENTANG\nPEMBANGUNAN DAN EVALUASI PEMBANGUNAN ZONA INTEGRITAS MENUJU "
    "WILAYAH BEBAS DARI KORUPSI DAN WILAYAH BIROKRASI BERSIH DAN MELAYANI DI INSTANSI PEMERINTAH"
)
# The headings of row 2 (the file's, with names added over its unnamed evidence columns).
HEADERS = {
    "B": "Penilaian", COL_WEIGHT: "Bobot", COL_CRITERIA: "Penjelasan",
    COL_TYPE: "Pilihan Jawaban", COL_ANSWER: "Jawaban", COL_VALUE: "Nilai", COL_SHARE: " %",
    COL_NOTE: "Catatan/Keterangan/Penjelasan", COL_EVIDENCE: "Bukti Dukung",
    COL_LINK: "Tautan Bukti Dukung",
}  # fmt: skip
TOTAL_LABELS = {"pengungkit": "TOTAL PENGUNGKIT", "hasil": "TOTAL HASIL"}
GRAND_TOTAL_LABEL = "NILAI EVALUASI ZONA INTEGRITAS"
SUBTOTAL_LABEL = "Jumlah yang harus melaporkan"
APPENDIX_TITLE = "Isian tambahan Zona (tidak ada di lembar kerja resmi)"

# Column J as the file writes each answer type.
TYPE_TEXT = {
    "ya_tidak": "Ya/Tidak", "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E",
    "percent": "%", "count": "Jumlah", "index_0_4": "Nilai (0-4)",
}  # fmt: skip
COMPUTED_TYPE = "%"

# Computed items whose value is 1 when every count the formula reads is 0 (the workbook's rule for
# "Penurunan pelanggaran disiplin pegawai"); every other zero denominator is #DIV/0!.
BOTH_ZERO_IS_ONE = frozenset({"A.II.3.iii.c1"})

# Empty rows the official file has and the framework can't know: after the heading of a node.
EMPTY_ROW_AFTER = {"lke-2021": frozenset({"A.I.5.iv"})}  # row 90, above "Whistle Blowing System"

ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
UPPER_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of sheet "LKE ZI"."""

    row: int
    kind: str  # node | question | computed | subtotal | total | grand | appendix
    ref: str = ""  # node code, question number, computed code; part code for a total row
    depth: int = 0
    label: str = ""  # "A.", "I.", "1.", "i.", "a.", "-"
    first: int = 0  # node rows of mean-scored leaves: the item rows' range
    last: int = 0
    children: tuple[int, ...] = ()  # non-leaf nodes and totals: the rows they add up
    block: tuple[str, ...] = ()  # computed rows: every count of the block (all must be filled)
    sums: tuple[str, ...] = ()  # subtotal rows: the counts they add up
    subtotal: int = 0  # computed rows: the subtotal row standing for the denominator


@dataclass(frozen=True)
class Sheet:
    rows: tuple[Row, ...]
    question_rows: dict[str, int] = field(default_factory=dict)
    node_rows: dict[str, int] = field(default_factory=dict)
    computed_rows: dict[str, int] = field(default_factory=dict)
    by_row: dict[int, Row] = field(default_factory=dict)
    grand_total: int = 0
    total_rows: dict[str, int] = field(default_factory=dict)  # part code → its total row
    extra: frozenset[str] = frozenset()  # questions in the appendix (no official row)

    @property
    def last_row(self) -> int:
        return self.rows[-1].row


def _sum_terms(node: ast.AST) -> list[str] | None:
    """The question numbers of a plain sum of two or more inputs (q1 + q2 + …), else None."""
    if isinstance(node, ast.Name):
        return [node.id[1:]]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sum_terms(node.left), _sum_terms(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def denominator_sum(item: Computed) -> tuple[str, ...]:
    """The counts a computed item divides by when its denominator is a sum of counts."""
    tree = ast.parse(item.formula.strip(), mode="eval").body
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div):
        terms = _sum_terms(tree.right)
        if terms and len(terms) > 1:
            return tuple(terms)
    return ()


def _label(kind_index: int, depth: int) -> str:
    """Numbering as the file writes it: part A./B., section I./II., area 1., sub-component i."""
    if depth == 0:
        return f"{chr(65 + kind_index)}."
    if depth == 1:
        return f"{UPPER_ROMAN[kind_index]}." if kind_index < len(UPPER_ROMAN) else "-"
    if depth == 2:
        return f"{kind_index + 1}."
    return f"{ROMAN[kind_index]}." if kind_index < len(ROMAN) else "-"


def _item_label(index: int, single: bool) -> str:
    return "-" if single else f"{chr(97 + index)}."


@cache
def sheet_for(framework: Framework) -> Sheet:
    """The rows of sheet "LKE ZI" for a framework version (cached: a Framework is immutable)."""
    official = any(q.excel_row for q in framework.questions.values())
    extra = [no for no, q in framework.questions.items() if official and not q.excel_row]
    rows: list[Row] = []
    cursor = FIRST_ROW
    node_rows: dict[str, int] = {}

    def depth_of(code: str) -> int:
        return len(framework.ancestors(code))

    def place_leaf_items(code: str) -> tuple[int, int]:
        nonlocal cursor
        node = framework.nodes[code]
        depth = depth_of(code)
        first = cursor
        emitted: set[str] = set()
        owner = {no: c for c in node.computed for no in framework.computed[c].inputs}
        questions = [no for no in node.questions if no not in extra]
        items = [no for no in questions if framework.questions[no].type != "count"]
        items_count = len(items) + len(node.computed)
        index = 0
        i = 0
        while i < len(questions):
            no = questions[i]
            question = framework.questions[no]
            computed_code = owner.get(no)
            if question.type == "count" and computed_code and computed_code not in emitted:
                emitted.add(computed_code)
                item = framework.computed[computed_code]
                block = []
                j = i
                while j < len(questions):  # the counts laid out under this percentage
                    q = questions[j]
                    other = owner.get(q)
                    if framework.questions[q].type != "count" or (
                        j > i and other not in (None, computed_code) and other not in emitted
                    ):
                        break
                    block.append(q)
                    j += 1
                sums = tuple(q for q in denominator_sum(item) if q in block)
                computed_row = cursor
                subtotal_row = cursor + 1 if len(sums) > 1 else 0
                rows.append(
                    Row(computed_row, "computed", computed_code, depth + 1,
                        _item_label(index, items_count == 1), block=tuple(block),
                        subtotal=subtotal_row)
                )  # fmt: skip
                index += 1
                cursor += 1
                if subtotal_row:
                    rows.append(Row(subtotal_row, "subtotal", computed_code, depth + 1, "-",
                                    sums=sums))  # fmt: skip
                    cursor += 1
                for q in block:
                    rows.append(Row(cursor, "question", q, depth + 1, ""))
                    cursor += 1
                i = j
                continue
            label = "" if question.type == "count" else _item_label(index, items_count == 1)
            if question.type != "count":
                index += 1
            rows.append(Row(cursor, "question", no, depth + 1, label))
            cursor += 1
            i += 1
        for computed_code in node.computed:  # a percentage whose counts all sit elsewhere
            if computed_code not in emitted:
                rows.append(Row(cursor, "computed", computed_code, depth + 1, "-"))
                cursor += 1
        return first, cursor - 1

    def place(code: str, index: int) -> int:
        nonlocal cursor
        node = framework.nodes[code]
        depth = depth_of(code)
        row = cursor
        cursor += 1
        node_rows[code] = row
        at = len(rows)
        rows.append(Row(row, "node", code, depth, _label(index, depth)))
        if code in EMPTY_ROW_AFTER.get(framework.code, ()):
            cursor += 1
        if node.is_leaf:
            first, last = place_leaf_items(code)
            rows[at] = Row(row, "node", code, depth, _label(index, depth), first, last)
        else:
            children = tuple(place(child, i) for i, child in enumerate(node.children))
            rows[at] = Row(row, "node", code, depth, _label(index, depth), children=children)
        return row

    total_rows: dict[str, int] = {}
    for index, root in enumerate(framework.roots):
        place(root, index)
        total_rows[root] = cursor
        parts = tuple(node_rows[child] for child in framework.nodes[root].children)
        rows.append(Row(cursor, "total", root, 0, children=parts))
        cursor += 2  # the total, then an empty row
    grand = cursor
    rows.append(Row(grand, "grand", "", 0, children=tuple(total_rows.values())))
    cursor += 1
    if extra:
        cursor += 2
        rows.append(Row(cursor, "appendix", "", 0))
        for no in extra:
            cursor += 1
            rows.append(Row(cursor, "question", no, 1, ""))
    by_row = {r.row: r for r in rows}
    return Sheet(
        rows=tuple(rows),
        question_rows={r.ref: r.row for r in rows if r.kind == "question"},
        node_rows=node_rows,
        computed_rows={r.ref: r.row for r in rows if r.kind == "computed"},
        by_row=by_row,
        grand_total=grand,
        total_rows=total_rows,
        extra=frozenset(extra),
    )


# --- columns of each cell ---------------------------------------------------------------------
def node_columns(depth: int) -> tuple[str, str]:
    """(label column, name column) of a node row."""
    d = min(depth, 3)
    return chr(ord("B") + d), chr(ord("C") + d)


def item_columns(depth: int) -> tuple[str, str]:
    """(label column, text column) of a question or computed row at `depth` (node depth + 1)."""
    d = min(depth, 4)
    return chr(ord("B") + d), chr(ord("C") + d)


# --- formulas ---------------------------------------------------------------------------------
def _excel(node: ast.AST, cell) -> str:
    if isinstance(node, ast.Constant):
        return repr(node.value)
    if isinstance(node, ast.Name):
        return cell(node.id[1:])
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return f"-{_excel(node.operand, cell)}"
    if isinstance(node, ast.BinOp):
        op = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}[type(node.op)]
        return f"({_excel(node.left, cell)}{op}{_excel(node.right, cell)})"
    if isinstance(node, ast.Call):
        args = ",".join(_excel(a, cell) for a in node.args)
        return f"{node.func.id.upper()}({args})"
    raise ValueError(f"cannot write {ast.dump(node)} as an Excel formula")


def _number(value) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def computed_formula(item: Computed, row: Row, sheet: Sheet, answer_col: str) -> str:
    """The K formula of a computed percentage, in `answer_col` (K for the unit)."""

    def cell(no: str) -> str:
        if no in sheet.extra:  # the official file has no cell for it: its formula counts 0
            return "0"
        return f"{answer_col}{sheet.question_rows[no]}"

    tree = ast.parse(item.formula.strip(), mode="eval").body
    # The counts it waits for are the engine's (`requires`): the LHKASN breakdown under K185
    # is shown, not required.
    required = item.requires or item.inputs
    if row.subtotal and isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div):
        ratio = f"({_excel(tree.left, cell)}/{answer_col}{row.subtotal})"
        needed = [f"{answer_col}{row.subtotal}"]
        needed += [cell(no) for no in required if no not in set(denominator_sum(item))]
    else:
        ratio = _excel(tree, cell)
        needed = [cell(no) for no in required]
    cap, floor = _number(item.cap), _number(item.floor)
    value = f"IF({ratio}>{cap},{cap},IF({ratio}<{floor},{floor},{ratio}))"
    if item.code in BOTH_ZERO_IS_ONE:
        zeros = ",".join(f"{cell(no)}=0" for no in item.inputs)
        value = f"IF(AND({zeros}),1,{value})"
    blanks = ",".join(f'{ref}=""' for ref in needed)
    return f'=IF(OR({blanks}),"Blm Diisi",{value})'


def subtotal_formula(row: Row, sheet: Sheet, answer_col: str) -> str:
    cells = [f"{answer_col}{sheet.question_rows[no]}" for no in row.sums]
    blanks = ",".join(f'{c}=""' for c in cells)
    return f'=IF(OR({blanks}),"Blm Diisi",{"+".join(cells)})'


def value_formula(r: int, answer_col: str, weighted: bool = False) -> str:
    """The file's value formula of an item row (J holds the answer type)."""
    j, k = f"{COL_TYPE}{r}", f"{answer_col}{r}"
    text = (
        f'IF({j}="Ya/Tidak",IF({k}="Ya",1,IF({k}="Tidak",0,"Blm Diisi")),'
        f'IF({j}="A/B/C",IF({k}="A",1,IF({k}="B",0.5,IF({k}="C",0,"Blm Diisi"))),'
        f'IF({j}="A/B/C/D",IF({k}="A",1,IF({k}="B",0.67,IF({k}="C",0.33,IF({k}="D",0,'
        f'"Blm Diisi")))),'
        f'IF({j}="A/B/C/D/E",IF({k}="A",1,IF({k}="B",0.75,IF({k}="C",0.5,IF({k}="D",0.25,'
        f'IF({k}="E",0,"Blm Diisi"))))),'
        f'IF({j}="%",IF({k}="","Blm Diisi",{k}),'
        f'IF({j}="Jumlah",IF({k}="","Blm Diisi",""),'
        f'IF({j}="Rupiah",IF({k}="","Blm Diisi",""),IF({j}="","","-"))))))))'
    )
    return f"={text}*{COL_WEIGHT}{r}" if weighted else f"={text}"


def index_formula(r: int, answer_col: str, weighted: bool) -> str:
    k = f"{answer_col}{r}"
    text = f'IF({k}="","Blm Diisi",{k}/4)'
    return f"={text}*{COL_WEIGHT}{r}" if weighted else f"={text}"


def question_value_formula(question: Question, r: int, answer_col: str, weighted: bool) -> str:
    if question.type == "index_0_4":
        return index_formula(r, answer_col, weighted)
    return value_formula(r, answer_col, weighted)


def node_formula(row: Row, framework: Framework, value_col: str) -> str:
    node = framework.nodes[row.ref]
    if node.is_leaf and node.scoring == "mean":
        return f"=AVERAGE({value_col}{row.first}:{value_col}{row.last})*{COL_WEIGHT}{row.row}"
    cells = ",".join(f"{value_col}{r}" for r in row.children) if row.children else ""
    if node.is_leaf:  # weighted: each item's value already carries its bobot
        cells = f"{value_col}{row.first}:{value_col}{row.last}"
    return f"=SUM({cells})"
