"""Export → import = no changes, for every kind and both formats; the XLSX template's notes
sheet and drop-down lists; a large import applied as background work with its progress page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from sheets import csv_bytes

from zona.accounts.models import Invitation, Role, RoleAssignment
from zona.findings.models import Finding, Recommendation
from zona.jobs.models import Job, JobStatus
from zona.onboarding import actions
from zona.onboarding.models import BatchStatus, ImportBatch
from zona.orgs.models import InstansiYear

KINDS = ["units", "people", "facts", "findings"]


@pytest.fixture
def filled(world):
    """Instansi A with something of every kind, partly without codes (as made by hand)."""
    world.a1.code = "A1"
    world.a1.address = "=SUM(1)"  # a formula-looking cell survives the round trip
    world.a1.save()
    InstansiYear.objects.create(instansi=world.a, year=2025, bpk_opinion="WTP", spip_level="3.25")
    InstansiYear.objects.create(instansi=world.a, year=2024, akip_grade="BB", rb_index="71.05")
    finding = Finding.objects.create(
        unit=world.a1, source="other", source_name="Itjen", report_number="LHP-1",
        report_date=date(2026, 1, 5), title="Kas", description="Uraian, dengan koma",
    )  # fmt: skip
    Recommendation.objects.create(finding=finding, text="Setorkan", deadline=date(2026, 5, 1))
    Recommendation.objects.create(finding=finding, text="Tegur")
    Finding.objects.create(
        unit=world.a2, source="bpk", report_number="LHP-2", report_date=date(2025, 3, 1),
        title="Tanpa rekomendasi",
    )  # fmt: skip
    from datetime import timedelta

    from django.utils import timezone

    Invitation.objects.create(
        email="baru@example.test", full_name="Orang Baru", role=Role.UNIT_MEMBER, unit=world.a2,
        token_hash="x" * 64, expires_at=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    return world


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", KINDS)
def test_export_then_import_changes_nothing(client, filled, upload, kind, fmt):
    client.force_login(filled.users["coordinator_a"])
    response = client.get(reverse("onboarding:export", args=[filled.a.pk, kind, fmt]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    batch = upload(kind, content, filename=f"ekspor.{fmt}")
    assert batch.problems == []
    counts = batch.counts
    assert counts["created"] == counts["changed"] == 0, batch.outcomes
    expected = {"units": 3, "people": 7, "facts": 2, "findings": 3}[kind]
    assert counts["unchanged"] == expected


def test_export_then_import_after_an_edit_in_excel(client, filled, upload):
    client.force_login(filled.users["coordinator_a"])
    response = client.get(reverse("onboarding:export", args=[filled.a.pk, "units", "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Data"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("Nama unit")].value == "Unit A2":
            row[headers.index("Eselon")].value = "III"
    sheet.append(["A3", "Unit A3", "A1", "Biro", "IV", "Ya", None])
    buffer = io.BytesIO()
    book.save(buffer)
    batch = upload("units", buffer.getvalue(), filename="diubah.xlsx")
    assert (batch.counts["created"], batch.counts["changed"], batch.counts["unchanged"]) == (
        1,
        1,
        2,
    )


def test_xlsx_template_has_notes_and_lists(client, world):
    client.force_login(world.users["coordinator_a"])
    response = client.get(reverse("onboarding:template", args=[world.a.pk, "units", "xlsx"]))
    assert response["Content-Disposition"] == 'attachment; filename="templat-unit-kerja.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Data", "Petunjuk", "Daftar"]
    data = book["Data"]
    assert [c.value for c in data[1]] == [
        "Kode", "Nama unit", "Kode induk", "Jenis unit", "Eselon", "Layanan publik", "Alamat",
    ]  # fmt: skip
    assert data.max_row == 1
    notes = {row[0]: row for row in book["Petunjuk"].iter_rows(min_row=5, values_only=True)}
    assert notes["Eselon"][1] == "ya"
    assert notes["Eselon"][2] == "Eselon unit: I, II, III atau IV. Pilihan: I, II, III, IV."
    ranges = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert ranges["E2:E2000"] == "'Daftar'!$E$2:$E$5"
    assert ranges["D2:D2000"] == "'Daftar'!$D$2:$D$2"  # one unit type: Biro
    assert [c.value for c in book["Daftar"]["E"]][1:5] == ["I", "II", "III", "IV"]


def test_csv_template_is_the_header_with_a_bom(client, world):
    client.force_login(world.users["coordinator_a"])
    response = client.get(reverse("onboarding:template", args=[world.a.pk, "people", "csv"]))
    assert response.content == "\ufeffEmail,Nama lengkap,Peran,Kode unit\r\n".encode()


def test_large_import_is_applied_as_a_job(client, world, django_capture_on_commit_callbacks):
    world.a1.code = "A1"
    world.a1.save()
    rows = ["Email,Nama lengkap,Peran,Kode unit"] + [
        f"orang{i}@example.test,Orang {i},Anggota tim unit,A1" for i in range(actions.LARGE + 5)
    ]
    client.force_login(world.users["coordinator_a"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("onboarding:upload", args=[world.a.pk, "people"]),
        {"people-file": SimpleUploadedFile("orang.csv", csv_bytes(rows), "text/csv")},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert batch.counts["created"] == actions.LARGE + 5
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding:confirm", args=[batch.pk]))
    job = Job.objects.get(kind="onboarding_apply")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.DONE, job.error
    assert job.summary == "Diterapkan: 205 dibuat, 0 diubah, 0 tetap."
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED and batch.job_id == job.pk
    assert Invitation.objects.filter(unit=world.a1).count() == actions.LARGE + 5
    assert len(mail.outbox) == actions.LARGE + 5
    assert client.post(reverse("onboarding:confirm", args=[batch.pk])).status_code == 302
    assert Invitation.objects.count() == actions.LARGE + 5  # a second confirm does nothing
    assert RoleAssignment.objects.filter(unit=world.a1).count() == 2  # member_a1, lead_a1
