"""The Laporan Hasil Evaluasi as an editable Word document (python-docx), written from the same
context as the PDF (`reports.evaluation_report`): the same letterhead, scores, area chart (a
picture of the PDF's SVG, `chart_block`), conditions, findings, recommendations and signature
block, in the same order.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from zona.core.wordprocessing import (
    DOCX_TYPE,
    FONT,
    chart_block,
    letterhead_block,
    signature_block,
    table_block,
)

from . import numbers

__all__ = ["DOCX_TYPE", "lhe_docx"]


def _identity(context: dict[str, Any]) -> list[tuple[str, str]]:
    e, unit, instansi = context["evaluation"], context["unit"], context["instansi"]
    region = f" ({instansi.region})" if instansi.region else ""
    rows = [
        (_("Unit kerja"), unit.name),
        (_("Instansi"), instansi.name + region),
        (_("Unit type"), f"{unit.unit_type.name} · {unit.get_echelon_display()}"),
        (_("Year"), str(e.year)),
        (_("LKE framework"), f"{context['framework'].name} ({context['framework'].key})"),
        (_("Target predicate"), e.get_target_display()),
        (_("Stage"), e.get_stage_display()),
    ]
    if e.decided_predicate:
        rows.append((_("Predicate decided"), e.get_decided_predicate_display()))
    total = f"{context['total']} ({context['main_layer']})"
    if context["provisional"]:
        total += f" · {context['provisional']}"
    if context["predicate"]:
        total += " · " + _("meets the conditions of %(predicate)s") % {
            "predicate": context["predicate"]
        }
    rows.append((_("Total score"), total))
    return rows


def _findings(document, findings) -> None:
    from docx.shared import Pt

    if not findings:
        document.add_paragraph(_("No findings recorded."))
    for area, questions in findings:
        document.add_heading(area, level=2)
        for q in questions:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run(f"{q.no}. ").bold = True
            paragraph.add_run(q.text)
            answers = " · ".join(f"{name} {answer or '–'}" for name, answer in q.answers)
            detail = document.add_paragraph()
            detail.paragraph_format.keep_with_next = True
            run = detail.add_run(_("Answers") + f": {answers}")
            run.font.size = Pt(8.5)
            if q.criterion:
                run = detail.add_run("\n" + _("Criterion of the answer") + f": {q.criterion}")
                run.font.size = Pt(8.5)
            for item in q.items:
                bullet = document.add_paragraph(style="List Bullet")
                bullet.add_run(f"{item.label[:1].upper()}{item.label[1:]}: ").italic = True
                bullet.add_run(item.text)


def lhe_docx(context: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(18)
    section.left_margin, section.right_margin = Mm(20), Mm(16)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(10)
    style.paragraph_format.space_after = Pt(2)

    letterhead_block(document, context["letterhead"])
    title = document.add_paragraph()
    title.paragraph_format.space_before = Pt(10)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("Laporan Hasil Evaluasi"))
    run.bold, run.font.size = True, Pt(15)
    e = context["evaluation"]
    subtitle = document.add_paragraph(
        _("Zona Integritas") + f" · {context['unit'].name} · {e.year}"
    )
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER

    table_block(document, [_("Identity"), ""], [list(row) for row in _identity(context)], 2, 45)

    document.add_heading(_("Scores per layer and area"), level=1)
    header = [_("Component"), _("Weight"), *[name for _code, name in context["layers"]]]
    rows = [
        [row.label, numbers.points(row.weight), *[f"{p} ({s})" for p, s, _w in row.cells]]
        for row in context["score_rows"]
    ]
    table_block(document, header, rows)
    chart_block(document, context["chart"])

    document.add_heading(
        _("Conditions of %(target)s (%(main_layer)s)")
        % {"target": e.get_target_display(), "main_layer": context["main_layer"]},
        level=1,
    )
    header = [_("Predicate condition"), _("Minimum required"), _("Achieved"),
              _("Condition met"), _("Short by")]  # fmt: skip
    rows = [
        [c["label"], f"≥ {c['required']}", c["actual"],
         "✓ " + _("yes") if c["met"] else "✗ " + _("no"), c["shortfall"]]
        for c in context["conditions"]
    ]  # fmt: skip
    table_block(document, header, rows)
    met = _("All conditions of the target are met.")
    document.add_paragraph().add_run(
        f"✓ {met}"
        if context["target_met"]
        else "✗ " + _("Not every condition of the target is met.")
    ).bold = True

    document.add_heading(_("Findings per area"), level=1)
    _findings(document, context["findings"])

    document.add_heading(_("Recommendations"), level=1)
    if context["recommendations"]:
        for sentence in context["recommendations"]:
            document.add_paragraph(sentence, style="List Number")
    else:
        document.add_paragraph(_("No answer change would raise the score further."))
    signature_block(document, context["signature"])

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
