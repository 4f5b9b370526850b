"""The action plan's section on the unit dashboard: counts for the year shown, only for those
who may see the unit's plans."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from zona.frameworks.models import FrameworkVersion
from zona.plans.dashboard import action_plan_section
from zona.plans.models import ActionPlan, Activity, ActivityStatus


@pytest.fixture
def plan(world, frameworks):
    version = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    plan = ActionPlan.objects.create(unit=world.a1, year=2026, framework=version)
    for title, status, progress, due in (
        ("Sosialisasi kode etik", ActivityStatus.DONE, 100, dt.date(2026, 2, 1)),
        ("Survei IPAK triwulan I", ActivityStatus.RUNNING, 40, dt.date(2020, 3, 31)),
        ("SOP layanan", ActivityStatus.NOT_STARTED, 0, dt.date(2099, 6, 30)),
    ):
        Activity.objects.create(
            plan=plan, title=title, area="MP", status=status, progress=progress,
            start_date=dt.date(2020, 1, 1), due_date=due, owner_name="Budi", owner_email="b@x.test",
            output="Laporan",
        )  # fmt: skip
    return plan


def test_section_counts_the_plan_of_the_year(world, plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        html = action_plan_section(world.a1, 2026, world.users["lead_a1"])
    assert "3 kegiatan" in html
    counts = dict(
        re.findall(r"(Selesai|Berjalan|Belum mulai|Terlambat): <strong>(\d+)</strong>", html)
    )
    assert counts == {"Selesai": "1", "Berjalan": "1", "Belum mulai": "1", "Terlambat": "1"}


def test_no_section_for_whom_may_not_see_plans(world, plan):
    assert action_plan_section(world.a1, 2026, world.users["tpn"]) is None
    assert action_plan_section(world.a2, 2026, world.users["coordinator_a"]) is None


def test_the_unit_dashboard_shows_it(client, world, plan):
    client.force_login(world.users["lead_a1"])
    response = client.get(reverse("dashboards:unit", args=[world.a1.pk]))
    assert response.status_code == 200
    assert reverse("plans:unit", args=[world.a1.pk]) in response.content.decode()
