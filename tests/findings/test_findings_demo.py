import pytest
from django.utils import timezone

from zona.core.demo_data import load_demo
from zona.findings import tlhp
from zona.findings.capaian import assess
from zona.findings.models import Finding, PerformanceRecord, Recommendation
from zona.orgs.models import UnitKerja


@pytest.mark.django_db
def test_demo_findings_have_mixed_statuses_and_a_capaian_record():
    load_demo()
    assert Finding.objects.values("unit").distinct().count() == 4
    assert set(Recommendation.objects.values_list("status", flat=True)) == {
        "sesuai", "belum_sesuai", "belum", "tidak_dapat"
    }  # fmt: skip
    today = timezone.localdate()
    assert any(r.is_overdue(today) for r in Recommendation.objects.all())
    unit = UnitKerja.objects.get(name="Biro Persidangan II")
    # now: 2 sesuai (setoran, teguran), 1 belum sesuai (SOP), 2 belum (publikasi, kartu
    # persediaan), 1 tidak dapat (nilai persediaan) → 2 of (6 - 1) = 40 %
    tally = tlhp.counts_for_unit(unit.pk, [today])[today]
    assert (tally.sesuai, tally.belum_sesuai, tally.belum, tally.tidak_dapat) == (2, 1, 2, 1)
    assert tally.percentage == 40
    record = PerformanceRecord.objects.get(unit=unit)
    assert assess(list(record.indicators.all()), record.outcome_oriented).suggested == "b"
