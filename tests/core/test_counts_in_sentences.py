"""Counts inside translated sentences: the singular or plural form chosen by the count
(ngettext / blocktranslate count), and the number written by zona.core.numbers — 1.250 in
Indonesian, 1,250 in English, never 1250."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation
from world import PASSWORD

from zona.findings.tlhp import TlhpCount, explain
from zona.surveys.report_docx import _method


def test_tlhp_explanation_groups_its_counts():
    big = TlhpCount(date(2026, 6, 30), sesuai=1250, belum_sesuai=3400, belum=12, tidak_dapat=1001)
    with translation.override("id"):
        text = explain(big)
        assert text.startswith("1.250 sesuai dari 4.662 rekomendasi (5.663 tercatat, 1.001 tidak")
        assert "3.400 belum sesuai, 12 belum ditindaklanjuti" in text
        assert explain(TlhpCount(date(2026, 6, 30), tidak_dapat=2500)).startswith(
            "Seluruh 2.500 rekomendasi tidak dapat ditindaklanjuti"
        )
    with translation.override("en"):
        assert explain(big).startswith("1,250 sesuai of 4,662 recommendations (5,663 recorded")
        one = TlhpCount(date(2026, 6, 30), sesuai=1)
        assert explain(one).startswith("1 sesuai of 1 recommendation (1 recorded")  # singular
        assert explain(TlhpCount(date(2026, 6, 30), tidak_dapat=1)).startswith(
            "1 recommendation recorded, and it cannot be followed up"
        )


def _kind(population: int, statements: int):
    return SimpleNamespace(
        survey=SimpleNamespace(
            opens_on=date(2026, 10, 1), closes_on=date(2026, 12, 31),
            instrument=SimpleNamespace(statement_codes=[f"S{i}" for i in range(statements)]),
        ),
        sd="0,41", result=SimpleNamespace(population=population),
    )  # fmt: skip


def test_survey_method_sentences_count_in_both_languages():
    with translation.override("id"):
        text = _method(_kind(12500, 10), 1000)
        assert "menjawab 10 pernyataan" in text
        assert "N = 12.500 pengguna layanan" in text
        assert "kurang dari 1.000 orang" in text
    with translation.override("en"):
        text = _method(_kind(12500, 1), 1)
        assert "answered 1 statement on a scale" in text  # the singular
        assert "N = 12,500 service users" in text
        assert "fewer than 1 respondent is in it" in text


@pytest.mark.django_db
def test_audit_trail_counts_its_events_with_thousands(client, world):
    from zona.audit.models import AuditEvent

    AuditEvent.objects.all().delete()
    AuditEvent.objects.bulk_create(
        AuditEvent(actor_label="sistem", action="unit.updated", object_type="orgs.unitkerja",
                   object_id="1", object_label="Unit A1")
        for _ in range(1250)
    )  # fmt: skip
    client.login(username="sysadmin", password=PASSWORD)
    page = client.get(reverse("audit:events")).content.decode()
    assert "1.250 peristiwa" in page and "1250 peristiwa" not in page
