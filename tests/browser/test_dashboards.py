"""The report page and the dashboards in a real browser: the SVG charts render, the tables carry
the numbers; screenshots are saved as test artefacts (test-artifacts/screenshots/)."""

from __future__ import annotations

from datetime import date

import pytest
from dashboard_fill import fill
from django.urls import reverse
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evaluations import actions
from zona.evaluations.models import Comment, NationalDeadline, RevisionRequest
from zona.orgs.models import Instansi, PredicateAward

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    Instansi.objects.filter(pk=world.a.pk).update(region="DKI Jakarta")
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    lead, coordinator = world.users["lead_a1"], world.users["coordinator_a"]
    evaluation = actions.create_evaluation(lead, world.a1, 2026, "WBK")
    fill(evaluation, "unit", 0.9)
    result = fill(evaluation, "tpi", 0.8)
    other = actions.create_evaluation(coordinator, world.a2, 2026, "WBK")
    fill(other, "unit", 0.6)
    earlier = actions.create_evaluation(lead, world.a1, 2025, "WBK")
    fill(earlier, "unit", 0.7)
    PredicateAward.objects.create(unit=world.a2, year=2025, predicate="WBK")
    tpi = world.users["tpi_a"]
    RevisionRequest.objects.create(
        evaluation=evaluation, question="3", reason="Lampirkan SK Tim Kerja ZI.", requested_by=tpi
    )
    Comment.objects.create(evaluation=evaluation, question="5", layer="tpi", author=tpi,
                           body="Monev belum rutin setiap triwulan.")  # fmt: skip
    return world, evaluation, result


def test_report_page(page, live_server, login, scene, screenshots_dir):
    _world, evaluation, result = scene
    login(page, live_server, "tpi_lead_a", PASSWORD)
    url = live_server.url + reverse("dashboards:report", args=[evaluation.pk])
    page.goto(url + "?name=Siti+Rahmawati&nip=198501012010012001&place=Jakarta&date=2026-05-20")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporan Hasil Evaluasi")
    expect(page.locator("#report-total")).to_have_text(f"{result.total:.2f}".replace(".", ","))
    chart = page.locator("svg.zona-chart").first
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    # 6 areas × unit, TPI, in the wide layout (the one shown beside the phone's, hidden here).
    assert page.locator("svg.zona-chart-wide rect.bar").count() == 12
    expect(page.locator("svg.zona-chart-narrow")).to_be_hidden()
    expect(page.locator("#signature")).to_contain_text("Siti Rahmawati")
    expect(page.get_by_text("Lampirkan SK Tim Kerja ZI.")).to_be_visible()
    page.screenshot(path=screenshots_dir / "laporan-hasil-evaluasi.png", full_page=True)


def test_dashboards(page, live_server, login, scene, screenshots_dir):
    world, _evaluation, _result = scene
    login(page, live_server, "coordinator_a", PASSWORD)
    # "Dasbor" opens the coordinator's one instansi dashboard straight away
    page.get_by_role("link", name="Dasbor").first.click()
    expect(page).to_have_url(live_server.url + reverse("dashboards:instansi", args=[world.a.pk]))
    expect(page.locator("#instansi-units tbody tr")).to_have_count(3)
    expect(page.locator("svg.zona-chart g.cell").first).to_be_visible()
    page.screenshot(path=screenshots_dir / "dasbor-instansi.png", full_page=True)
    page.get_by_role("link", name="Unit A1", exact=True).click()
    expect(page.locator("#unit-areas")).to_be_visible()
    expect(page.locator("svg.zona-chart-wide g.point")).to_have_count(3)  # 2025 unit, 2026 unit+TPI
    page.screenshot(path=screenshots_dir / "dasbor-unit.png", full_page=True)
    page.goto(live_server.url + reverse("dashboards:national"))
    expect(page.locator('[data-total="wbk"]')).to_have_text("1")
    page.screenshot(path=screenshots_dir / "dasbor-nasional.png", full_page=True)


def test_no_page_scrolls_sideways_on_a_phone(page, live_server, login, scene):
    world, evaluation, _result = scene
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "coordinator_a", PASSWORD)
    urls = [
        reverse("evaluations:list"),
        reverse("dashboards:unit", args=[world.a1.pk]),
        reverse("dashboards:instansi", args=[world.a.pk]),
        reverse("dashboards:national"),
        reverse("dashboards:report", args=[evaluation.pk]),
    ]
    wide = {}
    for url in urls:
        page.goto(live_server.url + url)
        width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if width[0] > width[1]:
            wide[url] = width
    assert not wide, f"pages wider than a 390 px phone: {wide}"
