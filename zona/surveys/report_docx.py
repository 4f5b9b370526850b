"""The survey results report as a Word document, from the same `report.KindReport`s as its PDF:
the same summary, method, respondents, tables per statement, group and period, and the same
charts (pictures of the PDF's SVG, `chart_block`)."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zona.core import numbers
from zona.core.wordprocessing import FONT, chart_block, letterhead_block, table_block
from zona.orgs.letterhead import Letterhead

from .report import KindReport


def _method(k: KindReport, min_group: int) -> str:
    """The method paragraph of the PDF, sentence by sentence (the same catalogue entries)."""
    statements = len(k.survey.instrument.statement_codes)
    parts = [
        ngettext(
            "The survey was open from %(opens)s to %(closes)s. Each respondent answered "
            "%(statements)s statement on a scale of 1 to 4; a respondent's score is the mean "
            "of their answers and the index is the mean of the respondents' scores.",
            "The survey was open from %(opens)s to %(closes)s. Each respondent answered "
            "%(statements)s statements on a scale of 1 to 4; a respondent's score is the mean "
            "of their answers and the index is the mean of the respondents' scores.",
            statements,
        )
        % {
            "opens": date_format(k.survey.opens_on, "DATE_FORMAT"),
            "closes": date_format(k.survey.closes_on, "DATE_FORMAT"),
            "statements": numbers.count(statements),
        },
        _(
            "The margin of error at 95 %% confidence is E = 1.96 · s / √n, with s = %(sd)s "
            "the standard deviation of the scores."
        )
        % {"sd": k.sd},
    ]
    if k.result.population:
        parts.append(
            ngettext(
                "It includes the finite-population correction for N = %(population)s service "
                "user in the period.",
                "It includes the finite-population correction for N = %(population)s service "
                "users in the period.",
                k.result.population,
            )
            % {"population": numbers.count(k.result.population)}
        )
    parts.append(
        ngettext(
            "A group's index is withheld when fewer than %(min)s respondent is in it, so "
            "that no one's answers can be recognised.",
            "A group's index is withheld when fewer than %(min)s respondents are in it, so "
            "that no one's answers can be recognised.",
            min_group,
        )
        % {"min": numbers.count(min_group)}
    )
    return " ".join(parts)


def results_report_docx(
    unit, period: str, reports: list[KindReport], head: Letterhead, min_group: int
) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(20), Mm(16)
    document.styles["Normal"].font.name = FONT
    document.styles["Normal"].font.size = Pt(10)
    letterhead_block(document, head)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(10)
    run = title.add_run(_("Survey results report"))
    run.bold, run.font.size = True, Pt(15)
    document.add_paragraph(f"{unit.name} · {period}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    margin = "± 95 %"
    for k in reports:
        document.add_heading(f"{k.survey.kind_label} · {k.survey.instrument.title.id}", level=1)
        table_block(document, [_("Index (1–4)"), _("Margin of error (95 %)"), _("Respondents"),
                               _("Respondents needed")],
                    [[k.index, f"± {k.margin}", numbers.count(k.result.n),
                      numbers.count(k.needed)]],
                    numeric_from=0, first_mm=43.5)  # fmt: skip
        document.add_heading(_("Method"), level=2)
        document.add_paragraph(_method(k, min_group))
        document.add_heading(_("Respondents"), level=2)
        rows = [[label, numbers.count(n)] for label, n in k.channels]
        rows.append([_("Total"), numbers.count(k.result.n)])
        table_block(document, [_("Channel"), _("Respondents")], rows, first_mm=120)
        document.add_heading(_("Index per statement"), level=2)
        rows = [
            [s.code, s.label, s.mean, s.margin, *map(numbers.count, s.counts)] for s in k.statements
        ]
        table = table_block(document, [_("Code"), _("Statement"), _("Mean"), margin,
                                       "1", "2", "3", "4"], rows, 2, 14)  # fmt: skip
        widths = [Mm(14), Mm(80), *[Mm((174 - 94) / 6)] * 6]  # the text gets the room
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        chart_block(document, k.statement_chart, max_height_mm=70)
        for label, group_rows in k.groups:
            document.add_heading(_("Index by %(group)s") % {"group": label}, level=2)
            rows = [
                [
                    r.label,
                    numbers.count(r.n),
                    *((_("withheld"), "") if r.withheld else (r.mean, r.margin)),
                ]
                for r in group_rows
            ]
            table_block(document, [label, _("Respondents"), _("Index"), margin], rows,
                        first_mm=80)  # fmt: skip
        document.add_heading(_("Trend"), level=2)
        rows = [[p, numbers.count(n), index, m] for p, n, index, m in k.trend]
        table_block(document, [_("Period"), _("Respondents"), _("Index"), margin], rows,
                    first_mm=80)  # fmt: skip
        chart_block(document, k.trend_chart, max_height_mm=70)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
