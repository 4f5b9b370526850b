"""The instansi's letterhead: saved by its managers through the action (audited), a logo that
is not really an image refused in Indonesian with the typed address kept, the logo served only
within reach."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zona.audit.models import AuditEvent
from zona.orgs.models import Instansi


def png_bytes(size=(60, 60), colour=(180, 20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _post(client, world, **files):
    data = {
        "address": "Jalan Merdeka 1\nJakarta 10110",
        "contact": "www.instansi-a.go.id",
        "city": "Jakarta",
        **files,
    }
    return client.post(reverse("orgs:letterhead", args=[world.a.pk]), data)


def test_coordinator_saves_letterhead_with_logo_and_it_is_audited(client, world):
    client.force_login(world.users["coordinator_a"])
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = _post(client, world, logo=logo)
    assert response.status_code == 302
    a = Instansi.objects.get(pk=world.a.pk)
    assert a.address == "Jalan Merdeka 1\nJakarta 10110" and a.city == "Jakarta"
    assert a.logo.name.startswith("logo/") and a.logo.name.endswith(".png")
    event = AuditEvent.objects.get(action="instansi.letterhead_saved")
    assert event.actor == world.users["coordinator_a"]
    assert event.before["address"] == "" and event.after["address"].startswith("Jalan Merdeka 1")
    assert event.after["logo"] == a.logo.name
    page = client.get(reverse("orgs:instansi", args=[world.a.pk])).content.decode()
    assert "Jalan Merdeka 1<br>Jakarta 10110" in page
    assert reverse("orgs:instansi_logo", args=[world.a.pk]) in page


def test_a_file_that_is_not_an_image_is_refused_and_the_address_kept(client, world):
    client.force_login(world.users["coordinator_a"])
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = _post(client, world, logo=fake)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unggah gambar yang valid." in page
    assert "Jalan Merdeka 1" in page  # what was typed is still in the form
    assert not Instansi.objects.get(pk=world.a.pk).logo
    assert not AuditEvent.objects.filter(action="instansi.letterhead_saved").exists()


def test_a_gif_is_refused_in_indonesian(client, world):
    client.force_login(world.users["coordinator_a"])
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    gif = SimpleUploadedFile("logo.gif", out.getvalue(), content_type="image/gif")
    page = _post(client, world, logo=gif).content.decode()
    assert "Unggah logo sebagai gambar PNG atau JPG." in page


@pytest.mark.parametrize(
    "role, status",
    [("coordinator_a", 200), ("tpi_a", 200), ("lead_a1", 200), ("tpn", 404), ("norole", 404)],
)
def test_logo_is_served_within_reach_only(client, world, role, status):
    a = Instansi.objects.get(pk=world.a.pk)
    a.logo.save("logo.png", io.BytesIO(png_bytes()))
    client.force_login(world.users[role])
    response = client.get(reverse("orgs:instansi_logo", args=[world.a.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_tpi_may_not_change_the_letterhead(client, world):
    client.force_login(world.users["tpi_a"])
    assert _post(client, world).status_code == 404
    assert Instansi.objects.get(pk=world.a.pk).address == ""
