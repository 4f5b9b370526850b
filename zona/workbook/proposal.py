"""The proposal package (paket usulan) an instansi sends to KemenPANRB for one unit, as one ZIP:
the cover letter (surat usulan) and the statement of responsibility (SPTJM) in Word and PDF, the
LKE workbook (`official.build_official_workbook`), the TLHP recap in Word and PDF, the survey
results report of the evaluation year and the Laporan Hasil Evaluasi, both in Word and PDF.

Like the official workbook, these are official Indonesian documents: their text is Indonesian
whatever the screen language. Each letter is one `Letter` (blocks of text, lists and tables and
a signature block); `letter_html` and `letter_docx` write the same `Letter` as PDF and Word.
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
from django.utils.translation import override

from zona.accounts.models import Role, RoleAssignment
from zona.dashboards.lhe_docx import lhe_docx
from zona.dashboards.reports import evaluation_report
from zona.evaluations.access import NATIONAL_STAGES
from zona.evaluations.models import Evaluation, Stage
from zona.findings.tlhp import counts_for_unit, cutoffs_for_year, explain
from zona.lke.display import format_number
from zona.orgs.letterhead import Letterhead, letterhead
from zona.surveys.report import unit_period_report
from zona.surveys.results import min_group_size

from .official import build_official_workbook

READY_STAGES = (Stage.TPI_FINAL, *NATIONAL_STAGES)  # the TPI has finished its layer
KEMENPANRB = [
    "Yth. Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
    "c.q. Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan",
    "di Jakarta",
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
    city = evaluation.unit.instansi.city or "……………………"
    return f"{city}, {date_format(today, 'j F Y')}"


def cover_letter(evaluation: Evaluation, today: date, total: str, surveyed: bool) -> Letter:
    unit, instansi = evaluation.unit, evaluation.unit.instansi
    target = evaluation.get_target_display()
    letter = Letter(
        f"Usulan Unit Kerja {target} Tahun {evaluation.year}", letterhead(instansi),
        place_date=_place_date(evaluation, today),
        signer={"position": f"Pimpinan {instansi.name}",
                "name": _holder(Role.LEADERSHIP, instansi=instansi)},
    )  # fmt: skip
    letter.blocks = [
        ("lines", KEMENPANRB),
        ("p", f"Hal: Usulan unit kerja {target} tahun {evaluation.year}"),
        ("p", f"Berdasarkan hasil penilaian Tim Penilai Internal (TPI) {instansi.name} atas "
              f"pembangunan Zona Integritas tahun {evaluation.year}, bersama ini kami "
              f"mengusulkan unit kerja berikut untuk dievaluasi oleh Tim Penilai Nasional "
              f"menuju predikat {target}:"),
        ("table", ["Unit kerja", "Nilai", "Predikat yang diusulkan"],
         [[unit.name, total, target]]),
        ("p", "Sebagai bahan evaluasi, bersama ini kami lampirkan:"),
        ("ol", ["Surat Pernyataan Tanggung Jawab Mutlak (SPTJM);",
                f"Lembar Kerja Evaluasi (LKE) Zona Integritas {unit.name} tahun "
                f"{evaluation.year};",
                "Laporan Hasil Evaluasi Tim Penilai Internal;",
                "Rekapitulasi tindak lanjut hasil pemeriksaan (TLHP)"
                + (";" if surveyed else "."),
                *([f"Laporan hasil survei persepsi anti korupsi dan kualitas pelayanan tahun "
                   f"{evaluation.year}."] if surveyed else [])]),
        ("p", "Demikian usulan ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu, "
              "kami ucapkan terima kasih."),
    ]  # fmt: skip
    return letter


def sptjm(evaluation: Evaluation, today: date, *_ignored) -> Letter:
    unit = evaluation.unit
    name = _holder(Role.UNIT_LEAD, unit=unit)
    letter = Letter(
        "Surat Pernyataan Tanggung Jawab Mutlak", letterhead(unit.instansi),
        place_date=_place_date(evaluation, today),
        signer={"position": f"Kepala {unit.name}", "name": name},
    )  # fmt: skip
    letter.blocks = [
        ("p", "Yang bertanda tangan di bawah ini:"),
        ("table", ["", ""], [["Nama", name or "……………………………………"],
                             ["Jabatan", f"Kepala {unit.name}"],
                             ["Instansi", unit.instansi.name]]),
        ("p", f"menyatakan dengan sesungguhnya bahwa jawaban dan bukti dukung yang kami "
              f"sampaikan dalam Lembar Kerja Evaluasi Zona Integritas {unit.name} tahun "
              f"{evaluation.year} adalah benar, lengkap, dan dapat dipertanggungjawabkan. "
              f"Apabila di kemudian hari ditemukan ketidaksesuaian, kami bersedia "
              f"bertanggung jawab sesuai dengan ketentuan peraturan perundang-undangan."),
        ("p", "Demikian surat pernyataan ini kami buat dengan sebenarnya."),
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
            date_format(cutoff, "j F Y"), str(tally.total), str(tally.sesuai),
            str(tally.belum_sesuai), str(tally.belum), str(tally.tidak_dapat),
            f"{format_number(float(percentage), 'id', 2)} %" if percentage is not None else "–",
        ])  # fmt: skip
        notes.append(explain(tally))
    letter = Letter(
        f"Rekapitulasi Tindak Lanjut Hasil Pemeriksaan (TLHP) {unit.name}",
        letterhead(unit.instansi), place_date=_place_date(evaluation, today),
        signer={"position": f"Kepala {unit.name}", "name": _holder(Role.UNIT_LEAD, unit=unit)},
    )  # fmt: skip
    letter.blocks = [
        ("p", "Rekomendasi hasil pemeriksaan internal dan eksternal atas unit kerja dan "
              "statusnya pada setiap batas waktu; persentase TLHP = sesuai ÷ (seluruh "
              "rekomendasi - tidak dapat ditindaklanjuti) × 100."),
        ("table", ["Batas waktu", "Rekomendasi", "Sesuai", "Belum sesuai",
                   "Belum ditindaklanjuti", "Tidak dapat ditindaklanjuti", "TLHP"], rows),
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
