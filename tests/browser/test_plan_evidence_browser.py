"""Evidence of a plan activity in one step in Chromium: two files and a link in one post, then a
document of the unit's library attached with one click. Screenshots at 1366 and 390 px."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evidence.models import Evidence
from zona.frameworks.models import FrameworkVersion

pytestmark = pytest.mark.browser


def test_activity_evidence_in_one_step(
    page, live_server, login, transactional_db, settings, tmp_path, screenshots_dir
):
    from zona.plans import actions

    settings.MEDIA_ROOT = tmp_path
    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    member = world.users["member_a1"]
    plan = actions.create_plan(
        member, world.a1, 2026, FrameworkVersion.objects.get(code="lke-2021")
    )
    activity = actions.save_activity(
        member, plan,
        {"title": "Pembentukan agen perubahan", "description": "", "area": "MP",
         "questions": [], "output": "SK agen perubahan", "owner": member, "owner_name": "",
         "owner_email": "", "start_date": date(2026, 1, 5), "due_date": date(2026, 6, 30),
         "status": "belum", "progress": 0},
    )  # fmt: skip
    Evidence.objects.create(
        unit=world.a1, url="https://jdih.example.go.id/notula-7", description="Notula rapat 7"
    )
    (tmp_path / "in").mkdir()
    sk = tmp_path / "in" / "SK_Agen_Perubahan.pdf"
    sk.write_bytes(b"%PDF-1.4 sk")
    foto = tmp_path / "in" / "foto-pelantikan.png"
    foto.write_bytes(b"\x89PNG\r\n\x1a\n foto")

    login(page, live_server, "member_a1", PASSWORD)
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    page.set_input_files("#evidence-files", [str(sk), str(foto)])
    page.fill("#evidence-url", "https://sirup.example.go.id/paket/55")
    with page.expect_navigation():
        page.locator("#evidence-quick [type=submit]").click()
    expect(page.get_by_text("3 bukti dukung ditambahkan")).to_be_visible()
    evidence = page.locator("section[aria-labelledby=evidence-title] .list-group")
    expect(evidence).to_contain_text("SK Agen Perubahan")
    expect(evidence).to_contain_text("foto-pelantikan")
    with page.expect_navigation():
        page.get_by_role("button", name="Lampirkan “Notula rapat 7”").click()
    expect(evidence).to_contain_text("Notula rapat 7")
    assert activity.evidence.count() == 4
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}{activity.get_absolute_url()}")
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        page.screenshot(path=screenshots_dir / f"plan-evidence-{width}.png", full_page=True)
