"""The stage panel in a real browser: a move that cannot succeed is shown disabled with its
checklist; an irreversible move asks for confirmation on a second screen (no JavaScript
needed). Screenshots at 1366 px and 390 px are saved as test artefacts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from filling import fill_layer
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evaluations import actions
from zona.evaluations.models import NationalDeadline, Stage

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    draft = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(draft, "unit", skip=("4", "17"))
    final = actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    fill_layer(final, "unit")
    final = actions.move(world.users["coordinator_a"], final, "submit")
    final = actions.move(world.users["tpi_a"], final, "start_review")
    fill_layer(final, "tpi")
    final = actions.move(world.users["tpi_lead_a"], final, "finalise")
    return draft, final


def test_checklist_and_confirmation(page, live_server, login, scene, screenshots_dir):
    draft, final = scene
    login(page, live_server, "lead_a1", PASSWORD)
    page.goto(live_server.url + reverse("evaluations:detail", args=[draft.pk]))
    panel = page.locator("form[data-move=submit]")
    expect(panel).to_contain_text(
        "Pertanyaan yang dijawab unit: 126 dari 128 pertanyaan dijawab · kurang 2"
    )
    expect(panel.get_by_role("button", name="Ajukan ke TPI")).to_be_disabled()
    expect(panel).to_contain_text("Belum dapat dilakukan")
    panel.locator("summary").first.click()
    expect(panel).to_contain_text("17.")
    panel.scroll_into_view_if_needed()
    page.set_viewport_size({"width": 1366, "height": 900})
    panel.screenshot(path=screenshots_dir / "stage-checklist-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    panel.screenshot(path=screenshots_dir / "stage-checklist-390.png")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "coordinator_a", PASSWORD)
    page.goto(live_server.url + reverse("evaluations:detail", args=[final.pk]))
    close = page.locator("form[data-move=not_proposed]")
    close.locator("textarea[name=note]").fill("Target belum tercapai tahun ini.")
    close.get_by_role("button", name="Tutup: tidak diusulkan tahun ini").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Konfirmasi")
    expect(page.locator("main")).to_contain_text("tidak dapat dibuka kembali")
    page.screenshot(path=screenshots_dir / "stage-confirm-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshots_dir / "stage-confirm-390.png", full_page=True)
    final.refresh_from_db()
    assert final.stage == Stage.TPI_FINAL  # not yet
    page.get_by_role("button", name="Ya: Tutup: tidak diusulkan tahun ini").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "Evaluasi ditutup: tidak diusulkan tahun ini."
    )
    final.refresh_from_db()
    assert final.stage == Stage.NOT_PROPOSED
