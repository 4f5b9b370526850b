"""What the fast pages load on demand, in a real browser: the form to add evidence on the LKE
page (one question's, when asked for) and the type-ahead of the list's unit filter."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evaluations import actions
from zona.evaluations.models import EvidenceLink

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    for unit in (world.a1, world.a1a, world.a2):
        actions.create_evaluation(world.users["sysadmin"], unit, 2026, "WBK")
    return world


def test_the_evidence_form_opens_in_its_question(page, live_server, login, world):
    """Evidence in one step (a pasted link, Enter), and the full form with a description on
    demand, inside the question."""
    evaluation = world.a1.evaluations.get()
    login(page, live_server, "member_a1", PASSWORD)
    page.goto(live_server.url + reverse("evaluations:detail", args=[evaluation.pk]) + "#q-1")
    block = page.locator("#evidence-q-1")
    # One step: paste a link and press Enter; it is described by its address.
    block.get_by_label("Tempel tautan bukti dukung").fill("https://unit.go.id/notulen-rapat.pdf")
    block.get_by_label("Tempel tautan bukti dukung").press("Enter")
    expect(page.locator("#evidence-q-1")).to_contain_text("unit.go.id/notulen-rapat.pdf")
    # The full form, loaded on demand, for a description and a date.
    block = page.locator("#evidence-q-1")
    block.get_by_role("link", name="Dengan deskripsi dan tanggal…").click()
    block.get_by_label("Keterangan").fill("SK Tim Pembangunan ZI")
    block.get_by_label("atau tautan").fill("https://unit.go.id/sk-tim.pdf")
    block.get_by_role("button", name="Tambah bukti").click()
    expect(page.locator("#evidence-q-1")).to_contain_text("SK Tim Pembangunan ZI")
    expect(page.locator("#evidence-q-1 input[name=description]")).to_have_count(0)
    descriptions = sorted(
        EvidenceLink.objects.filter(question="1").values_list("evidence__description", flat=True)
    )
    assert descriptions == ["SK Tim Pembangunan ZI", "unit.go.id/notulen-rapat.pdf"]


def test_the_unit_filter_offers_names_as_one_types(page, live_server, login, world):
    login(page, live_server, "coordinator_a", PASSWORD)
    page.goto(live_server.url + reverse("evaluations:list"))
    field = page.locator("#f-unit")
    field.press_sequentially("a1")
    options = page.locator("#f-unit-names option")
    expect(options).to_have_count(2)
    assert [options.nth(i).get_attribute("value") for i in range(2)] == ["Unit A1", "Unit A1a"]
    field.fill("Unit A1a")
    field.press("Enter")
    expect(page.locator("#evaluation-results tbody tr")).to_have_count(1)
    expect(page.locator("#evaluation-results tbody")).to_contain_text("Unit A1a")
    assert "unit_name=Unit%20A1a" in page.url  # pushed to the address: a link to the result
