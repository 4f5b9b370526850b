"""The proposal package (paket usulan) an instansi sends to KemenPANRB for one unit, as one ZIP:
the cover letter (surat usulan) and the statement of responsibility (SPTJM) in Word and PDF, the
LKE workbook (`official.build_official_workbook`), the TLHP recap in Word and PDF, the survey
results report of the evaluation year and the Laporan Hasil Evaluasi, both in Word and PDF.

Like the official workbook, these are official Indonesian documents: `package` writes them in
Indonesian whatever the screen language. Their sentences are in the catalogue (English msgids,
Indonesian in zona/workbook/locale), like every other word Zona shows. Each letter is one
`Letter` (blocks of text, lists and tables and a signature block); `letter_pdf` and
`letter_docx` write the same `Letter` as PDF and Word.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from zona.accounts.models import Role, RoleAssignment
from zona.core import numbers
from zona.dashboards.lhe_docx import lhe_docx
from zona.dashboards.reports import evaluation_report
from zona.evaluations.access import NATIONAL_STAGES
from zona.evaluations.models import Evaluation, Stage
from zona.findings.tlhp import counts_for_unit, cutoffs_for_year, explain
from zona.orgs.letterhead import Letterhead, letterhead
from zona.surveys.report import unit_period_report
from zona.surveys.results import min_group_size

from .official import build_official_workbook

READY_STAGES = (Stage.TPI_FINAL, *NATIONAL_STAGES)  # the TPI has finished its layer
BLANK = "…" * 8  # a place or a name to fill in by hand
BLANK_NAME = "…" * 14


def _kemenpanrb() -> list[str]:
    """The addressee of a proposal, as an Indonesian letter writes it."""
    return [
        _("To the Minister of State Apparatus Empowerment and Bureaucratic Reform"),
        _("attn. the Deputy for Bureaucratic Reform, Apparatus Accountability and Supervision"),
        _("in Jakarta"),
    ]


@dataclass
class Letter:
    title: str
    letterhead: Letterhead
    blocks: list[tuple] = field(
        default_factory=list
    )  # ("p", text) ("ol", items) ("table", h, rows)
    place_date: str = ""
    signer: dict[str, str] | None = None


def _holder(role: str, **scope):
    found = RoleAssignment.objects.filter(role=role, **scope).select_related("user").first()
    if found is None:
        return ""
    return found.user.get_full_name() or found.user.get_username()


def _place_date(evaluation: Evaluation, today: date) -> str:
    city = evaluation.unit.instansi.city or BLANK
    return f"{city}, {date_format(today, 'j F Y')}"


def _head_of_unit(unit) -> str:
    return _("Head of %(unit)s") % {"unit": unit.name}


def cover_letter(evaluation: Evaluation, today: date, total: str, surveyed: bool) -> Letter:
    unit, instansi = evaluation.unit, evaluation.unit.instansi
    figures = {"target": evaluation.get_target_display(), "year": evaluation.year,
               "instansi": instansi.name, "unit": unit.name}  # fmt: skip
    letter = Letter(
        _("Proposal of %(target)s work units for %(year)s") % figures, letterhead(instansi),
        place_date=_place_date(evaluation, today),
        signer={"position": _("Leadership of %(instansi)s") % figures,
                "name": _holder(Role.LEADERSHIP, instansi=instansi)},
    )  # fmt: skip
    attachments = [
        _("Statement of absolute responsibility (SPTJM)") + ";",
        _("Zona Integritas evaluation worksheet (LKE) of %(unit)s for %(year)s") % figures + ";",
        _("Evaluation report of the Internal Assessment Team") + ";",
        _("Recap of the follow-up of audit findings (TLHP)") + (";" if surveyed else "."),
    ]
    if surveyed:
        attachments.append(
            _("Report of the anti-corruption perception and service quality surveys of %(year)s")
            % figures
            + "."
        )
    letter.blocks = [
        ("lines", _kemenpanrb()),
        ("p", _("Subject: proposal of %(target)s work units for %(year)s") % figures),
        ("p", _("On the basis of the assessment by the Internal Assessment Team (TPI) of "
                "%(instansi)s of the development of the Zona Integritas in %(year)s, we hereby "
                "propose the following work unit for evaluation by the National Assessment "
                "Team towards the %(target)s predicate:") % figures),
        ("table", [_("Work unit"), _("Score"), _("Predicate proposed")],
         [[unit.name, total, figures["target"]]]),
        ("p", _("As material for the evaluation, we enclose:")),
        ("ol", attachments),
        ("p", _("We submit this proposal for your consideration. Thank you for your attention "
                "and cooperation.")),
    ]  # fmt: skip
    return letter


def sptjm(evaluation: Evaluation, today: date, *_ignored) -> Letter:
    unit = evaluation.unit
    name = _holder(Role.UNIT_LEAD, unit=unit)
    letter = Letter(
        _("Statement of absolute responsibility"), letterhead(unit.instansi),
        place_date=_place_date(evaluation, today),
        signer={"position": _head_of_unit(unit), "name": name},
    )  # fmt: skip
    letter.blocks = [
        ("p", _("The undersigned:")),
        ("table", ["", ""], [[_("Name"), name or BLANK_NAME],
                             [_("Position"), _head_of_unit(unit)],
                             [_("Instansi"), unit.instansi.name]]),
        ("p", _("declares truthfully that the answers and the evidence we submit in the Zona "
                "Integritas evaluation worksheet of %(unit)s for %(year)s are true, complete "
                "and accountable. Should any discrepancy be found later, we are prepared to "
                "take responsibility in accordance with the laws and regulations.")
              % {"unit": unit.name, "year": evaluation.year}),
        ("p", _("This statement is made truthfully.")),
    ]  # fmt: skip
    return letter


def tlhp_recap(evaluation: Evaluation, today: date, *_ignored) -> Letter:
    unit = evaluation.unit
    cutoffs = [cutoff for _key, cutoff in cutoffs_for_year(evaluation.year, today)]
    counts = counts_for_unit(unit.pk, cutoffs)
    rows, notes = [], []
    for cutoff in cutoffs:
        tally = counts[cutoff]
        percentage = tally.percentage
        rows.append([
            date_format(cutoff, "j F Y"), numbers.count(tally.total),
            numbers.count(tally.sesuai), numbers.count(tally.belum_sesuai),
            numbers.count(tally.belum), numbers.count(tally.tidak_dapat),
            numbers.percent(float(percentage), 2) if percentage is not None else numbers.NOTHING,
        ])  # fmt: skip
        notes.append(explain(tally))
    letter = Letter(
        _("Recap of the follow-up of audit findings (TLHP) of %(unit)s") % {"unit": unit.name},
        letterhead(unit.instansi), place_date=_place_date(evaluation, today),
        signer={"position": _head_of_unit(unit), "name": _holder(Role.UNIT_LEAD, unit=unit)},
    )  # fmt: skip
    letter.blocks = [
        ("p", _("The recommendations of the internal and external audits of the work unit and "
                "their status at each cut-off date; TLHP percentage = sesuai ÷ (all "
                "recommendations - tidak dapat ditindaklanjuti) × 100.")),
        ("table", [_("Deadline"), _("Recommendations"),
                   pgettext("TLHP recap column", "As recommended"),
                   pgettext("TLHP recap column", "Not yet as recommended"),
                   pgettext("TLHP recap column", "Not yet followed up"),
                   pgettext("TLHP recap column", "Cannot be followed up"), "TLHP"], rows),
        *(("p", note) for note in notes),
    ]  # fmt: skip
    return letter


def letter_pdf(letter: Letter) -> bytes:
    import weasyprint

    html = render_to_string("workbook/letter_pdf.html", {"letter": letter})
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()


def letter_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from zona.core.wordprocessing import letterhead_block, signature_block, table_block

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    letterhead_block(document, letter.letterhead)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = title.paragraph_format.space_after = Pt(10)
    run = title.add_run(letter.title.upper())
    run.bold = run.underline = True
    for kind, *rest in letter.blocks:
        if kind == "p":
            document.add_paragraph(rest[0])
        elif kind == "lines":
            for line in rest[0]:
                document.add_paragraph(line).paragraph_format.space_after = Pt(0)
            document.add_paragraph()
        elif kind == "ol":
            for item in rest[0]:
                document.add_paragraph(item, style="List Number")
        elif kind == "table":
            header, rows = rest
            if not any(header):  # a table of labels and values: no header row
                header, rows = rows[0], rows[1:]
            table_block(document, header, rows, numeric_from=len(header), first_mm=50,
                        text_width_mm=165)  # fmt: skip
            document.add_paragraph()
    if letter.signer:
        signature_block(document, {"place_date": letter.place_date, **letter.signer})
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _survey_report(evaluation: Evaluation) -> tuple[bytes, bytes] | None:
    """The yearly survey report (PDF, Word) if the unit surveyed the whole year, else that of
    its last quarter surveyed."""
    from zona.dashboards.reports import render_pdf
    from zona.surveys.report_docx import results_report_docx

    for quarter in (None, 4, 3, 2, 1):
        reports = unit_period_report(evaluation.unit, evaluation.year, quarter)
        if reports:
            context = {
                "unit": evaluation.unit, "period": reports[0].survey.period_label,
                "reports": reports, "letterhead": letterhead(evaluation.unit.instansi),
                "min_group": min_group_size(),
            }  # fmt: skip
            word = results_report_docx(
                context["unit"], context["period"], reports, context["letterhead"],
                context["min_group"],
            )  # fmt: skip
            return render_pdf("surveys/report_pdf.html", context), word
    return None


def package(user, evaluation: Evaluation, evidence_url, today: date | None = None) -> bytes:
    """The ZIP, named files in the order of the cover letter's list of attachments."""
    from zona.dashboards.reports import render_pdf

    today = today or timezone.localdate()
    stem = slugify(evaluation.unit.name)
    files: list[tuple[str, bytes]] = []
    with override("id"):
        report: dict[str, Any] = evaluation_report(user, evaluation, {}, outward=True)
        total = f"{report['total']} ({report['main_layer']})"
        survey = _survey_report(evaluation)
        if survey is not None:
            files.append(("05-laporan-hasil-survei.pdf", survey[0]))
            files.append(("05-laporan-hasil-survei.docx", survey[1]))
        for number, build in (("01-surat-usulan", cover_letter), ("02-sptjm", sptjm),
                              ("04-rekap-tlhp", tlhp_recap)):  # fmt: skip
            letter = build(evaluation, today, total, survey is not None)
            files.append((f"{number}.pdf", letter_pdf(letter)))
            files.append((f"{number}.docx", letter_docx(letter)))
        files.append((f"03-LKE-{stem}-{evaluation.year}.xlsx",
                      build_official_workbook(user, evaluation, evidence_url)))  # fmt: skip
        files.append(("06-laporan-hasil-evaluasi.pdf", render_pdf("dashboards/report_pdf.html",
                                                                 report)))  # fmt: skip
        files.append(("06-laporan-hasil-evaluasi.docx", lhe_docx(report)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in sorted(files):
            archive.writestr(f"paket-usulan-{stem}-{evaluation.year}/{name}", body)
    return out.getvalue()
