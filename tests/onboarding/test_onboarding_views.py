"""The import pages for every role: who may (200/302), who may not (404, as if absent); the
upload → preview → confirm flow through the screens; query counts of the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from sheets import csv_bytes

from zona.onboarding.models import BatchStatus, ImportBatch
from zona.orgs.models import UnitKerja

ROLES = ["norole", "sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a",
         "member_a1", "lead_a1", "tpn"]  # fmt: skip
MANAGE_A = {"sysadmin", "coordinator_a"}
UNITS = csv_bytes([
    "Kode,Nama unit,Kode induk,Jenis unit,Eselon,Layanan publik,Alamat",
    "09,Biro Baru,,Biro,II,Ya,",
])  # fmt: skip


def _file(content=UNITS, name="unit.csv"):
    return SimpleUploadedFile(name, content, "text/csv")


@pytest.fixture
def batch_a(world, upload):
    return upload("units", UNITS)


@pytest.mark.parametrize("role", ROLES)
def test_batch_page_and_confirm_by_role(client, world, batch_a, role):
    client.force_login(world.users[role])
    page = client.get(batch_a.get_absolute_url())
    confirm = client.post(reverse("onboarding:confirm", args=[batch_a.pk]))
    batch_a.refresh_from_db()
    if role in MANAGE_A:
        assert page.status_code == 200 and confirm.status_code == 302
        assert batch_a.status == BatchStatus.APPLIED
    else:
        assert page.status_code == 404 and confirm.status_code == 404
        assert batch_a.status == BatchStatus.PREVIEWED
        assert not UnitKerja.objects.filter(code="09").exists()


@pytest.mark.parametrize("role", ROLES)
def test_upload_by_role(client, world, role):
    client.force_login(world.users[role])
    for instansi in (world.a, world.b):
        response = client.post(
            reverse("onboarding:upload", args=[instansi.pk, "units"]), {"units-file": _file()}
        )
        allowed = role == "sysadmin" or (role == "coordinator_a" and instansi == world.a)
        assert response.status_code == (302 if allowed else 404), (role, instansi)
    assert ImportBatch.objects.count() == {"sysadmin": 2, "coordinator_a": 1}.get(role, 0)


def test_anonymous_is_sent_to_log_in(client, world, batch_a):
    for url in (
        reverse("onboarding:home"),
        reverse("onboarding:index", args=[world.a.pk]),
        batch_a.get_absolute_url(),
    ):
        assert client.get(url)["Location"].startswith(reverse("login"))
    client.post(reverse("onboarding:confirm", args=[batch_a.pk]))
    batch_a.refresh_from_db()
    assert batch_a.status == BatchStatus.PREVIEWED


def test_unknown_kind_or_format_is_404(client, world):
    client.force_login(world.users["coordinator_a"])
    assert (
        client.get(reverse("onboarding:template", args=[world.a.pk, "xx", "csv"])).status_code
        == 404
    )
    assert (
        client.get(reverse("onboarding:export", args=[world.a.pk, "units", "pdf"])).status_code
        == 404
    )


def test_flow_through_the_screens(client, world):
    client.force_login(world.users["coordinator_a"])
    index = client.get(reverse("onboarding:index", args=[world.a.pk]))
    assert "Impor data" in index.content.decode()
    assert (
        reverse("onboarding:template", args=[world.a.pk, "people", "xlsx"])
        in index.content.decode()
    )
    response = client.post(
        reverse("onboarding:upload", args=[world.a.pk, "units"]), {"units-file": _file()}
    )
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Konfirmasi impor" in page and "Biro Baru" in page and "akan dibuat" in page
    response = client.post(reverse("onboarding:confirm", args=[batch.pk]), follow=True)
    assert "Impor diterapkan." in response.content.decode()
    assert UnitKerja.objects.get(code="09").instansi == world.a
    detail = client.get(reverse("orgs:instansi", args=[world.a.pk])).content.decode()
    assert reverse("onboarding:index", args=[world.a.pk]) in detail


def test_a_file_with_problems_shows_them_and_offers_no_confirm(client, world):
    client.force_login(world.users["coordinator_a"])
    bad = csv_bytes(["Kode,Nama unit,Kode induk,Jenis unit,Eselon", "01,Biro,,Biro,V"])
    client.post(
        reverse("onboarding:upload", args=[world.a.pk, "units"]), {"units-file": _file(bad)}
    )
    page = client.get(ImportBatch.objects.get().get_absolute_url()).content.decode()
    assert "Lembar 'unit.csv'" in page
    assert (
        "Baris 2, kolom &#x27;Eselon&#x27;: &#x27;V&#x27; bukan eselon yang dikenal (I–IV)." in page
    )
    assert "Konfirmasi impor" not in page


def test_an_unreadable_upload_is_refused_on_the_page(client, world):
    client.force_login(world.users["coordinator_a"])
    response = client.post(
        reverse("onboarding:upload", args=[world.a.pk, "units"]),
        {"units-file": _file(b"Nama;Kode\n", name="unit.txt")},
    )
    assert response.status_code == 422
    assert "Unggah berkas .xlsx atau .csv" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_query_counts(client, world, upload, django_assert_max_num_queries):
    for _ in range(5):
        batch = upload("units", UNITS)
    client.force_login(world.users["coordinator_a"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("onboarding:index", args=[world.a.pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(batch.get_absolute_url()).status_code == 200
