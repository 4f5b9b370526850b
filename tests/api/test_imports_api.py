"""/api/v1/imports: upload (multipart) → preview → confirm, the same functions and reach as the
screens; errors in the API's shape."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from zona.onboarding.models import ImportBatch
from zona.orgs.models import UnitKerja

from .conftest import Form

UNITS = (
    b"Kode,Nama unit,Kode induk,Jenis unit,Eselon,Layanan publik,Alamat\n"
    b"10,Biro Sepuluh,,Biro,II,Ya,\n"
    b"10.1,Bagian Satu,10,Biro,III,Tidak,\n"
)


def _upload(client, instansi, content=UNITS, kind="units", name="unit.csv"):
    body = Form(instansi_id=instansi.pk, kind=kind,
                file=SimpleUploadedFile(name, content, "text/csv"))  # fmt: skip
    return client.post("/api/v1/imports", body)


def test_upload_preview_confirm(api, world):
    client = api("coordinator_a")
    response = _upload(client, world.a)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "previewed" and body["rows_total"] == 2
    assert body["counts"] == {"created": 2, "changed": 0, "unchanged": 0, "problems": 0}
    assert [o["status"] for o in body["outcomes"]] == ["created", "created"]
    assert not UnitKerja.objects.filter(code="10").exists()
    listed = client.get("/api/v1/imports", {"instansi": world.a.pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert client.get(f"/api/v1/imports/{body['id']}").json()["outcomes"] == body["outcomes"]

    confirmed = client.post(f"/api/v1/imports/{body['id']}/confirm", {})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "applied"
    assert UnitKerja.objects.get(code="10.1").parent.code == "10"
    again = client.post(f"/api/v1/imports/{body['id']}/confirm", {})
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_confirmable"
    assert again.json()["error"]["message"] == "Impor ini sudah dikonfirmasi."


def test_problems_in_the_preview_and_no_confirm(api, world):
    client = api("coordinator_a")
    bad = b"Kode,Nama unit,Jenis unit,Eselon\n01,Biro,Biro,V\n"
    body = _upload(client, world.a, bad).json()
    assert body["problems"][0]["text"] == (
        "Baris 2, kolom 'Eselon': 'V' bukan eselon yang dikenal (I–IV)."
    )
    assert (body["problems"][0]["row"], body["problems"][0]["column"]) == (2, "Eselon")
    response = client.post(f"/api/v1/imports/{body['id']}/confirm", {})
    assert response.status_code == 409


def test_unreadable_file(api, world):
    response = _upload(api("coordinator_a"), world.a, b"x", name="unit.pdf")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unreadable_file"
    assert not ImportBatch.objects.exists()


def test_reach(api, world):
    batch = _upload(api("sysadmin"), world.b).json()
    for role in ("coordinator_a", "tpi_a", "member_a1", "tpn", "leadership_a"):
        client = api(role)
        assert client.get(f"/api/v1/imports/{batch['id']}").status_code == 404
        assert client.post(f"/api/v1/imports/{batch['id']}/confirm", {}).status_code == 404
        assert _upload(client, world.b).status_code == 404
        assert client.get("/api/v1/imports").json()["count"] == 0
    for role in ("tpi_a", "member_a1", "tpn"):
        assert _upload(api(role), world.a).status_code == 404
    assert api(None).get("/api/v1/imports").status_code == 401
    assert api("sysadmin").get("/api/v1/imports").json()["count"] == 1
