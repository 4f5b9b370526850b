"""In a real browser: a unit member tags an activity with a strategy and sees the plan by
strategy change; then attaches a publication as evidence to the LKE's publication questions in
one step. Screenshots at 1366 px and 390 px go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evaluations.models import EvidenceLink

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    from zona.evaluations.actions import create_evaluation
    from zona.frameworks.models import FrameworkVersion
    from zona.innovations import actions as register
    from zona.plans import actions as plans

    call_command("load_frameworks", stdout=StringIO())
    # The five strategies come from a data migration; an earlier transactional test's flush
    # empties their table, so they are put back as the migration puts them.
    from importlib import import_module

    from django.apps import apps

    import_module("zona.plans.migrations.0003_strategies17_strategies").seed_strategies(apps, None)
    world = build_world()
    member = world.users["member_a1"]
    lke = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    plan = plans.create_plan(member, world.a1, 2026, lke)
    activity = plans.save_activity(member, plan, {
        "title": "Publikasi layanan daring di laman biro", "description": "", "area": "PP",
        "questions": [], "output": "Berita di laman", "owner": member, "owner_name": "",
        "owner_email": "", "start_date": date(2026, 1, 5), "due_date": date(2099, 6, 30),
        "status": "berjalan", "progress": 40, "strategies": ["komitmen"],
    })  # fmt: skip
    evaluation = create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK", lke)
    publication = register.save_publication(member, world.a1, {
        "published_on": date(2026, 4, 2), "title": "Legalisasi kini bisa daring",
        "channel": "website", "url": "https://biro.example.go.id/berita/legalisasi",
        "activity": activity, "innovation": None,
    })  # fmt: skip
    return world, plan, activity, evaluation, publication


def test_tag_an_activity_and_attach_a_publication(page, live_server, login, scene, screenshots_dir):
    _world, plan, activity, evaluation, publication = scene
    login(page, live_server, "member_a1", PASSWORD)

    page.goto(live_server.url + reverse("plans:activity_edit", args=[activity.pk]))
    page.get_by_label(re.compile(r"^5\. Manajemen Media")).check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Kegiatan disimpan.")).to_be_visible()
    expect(page.locator("dd", has_text="5. Manajemen Media")).to_be_visible()

    page.goto(live_server.url + reverse("plans:plan", args=[plan.pk]))
    table = page.locator("#strategy-summary + .table-responsive table")
    media_row = table.locator("tr", has_text="Manajemen Media")
    expect(media_row.locator("td").first).to_have_text("1")
    warning = page.locator("#strategy-summary ~ p", has_text="Belum ada kegiatan")
    expect(warning).to_contain_text("Kemudahan Pelayanan")
    expect(warning).not_to_contain_text("Manajemen Media")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=screenshots_dir / "strategies-plan-1366.png", full_page=True)

    page.goto(live_server.url + reverse("innovations:publication", args=[publication.pk]))
    form = page.locator("form", has_text="Lampirkan ke evaluasi 2026")
    expect(form.get_by_role("checkbox")).to_have_count(3)
    form.get_by_label(re.compile(r"^74\.")).uncheck()
    form.get_by_role("button", name="Lampirkan sebagai bukti dukung").click()
    expect(
        page.get_by_text("Dilampirkan sebagai bukti dukung pada pertanyaan 5, 72")
    ).to_be_visible()
    expect(page.get_by_text("Evaluasi 2026: pertanyaan 72")).to_be_visible()
    links = EvidenceLink.objects.filter(evaluation=evaluation).order_by("question")
    assert list(links.values_list("question", flat=True)) == ["5", "72"]
    page.screenshot(path=screenshots_dir / "publication-attached-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshots_dir / "publication-attached-390.png", full_page=True)
    page.goto(live_server.url + reverse("innovations:media", args=[plan.unit_id]) + "?tahun=2026")
    page.screenshot(path=screenshots_dir / "media-log-390.png", full_page=True)
