"""The inbox in a real browser: a submitted LKE puts a notice in the TPI's inbox, counted in
the navigation; opening it marks it read and leads to the LKE. Screenshots at 1366 and 390 px."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from filling import fill_layer
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evaluations import actions
from zona.evaluations.models import NationalDeadline
from zona.notifications.models import Notification

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(evaluation, "unit")
    # Outside a test transaction: the notices go out when the move commits, as in production.
    return actions.move(world.users["lead_a1"], evaluation, "submit", "Siap dinilai")


def test_the_inbox_leads_to_the_lke(page, live_server, login, submitted, screenshots_dir):
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "tpi_a", "tpi_lead_a",
    }  # fmt: skip
    login(page, live_server, "tpi_a", PASSWORD)
    nav = page.locator("#nav-notifications")
    expect(nav).to_contain_text("Notifikasi")
    expect(nav.locator(".badge")).to_have_text("1")
    nav.click()
    item = page.locator("#notifications li").first
    expect(item).to_contain_text("Unit A1 mengajukan LKE 2026: penilaian TPI dapat dimulai.")
    expect(item).to_contain_text("Catatan: Siap dinilai")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=screenshots_dir / "inbox-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshots_dir / "inbox-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_navigation():
        item.get_by_role("button", name="Buka").click()
    assert page.url == live_server.url + reverse("evaluations:detail", args=[submitted.pk])
    expect(page.locator("#nav-notifications .badge")).to_have_count(0)
