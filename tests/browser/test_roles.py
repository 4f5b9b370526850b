"""Roles in a real browser: each role's home page, a unit member kept out of another unit,
and an invitation accepted from its e-mail link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect
from world import PASSWORD, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db):
    return build_world()


HOMES = [
    ("coordinator_a", "Koordinator instansi", ["Unit A1", "Unit A2", "Catat opini BPK"]),
    ("tpi_a", "Evaluator TPI", ["Unit A1", "Unit A2"]),
    ("leadership_a", "Pimpinan (hanya baca)", ["Unit A1"]),
    ("member_a1", "Anggota tim unit", ["Unit A1"]),
    ("lead_a1", "Pimpinan unit", ["Unit A1", "Catat kepatuhan LHKPN"]),
    ("tpn", "Evaluator TPN", ["Belum ada unit yang diusulkan"]),
    ("sysadmin", "Administrator sistem", ["instansi", "Orang dan undangan"]),
]


@pytest.mark.parametrize("username, role, shows", HOMES, ids=[h[0] for h in HOMES])
def test_each_role_lands_on_its_home(page, live_server, login, live_world, username, role, shows):
    login(page, live_server, username, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=2).first).to_contain_text(role)
    for text in shows:
        expect(main).to_contain_text(text)
    if username == "member_a1":
        expect(main).not_to_contain_text("Unit A2")


def test_unit_member_cannot_open_another_unit(page, live_server, login, live_world):
    login(page, live_server, "member_a1", PASSWORD)
    own = page.goto(live_server.url + reverse("orgs:unit", args=[live_world.a1.pk]))
    assert own.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Unit A1")
    expect(page.locator("main")).to_contain_text("Syarat pengajuan")
    for unit in (live_world.a2, live_world.b1, live_world.a1a):
        other = page.goto(live_server.url + reverse("orgs:unit", args=[unit.pk]))
        assert other.status == 404, unit.name
        expect(page.locator("body")).not_to_contain_text(unit.name)


def test_invitation_is_accepted(page, live_server, login, live_world, screenshots_dir):
    login(page, live_server, "coordinator_a", PASSWORD)
    page.goto(live_server.url + reverse("accounts:invite"))
    page.get_by_label("E-mail").fill("rina@example.test")
    page.get_by_label("Nama lengkap").fill("Rina Kartika")
    page.get_by_label("Peran").select_option("unit_lead")
    page.get_by_label("Unit kerja").select_option(label="Unit A2")
    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.get_by_role("alert")).to_contain_text("Undangan dikirim ke rina@example.test")
    expect(page.locator("main")).to_contain_text("menunggu")

    link = re.search(r"(http://\S+/undangan/\S+/)", mail.outbox[-1].body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("main")).to_contain_text("Pimpinan unit")
    expect(page.locator("main")).to_contain_text("Unit A2")
    page.get_by_label("Nama pengguna").fill("rina")
    page.locator("#id_new_password1").fill("Sandi-Rina-2026")
    page.locator("#id_new_password2").fill("Sandi-Rina-2026")
    page.get_by_role("button", name="Buat akun saya").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("alert")).to_contain_text("Selamat datang di Zona")
    expect(page.locator("main")).to_contain_text("Unit A2")
    page.screenshot(path=screenshots_dir / "invitation-accepted-home.png", full_page=True)
    # The link was for one use.
    again = page.goto(link)
    assert again.status == 410
