"""Laporan Hasil Evaluasi and the instansi summary: PDFs generated with the unit's name and
total in their text, findings only as the reader's role allows, signature fields validated."""

from __future__ import annotations

import io

from dashboard_fill import fill
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from zona.evaluations.models import Comment, Evaluation, RevisionRequest


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    # Words as read, whatever the line breaks of narrow table columns.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_report_pdf_has_name_total_and_signature(client_for, evaluation):
    fill(evaluation, "unit", 0.9)
    result = fill(evaluation, "tpi", 0.8)
    client = client_for("tpi_lead_a")
    url = reverse("dashboards:report_pdf", args=[evaluation.pk])
    text = _pdf_text(
        client.get(url, {"name": "Siti Rahmawati", "nip": "198501012010012001",
                         "place": "Jakarta", "date": "2026-05-20"})
    )  # fmt: skip
    assert "Unit A1" in text
    assert f"{result.total:.2f}".replace(".", ",") in text  # the TPI layer is the main one
    assert "Siti Rahmawati" in text and "198501012010012001" in text
    assert "20 Mei 2026" in text
    assert "Laporan Hasil Evaluasi" in text


def test_findings_respect_internal_notes(client_for, evaluation, world):
    fill(evaluation, "unit", 0.9)
    fill(evaluation, "tpi", 0.6)
    tpi = world.users["tpi_a"]
    RevisionRequest.objects.create(
        evaluation=evaluation, question="1", reason="Lengkapi SK tim", requested_by=tpi
    )
    Comment.objects.create(evaluation=evaluation, question="2", layer="tpi", author=tpi,
                           body="Catatan internal TPI rahasia", internal=True)  # fmt: skip
    Comment.objects.create(evaluation=evaluation, question="3", layer="tpi", author=tpi,
                           body="Catatan terbuka TPI", internal=False)  # fmt: skip
    url = reverse("dashboards:report", args=[evaluation.pk])
    unit_view = client_for("lead_a1").get(url).content.decode()
    assert "Lengkapi SK tim" in unit_view
    assert "Catatan terbuka TPI" in unit_view
    assert "Catatan internal TPI rahasia" not in unit_view
    unit_pdf = _pdf_text(
        client_for("lead_a1").get(reverse("dashboards:report_pdf", args=[evaluation.pk]))
    )
    assert "Catatan internal TPI rahasia" not in unit_pdf
    assert "Lengkapi SK tim" in unit_pdf
    tpi_view = client_for("tpi_a").get(url).content.decode()
    assert "Catatan internal TPI rahasia" in tpi_view
    # Released: the unit reads the TPI's notes.
    Evaluation.objects.filter(pk=evaluation.pk).update(tpi_released=True)
    assert "Catatan internal TPI rahasia" in client_for("lead_a1").get(url).content.decode()


def test_report_escapes_user_text(client_for, evaluation, world):
    fill(evaluation, "unit", 0.5)
    RevisionRequest.objects.create(
        evaluation=evaluation, question="1", reason="<script>alert(1)</script>",
        requested_by=world.users["tpi_a"],
    )  # fmt: skip
    html = client_for("tpi_a").get(reverse("dashboards:report", args=[evaluation.pk])).content
    assert b"<script>alert(1)" not in html
    assert b"&lt;script&gt;alert(1)" in html


def test_bad_nip_is_explained_and_kept(client_for, evaluation):
    response = client_for("tpi_a").get(
        reverse("dashboards:report", args=[evaluation.pk]), {"nip": "12ab", "name": "Budi"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="12ab"' in html and "is-invalid" in html
    assert "Budi" in html.split('id="signature"')[1]  # the valid field still reaches the block


def test_instansi_summary_pdf(client_for, evaluation, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = fill(evaluation, "unit", 0.7)
    client = client_for("coordinator_a")
    # made on the queue (eager here): the POST leads to the job, whose page has the download
    job_url = client.post(reverse("dashboards:instansi_pdf", args=[world.a.pk]), {"tahun": 2026})[
        "Location"
    ]
    response = client.get(job_url.rstrip("/") + "/unduh/")
    text = _pdf_text(response)
    assert "Instansi A" in text and "Unit A1" in text and "Unit A2" in text
    # The stored conditions of the target: how many hold, and the first failed one by name.
    wbk = result.conditions_of("WBK")
    with translation.override("id"):
        count = gettext("%(met)s of %(total)s conditions met")
    assert count % {"met": sum(c.met for c in wbk), "total": len(wbk)} in text
    first_failed = next(c.label for c in wbk if not c.met).split(": ", 1)[0]
    assert "✗ " + first_failed in text


def test_report_shows_no_number_where_the_workbook_has_none(client_for, evaluation, world):
    from zona.evaluations import actions

    # One answer: Penyusunan Tim Kerja has a value (its one answered question, the workbook's
    # AVERAGE), everything above it has none yet.
    actions.save_answer(world.users["member_a1"], evaluation, "1", "unit", "ya", "", 0)
    html = client_for("lead_a1").get(reverse("dashboards:report", args=[evaluation.pk]))
    page = html.content.decode()
    reason = "Belum dapat dihitung: ada jawaban atau jumlah yang diperlukan belum diisi."
    assert f'<strong id="report-total" title="{reason}">–</strong>' in page
    assert "sementara: 127 pertanyaan belum dijawab" in page
    share = '<span class="small d-block d-sm-inline">(–)</span>'
    assert f'<td class="num" title="{reason}">– {share}</td>' in page
