"""The LKE of one evaluation as the official workbook (Lampiran III PermenPANRB 90/2021).

Sheet "LKE ZI": the regulation's rows and columns (`lampiran.py`), the unit's answers in K, notes
in O, evidence in P (what) and Q (link), and live formulas in L and on every sub-component, area
and total row, so Excel and LibreOffice recompute the score as the unit types. The TPI and TPN
layers the person may see sit beside them (R–T, U–W), each with its own live values. Sheet
"Utama": the unit's identity and the summary, as formulas on "LKE ZI". Hidden sheet "_zona":
the signed export stamp (`stamp.py`), so that importing this file back only applies what the
person changed. The workbook is an official Indonesian document: its text is Indonesian
whatever the screen language.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from zona.evaluations import presenters
from zona.evaluations.access import visible_layers
from zona.evaluations.models import Evaluation, Layer
from zona.evaluations.views_evidence import evidence_by_question
from zona.lke.model import Framework, Question

from . import lampiran as LA
from .export import (
    EvidenceUrl,
    _evidence_text,
    _stamp_sheet,
    answer_cell,
    clean_text,
    put_identity,
)

LAYER_ORDER = (Layer.UNIT, Layer.TPI, Layer.TPN)
# layer → (answer column, value column, note column)
LAYER_COLUMNS = {
    Layer.UNIT: (LA.COL_ANSWER, LA.COL_VALUE, LA.COL_NOTE),
    Layer.TPI: ("R", "S", "T"),
    Layer.TPN: ("U", "V", "W"),
}
LAYER_HEADERS = {
    Layer.TPI: ("Jawaban TPI", "Nilai TPI", "Catatan TPI"),
    Layer.TPN: ("Jawaban TPN", "Nilai TPN", "Catatan TPN"),
}
WIDTHS = {
    "A": 6, "B": 4, "C": 5.3, "D": 3.4, "E": 4.4, "F": 3.3, "G": 52, "H": 8, "I": 60, "J": 12,
    "K": 12, "L": 12, "M": 10, "N": 2, "O": 45, "P": 40, "Q": 40, "R": 12, "S": 12, "T": 40,
    "U": 12, "V": 12, "W": 40,
}  # fmt: skip
NUMBER = "0.00"
PERCENT = "0.00%"
# Row heights: neither Excel nor LibreOffice fits a row to wrapped text on opening a file that
# states no height, so wrapped lines printed over the next rows. A line of the default font
# (Calibri 11) is 15 pt; a column width unit holds ~1.1 characters of running text.
LINE_HEIGHT = 15.0
CHARS_PER_WIDTH = 1.1
WRAPPED_MIN_WIDTH = 20  # narrower columns hold labels and codes, never wrapped prose
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=12)
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")


def _put(sheet, ref: str, value, *, fmt: str | None = None, bold: bool = False, wrap=False):
    cell = sheet[ref]
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # text, never a formula, even when a person's note starts with "="
    else:
        cell.value = value
    if fmt:
        cell.number_format = fmt
    if bold:
        cell.font = BOLD
    if wrap:
        cell.alignment = WRAP
    return cell


def _formula(sheet, ref: str, formula: str, fmt: str | None = None, bold: bool = False):
    cell = sheet[ref]
    cell.value = formula  # ours, built from row numbers: never a person's text
    if fmt:
        cell.number_format = fmt
    if bold:
        cell.font = BOLD
    return cell


def official_answer(question: Question, stored: str):
    """A stored answer as the official file holds it: "Ya", "B", 12, 3.62, a % as a fraction."""
    value = answer_cell(question, stored)
    if isinstance(value, Decimal):
        value = float(value / 100) if question.type == "percent" else float(value)
    elif isinstance(value, int) and question.type == "percent":
        value = value / 100
    return value


def _criteria_text(question: Question) -> str:
    lines = []
    for option in question.options:
        label = option.capitalize() if question.type == "ya_tidak" else f"{option}."
        criterion = question.criteria.get(option, "")
        lines.append(f"{label} {criterion}".strip())
    lines += list(question.guidance)
    return "\n".join(lines)


def _validation(sheet, validations: dict, question: Question, ref: str) -> None:
    if not question.options:
        return
    validation = validations.get(question.type)
    if validation is None:
        labels = [o.capitalize() if len(o) > 1 else o.upper() for o in question.options]
        validation = DataValidation(type="list", formula1=f'"{",".join(labels)}"', allow_blank=True)
        validations[question.type] = validation
        sheet.add_data_validation(validation)
    validation.add(ref)


def _heading_rows(sheet, layers) -> None:
    _put(sheet, f"B{LA.TITLE_ROW}", LA.TITLE, bold=True).alignment = Alignment(
        wrap_text=True, vertical="center"
    )
    sheet[f"B{LA.TITLE_ROW}"].font = TITLE_FONT
    sheet.merge_cells(f"B{LA.TITLE_ROW}:Q{LA.TITLE_ROW}")
    sheet.row_dimensions[LA.TITLE_ROW].height = 75
    headers = dict(LA.HEADERS)
    for layer in layers:
        if layer in LAYER_HEADERS:
            headers.update(zip(LAYER_COLUMNS[layer], LAYER_HEADERS[layer], strict=True))
    for col, title in headers.items():
        cell = _put(sheet, f"{col}{LA.HEADER_ROW}", title, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = HEADING_FILL
    sheet.merge_cells(f"B{LA.HEADER_ROW}:G{LA.HEADER_ROW}")
    sheet.row_dimensions[LA.HEADER_ROW].height = 30


def _sheet_setup(sheet, layout: LA.Sheet, last_col: str) -> None:
    for col, width in WIDTHS.items():
        sheet.column_dimensions[col].width = width
    sheet.column_dimensions["A"].hidden = True  # the file's own row counter column
    sheet.freeze_panes = f"H{LA.FIRST_ROW}"
    sheet.print_title_rows = f"{LA.HEADER_ROW}:{LA.HEADER_ROW}"
    sheet.print_area = f"B{LA.TITLE_ROW}:{last_col}{layout.last_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _lke_sheet(book, framework: Framework, layers, stored, evidence, evidence_url):
    sheet = book.active
    sheet.title = LA.SHEET
    layout = LA.sheet_for(framework)
    _heading_rows(sheet, layers)
    validations: dict[str, DataValidation] = {}
    for row in layout.rows:
        r = row.row
        if row.kind == "node":
            node = framework.nodes[row.ref]
            label_col, name_col = LA.node_columns(row.depth)
            _put(sheet, f"{label_col}{r}", row.label, bold=True)
            _put(sheet, f"{name_col}{r}", node.name.upper() if row.depth <= 2 else node.name,
                 bold=True)  # fmt: skip
            _put(sheet, f"{LA.COL_WEIGHT}{r}", float(node.weight), bold=True)
            for layer in layers:
                value_col = LAYER_COLUMNS[layer][1]
                if node.parent is None:
                    formula = f"={value_col}{layout.total_rows[node.code]}"
                else:
                    formula = LA.node_formula(row, framework, value_col)
                _formula(sheet, f"{value_col}{r}", formula, NUMBER, bold=True)
            if node.weight:
                _formula(sheet, f"{LA.COL_SHARE}{r}", f"={LA.COL_VALUE}{r}/{LA.COL_WEIGHT}{r}",
                         PERCENT)  # fmt: skip
            for col in "BCDEFGHLM":
                sheet[f"{col}{r}"].fill = HEADING_FILL
        elif row.kind in ("total", "grand"):
            label = LA.GRAND_TOTAL_LABEL if row.kind == "grand" else LA.TOTAL_LABELS.get(
                framework.nodes[row.ref].role or "", f"TOTAL {framework.nodes[row.ref].name}"
            )  # fmt: skip
            _put(sheet, f"B{r}", label.upper(), bold=True)
            for layer in layers:
                value_col = LAYER_COLUMNS[layer][1]
                cells = ",".join(f"{value_col}{c}" for c in row.children)
                _formula(sheet, f"{value_col}{r}", f"=SUM({cells})", NUMBER, bold=True)
        elif row.kind == "appendix":
            _put(sheet, f"F{r}", LA.APPENDIX_TITLE, bold=True)
        elif row.kind == "computed":
            item = framework.computed[row.ref]
            label_col, text_col = LA.item_columns(row.depth)
            _put(sheet, f"{label_col}{r}", row.label)
            _put(sheet, f"{text_col}{r}", item.name, wrap=True)
            inputs = [framework.questions[no] for no in item.inputs]
            guidance = next((q.guidance for q in inputs if q.guidance), ())
            if guidance:
                _put(sheet, f"{LA.COL_CRITERIA}{r}", "\n".join(guidance), wrap=True)
            _put(sheet, f"{LA.COL_TYPE}{r}", LA.COMPUTED_TYPE)
            for layer in layers:
                answer_col, value_col, _note = LAYER_COLUMNS[layer]
                formula = LA.computed_formula(item, row, layout, answer_col)
                _formula(sheet, f"{answer_col}{r}", formula, PERCENT)
                _formula(sheet, f"{value_col}{r}", LA.value_formula(r, answer_col), NUMBER)
        elif row.kind == "subtotal":
            label_col, text_col = LA.item_columns(row.depth)
            _put(sheet, f"{label_col}{r}", "-")
            _put(sheet, f"{text_col}{r}", LA.SUBTOTAL_LABEL)
            _put(sheet, f"{LA.COL_TYPE}{r}", LA.TYPE_TEXT["count"])
            for layer in layers:
                answer_col, value_col, _note = LAYER_COLUMNS[layer]
                _formula(sheet, f"{answer_col}{r}", LA.subtotal_formula(row, layout, answer_col))
                _formula(sheet, f"{value_col}{r}", LA.value_formula(r, answer_col))
        else:
            _question_row(sheet, framework, row, layers, stored, evidence, evidence_url,
                          validations)  # fmt: skip
    last_col = LAYER_COLUMNS[layers[-1]][2] if len(layers) > 1 else LA.COL_LINK
    _sheet_setup(sheet, layout, last_col)
    _fit_row_heights(sheet, [row.row for row in layout.rows])
    return sheet


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` units wide (an estimate by
    character count, on the safe side: a row a little too tall beats text over the next)."""
    per_line = max(int(width * CHARS_PER_WIDTH), 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


def _fit_row_heights(sheet, rows: list[int]) -> None:
    wide = [
        col
        for col, width in WIDTHS.items()
        if width >= WRAPPED_MIN_WIDTH and not sheet.column_dimensions[col].hidden
    ]
    for r in rows:
        lines = 1
        for col in wide:
            cell = sheet[f"{col}{r}"]
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                lines = max(lines, wrapped_lines(cell.value, WIDTHS[col]))
        if lines > 1:
            sheet.row_dimensions[r].height = lines * LINE_HEIGHT


def _question_row(sheet, framework, row, layers, stored, evidence, evidence_url, validations):
    r = row.row
    question = framework.questions[row.ref]
    label_col, text_col = LA.item_columns(row.depth)
    weighted = framework.nodes[question.node].scoring == "weighted"
    if question.type == "count":
        _put(sheet, f"{text_col}{r}", f"- {question.text}", wrap=True)
    else:
        _put(sheet, f"{label_col}{r}", row.label)
        _put(sheet, f"{text_col}{r}", question.text, wrap=True)
        criteria = _criteria_text(question)
        if criteria:
            _put(sheet, f"{LA.COL_CRITERIA}{r}", criteria, wrap=True)
    if weighted and question.weight is not None:
        _put(sheet, f"{LA.COL_WEIGHT}{r}", float(question.weight))
    _put(sheet, f"{LA.COL_TYPE}{r}", LA.TYPE_TEXT[question.type])
    for layer in layers:
        answer_col, value_col, note_col = LAYER_COLUMNS[layer]
        ref = f"{answer_col}{r}"
        sheet[ref].fill = INPUT_FILL
        _validation(sheet, validations, question, ref)
        answer = stored[layer].get(question.no)
        if answer is not None:
            value = official_answer(question, answer.value) if answer.value else None
            if value is not None:
                _put(sheet, ref, value, fmt=PERCENT if question.type == "percent" else None)
            if answer.note:
                _put(sheet, f"{note_col}{r}", answer.note, wrap=True)
        if question.type == "percent":
            sheet[ref].number_format = PERCENT
        formula = LA.question_value_formula(question, r, answer_col, weighted)
        _formula(sheet, f"{value_col}{r}", formula, NUMBER)
    text, first = _evidence_text(evidence.get(question.no, ()), evidence_url)
    if text:
        _put(sheet, f"{LA.COL_EVIDENCE}{r}", text, wrap=True)
        link = _put(sheet, f"{LA.COL_LINK}{r}", first, wrap=True)
        link.hyperlink = first
        link.style = "Hyperlink"


def _summary_sheet(book, evaluation: Evaluation, framework: Framework, exported_by: str):
    """Sheet "Utama": who the workbook is of, and the summary as formulas on "LKE ZI"."""
    sheet = book.create_sheet(LA.SUMMARY_SHEET, 0)
    layout = LA.sheet_for(framework)
    for col, width in {"A": 48, "B": 12, "C": 12, "D": 12}.items():
        sheet.column_dimensions[col].width = width
    title = _put(sheet, "A1", "Lembar Kerja Evaluasi Zona Integritas", bold=True)
    title.font = TITLE_FONT
    row = put_identity(sheet, evaluation, f"{framework.name} ({framework.key})", exported_by)
    row += 1
    for col, text in zip("ABCD", ("Penilaian", "Bobot", "Nilai", " %"), strict=True):
        _put(sheet, f"{col}{row}", text, bold=True).fill = HEADING_FILL
    row += 1
    sheet_ref = f"'{LA.SHEET}'"
    for code, node in framework.nodes.items():
        if node.kind not in ("part", "section", "area", "component"):
            continue
        depth = len(framework.ancestors(code))
        at = layout.node_rows[code]
        _put(sheet, f"A{row}", node.name, bold=depth == 0).alignment = Alignment(indent=depth)
        _formula(sheet, f"B{row}", f"={sheet_ref}!{LA.COL_WEIGHT}{at}", NUMBER)
        _formula(sheet, f"C{row}", f"={sheet_ref}!{LA.COL_VALUE}{at}", NUMBER, bold=depth == 0)
        if node.weight:
            _formula(sheet, f"D{row}", f"=C{row}/B{row}", PERCENT)
        row += 1
    _put(sheet, f"A{row}", LA.GRAND_TOTAL_LABEL, bold=True)
    _formula(sheet, f"B{row}", float(framework.max_total), NUMBER)
    _formula(sheet, f"C{row}", f"={sheet_ref}!{LA.COL_VALUE}{layout.grand_total}", NUMBER, True)
    _formula(sheet, f"D{row}", f"=C{row}/B{row}", PERCENT)
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def build_official_workbook(user, evaluation: Evaluation, evidence_url: EvidenceUrl) -> bytes:
    """The .xlsx of an evaluation in the official layout, as this person may see it."""
    framework = evaluation.framework.framework()
    layers = tuple(x for x in LAYER_ORDER if x in visible_layers(user, evaluation))
    stored = presenters.load_answers(evaluation, layers)
    evidence = evidence_by_question(evaluation)
    exported_by = user.get_full_name() or user.get_username()
    book = Workbook()
    _lke_sheet(book, framework, layers, stored, evidence, evidence_url)
    _summary_sheet(book, evaluation, framework, exported_by)
    _stamp_sheet(book, evaluation, framework, layers, stored, user.get_username())
    book.active = 1  # open on "LKE ZI"
    book.properties.title = f"LKE {evaluation.unit.name} {evaluation.year}"
    book.properties.creator = "Zona"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def answers_workbook(framework: Framework, answers: dict[str, str]) -> bytes:
    """Sheet "LKE ZI" alone, filled with stored answers {question: value} (unit layer): the
    official workbook as a unit would have typed those answers. For tests and benchmarks that
    recalculate it (no evaluation, no database)."""
    stored = {
        Layer.UNIT: {
            no: presenters.Stored(value, "", 0, None, "") for no, value in answers.items() if value
        }
    }
    book = Workbook()
    _lke_sheet(book, framework, (Layer.UNIT,), stored, {}, str)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
