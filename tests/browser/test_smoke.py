"""Smoke journeys through the real site in headless Chromium: log in, browse, switch language."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

USERNAME = "dewi"
PASSWORD = "rahasia-dewi-1"


@pytest.fixture
def dewi(transactional_db, django_user_model):
    """An ordinary user, created in the test database the live server reads."""
    return django_user_model.objects.create_user(USERNAME, "dewi@example.test", PASSWORD)


def test_login_then_browse_frameworks(page, live_server, login, dewi, screenshots_dir):
    call_command("load_frameworks", stdout=StringIO())

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/masuk/\?next=/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Zona")

    login(page, live_server, USERNAME, PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/masuk/"))
    # The frameworks sit in the navbar's "Lainnya" menu (Bootstrap's dropdown, static JS).
    nav = page.locator("#nav-main")
    nav.get_by_role("button", name="Lainnya").or_(nav.get_by_role("link", name="Lainnya")).click()
    nav.get_by_role("link", name="Kerangka LKE").click()
    expect(page).to_have_url(f"{live_server.url}/lke/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kerangka LKE")

    lke_2021 = page.locator("code", has_text=re.compile("^lke-2021$"))
    row = page.locator("tbody tr").filter(has=lke_2021)
    row.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/lke/lke-2021/2026.4/")
    expect(page.get_by_role("heading", name="Syarat predikat")).to_be_visible()

    # Question 1 sits three levels down the (collapsed) tree: open the way to it.
    for node in ("Pemenuhan", "Manajemen Perubahan", "Penyusunan Tim Kerja"):
        page.locator("details.lke-node > summary").filter(has_text=node).first.click()
    question = page.locator("li.lke-question").filter(has_text="Unit kerja telah membentuk tim")
    expect(question.first).to_be_visible()

    page.screenshot(path=screenshots_dir / "framework-detail.png", full_page=True)


def test_wrong_password_stays_on_login_with_error(page, live_server, login, dewi):
    login(page, live_server, USERNAME, "not-the-password")

    expect(page).to_have_url(f"{live_server.url}/masuk/")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("alert")).not_to_be_empty()
    expect(page.locator("#id_username")).to_have_value(USERNAME)
    expect(page.locator("#id_password")).to_have_value("")


def test_language_switch_to_english(page, live_server, login, dewi):
    login(page, live_server, USERNAME, PASSWORD)
    page.goto(f"{live_server.url}/lke/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kerangka LKE")

    with page.expect_navigation():
        page.select_option("#language", "en")  # submits the form on change

    expect(page).to_have_url(f"{live_server.url}/lke/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("LKE frameworks")


def test_phone_navbar_collapses_and_toggler_opens_it(page, live_server, login, dewi):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, USERNAME, PASSWORD)

    menu = page.locator("#nav-main")
    toggler = page.locator("button.navbar-toggler")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    toggler.focus()
    page.keyboard.press("Enter")

    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu).to_have_class(re.compile(r"\bshow\b"))  # set when the opening animation ends
    expect(menu.get_by_role("link", name="Evaluasi", exact=True)).to_be_visible()
