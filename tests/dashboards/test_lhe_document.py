"""The Laporan Hasil Evaluasi as a document to send: the letterhead and logo of the instansi,
findings with the question's text, the layers' answers and the criterion, recommendations as
sentences with figures, the signature block from the TPI lead's role, and pages that are used
(rendered to PNG and measured)."""

from __future__ import annotations

import io
import re

import pytest
from dashboard_fill import fill
from django.urls import reverse
from documents import largest_gap, pages_as_png, used_share
from PIL import Image
from pypdf import PdfReader

from zona.evaluations.models import Answer, Comment, RevisionRequest
from zona.orgs.models import Instansi


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reviewed(evaluation, world):
    """Unit A1's evaluation answered by the unit and the TPI, with findings of every kind."""
    fill(evaluation, "unit", 0.9)
    fill(evaluation, "tpi", 0.6)
    tpi = world.users["tpi_a"]
    RevisionRequest.objects.create(
        evaluation=evaluation, question="1", reason="Lengkapi SK tim", requested_by=tpi
    )
    Answer.objects.filter(evaluation=evaluation, layer="tpi", question="2").update(
        note="Belum ada notulen rapat penyusunan"
    )
    Comment.objects.create(evaluation=evaluation, question="3", layer="tpi", author=tpi,
                           body="Catatan internal TPI rahasia", internal=True)  # fmt: skip
    world.users["tpi_lead_a"].first_name = "Siti"
    world.users["tpi_lead_a"].last_name = "Rahmawati"
    world.users["tpi_lead_a"].save()
    Instansi.objects.filter(pk=world.a.pk).update(
        address="Jalan Merdeka Barat 7\nJakarta 10110", contact="www.a.go.id", city="Jakarta"
    )
    return evaluation


def _pdf(client, evaluation, **query) -> bytes:
    response = client.get(reverse("dashboards:report_pdf", args=[evaluation.pk]), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_findings_carry_question_text_answers_and_criterion(client_for, reviewed):
    framework = reviewed.framework.framework()
    text = _text(_pdf(client_for("tpi_lead_a"), reviewed))
    q1, q2 = framework.questions["1"], framework.questions["2"]
    # the question's own words, not only its number
    assert " ".join(q1.text.split())[:60] in text
    assert " ".join(q2.text.split())[:60] in text
    assert "Perlu perbaikan: Lengkapi SK tim" in text
    assert "Catatan TPI: Belum ada notulen rapat penyusunan" in text
    # the layers' answers side by side and the criterion of the TPI's answer
    tpi_answer = Answer.objects.get(evaluation=reviewed, layer="tpi", question="2").value
    criterion = " ".join(q2.criteria[tpi_answer].split())
    assert "Kriteria jawaban: " + criterion[:50] in text
    assert (
        "Jawaban: Unit (penilaian mandiri) A" in text
        or "Jawaban: Unit (penilaian mandiri) Ya" in text
    )


def test_unit_never_reads_the_internal_tpi_notes(client_for, reviewed):
    text = _text(_pdf(client_for("lead_a1"), reviewed))
    assert "Catatan internal TPI rahasia" not in text
    assert "Lengkapi SK tim" in text
    assert "Catatan internal TPI rahasia" in _text(_pdf(client_for("tpi_a"), reviewed))


def test_recommendations_are_sentences_with_figures(client_for, reviewed):
    page = client_for("tpi_a").get(reverse("dashboards:report", args=[reviewed.pk]))
    block = page.content.decode().split('id="recommendations"')[1].split("</ol>")[0]
    items = re.findall(r"<li>(.*?)</li>", block, flags=re.S)
    assert len(items) >= 3
    for item in items:
        assert "→" not in item
        assert re.search(r"nilai total naik \d+,\d\d poin", item), item
        assert item.rstrip().endswith(".")
    framework = reviewed.framework.framework()
    first = re.search(r"pertanyaan (\w+), “", items[0])
    if first:  # a question move quotes the question
        assert framework.questions[first.group(1)].text.rstrip(". ")[:30] in items[0]


def test_signature_comes_from_the_tpi_lead_and_the_letterhead(client_for, reviewed):
    text = _text(_pdf(client_for("coordinator_a"), reviewed))
    assert "Siti Rahmawati" in text
    assert "Ketua Tim Penilai Internal (TPI) Instansi A" in text
    assert "Jakarta," in text
    # what the signer types wins
    typed = _text(
        _pdf(client_for("coordinator_a"), reviewed, name="Budi Santoso", place="Bandung",
             nip="198501012010012001", date="2026-05-20")
    )  # fmt: skip
    assert "Budi Santoso" in typed and "Siti Rahmawati" not in typed
    assert "Bandung, 20 Mei 2026" in typed and "198501012010012001" in typed


def test_letterhead_and_logo_are_printed(client_for, reviewed, world):
    out = io.BytesIO()
    Image.new("RGB", (120, 120), (200, 30, 30)).save(out, "PNG")
    Instansi.objects.get(pk=world.a.pk).logo.save("logo.png", io.BytesIO(out.getvalue()))
    pdf = _pdf(client_for("tpi_a"), reviewed)
    first = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(first.images) == 1
    head = " ".join(first.extract_text().split())[:200]
    assert head.startswith("INSTANSI A")
    assert "Jalan Merdeka Barat 7" in head and "www.a.go.id" in head


def test_no_page_is_left_mostly_empty(client_for, reviewed):
    pages = pages_as_png(_pdf(client_for("tpi_lead_a"), reviewed))
    assert len(pages) >= 2
    for number, page in enumerate(pages[:-1], start=1):
        assert used_share(page) >= 1 / 3, f"page {number} is used {used_share(page):.0%}"
        assert largest_gap(page) < 0.2, f"page {number} has a blank band {largest_gap(page):.0%}"
