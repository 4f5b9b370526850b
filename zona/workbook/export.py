"""The LKE workbook of one evaluation in Zona's earlier "Jawaban" layout (before the download
became the official Lampiran III workbook, `official.py`). Units still hold workbooks in this
layout, so the import reads it (`reader.py`); the builder stays for that contract and its tests.

Sheet "Jawaban": every node, question and computed item on its row (`layout.py`), the answers,
notes and values of each layer the person may see, the unit's evidence as permission-checked
links. Sheet "Nilai": the scores per part, section, area and layer, and every predicate condition.
Hidden sheet "_zona": the export stamp (`stamp.py`).

The workbook is an official Indonesian document, so its text is Indonesian whatever the screen
language. Values are written as computed by `zona.lke` (full precision, shown with 2 decimals),
without formulas.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from zona.evaluations import presenters
from zona.evaluations.access import visible_layers
from zona.evaluations.models import Evaluation, Layer
from zona.evaluations.views_evidence import evidence_by_question
from zona.lke.model import CHOICE_OPTIONS, Framework, Question
from zona.lke.scoring import Result

from . import layout as L
from .stamp import SHEET as STAMP_SHEET
from .stamp import Stamp, note_digest

ANSWER_SHEET = "Jawaban"
SCORE_SHEET = "Nilai"
LAYER_ORDER = (Layer.UNIT, Layer.TPI, Layer.TPN)
LAYER_NAMES = {Layer.UNIT: "Unit", Layer.TPI: "TPI", Layer.TPN: "TPN"}
TYPE_LABELS = {
    "ya_tidak": "Ya/Tidak", "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E",
    "percent": "Persentase (0–100)", "count": "Jumlah", "index_0_4": "Indeks 0–4",
}  # fmt: skip
NUMBER = "0.00"
BOLD = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WIDTHS = {"A": 12, "B": 60, "C": 8, "D": 12, "E": 50, "F": 30, "J": 10, "K": 12, "L": 40,
          "M": 50, "N": 12, "O": 10, "Q": 40, "R": 12, "S": 40, "T": 10}  # fmt: skip
WRAP = Alignment(wrap_text=True, vertical="top")

EvidenceUrl = Callable[[int], str]  # evidence pk → absolute download URL


def clean_text(text: str) -> str:
    """Text a cell can hold: control characters (other than tab and line breaks) removed."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _put(sheet, ref: str, value, *, number: bool = False, bold: bool = False):
    cell = sheet[ref]
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # never a formula, even when the text starts with "="
    else:
        cell.value = value
    if number:
        cell.number_format = NUMBER
    if bold:
        cell.font = BOLD
    return cell


def answer_cell(question: Question, stored: str) -> str | Decimal | int | None:
    """A stored answer as a person types it in the workbook: "Ya", "B", 12, 3.62."""
    if not stored:
        return None
    if question.type == "ya_tidak":
        return stored.capitalize()
    if question.type in CHOICE_OPTIONS:
        return stored.upper()
    number = Decimal(stored)
    return int(number) if number == number.to_integral_value() else number


def _options_text(question: Question) -> str:
    lines = []
    for option in question.options:
        label = option.capitalize() if question.type == "ya_tidak" else option.upper()
        criterion = question.criteria.get(option, "")
        lines.append(f"{label}: {criterion}" if criterion else label)
    return "\n".join(lines)


def _formula_text(framework: Framework, code: str) -> str:
    item = framework.computed[code]
    rule = item.zero_division
    return (
        f"{item.formula} (batas {item.floor}–{item.cap}; 0/0 = {rule.zero_over_zero}, "
        f"n/0 = {rule.nonzero_over_zero})"
    )


def _evidence_text(links, evidence_url: EvidenceUrl) -> tuple[str, str | None]:
    lines, first = [], None
    for link in links:
        evidence = link.evidence
        url = evidence_url(evidence.pk) if evidence.file_id else evidence.url
        first = first or url
        lines.append(f"{evidence.description}: {url}")
    return "\n".join(lines), first


