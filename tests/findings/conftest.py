"""Fixtures for the findings tests: a way to put findings of a unit in place with a history."""

from __future__ import annotations

from datetime import date

import pytest

from zona.findings.models import Finding, Recommendation, StatusChange


@pytest.fixture
def make_finding(world):
    """`make_finding(unit, "2025-03-01", [("sesuai", "2025-06-30"), ("belum", None)])`: a BPK
    finding reported that day with one recommendation per status entry (status and its date),
    written directly (the actions have their own tests)."""

    def _make(unit, reported: str, statuses, source="bpk"):
        finding = Finding.objects.create(
            unit=unit, source=source, report_number=f"LHP {reported}",
            report_date=date.fromisoformat(reported), title="Temuan",
        )  # fmt: skip
        for entry in statuses:
            rec = Recommendation.objects.create(finding=finding, text="Rekomendasi")
            history = entry if isinstance(entry, list) else [entry]
            for status, on in history:
                if on is None:
                    continue
                StatusChange.objects.create(
                    recommendation=rec, to_status=status, effective_on=date.fromisoformat(on)
                )
                rec.status, rec.status_on = status, date.fromisoformat(on)
            rec.save()
        return finding

    return _make


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); the Indonesian catalogue is checked by
    scripts/messages.sh --check."""
    from django.utils import translation

    with translation.override("en"):
        yield
