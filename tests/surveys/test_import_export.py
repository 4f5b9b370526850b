"""Responses out (CSV, XLSX) and in (paper forms typed into a spreadsheet), all or nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from world import PASSWORD

from zona.audit.models import AuditEvent
from zona.jobs.models import Job
from zona.surveys.actions import submit_response
from zona.surveys.models import Response

HEADER = ["S1", "S2", "S3", "gender", "service", "saran"]


@pytest.fixture
def lead(client, world):
    client.login(username="lead_a1", password=PASSWORD)
    return client


def _csv(rows, sep=",") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep).writerows(rows)
    return SimpleUploadedFile("formulir.csv", buffer.getvalue().encode("utf-8"), "text/csv")


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("formulir.xlsx", buffer.getvalue())


def _sha(rows, sep) -> str:
    import hashlib

    return hashlib.sha256(_csv(rows, sep=sep).read()).hexdigest()


def _import(client, survey, upload):
    return client.post(reverse("surveys:import", args=[survey.pk]), {"file": upload})


def test_template_has_the_columns(lead, mini_survey):
    response = lead.get(reverse("surveys:template", args=[mini_survey.pk, "csv"]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode("utf-8-sig").strip() == ",".join(HEADER)


def test_csv_import_with_codes_and_labels(lead, mini_survey):
    rows = [
        HEADER,
        ["4", "3", "4", "L", "KTP-el", "Cepat"],
        ["2", "2", "3", "perempuan", "", ""],
        ["", "", "", "", "", ""],  # a blank line between blocks of forms
        ["3", "3", "3", "", "kartu keluarga", ""],
    ]
    response = _import(lead, mini_survey, _csv(rows, sep=";"))
    assert response.status_code == 302
    saved = list(Response.objects.order_by("pk").values_list("answers", "profile", "channel"))
    assert saved == [
        ({"S1": 4, "S2": 3, "S3": 4}, {"gender": "L", "service": "KTP-el"}, "import"),
        ({"S1": 2, "S2": 2, "S3": 3}, {"gender": "P"}, "import"),
        ({"S1": 3, "S2": 3, "S3": 3}, {"service": "Kartu Keluarga"}, "import"),
    ]
    event = AuditEvent.objects.get(action="surveys.responses.import")
    job = Job.objects.get(kind="survey_import")
    assert event.after == {
        "count": 3, "file": "formulir.csv", "sha256": _sha(rows, ";"), "job": str(job.pk),
    }  # fmt: skip


def test_xlsx_import(lead, mini_survey):
    rows = [HEADER, [4, 4, 4, "P", None, None], [1.0, 2.0, 3.0, None, None, "Antre lama"]]
    assert _import(lead, mini_survey, _xlsx(rows)).status_code == 302
    assert Response.objects.count() == 2
    assert Response.objects.get(suggestion="Antre lama").answers == {"S1": 1, "S2": 2, "S3": 3}


def test_refused_rows_are_listed_and_nothing_is_imported(lead, mini_survey):
    rows = [
        HEADER,
        ["4", "4", "4", "L", "", ""],  # good
        ["5", "", "3", "X", "Paspor", ""],  # four errors
        ["3", "3", "tiga", "", "", ""],  # one error
    ]
    response = _import(lead, mini_survey, _csv(rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ditemukan 5 kesalahan; tidak ada yang diimpor." in html
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [
        (3, "S1"),
        (3, "S2"),
        (3, "gender"),
        (3, "service"),
        (4, "S3"),
    ]
    assert errors[0].message == "Jawaban harus 1, 2, 3, atau 4."
    assert errors[1].message == "Silakan pilih jawaban."
    assert not Response.objects.exists()
    assert not AuditEvent.objects.filter(action="surveys.responses.import").exists()


def test_wrong_columns_are_refused(lead, mini_survey):
    response = _import(lead, mini_survey, _csv([["S1", "S2", "umur"], ["4", "4", "30"]]))
    errors = [(e.row, e.column, e.message) for e in response.context["errors"]]
    assert errors == [
        (1, "S3", "Kolom tidak ada; unduh templatnya."),
        (1, "umur", "Kolom tidak dikenal."),
    ]
    assert not Response.objects.exists()


def test_unreadable_files_are_refused(lead, mini_survey):
    broken = SimpleUploadedFile("formulir.xlsx", b"not a zip file")
    response = _import(lead, mini_survey, broken)
    assert (
        response.context["errors"][0].message == "Berkas bukan buku kerja XLSX yang dapat dibaca."
    )
    wrong_type = SimpleUploadedFile("formulir.pdf", b"%PDF-1.4")
    response = _import(lead, mini_survey, wrong_type)
    assert "Pilih berkas .xlsx atau .csv." in response.content.decode()
    only_header = _import(lead, mini_survey, _csv([HEADER]))
    assert only_header.context["errors"][0].message == "Berkas tidak berisi jawaban."
    assert not Response.objects.exists()


def test_export_csv_and_xlsx(lead, mini_survey, django_assert_max_num_queries):
    answers = {"S1": 4, "S2": 3, "S3": 2}
    submit_response(mini_survey, answers, {"gender": "P"}, "=HYPERLINK()", None)
    submit_response(mini_survey, answers, {}, "", None)
    with django_assert_max_num_queries(8):
        response = lead.get(reverse("surveys:export", args=[mini_survey.pk, "csv"]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('attachment; filename="jawaban-ipak-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["No.", "Tanggal", "Saluran", "S1", "S2", "S3", "gender", "service", "saran"]
    assert rows[1][0] == "1" and rows[1][2] == "formulir daring"
    assert rows[1][3:] == ["4", "3", "2", "P", "", "'=HYPERLINK()"]  # no formula injection
    assert len(rows) == 3
    xlsx = lead.get(reverse("surveys:export", args=[mini_survey.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][3:6] == [4, 3, 2]
    assert lead.get(reverse("surveys:export", args=[mini_survey.pk, "pdf"])).status_code == 404
