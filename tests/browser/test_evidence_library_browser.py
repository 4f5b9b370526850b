"""The unit's document library and "also attach to…" in a real browser: a document of an audit
follow-up found by typing and picked from the question, then attached to two more questions of
the area in one action, their counts changing on the page without a reload."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.evaluations.models import EvidenceLink
from zona.evidence.storage import store
from zona.findings.models import Document, Finding, Recommendation

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    evaluation = actions.create_evaluation(world.users["sysadmin"], world.a1, 2026, "WBK")
    member = world.users["member_a1"]
    for i in range(12):  # more than a page of the unit's own documents
        actions.add_evidence(member, evaluation, "5", description=f"Notulen rapat {i:02}",
                             url=f"https://a1.test/notulen-{i}")  # fmt: skip
    finding = Finding.objects.create(
        unit=world.a1, source="bpk", report_number="LHP 7/2025", report_date=date(2025, 3, 1),
        title="Temuan",
    )  # fmt: skip
    rec = Recommendation.objects.create(finding=finding, text="Setor ke kas negara")
    Document.objects.create(
        recommendation=rec, file=store(SimpleUploadedFile("sts.pdf", b"%PDF-1.4 STS")),
        filename="sts.pdf", description="Bukti setor STS",
    )  # fmt: skip
    world.evaluation = evaluation
    return world


def test_pick_from_the_library_then_attach_to_more_questions(page, live_server, login, world):
    evaluation = world.evaluation
    login(page, live_server, "member_a1", PASSWORD)
    page.goto(live_server.url + reverse("evaluations:detail", args=[evaluation.pk]) + "#q-1")
    block = page.locator("#evidence-q-1")
    expect(page.locator("#q-1-evcount")).to_have_text("bukti 0")
    block.get_by_role("link", name="Dari dokumen unit…").click()
    library = page.locator("#ev-1-lib")
    expect(library).to_contain_text("13 dokumen")
    expect(library).to_contain_text("Halaman 1 dari 2")
    # Typing narrows the list (no Enter needed); the search field keeps its focus.
    search = block.get_by_label("Cari dokumen unit")
    search.press_sequentially("setor")
    expect(library).to_contain_text("1 dokumen cocok dengan “setor”")
    expect(search).to_be_focused()
    library.get_by_role("button", name="Lampirkan “Bukti setor STS”").click()
    block = page.locator("#evidence-q-1")
    expect(block).to_contain_text("Bukti dukung dilampirkan.")
    expect(page.locator("#q-1-evcount")).to_have_text("bukti 1")

    # Also attach it to two other questions of the area, one found by its number.
    block.get_by_role("link", name="Lampirkan juga “Bukti setor STS” ke pertanyaan lain…").click()
    picker = page.locator("#ev-1-also-list")
    picker.locator('input[name=questions][value="2"]').check()
    page.get_by_label("Cari pertanyaan menurut nomor atau teksnya").fill("3")  # no Enter needed
    expect(picker).to_contain_text("Pertanyaan yang cocok dengan “3”")
    # What was ticked before the search is still listed, and still ticked.
    expect(picker.locator('input[name=questions][value="2"]')).to_be_checked()
    picker.locator('input[name=questions][value="3"]').check()
    page.get_by_role("button", name="Lampirkan ke pertanyaan yang dicentang").click()
    expect(page.locator("#evidence-q-1")).to_contain_text("juga dilampirkan pada")
    expect(page.locator("#evidence-q-3")).to_contain_text("Bukti setor STS")
    expect(page.locator("#q-3-evcount")).to_have_text("bukti 1")
    attached = set(
        EvidenceLink.objects.filter(evidence__description="Bukti setor STS").values_list(
            "question", flat=True
        )
    )
    assert attached == {"1", "2", "3"}
    event = AuditEvent.objects.filter(action="evidence.attached").order_by("pk").last()
    assert event.after["questions"] == ["2", "3"]
    expect(page.locator("#q-2-evcount")).to_have_text("bukti 1")
