"""A three-tier TPI review in a real browser: the coordinator configures the tiers on their
page, the unit submits, each tier works and passes the LKE on, the last tier finalises. The
stage panel at the second tier and the tiers page are saved as screenshots at 1366 px and
390 px."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from filling import fill_layer
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.accounts.models import Role, RoleAssignment
from zona.evaluations import actions
from zona.evaluations.models import Evaluation, NationalDeadline, Stage
from zona.notifications.models import Kind, Notification

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    ketua = get_user_model().objects.create_user(
        "ketua_a", "ketua_a@example.test", PASSWORD, first_name="Bambang", last_name="Sutrisno"
    )
    RoleAssignment.objects.create(user=ketua, role=Role.TPI_EVALUATOR, instansi=world.a)
    world.users["ketua_a"] = ketua
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(evaluation, "unit")
    return world, evaluation


def _move(page, name: str, button: str, confirm: bool = True, note: str = ""):
    form = page.locator(f"form[data-move={name}]")
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.get_by_role("button", name=button).click()
    if confirm:
        expect(page.get_by_role("heading", level=1)).to_contain_text("Konfirmasi")
        page.get_by_role("button", name=f"Ya: {button.rstrip('…')}").click()


def test_a_three_tier_review(page, live_server, login, scene, screenshots_dir):
    world, evaluation = scene
    users = world.users
    detail = live_server.url + reverse("evaluations:detail", args=[evaluation.pk])

    # The coordinator configures three tiers.
    login(page, live_server, "coordinator_a", PASSWORD)
    page.goto(live_server.url + reverse("evaluations:tiers", args=[world.a.pk]))
    for row, (name, person) in enumerate(
        [("Anggota Tim", "tpi_a"), ("Ketua Tim", "Bambang Sutrisno"),
         ("Pengendali Teknis", "tpi_lead_a")]
    ):  # fmt: skip
        fieldset = page.locator(f"fieldset[data-row='{row + 1}']")
        fieldset.get_by_label("Nama tingkat").fill(name)
        fieldset.get_by_label(person, exact=True).check()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=screenshots_dir / "tiers-page-1366.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "Tingkat TPI disimpan: Anggota Tim → Ketua Tim → Pengendali Teknis."
    )
    page.context.clear_cookies()

    # The unit submits; the first tier starts and passes on.
    login(page, live_server, "lead_a1", PASSWORD)
    page.goto(detail)
    _move(page, "submit", "Ajukan ke TPI…")
    expect(page.get_by_role("alert").first).to_contain_text("LKE diajukan ke TPI.")
    page.context.clear_cookies()

    login(page, live_server, "tpi_a", PASSWORD)
    page.goto(detail)
    _move(page, "start_review", "Mulai penilaian TPI", confirm=False)
    expect(page.locator(".zona-tiers")).to_contain_text("Anggota Tim (tingkat 1 dari 3)")
    fill_layer(Evaluation.objects.get(pk=evaluation.pk), "tpi")
    page.goto(detail)
    _move(page, "pass_up", "Teruskan ke Ketua Tim…", note="Jawaban tingkat anggota lengkap.")
    expect(page.get_by_role("alert").first).to_contain_text(
        "LKE diteruskan ke tingkat TPI berikutnya."
    )
    expect(page.locator(".zona-tiers")).to_contain_text("Ketua Tim (tingkat 2 dari 3)")
    expect(page.locator("form[data-move=pass_up]")).to_have_count(0)  # not tier 1's move now
    page.context.clear_cookies()

    # The second tier is told, confirms and passes on.
    told = Notification.objects.get(kind=Kind.TIER_PASSED, recipient=users["ketua_a"])
    assert told.link == reverse("evaluations:detail", args=[evaluation.pk])
    login(page, live_server, "ketua_a", PASSWORD)
    page.goto(detail)
    blocked = page.locator("form[data-move=pass_up]")
    expect(blocked.get_by_role("button", name="Teruskan ke Pengendali Teknis")).to_be_disabled()
    expect(blocked).to_contain_text("Ketua Tim belum mengonfirmasi jawaban tingkat di bawahnya")
    panel = page.locator("#stage-title").locator("xpath=ancestor::section")
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=screenshots_dir / "tiers-panel-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    panel.screenshot(path=screenshots_dir / "tiers-panel-390.png")
    page.set_viewport_size({"width": 1366, "height": 900})
    _move(page, "confirm_tier", "Konfirmasi jawaban (Ketua Tim)", confirm=False)
    expect(page.get_by_role("alert").first).to_contain_text(
        "Jawaban dikonfirmasi pada tingkat ini."
    )
    _move(page, "pass_up", "Teruskan ke Pengendali Teknis…")
    expect(page.locator(".zona-tiers")).to_contain_text("Pengendali Teknis (tingkat 3 dari 3)")
    page.context.clear_cookies()

    # The last tier finalises.
    login(page, live_server, "tpi_lead_a", PASSWORD)
    page.goto(detail)
    page.locator("#stage-title").locator("xpath=ancestor::section").locator("summary").click()
    expect(page.locator("#stage-title").locator("xpath=ancestor::section")).to_contain_text(
        "jawaban dikonfirmasi oleh Ketua Tim"
    )
    _move(page, "finalise", "Finalkan (TPI)…")
    expect(page.get_by_role("alert").first).to_contain_text("TPI")
    evaluation.refresh_from_db()
    assert (evaluation.stage, evaluation.tpi_tier) == (Stage.TPI_FINAL, None)
    page.screenshot(path=screenshots_dir / "tiers-finalised-1366.png", full_page=True)
