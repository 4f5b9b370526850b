"""The evaluation's main screens in a real browser: the unit fills the LKE (saved as it works),
submits; the TPI opens the review and returns it; the unit sees what needs revision.
A screenshot of the LKE page is saved as a test artefact."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from filling import fill_layer
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evaluations import actions
from zona.evaluations.models import Answer, NationalDeadline, Stage

pytestmark = pytest.mark.browser


@pytest.fixture
def evaluation(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(evaluation, "unit", skip=("1", "2"))  # the test answers these two itself
    return evaluation


def open_all(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def test_fill_submit_review_return(page, live_server, login, evaluation, screenshots_dir):
    url = live_server.url + reverse("evaluations:detail", args=[evaluation.pk])

    # The unit fills in: a click saves, without a page load.
    login(page, live_server, "lead_a1", PASSWORD)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unit A1")
    open_all(page)
    page.locator("#q-1-o-ya").check()
    expect(page.locator("#q-1")).to_contain_text("Tersimpan")
    page.locator("#q-2-o-b").check()
    expect(page.locator("#q-2")).to_contain_text("Tersimpan")
    assert Answer.objects.get(evaluation=evaluation, question="2", layer="unit").value == "b"
    page.screenshot(path=screenshots_dir / "lke-page.png", full_page=False)

    # Submit to the TPI from the stage panel, complete now (the panel is read on load).
    page.reload()
    page.get_by_role("button", name="Ajukan ke TPI").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Konfirmasi: Ajukan ke TPI")
    page.get_by_role("button", name="Ya: Ajukan ke TPI").click()
    expect(page.get_by_role("alert").first).to_contain_text("LKE diajukan ke TPI.")

    # The TPI opens the review and returns it with a note.
    page.context.clear_cookies()
    login(page, live_server, "tpi_a", PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Mulai penilaian TPI").click()
    expect(page.get_by_role("alert").first).to_contain_text("Selesai")
    page.locator("form[action$='/tahap/return/'] textarea[name=note]").fill(
        "Lampirkan SK pembentukan tim."
    )
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    page.get_by_role("button", name="Ya: Kembalikan untuk perbaikan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Selesai")
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.RETURNED

    # The unit sees it back, its answers kept, and may change them again.
    page.context.clear_cookies()
    login(page, live_server, "member_a1", PASSWORD)
    page.goto(url)
    expect(page.locator("main")).to_contain_text("Dikembalikan untuk perbaikan")
    open_all(page)
    expect(page.locator("#q-2-o-b")).to_be_checked()
    page.screenshot(path=screenshots_dir / "lke-page-returned.png", full_page=False)
