"""A service user answers a survey on a small phone: from the QR link to the thank-you page,
without JavaScript; then the unit lead sees the answer in the results."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.surveys.actions import load_instrument
from zona.surveys.instruments import shipped_files
from zona.surveys.models import Instrument, Response, Survey

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def open_survey(transactional_db):
    world = build_world()
    for path in shipped_files():
        load_instrument(None, path.read_text(encoding="utf-8"))
    today = timezone.localdate()
    survey = Survey.objects.create(
        unit=world.a1,
        instrument=Instrument.objects.get(code="spkp"),
        year=today.year,
        code="HP3602",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=30),
        services="KTP-el\nKartu Keluarga",
    )
    return survey


def test_answer_on_a_phone_without_javascript(browser, live_server, open_survey, screenshots_dir):
    context = browser.new_context(
        viewport=PHONE, locale="id-ID", java_script_enabled=False, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/s/{open_survey.code.lower()}/")  # typed from a poster
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Survei Persepsi Kualitas Pelayanan"
        )
        # The answer options and the send button fit a 360 px screen.
        box = page.locator("fieldset.q").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        statements = page.locator("fieldset.q")
        expect(statements).to_have_count(9)
        for i in range(9):
            value = "4" if i % 3 else "3"
            statements.nth(i).locator(f"input[value='{value}']").check()
        page.select_option("#f-service", "KTP-el")
        page.select_option("#f-gender", "P")
        page.fill("#f-suggestion", "Antrean cepat, petugas ramah.")
        page.screenshot(path=screenshots_dir / "survey-phone-form.png", full_page=True)
        page.get_by_role("button", name="Kirim jawaban saya").click()

        expect(page).to_have_url(re.compile(rf"/s/{open_survey.code}/terima-kasih/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih!")
        page.screenshot(path=screenshots_dir / "survey-phone-thanks.png", full_page=True)
    finally:
        context.close()

    saved = Response.objects.get()
    assert saved.answers["KP1"] == 3 and saved.answers["KP2"] == 4
    assert saved.profile == {"service": "KTP-el", "gender": "P"}


def test_lead_sees_the_answer_in_the_results(page, live_server, login, open_survey):
    Response.objects.create(
        survey=open_survey,
        submitted_on=timezone.localdate(),
        channel="online",
        answers=dict.fromkeys(open_survey.instrument.statement_codes, 3),
    )
    login(page, live_server, "lead_a1", PASSWORD)
    page.goto(f"{live_server.url}/survei/")
    page.get_by_role("link", name="IPKP").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Survei Persepsi Kualitas")
    summary = page.locator("#summary-title").locator("xpath=..")
    expect(summary).to_contain_text("3,00")
    expect(summary).to_contain_text("865")
