"""The survey results import runs as a job on the queue: the upload is stored first, then
checked and applied in the job; the progress page shows it queued, the result link when done,
the rows refused when not; the same file is applied once, and a transient failure is retried."""

from __future__ import annotations

import csv
import io

import pytest
from celery.exceptions import Retry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from zona.jobs.models import Job, JobStatus
from zona.jobs.tasks import run_job
from zona.surveys import actions
from zona.surveys.models import Response

HEADER = ["S1", "S2", "S3", "gender", "service", "saran"]
ROWS = [HEADER, ["4", "3", "4", "L", "", ""], ["2", "2", "3", "P", "", "Antre lama"]]


def _csv(rows, name="formulir.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), "text/csv")


def _import(client, survey, rows, name="formulir.csv"):
    return client.post(reverse("surveys:import", args=[survey.pk]), {"file": _csv(rows, name)})


@pytest.fixture
def queued(monkeypatch):
    """A worker that has not picked the jobs up yet: `delay` only records them."""
    ids = []
    monkeypatch.setattr(run_job, "delay", lambda pk: ids.append(pk))
    return ids


def test_a_queued_import_shows_its_progress_then_its_result(client, world, mini_survey, queued):
    client.force_login(world.users["lead_a1"])
    response = _import(client, mini_survey, ROWS)
    job = Job.objects.get(kind="survey_import")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert queued == [str(job.pk)] and job.status == JobStatus.QUEUED
    assert job.upload_name == "formulir.csv" and job.upload.read().startswith(b"S1,S2,S3")
    assert job.title == "Impor formulir kertas: IPAK triwulan IV 2026 · Unit A1"
    assert not Response.objects.exists()  # nothing imported in the request
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Dalam antrean" in page and 'hx-trigger="every 1s"' in page

    assert run_job.run(str(job.pk)) == "done"  # the worker runs it
    job.refresh_from_db()
    assert (job.status, job.summary) == (JobStatus.DONE, "2 jawaban diimpor.")
    assert Response.objects.filter(survey=mini_survey, channel="import").count() == 2
    page = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in page and "2 jawaban diimpor." in page
    assert f'href="{mini_survey.get_absolute_url()}">Buka survei</a>' in page


def test_refused_rows_are_shown_on_the_job_page_and_nothing_is_imported(
    client, world, mini_survey, queued
):
    client.force_login(world.users["lead_a1"])
    _import(client, mini_survey, [HEADER, ["4", "4", "4", "", "", ""], ["5", "4", "4", "", "", ""]])
    job = Job.objects.get()
    run_job.run(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Ditemukan 1 kesalahan; tidak ada yang diimpor."
    assert [p["where"] for p in job.data["problems"]] == ["baris 3, kolom S1"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-problems"' in page and "<td>baris 3, kolom S1</td>" in page
    assert "Kembali ke impor" in page
    assert not Response.objects.exists()


def test_the_same_file_is_applied_once_even_by_another_person(client, world, mini_survey):
    client.force_login(world.users["lead_a1"])
    assert _import(client, mini_survey, ROWS).status_code == 302
    assert Response.objects.count() == 2
    again = _import(client, mini_survey, ROWS, name="salinan.csv")  # same bytes, other name
    assert again.status_code == 200
    page = again.content.decode()
    assert "Berkas ini sudah diimpor ke survei ini pada " in page
    assert "tidak ada yang diimpor lagi." in page
    client.force_login(world.users["coordinator_a"])  # manages the unit's surveys too
    page = _import(client, mini_survey, ROWS).content.decode()
    assert "sudah diimpor ke survei ini" in page
    assert Response.objects.count() == 2
    assert Job.objects.filter(status=JobStatus.DONE).count() == 1
    # a different file is a new import
    assert _import(client, mini_survey, ROWS[:2]).status_code == 302
    assert Response.objects.count() == 3


def test_a_transient_failure_is_retried_and_applies_once(world, mini_survey, monkeypatch):
    from zona.jobs import kinds
    from zona.surveys.jobs import SURVEY_IMPORT

    monkeypatch.setattr(run_job, "delay", lambda pk: None)
    content = _csv(ROWS).read()
    job = kinds.start(
        world.users["lead_a1"], SURVEY_IMPORT, {"survey": mini_survey.pk, "sha256": "abc"},
        "Impor", upload=("formulir.csv", content),
    )  # fmt: skip
    real, calls = actions.import_responses, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "import_responses", flaky)
    run_job.push_request(  # as a worker delivers it
        is_eager=False, called_directly=False, retries=0, id="t1", args=[str(job.pk)], kwargs={}
    )
    try:
        with pytest.raises(Retry):  # the worker schedules the retry (eager here: it runs now)
            run_job.run(str(job.pk))
    finally:
        run_job.pop_request()
    job.refresh_from_db()
    assert len(calls) == 2 and job.attempts == 2
    assert (job.status, job.error) == (JobStatus.DONE, "")
    assert Response.objects.count() == 2
    assert run_job.run(str(job.pk)) == "finished already"  # a late redelivery: nothing
    assert Response.objects.count() == 2


def test_a_job_whose_end_was_not_recorded_is_done_on_the_retry_not_imported_twice(
    client, world, mini_survey
):
    """The write committed, then the worker died before the job was marked done: the
    redelivered task finds the job's own import and finishes it, importing nothing again."""
    client.force_login(world.users["lead_a1"])
    _import(client, mini_survey, ROWS)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, summary="", finished_at=None)
    assert run_job.run(str(job.pk)) == "done"
    job.refresh_from_db()
    assert (job.status, job.summary, job.error) == (JobStatus.DONE, "2 jawaban diimpor.", "")
    assert Response.objects.count() == 2