def _answers_sheet(book, evaluation, framework, layers, stored, results, evidence, evidence_url):
    sheet = book.active
    sheet.title = ANSWER_SHEET
    for col, title in L.HEADERS.items():
        _put(sheet, f"{col}{L.HEADER_ROW}", title, bold=True).alignment = WRAP
    for col, width in WIDTHS.items():
        sheet.column_dimensions[col].width = width
    for col in L.HIDDEN_COLUMNS:
        sheet.column_dimensions[col].hidden = True
    sheet.freeze_panes = f"C{L.FIRST_ROW}"
    validations: dict[str, DataValidation] = {}
    layout = L.layout_for(framework)
    for line in layout.lines:
        r = line.row
        if line.kind == "title":
            _put(sheet, f"B{r}", L.APPENDIX_TITLE, bold=True)
            continue
        if line.kind == "node":
            node = framework.nodes[line.ref]
            _put(sheet, f"A{r}", node.code, bold=True)
            _put(sheet, f"B{r}", node.name, bold=True).alignment = Alignment(indent=line.depth)
            _put(sheet, f"C{r}", float(node.weight), number=True)
            for layer in layers:
                value_col = L.LAYER_COLUMNS[layer][2]
                # blank where the official workbook shows no number (not computable yet)
                value = results[layer].value_or_none(node.code)
                _put(sheet, f"{value_col}{r}", value, number=True)
            for col in ("A", "B", "C", *(L.LAYER_COLUMNS[x][2] for x in LAYER_ORDER)):
                sheet[f"{col}{r}"].fill = HEADING_FILL
            continue
        if line.kind == "computed":
            item = framework.computed[line.ref]
            _put(sheet, f"A{r}", item.code)
            _put(sheet, f"B{r}", item.name).alignment = Alignment(indent=line.depth, wrap_text=True)
            _put(sheet, f"D{r}", "Persentase terhitung")
            _put(sheet, f"F{r}", _formula_text(framework, item.code)).alignment = WRAP
            for layer in layers:
                value = results[layer].computed[item.code]
                cell = f"{L.LAYER_COLUMNS[layer][2]}{r}"
                _put(sheet, cell, value.value_or_none, number=True)
            continue
        question = framework.questions[line.ref]
        _put(sheet, f"A{r}", question.no)
        _put(sheet, f"B{r}", question.text).alignment = Alignment(
            indent=line.depth, wrap_text=True, vertical="top"
        )
        if question.weight is not None:
            _put(sheet, f"C{r}", float(question.weight), number=True)
        _put(sheet, f"D{r}", TYPE_LABELS[question.type])
        _put(sheet, f"E{r}", _options_text(question)).alignment = WRAP
        if question.guidance:
            _put(sheet, f"F{r}", "\n".join(question.guidance)).alignment = WRAP
        for layer in LAYER_ORDER:
            answer_col, note_col, value_col = L.LAYER_COLUMNS[layer]
            sheet[f"{answer_col}{r}"].fill = INPUT_FILL
            if question.options:
                validation = validations.get(f"{layer}/{question.type}")
                if validation is None:
                    labels = [o.capitalize() if len(o) > 1 else o.upper() for o in question.options]
                    validation = DataValidation(
                        type="list", formula1=f'"{",".join(labels)}"', allow_blank=True
                    )
                    validations[f"{layer}/{question.type}"] = validation
                    sheet.add_data_validation(validation)
                validation.add(f"{answer_col}{r}")
            if layer not in layers:
                continue
            answer = stored[layer].get(question.no)
            if answer is not None:
                value = answer_cell(question, answer.value)
                if value is not None:
                    _put(sheet, f"{answer_col}{r}", value)
                if answer.note:
                    _put(sheet, f"{note_col}{r}", answer.note).alignment = WRAP
            if question.scored:
                value = results[layer].question_values.get(question.no)
                answered = results[layer].answers.get(question.no) is not None
                _put(sheet, f"{value_col}{r}", value if answered else None, number=True)
        text, first = _evidence_text(evidence.get(question.no, ()), evidence_url)
        if text:
            cell = _put(sheet, f"{L.COL_EVIDENCE}{r}", text)
            cell.alignment = WRAP
            cell.hyperlink = first
    return sheet


def put_identity(sheet, evaluation, framework_label: str, exported_by: str, row: int = 3) -> int:
    """Who and what the workbook is of, as label/value rows from `row` in columns A–B; returns
    the first row after them."""
    facts = [
        ("Unit kerja", evaluation.unit.name),
        ("Instansi", evaluation.unit.instansi.name),
        ("Tahun", evaluation.year),
        ("Target predikat", evaluation.get_target_display()),
        ("Predikat yang dimiliki", evaluation.get_previous_predicate_display() or "–"),
        ("Kerangka LKE", framework_label),
        ("Tahap", evaluation.get_stage_display()),
        ("Diekspor", f"{timezone.localtime():%Y-%m-%d %H:%M} oleh {exported_by}"),
    ]
    for label, value in facts:
        _put(sheet, f"A{row}", label, bold=True)
        _put(sheet, f"B{row}", value if isinstance(value, int) else str(value))
        row += 1
    return row


