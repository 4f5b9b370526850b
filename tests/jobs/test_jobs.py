"""Background work: slow things run as jobs on the queue (eager here), with progress, a result
to download, the failure shown with its reason, never run twice."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from zona.accounts.models import RoleAssignment
from zona.audit.models import AuditEvent
from zona.evaluations import actions as evaluation_actions
from zona.evaluations.models import LayerScore
from zona.frameworks.models import FrameworkVersion
from zona.jobs import kinds
from zona.jobs.models import Job, JobStatus
from zona.jobs.tasks import run_job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator_a"])
    return client


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_instansi_summary_is_made_off_the_request_and_downloaded(coordinator, world, frameworks):
    url = reverse("dashboards:instansi_pdf", args=[world.a.pk])
    ask = coordinator.get(url, {"tahun": 2026})
    assert ask.status_code == 200 and "Buat PDF" in ask.content.decode()
    response = coordinator.post(url, {"tahun": 2026, "lapisan": "tpi"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.params) == (
        "instansi_summary_pdf", {"instansi": world.a.pk, "year": 2026, "layer": "tpi"},
    )  # fmt: skip
    assert job.status == JobStatus.DONE and (job.done, job.total) == (3, 3)
    assert job.summary == "Ringkasan 3 unit."
    page = coordinator.get(job.get_absolute_url()).content.decode()
    assert "100 %" in page and reverse("jobs:download", args=[job.pk]) in page
    assert "hx-trigger" not in page  # finished: the page stops polling
    download = coordinator.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="ringkasan-instansi-a-2026.pdf"'
    text = _pdf_text(b"".join(download.streaming_content))
    assert "Instansi A" in text and "Unit A1" in text and "Unit A2" in text


def test_a_running_job_is_polled_and_shows_its_progress(coordinator, world):
    job = Job.objects.create(
        owner=world.users["coordinator_a"], kind="instansi_summary_pdf", title="PDF",
        status=JobStatus.RUNNING, done=1, total=3, step="Menggambar peta panas", language="id",
    )  # fmt: skip
    html = coordinator.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'aria-valuenow="33"' in html
    assert "1 dari 3 langkah selesai" in html and "Menggambar peta panas" in html
    assert "<html" not in html  # the fragment only


def test_the_same_work_asked_twice_while_unfinished_is_one_job(world, monkeypatch):
    calls = []
    monkeypatch.setattr(run_job, "delay", lambda pk: calls.append(pk))
    user = world.users["coordinator_a"]
    params = {"instansi": world.a.pk, "year": 2026, "layer": "tpi"}
    first = kinds.start(user, "instansi_summary_pdf", params, "PDF")
    second = kinds.start(user, "instansi_summary_pdf", params, "PDF")
    assert first.pk == second.pk and calls == [str(first.pk)]
    other = kinds.start(user, "instansi_summary_pdf", {**params, "year": 2025}, "PDF")
    assert other.pk != first.pk


def test_a_finished_job_is_never_run_again(world):
    job = Job.objects.create(
        owner=world.users["coordinator_a"], kind="instansi_summary_pdf", title="PDF",
        status=JobStatus.DONE, language="id", summary="selesai",
    )  # fmt: skip
    assert run_job.delay(str(job.pk)).get() == "finished already"
    job.refresh_from_db()
    assert (job.attempts, job.summary) == (0, "selesai")


@pytest.fixture
def failing_kinds():
    def refuse(job, progress):
        raise kinds.JobRefused("Berkas impor tidak memuat lembar Jawaban.")

    def crash(job, progress):
        progress(1, 4, "separuh jalan")
        raise RuntimeError("disk penuh")

    kinds.register(kinds.Kind("test_refuse", lambda user, params: None, refuse))
    kinds.register(kinds.Kind("test_crash", lambda user, params: None, crash))


def test_a_failure_is_shown_with_its_reason(client, world, failing_kinds):
    user = world.users["coordinator_a"]
    client.force_login(user)
    refused = kinds.start(user, "test_refuse", {}, "Impor")
    refused.refresh_from_db()
    assert refused.status == JobStatus.FAILED
    assert refused.error == "Berkas impor tidak memuat lembar Jawaban."
    crashed = kinds.start(user, "test_crash", {}, "Impor")
    crashed.refresh_from_db()
    assert crashed.status == JobStatus.FAILED and crashed.finished_at is not None
    assert crashed.error == "Pekerjaan berhenti karena galat: RuntimeError: disk penuh"
    page = client.get(crashed.get_absolute_url()).content.decode()
    assert "Pekerjaan tidak dapat diselesaikan." in page and "disk penuh" in page
    assert reverse("jobs:download", args=[crashed.pk]) not in page
    assert client.get(reverse("jobs:download", args=[crashed.pk])).status_code == 404


def test_reach_is_checked_again_when_the_work_runs(world, monkeypatch):
    monkeypatch.setattr(run_job, "delay", lambda pk: None)  # queued, not yet run
    user = world.users["coordinator_a"]
    job = kinds.start(user, "instansi_summary_pdf", {"instansi": world.a.pk, "year": 2026,
                                                     "layer": "tpi"}, "PDF")  # fmt: skip
    RoleAssignment.objects.filter(user=user).delete()
    user._zona_reach = None
    monkeypatch.undo()
    run_job.delay(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "peran Anda berubah" in job.error
    assert not job.result


def test_rescoring_a_version_fixes_stored_scores_and_is_audited(client, world, frameworks):
    from filling import fill_layer

    version = FrameworkVersion.objects.get(code="lke-2021")
    first = evaluation_actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(first, "unit")
    second = evaluation_actions.create_evaluation(
        world.users["coordinator_a"], world.a2, 2026, "WBK"
    )
    for layer in ("unit", "tpi", "tpn"):  # stored as a re-score stores them: nothing to change
        evaluation_actions.recompute_score(second, layer)
    right = LayerScore.objects.get(evaluation=first, layer="unit")
    LayerScore.objects.filter(pk=right.pk).update(total=1, answered=0)  # a wrong stored score
    client.force_login(world.users["sysadmin"])
    response = client.post(reverse("evaluations:rescore", args=[version.pk]))
    job = Job.objects.get(kind="rescore_framework_version")
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE and (job.done, job.total) == (2, 2)
    assert job.summary == "2 evaluasi dinilai ulang; nilai tersimpan 1 di antaranya berubah."
    fixed = LayerScore.objects.get(pk=right.pk)
    assert (fixed.total, fixed.answered) == (right.total, right.answered)
    event = AuditEvent.objects.get(action="framework.rescored")
    assert event.after == {"evaluations": 2, "changed": 1, "job": str(job.pk)}
    assert event.actor == world.users["sysadmin"]
    # a second run changes nothing
    client.post(reverse("evaluations:rescore", args=[version.pk]))
    again = Job.objects.filter(kind="rescore_framework_version").order_by("-created_at").first()
    assert again.pk != job.pk
    assert again.summary == "2 evaluasi dinilai ulang; nilai tersimpan 0 di antaranya berubah."


# --- result cleanup: files older than ZONA_JOB_RESULT_DAYS go, the job stays -----------------


def _finished(owner, days_ago: int, name: str) -> Job:
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    job = Job.objects.create(
        owner=owner, kind="instansi_summary_pdf", title="PDF", status=JobStatus.DONE,
        language="id", result_name=name, summary="Ringkasan 3 unit.",
        finished_at=timezone.now() - datetime.timedelta(days=days_ago, minutes=1),
    )  # fmt: skip
    job.result.save(name, ContentFile(b"%PDF-1.7 " + name.encode()))
    job.upload.save("masuk.csv", ContentFile(b"S1,S2\n4,4\n"))
    return job


def test_purge_deletes_old_files_keeps_the_job_and_says_so(coordinator, world, settings):
    import os

    from django.core.management import call_command

    owner = world.users["coordinator_a"]
    old, recent = _finished(owner, 8, "lama.pdf"), _finished(owner, 6, "baru.pdf")
    old_paths = [old.result.path, old.upload.path]
    settings.ZONA_JOB_RESULT_DAYS = 7
    out = io.StringIO()
    call_command("purge_jobs", stdout=out)
    assert out.getvalue().startswith("1 job(s)")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not any(os.path.exists(p) for p in old_paths)
    assert (old.result.name, old.upload.name, old.result_name) == ("", "", "lama.pdf")
    assert old.result_deleted_at is not None and old.summary == "Ringkasan 3 unit."
    assert recent.result and os.path.exists(recent.result.path) and not recent.result_deleted_at
    page = coordinator.get(old.get_absolute_url()).content.decode()
    assert "lama.pdf: berkas dihapus pada " in page
    assert reverse("jobs:download", args=[old.pk]) not in page
    assert coordinator.get(reverse("jobs:download", args=[old.pk])).status_code == 404
    assert coordinator.get(reverse("jobs:download", args=[recent.pk])).status_code == 200
    # again: nothing more; a shorter setting reaches the newer one, through the beat task
    call_command("purge_jobs", stdout=(out := io.StringIO()))
    assert out.getvalue().startswith("0 job(s)")
    from zona.jobs.tasks import purge_job_results

    settings.ZONA_JOB_RESULT_DAYS = 5
    assert purge_job_results.delay().get() == 1
    recent.refresh_from_db()
    assert not recent.result and recent.result_deleted_at is not None


def test_unfinished_jobs_and_their_uploads_are_never_purged(world):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    job = Job.objects.create(
        owner=world.users["coordinator_a"], kind="survey_import", title="Impor",
        status=JobStatus.QUEUED, language="id",
    )  # fmt: skip
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    job.upload.save("masuk.csv", ContentFile(b"S1\n4\n"))
    assert kinds.purge_results(0) == 0
    job.refresh_from_db()
    assert job.upload and job.result_deleted_at is None


def test_the_purge_is_scheduled_for_beat_and_for_cron(settings):
    from zona.celery import app

    entry = app.conf.beat_schedule["purge-job-results"]
    assert entry["task"] == "zona.jobs.tasks.purge_job_results"
    assert entry["task"] in app.tasks
    assert "purge_jobs" in settings.ZONA_CRON_COMMANDS
    assert settings.ZONA_JOB_RESULT_DAYS == 7
