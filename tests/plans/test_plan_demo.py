"""The demo plans: realistic, tied to the six areas, some overdue, one signed monev."""

from __future__ import annotations

from zona.core.demo_data import load_demo
from zona.plans.models import ActionPlan, Activity, MonevReport, overdue_q
from zona.plans.timeline import DONE, unit_timeline


def test_demo_plans(frameworks):
    load_demo()
    plans = {p.unit.name: p for p in ActionPlan.objects.select_related("unit")}
    assert set(plans) == {
        "Biro Persidangan II",
        "Biro Kerja Sama Antar-Parlemen (BKSAP)",
        "Dinas Kependudukan dan Pencatatan Sipil",
    }
    sidang = plans["Biro Persidangan II"]
    assert set(sidang.activities.values_list("area", flat=True)) == {
        "MP", "TT", "SDM", "AK", "PW", "PP",
    }  # fmt: skip
    from django.utils import timezone

    today = timezone.localdate()
    assert Activity.objects.filter(overdue_q(today), plan=sidang).count() == 4
    signed = MonevReport.objects.get(status="signed")
    assert signed.unit == sidang.unit and signed.signed_by.username == "kabiro.persidangan2"
    stages = {s.number: s.status for s in unit_timeline(sidang.unit, today.year)}
    assert stages[1] == stages[2] == stages[3] == DONE


def test_demo_activities_serve_strategies(frameworks):
    from zona.plans.queries import strategy_summary

    load_demo()
    plans = {p.unit.name: p for p in ActionPlan.objects.select_related("unit")}
    assert not Activity.objects.filter(strategies__isnull=True).exists()
    from django.utils import timezone

    today = timezone.localdate()
    sidang = strategy_summary(plans["Biro Persidangan II"], today)
    assert sidang.missing == []
    dukcapil = plans["Dinas Kependudukan dan Pencatatan Sipil"]
    assert [s.code for s in strategy_summary(dukcapil, today).missing] == ["manajemen-media"]