def _score_sheet(book, evaluation, framework, layers, results, exported_by: str):
    sheet = book.create_sheet(SCORE_SHEET)
    sheet.column_dimensions["A"].width = 50
    for col in "BCDEFGHI":
        sheet.column_dimensions[col].width = 14
    _put(sheet, "A1", "Lembar Kerja Evaluasi Zona Integritas — Nilai", bold=True)
    row = put_identity(sheet, evaluation, f"{framework.key} · {framework.name}", exported_by)
    row += 1
    headers = ["Komponen", "Bobot"]
    for layer in layers:
        headers += [f"Nilai {LAYER_NAMES[layer]}", f"% {LAYER_NAMES[layer]}"]
    for i, title in enumerate(headers):
        _put(sheet, f"{chr(65 + i)}{row}", title, bold=True)
    row += 1

    def line(label: str, weight: float | None, values: list[float], bold: bool = False):
        nonlocal row
        _put(sheet, f"A{row}", label, bold=bold)
        if weight is not None:
            _put(sheet, f"B{row}", weight, number=True)
        for i, value in enumerate(values):
            _put(sheet, f"{chr(67 + 2 * i)}{row}", value, number=True, bold=bold)
            if weight and value is not None:
                cell = _put(sheet, f"{chr(68 + 2 * i)}{row}", value / weight)
                cell.number_format = "0.00%"
        row += 1

    for code, node in framework.nodes.items():
        if node.kind in ("part", "section", "area"):
            indent = "   " * len(framework.ancestors(code))
            values = [results[x].value_or_none(code) for x in layers]
            line(f"{indent}{code} {node.name}", float(node.weight), values,
                 bold=node.kind == "part")  # fmt: skip
    row += 1
    _put(sheet, f"A{row}", "Area (Pemenuhan + Reform)", bold=True)
    row += 1
    for i, area in enumerate(framework.areas):
        line(area.name, float(area.weight), [results[x].areas[i].value_or_none for x in layers])
    row += 1
    line("Pengungkit", float(framework.role_node("pengungkit").weight),
         [results[x].pengungkit_or_none for x in layers], bold=True)  # fmt: skip
    line("Hasil", float(framework.role_node("hasil").weight),
         [results[x].hasil_or_none for x in layers], bold=True)  # fmt: skip
    line("Total", float(framework.max_total), [results[x].total_or_none for x in layers], bold=True)
    _put(sheet, f"A{row}", "Predikat menurut nilai", bold=True)
    for i, layer in enumerate(layers):
        predicate = results[layer].predicate
        _put(sheet, f"{chr(67 + 2 * i)}{row}", predicate.name if predicate else "–", bold=True)
    row += 2
    _put(sheet, f"A{row}", "Syarat predikat", bold=True)
    row += 1
    headers = ["Syarat", "Batas"]
    for layer in layers:
        headers += [f"Capaian {LAYER_NAMES[layer]}", f"Terpenuhi {LAYER_NAMES[layer]}"]
    for i, title in enumerate(headers):
        _put(sheet, f"{chr(65 + i)}{row}", title, bold=True)
    row += 1
    per_layer = {layer: results[layer].conditions for layer in layers}
    for predicate in framework.predicates:
        _put(sheet, f"A{row}", predicate.name, bold=True)
        row += 1
        first = per_layer[layers[0]]
        for index, condition in enumerate(first):
            if condition.predicate != predicate.code:
                continue
            _put(sheet, f"A{row}", condition.label)
            _put_condition_value(sheet, f"B{row}", condition, condition.required)
            for i, layer in enumerate(layers):
                other = per_layer[layer][index]
                _put_condition_value(sheet, f"{chr(67 + 2 * i)}{row}", other, other.actual)
                _put(sheet, f"{chr(68 + 2 * i)}{row}", "Ya" if other.met else "Tidak")
            row += 1
    return sheet


def _put_condition_value(sheet, ref, condition, value):
    if condition.kind == "predicate":
        _put(sheet, ref, str(value or "–"))
    elif condition.kind == "share":
        _put(sheet, ref, value).number_format = "0.00%"
    else:
        _put(sheet, ref, value, number=True)


def _stamp_sheet(book, evaluation, framework, layers, stored, exported_by: str):
    sheet = book.create_sheet(STAMP_SHEET)
    sheet.sheet_state = "hidden"
    stamp = Stamp(
        evaluation=evaluation.pk,
        framework=framework.key,
        exported_at=timezone.now().isoformat(),
        exported_by=exported_by,
        answers={
            layer: {
                no: (a.version, a.value, note_digest(a.note)) for no, a in stored[layer].items()
            }
            for layer in layers
        },
    )
    for i, piece in enumerate(stamp.dumps(), start=1):
        _put(sheet, f"A{i}", piece)


def build_answers_workbook(user, evaluation: Evaluation, evidence_url: EvidenceUrl) -> bytes:
    """The .xlsx of an evaluation as this person may see it (only their visible layers)."""
    framework = evaluation.framework.framework()
    layers = tuple(x for x in LAYER_ORDER if x in visible_layers(user, evaluation))
    stored = presenters.load_answers(evaluation, layers)
    results: dict[str, Result] = presenters.score_layers(
        evaluation, framework, presenters.normalised(stored)
    )
    evidence = evidence_by_question(evaluation)
    exported_by = user.get_full_name() or user.get_username()
    book = Workbook()
    _answers_sheet(book, evaluation, framework, layers, stored, results, evidence, evidence_url)
    _score_sheet(book, evaluation, framework, layers, results, exported_by)
    _stamp_sheet(book, evaluation, framework, layers, stored, user.get_username())
    book.properties.title = f"LKE {evaluation.unit.name} {evaluation.year}"
    book.properties.creator = "Zona"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
