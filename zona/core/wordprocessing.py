"""Blocks of the Word documents Zona writes (python-docx): the letterhead, a grid table with set
column widths, and the signature block. The LHE, the survey results report and the letters of
the proposal package are built from them, so that they look alike; `chart_block` puts a chart in
as the PDF draws it."""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Arial"


def _rule_below(paragraph) -> None:
    """A double line under the letterhead, as on a kop surat."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "double"),
        ("w:sz", "12"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


TEXT_WIDTH_MM = 174  # A4 less margins of 20 and 16 mm


def table_block(
    document, header, rows, numeric_from: int = 1, first_mm: float = 70,
    text_width_mm: float = TEXT_WIDTH_MM,
):  # fmt: skip
    """A grid table; the first column (the labels) `first_mm` wide, the rest sharing the
    remaining width."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if index >= numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    rest = Mm((text_width_mm - first_mm) / max(len(header) - 1, 1))
    for index, column in enumerate(table.columns):  # the grid (LibreOffice reads this one)
        column.width = Mm(first_mm) if index == 0 else rest
    for row in table.rows:  # and each cell (Word reads these)
        for index, cell in enumerate(row.cells):
            cell.width = Mm(first_mm) if index == 0 else rest
    return table


def letterhead_block(document, head) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    if head.logo:
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(head.logo), height=Mm(18))
    name = document.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run(head.name.upper())
    run.bold, run.font.size = True, Pt(14)
    lines = [*head.address_lines, *([head.contact] if head.contact else [])]
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        if index == len(lines) - 1:
            _rule_below(paragraph)
    if not lines:
        _rule_below(name)


def signature_block(document, signature: dict[str, Any]) -> None:
    """Place and date (or a ready "place_date"), position, room to sign, name and NIP."""
    from docx.shared import Mm

    blank = "……………………"
    when = date_format(signature["date"], "j F Y") if signature.get("date") else blank
    lines = [
        signature.get("place_date") or f"{signature.get('place') or blank}, {when}",
        signature.get("position") or "",
        "",
        "",
        "",
        signature.get("name") or blank * 2,
        _("NIP") + f" {signature.get('nip') or blank * 2}",
    ]
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(95)
        paragraph.paragraph_format.keep_with_next = index < len(lines) - 1
        run = paragraph.add_run(line)
        run.bold = index == 5


def chart_block(document, chart, width_mm: float = TEXT_WIDTH_MM, max_height_mm: float = 75):
    """A chart of zona.charts as the PDF draws it (a PNG of the same SVG), centred, with its
    title as the caption under it; picture and caption kept on one page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from zona.charts import Figure
    from zona.core.chart_images import chart_png, chart_title

    wide = chart.wide if isinstance(chart, Figure) else chart
    width = min(width_mm, max_height_mm * wide.width / wide.height)
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(chart_png(wide)), width=Mm(width))
    caption = document.add_paragraph(chart_title(wide), style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return caption
