"""No main page scrolls sideways on a 390 px phone, for any role: every page of the main
navigation, and the evaluation, dashboard and report pages the role may open, each checked with
`document.documentElement.scrollWidth <= clientWidth` (wide tables scroll inside themselves).
On the dashboards and reports more: every table fits the phone without scrolling inside itself,
and every chart shown is drawn at (nearly) its own size, so its labels keep their size."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
from dashboard_fill import fill
from django.urls import reverse
from world import PASSWORD, build_world

from zona.evaluations import actions
from zona.evaluations.models import Evaluation, NationalDeadline, Stage

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Not the product's own pages: Django's admin, and signing out.
SKIP = ("/admin/", "/keluar/")
DASHBOARDS = "/dasbor/"
# A chart scaled below this share of its own width writes its 11 px labels under 9 px.
LEAST_SCALE = 0.85

# Tables wider than their box (scrolling inside it), and charts drawn smaller than LEAST_SCALE.
CRAMPED = """least => {
  const shown = el => el.getClientRects().length > 0;
  const tables = [...document.querySelectorAll('main table')].filter(shown)
    .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
    .map(t => `table ${t.id || t.className}: ${t.scrollWidth} > ${t.parentElement.clientWidth}`);
  const charts = [...document.querySelectorAll('svg.zona-chart')].filter(shown)
    .filter(svg => svg.getBoundingClientRect().width < least * svg.viewBox.baseVal.width)
    .map(svg => `chart ${svg.querySelector('title').textContent}: `
      + `${Math.round(svg.getBoundingClientRect().width)} of ${svg.viewBox.baseVal.width}`);
  return [...tables, ...charts];
}"""


@pytest.fixture
def scene(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    admin = world.users["sysadmin"]
    a1 = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill(a1, "unit", 0.9)
    fill(a1, "tpi", 0.8)
    a2 = actions.create_evaluation(admin, world.a2, 2026, "WBK")
    fill(a2, "unit", 0.6)
    b1 = actions.create_evaluation(admin, world.b1, 2026, "WBK")
    fill(b1, "unit", 0.7)
    Evaluation.objects.filter(pk=b1.pk).update(stage=Stage.PROPOSED, tpi_released=True)
    return world, [a1, a2, b1]


def _pages(world, evaluations) -> list[str]:
    """The pages beyond the navigation that a role may open (a 404 or 403 is skipped)."""
    urls = [
        reverse("dashboards:instansi", args=[world.a.pk]),
        reverse("dashboards:instansi", args=[world.b.pk]),
        reverse("dashboards:unit", args=[world.a1.pk]),
        reverse("dashboards:national"),
        reverse("orgs:unit", args=[world.a1.pk]),
    ]
    for e in evaluations:
        urls += [reverse("evaluations:detail", args=[e.pk]),
                 reverse("dashboards:report", args=[e.pk])]  # fmt: skip
    return urls


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(browser, live_server, login, scene):
    world, evaluations = scene
    wide, cramped, checked, dashboards = {}, {}, 0, 0
    for username in world.users:
        context = browser.new_context(viewport=PHONE, locale="id-ID")
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            login(page, live_server, username, PASSWORD)
            links = page.eval_on_selector_all(
                "#nav-main a[href]", "links => links.map(a => a.getAttribute('href'))"
            )
            urls = dict.fromkeys(
                u for u in [*links, *_pages(world, evaluations)]
                if u.startswith("/") and not u.startswith(SKIP)
            )  # fmt: skip
            for url in urls:
                response = page.goto(live_server.url + url)
                if response is None or response.status in (403, 404):
                    continue
                assert response.status == 200, (username, url, response.status)
                assert urlsplit(page.url).path != reverse("login"), (username, url)
                scroll, client = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                checked += 1
                if scroll > client:
                    wide[f"{username} {url}"] = (scroll, client)
                if url.startswith(DASHBOARDS):
                    dashboards += 1
                    if found := page.evaluate(CRAMPED, LEAST_SCALE):
                        cramped[f"{username} {url}"] = found
        finally:
            context.close()
    assert checked >= 5 * len(world.users)
    assert not wide, f"pages wider than a 390 px phone: {wide}"
    assert dashboards >= 2 * len(world.users)  # every role opens its dashboards and reports
    assert not cramped, f"tables or charts that do not fit a 390 px phone: {cramped}"
