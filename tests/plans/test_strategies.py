"""The five strategies: seeded from the seed deck, tagged on activities through the action (with
the audit trail), counted per plan, filtered, and pointed out when no activity serves one."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from world import PASSWORD

from zona.audit.models import AuditEvent
from zona.plans import queries
from zona.plans.dashboard import action_plan_section
from zona.plans.models import Strategy

TODAY = date(2026, 6, 15)  # the plans tests run on this day (conftest)


@pytest.fixture
def member(client, world):
    client.login(username="member_a1", password=PASSWORD)
    return client


@pytest.mark.django_db
def test_the_five_strategies_of_the_seed_are_data():
    rows = list(Strategy.objects.values_list("number", "code", "name_id"))
    assert rows == [
        (1, "komitmen", "Komitmen"),
        (2, "kemudahan-pelayanan", "Kemudahan Pelayanan"),
        (3, "program-menyentuh-masyarakat", "Program yang Menyentuh Masyarakat"),
        (4, "monitoring-evaluasi", "Monitoring dan Evaluasi"),
        (5, "manajemen-media", "Manajemen Media"),
    ]
    media = Strategy.objects.get(code="manajemen-media")
    assert media.explanation_id.endswith("telah dilakukan diketahui oleh masyarakat")
    assert media.name_en == "Media management"


def test_tagging_goes_through_the_action_with_the_audit_trail(plan, make_activity):
    activity = make_activity(plan, strategies=["manajemen-media", "komitmen"])
    assert [s.code for s in activity.strategies.all()] == ["komitmen", "manajemen-media"]
    created = AuditEvent.objects.filter(action="activity.created").latest("pk")
    assert created.after["strategies"] == ["komitmen", "manajemen-media"]


def test_unknown_strategy_is_refused_and_nothing_saved(plan, make_activity):
    with pytest.raises(ValidationError) as refused:
        make_activity(plan, strategies=["komitmen", "sulap"])
    assert "sulap" in refused.value.message_dict["strategies"][0]
    assert not plan.activities.exists()


def test_summary_by_strategy_counts_activities_done_and_overdue(plan, make_activity):
    make_activity(plan, strategies=["komitmen"], status="selesai", progress=100)
    make_activity(plan, strategies=["komitmen", "manajemen-media"], due_date=date(2026, 5, 1))
    make_activity(plan, strategies=["monitoring-evaluasi"], due_date=date(2026, 12, 1))
    make_activity(plan)  # serves no strategy yet
    summary = queries.strategy_summary(plan, TODAY)
    by_code = {s.code: (s.total, s.done, s.overdue) for s in summary.rows}
    assert by_code == {
        "komitmen": (2, 1, 1),
        "kemudahan-pelayanan": (0, 0, 0),
        "program-menyentuh-masyarakat": (0, 0, 0),
        "monitoring-evaluasi": (1, 0, 0),
        "manajemen-media": (1, 0, 1),
    }
    assert [s.code for s in summary.missing] == [
        "kemudahan-pelayanan",
        "program-menyentuh-masyarakat",
    ]
    assert summary.untagged == 1


def test_plan_page_filters_by_strategy_and_points_out_the_missing(member, plan, make_activity):
    make_activity(plan, title="Sosialisasi pakta integritas", strategies=["komitmen"])
    make_activity(plan, title="Rilis berita layanan", strategies=["manajemen-media"])
    make_activity(plan, title="Kegiatan tanpa strategi")
    url = reverse("plans:plan", args=[plan.pk])
    page = member.get(url)
    html = page.content.decode()
    assert "Rencana aksi menurut strategi" in html
    assert (
        "Belum ada kegiatan untuk strategi berikut: Kemudahan Pelayanan, Program yang "
        "Menyentuh Masyarakat, Monitoring dan Evaluasi." in html
    )
    assert "1 kegiatan belum melayani strategi mana pun." in html
    titles = [a.title for a in member.get(url, {"strategi": "komitmen"}).context["activities"]]
    assert titles == ["Sosialisasi pakta integritas"]
    titles = [a.title for a in member.get(url, {"strategi": "tanpa"}).context["activities"]]
    assert titles == ["Kegiatan tanpa strategi"]


def test_the_form_tags_an_activity(member, plan, world):
    url = reverse("plans:activity_create", args=[plan.pk])
    response = member.post(url, {
        "title": "Layanan jemput bola", "area": "PP", "output": "Layanan keliling",
        "owner": world.users["member_a1"].pk, "start_date": "2026-02-01",
        "due_date": "2026-08-01", "status": "berjalan", "progress": "20",
        "strategies": ["program-menyentuh-masyarakat", "kemudahan-pelayanan"],
    })  # fmt: skip
    assert response.status_code == 302
    activity = plan.activities.get()
    assert sorted(activity.strategies.values_list("number", flat=True)) == [2, 3]
    edit = member.get(reverse("plans:activity_edit", args=[activity.pk]))
    assert edit.context["form"].initial["strategies"] == [
        "kemudahan-pelayanan",
        "program-menyentuh-masyarakat",
    ]


def test_dashboard_section_shows_the_plan_by_strategy(world, plan, make_activity):
    make_activity(plan, strategies=["komitmen", "kemudahan-pelayanan", "monitoring-evaluasi"])
    make_activity(plan, strategies=["program-menyentuh-masyarakat"])
    html = action_plan_section(world.a1, 2026, world.users["tpi_a"])
    assert "Rencana aksi menurut strategi" in html
    assert "Belum ada kegiatan untuk strategi berikut: Manajemen Media." in html
    assert action_plan_section(world.a1, 2026, world.users["tpn"]) is None
