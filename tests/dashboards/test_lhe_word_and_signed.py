"""The LHE as a Word document from the same content as its PDF, and the signed copy: uploaded
by the TPI or the coordinator (audited), refused in Indonesian when it is not a PDF, kept with
every earlier copy, downloaded by whoever sees the evaluation and nobody else."""

from __future__ import annotations

import io

import docx
import pytest
from dashboard_fill import fill
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from zona.audit.models import AuditEvent
from zona.evaluations.models import Comment, RevisionRequest, SignedReport

SIGNED = b"%PDF-1.4\n% signed by the TPI lead\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _word_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def test_word_and_pdf_say_the_same(client_for, evaluation, world):
    fill(evaluation, "unit", 0.9)
    result = fill(evaluation, "tpi", 0.6)
    tpi = world.users["tpi_a"]
    RevisionRequest.objects.create(
        evaluation=evaluation, question="1", reason="Lengkapi SK tim", requested_by=tpi
    )
    Comment.objects.create(evaluation=evaluation, question="3", layer="tpi", author=tpi,
                           body="Catatan internal TPI rahasia", internal=True)  # fmt: skip
    client = client_for("coordinator_a")
    response = client.get(reverse("dashboards:report_docx", args=[evaluation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"] == (
        'attachment; filename="laporan-hasil-evaluasi-unit-a1-2026.docx"'
    )
    word = _word_text(response.content)
    pdf = client.get(reverse("dashboards:report_pdf", args=[evaluation.pk])).content
    pdf_text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    total = f"{result.total:.2f}".replace(".", ",")
    question = " ".join(evaluation.framework.framework().questions["1"].text.split())
    same = ["Laporan Hasil Evaluasi", "Unit A1", total, "Lengkapi SK tim", question[:50],
            "nilai total naik", "Ketua Tim Penilai Internal (TPI)"]  # fmt: skip
    for expected in same:
        assert expected in word, expected
        assert expected in pdf_text, expected
    # the coordinator may read the internal notes; the unit's Word copy never has them
    unit_word = _word_text(
        client_for("lead_a1").get(reverse("dashboards:report_docx", args=[evaluation.pk])).content
    )
    assert "Lengkapi SK tim" in unit_word and "Catatan internal TPI rahasia" not in unit_word


def _upload(client, evaluation, content=SIGNED, name="lhe-ttd.pdf", note="ditandatangani"):
    return client.post(
        reverse("dashboards:signed_upload", args=[evaluation.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf"), "note": note},
    )


def test_signed_copy_is_kept_audited_and_downloadable(client_for, evaluation, world):
    client = client_for("tpi_lead_a")
    response = _upload(client, evaluation)
    assert response.status_code == 302 and response["Location"].endswith("/laporan/#signed")
    _upload(client, evaluation, SIGNED + b"% corrected\n", "lhe-ttd-revisi.pdf")
    rows = list(SignedReport.objects.filter(evaluation=evaluation))
    assert [r.original_name for r in rows] == ["lhe-ttd-revisi.pdf", "lhe-ttd.pdf"]
    events = AuditEvent.objects.filter(action="evaluation.signed_report_uploaded")
    assert sorted(e.after["sha256"] for e in events) == sorted(r.sha256 for r in rows)
    assert {e.actor for e in events} == {world.users["tpi_lead_a"]}
    page = client_for("lead_a1").get(reverse("dashboards:report", args=[evaluation.pk]))
    html = page.content.decode()
    assert "lhe-ttd-revisi.pdf" in html and "terbaru" in html
    assert 'action="/dasbor/' not in html  # the unit reads, it does not upload
    download = client_for("lead_a1").get(
        reverse("dashboards:signed_download", args=[evaluation.pk, rows[-1].pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SIGNED
    assert download["Content-Disposition"].startswith("attachment;")


def test_a_file_that_is_not_a_pdf_is_refused_in_indonesian(client_for, evaluation):
    client = client_for("coordinator_a")
    response = _upload(client, evaluation, b"<html>not a pdf</html>", "lhe.pdf")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Laporan bertanda tangan harus berupa berkas PDF." in page
    assert not SignedReport.objects.exists()


@pytest.mark.parametrize(
    "role, status",
    [("sysadmin", 302), ("coordinator_a", 302), ("tpi_a", 302), ("tpi_lead_a", 302),
     ("leadership_a", 403), ("member_a1", 403), ("lead_a1", 403), ("tpn", 404), ("norole", 404)],
)  # fmt: skip
def test_who_may_upload(client_for, evaluation, role, status):
    response = _upload(client_for(role), evaluation)
    assert response.status_code == status
    assert SignedReport.objects.exists() == (status == 302)


@pytest.mark.parametrize(
    "role, status",
    [("sysadmin", 200), ("coordinator_a", 200), ("tpi_a", 200), ("leadership_a", 200),
     ("member_a1", 200), ("lead_a1", 200), ("tpn", 404), ("norole", 404)],
)  # fmt: skip
def test_who_may_download(client_for, evaluation, world, role, status):
    _upload(client_for("tpi_lead_a"), evaluation)
    signed = SignedReport.objects.get()
    url = reverse("dashboards:signed_download", args=[evaluation.pk, signed.pk])
    assert client_for(role).get(url).status_code == status


def test_a_signed_copy_is_only_reached_through_its_own_evaluation(client_for, evaluation, world):
    from zona.evaluations import actions

    other = actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    _upload(client_for("tpi_lead_a"), evaluation)
    signed = SignedReport.objects.get()
    # unit A1's team sees its own evaluation, not A2's: the copy is not reachable through A2
    wrong = reverse("dashboards:signed_download", args=[other.pk, signed.pk])
    assert client_for("coordinator_a").get(wrong).status_code == 404


def test_word_holds_the_pdf_chart_with_its_caption(client_for, evaluation):
    """The area chart of the PDF, as a PNG picture of the same SVG, captioned as in the PDF."""
    from documents_charts import inked_share, pictures_with_captions

    fill(evaluation, "unit", 0.9)
    client = client_for("coordinator_a")
    word = client.get(reverse("dashboards:report_docx", args=[evaluation.pk])).content
    pictures = pictures_with_captions(word)
    assert len(pictures) == 1
    picture, caption = pictures[0]
    assert caption == "Capaian terhadap bobot tiap area"
    pdf = client.get(reverse("dashboards:report_pdf", args=[evaluation.pk])).content
    assert caption in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert picture.format == "PNG" and picture.width >= 1200
    assert 0.05 < inked_share(picture) < 0.6
