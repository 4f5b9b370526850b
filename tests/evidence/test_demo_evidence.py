"""`manage.py demo` gives the demo units believable evidence: generated PDFs and photos naming
the unit, and links, attached to most answered questions and to the finished activities, stored
once (loading the demo again stores nothing twice), and downloadable by the unit team."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from zona.evaluations.models import Answer, Evaluation, EvidenceLink
from zona.evidence.demo import DOCUMENTS, LINKS, pdf_bytes
from zona.evidence.models import Evidence, EvidenceFile
from zona.plans.models import Activity, ActivityStatus


def test_a_generated_pdf_reads_back():
    reader = PdfReader(io.BytesIO(pdf_bytes("SK Tim (ZI)", ["Biro Persidangan II", "Nomor 1"])))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "SK Tim (ZI)" in text and "Biro Persidangan II" in text


@pytest.mark.django_db
def test_demo_units_have_evidence(client):
    call_command("demo", stdout=StringIO())
    per_unit = sum(len(rows) for rows in DOCUMENTS.values()) + sum(map(len, LINKS.values()))
    evaluations = list(Evaluation.objects.select_related("unit"))
    assert len(evaluations) == 6
    assert Evidence.objects.count() == 6 * per_unit == 150
    files = EvidenceFile.objects.count()
    for evaluation in evaluations:
        answered = Answer.objects.filter(evaluation=evaluation, layer="unit").count()
        backed = (
            EvidenceLink.objects.filter(evaluation=evaluation).values("question").distinct().count()
        )
        # Most answered questions have evidence, not all (some still lack it, as in real life).
        assert 0.5 * answered <= backed < answered, evaluation.unit.name
    done = Activity.objects.filter(status=ActivityStatus.DONE)
    assert done.exists() and all(a.evidence_links.count() == 2 for a in done)
    assert not Activity.objects.filter(
        status=ActivityStatus.NOT_STARTED, evidence_links__isnull=False
    ).exists()

    # The files are what they say: a PDF naming its unit, a real PNG.
    sk = Evidence.objects.select_related("file", "unit").get(
        unit__name="Biro Persidangan II", description="SK Tim Kerja Pembangunan Zona Integritas"
    )
    with sk.file.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert "Biro Persidangan II" in text and sk.filename.endswith(".pdf")
    photo = Evidence.objects.select_related("file").filter(filename__endswith=".png").first()
    with photo.file.file.open("rb") as handle:
        assert Image.open(handle).size == (320, 200)

    # Loading the demo again adds nothing.
    call_command("demo", stdout=StringIO())
    assert Evidence.objects.count() == 150 and EvidenceFile.objects.count() == files

    # The unit's operator downloads it from the LKE.
    link = EvidenceLink.objects.filter(evidence=sk).select_related("evaluation").first()
    assert link is not None
    client.login(username="operator.persidangan2", password="zona-demo-2026")
    response = client.get(
        reverse("evaluations:evidence_download", args=[link.evaluation_id, sk.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
