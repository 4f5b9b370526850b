"""The LKE workbook import as jobs on the queue: the check (upload stored, read and checked in
the job) and, after the preview is confirmed, the apply; one checked workbook applies once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from workbook_support import open_book, save_book

from zona.audit.models import AuditEvent
from zona.evaluations.actions import EvaluationError
from zona.evaluations.models import Answer
from zona.jobs.models import Job, JobStatus
from zona.jobs.tasks import run_job
from zona.workbook import actions
from zona.workbook.reader import ImportPlan

QUERIES = 5  # measured on the preview of 2 changes; the plan is read from the job, not per row


def _download(client, evaluation) -> bytes:
    return client.get(reverse("workbook:download", args=[evaluation.pk])).content


def _upload(client, evaluation, data: bytes, name="lke.xlsx"):
    return client.post(
        reverse("workbook:upload", args=[evaluation.pk]),
        {"workbook": SimpleUploadedFile(name, data)},
    )


def _filled(client, evaluation) -> bytes:
    book = open_book(_download(client, evaluation))
    book["LKE ZI"]["K8"] = "ya"
    book["LKE ZI"]["K9"] = "b"
    return save_book(book)


@pytest.fixture
def queued(monkeypatch):
    ids = []
    monkeypatch.setattr(run_job, "delay", lambda pk: ids.append(pk))
    return ids


def test_a_queued_check_links_to_the_preview_and_the_confirm_applies_once(
    client, world, evaluation_2021, queued
):
    client.force_login(world.users["member_a1"])
    response = _upload(client, evaluation_2021, _filled(client, evaluation_2021), "isian.xlsx")
    check = Job.objects.get(kind="workbook_check")
    assert response.status_code == 302 and response["Location"] == check.get_absolute_url()
    assert check.params["layer"] == "unit" and len(check.params["sha256"]) == 64
    assert check.upload_name == "isian.xlsx" and check.upload.read()[:2] == b"PK"
    assert 'hx-trigger="every 1s"' in client.get(check.get_absolute_url()).content.decode()

    run_job.run(str(check.pk))
    check.refresh_from_db()
    preview_url = reverse("workbook:preview", args=[evaluation_2021.pk, check.pk])
    assert check.status == JobStatus.DONE and check.link_url == preview_url
    assert check.summary == "2 jawaban berubah; belum ada yang disimpan sebelum Anda mengonfirmasi."
    page = client.get(check.get_absolute_url()).content.decode()
    assert f'href="{preview_url}">Tinjau perubahan</a>' in page
    preview = client.get(preview_url)
    html = preview.content.decode()
    assert preview.status_code == 200 and 'id="workbook-changes"' in html
    assert f'name="token" value="{check.pk}"' in html and "Perubahan dalam isian.xlsx" in html
    assert not Answer.objects.filter(evaluation=evaluation_2021).exists()

    confirm = reverse("workbook:confirm", args=[evaluation_2021.pk])
    response = client.post(confirm, {"token": str(check.pk)})
    apply = Job.objects.get(kind="workbook_apply")
    assert response["Location"] == apply.get_absolute_url() and apply.status == JobStatus.QUEUED
    # confirmed again while it waits: the same job, not a second
    assert client.post(confirm, {"token": str(check.pk)})["Location"] == apply.get_absolute_url()
    assert queued == [str(check.pk), str(apply.pk)]
    run_job.run(str(apply.pk))
    apply.refresh_from_db()
    assert (apply.status, apply.summary) == (
        JobStatus.DONE, "Buku kerja diimpor: 2 jawaban berubah.",
    )  # fmt: skip
    assert apply.link_url == evaluation_2021.get_absolute_url()
    values = dict(
        Answer.objects.filter(evaluation=evaluation_2021, layer="unit").values_list(
            "question", "value"
        )
    )
    assert values == {"1": "ya", "2": "b"}
    event = AuditEvent.objects.get(action="evaluation.workbook_imported")
    assert event.after["check"] == str(check.pk) and event.after["file"] == "isian.xlsx"
    # confirmed once more after it was applied: refused, nothing written twice
    again = client.post(confirm, {"token": str(check.pk)})
    assert again["Location"] == reverse("workbook:upload", args=[evaluation_2021.pk])
    assert Job.objects.filter(kind="workbook_apply").count() == 1


def test_the_action_applies_one_check_once(world, evaluation_2021, client):
    client.force_login(world.users["member_a1"])
    response = _upload(client, evaluation_2021, _filled(client, evaluation_2021))
    check = Job.objects.get(kind="workbook_check")
    plan = ImportPlan.from_json(check.data["plan"])
    assert response.context["token"] == str(check.pk)  # eager: the preview right away
    member = world.users["member_a1"]
    assert actions.import_workbook(member, evaluation_2021, plan, "lke.xlsx", check=str(check.pk))
    # the same plan again (the versions it holds would refuse it too): refused by the check
    Answer.objects.filter(evaluation=evaluation_2021).update(version=0)
    with pytest.raises(EvaluationError, match="sudah diperiksa ini telah diimpor pada"):
        actions.import_workbook(member, evaluation_2021, plan, "lke.xlsx", check=str(check.pk))
    assert AuditEvent.objects.filter(action="evaluation.workbook_imported").count() == 1


def test_a_refused_workbook_lists_its_problems_on_the_job_page(
    client, world, evaluation_2021, queued
):
    client.force_login(world.users["member_a1"])
    book = open_book(_download(client, evaluation_2021))
    book["LKE ZI"]["K9"] = "Z"
    _upload(client, evaluation_2021, save_book(book))
    check = Job.objects.get()
    run_job.run(str(check.pk))
    check.refresh_from_db()
    assert check.status == JobStatus.FAILED
    assert check.error == "Buku kerja tidak diimpor: ditemukan 1 masalah."
    assert [p["where"] for p in check.data["problems"]] == ["LKE ZI, baris 9, kolom K"]
    page = client.get(check.get_absolute_url()).content.decode()
    assert "<td>LKE ZI, baris 9, kolom K</td>" in page and "pilih A/B/C" in page
    upload_url = reverse("workbook:upload", args=[evaluation_2021.pk])
    assert f'href="{upload_url}">Kembali ke impor</a>' in page
    # a failed check has no preview to confirm
    preview = reverse("workbook:preview", args=[evaluation_2021.pk, check.pk])
    assert client.get(preview).status_code == 404
    confirm = reverse("workbook:confirm", args=[evaluation_2021.pk])
    assert client.post(confirm, {"token": str(check.pk)})["Location"] == upload_url


@pytest.mark.parametrize(
    ("role", "status"),
    [("member_a1", 200), ("lead_a1", 404), ("tpi_a", 403), ("coordinator_a", 403),
     ("tpn", 404), ("norole", 404), ("anonymous", 302)],
)  # fmt: skip
def test_only_the_person_who_checked_sees_the_preview(client, world, evaluation_2021, role, status):
    client.force_login(world.users["member_a1"])
    _upload(client, evaluation_2021, _filled(client, evaluation_2021))
    check = Job.objects.get(kind="workbook_check")
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    preview = reverse("workbook:preview", args=[evaluation_2021.pk, check.pk])
    assert client.get(preview).status_code == status
    if role not in ("member_a1", "anonymous"):  # and nobody else can confirm it
        client.post(reverse("workbook:confirm", args=[evaluation_2021.pk]), {"token": check.pk})
        assert not Job.objects.filter(kind="workbook_apply").exists()


def test_the_preview_page_reads_a_fixed_number_of_queries(
    client, world, evaluation_2021, django_assert_max_num_queries
):
    client.force_login(world.users["member_a1"])
    _upload(client, evaluation_2021, _filled(client, evaluation_2021))
    check = Job.objects.get(kind="workbook_check")
    preview = reverse("workbook:preview", args=[evaluation_2021.pk, check.pk])
    with django_assert_max_num_queries(QUERIES):
        assert client.get(preview).status_code == 200


def test_an_apply_whose_end_was_not_recorded_is_done_on_the_retry(client, world, evaluation_2021):
    client.force_login(world.users["member_a1"])
    response = _upload(client, evaluation_2021, _filled(client, evaluation_2021))
    client.post(reverse("workbook:confirm", args=[evaluation_2021.pk]),
                {"token": response.context["token"]})  # fmt: skip
    apply = Job.objects.get(kind="workbook_apply")
    Job.objects.filter(pk=apply.pk).update(status=JobStatus.RUNNING, summary="")
    assert run_job.run(str(apply.pk)) == "done"
    apply.refresh_from_db()
    assert (apply.status, apply.summary) == (
        JobStatus.DONE, "Buku kerja diimpor: 2 jawaban berubah.",
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="evaluation.workbook_imported").count() == 1
