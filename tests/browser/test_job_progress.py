"""The progress page of background work in a real browser: the instansi summary PDF is asked
for, waits in the queue, is run by a worker (a thread of the test, as a Celery worker would),
and the page — polling its status with htmx, never reloaded — shows it queued, then one step of
three done, then done with the download link, which downloads the PDF."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evaluations import actions
from zona.jobs import kinds
from zona.jobs.models import Job, JobStatus
from zona.jobs.tasks import run_job

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    for unit in (world.a1, world.a2):
        actions.create_evaluation(world.users["sysadmin"], unit, 2026, "WBK")
    return world


@pytest.fixture
def worker(monkeypatch):
    """A queue with a worker that starts when told and stops after the first step until told
    to go on: `delay` only records the job; `worker.start(pk)` runs it in a thread."""
    queued: list[str] = []
    monkeypatch.setattr(run_job, "delay", lambda pk: queued.append(pk))
    first_step, go_on = threading.Event(), threading.Event()
    real = kinds._progress

    def held(job):
        report = real(job)

        def step(done, total, what=""):
            report(done, total, what)
            if done == 1:
                first_step.set()
                go_on.wait(30)

        return step

    monkeypatch.setattr(kinds, "_progress", held)

    class Worker:
        def __init__(self):
            self.queued, self.first_step, self.go_on, self.result = queued, first_step, go_on, []

        def start(self, pk):
            def run():
                try:
                    self.result.append(run_job.run(pk))
                finally:
                    connection.close()

            self.thread = threading.Thread(target=run, daemon=True)
            self.thread.start()

    yield Worker()
    go_on.set()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_bar_moves_to_done_and_the_download_works(
    page, live_server, login, world, worker, width, screenshots_dir
):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "coordinator_a", PASSWORD)
    page.goto(
        live_server.url + reverse("dashboards:instansi_pdf", args=[world.a.pk]) + "?tahun=2026"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Buat PDF").click()
    job = Job.objects.get()
    assert page.url == live_server.url + job.get_absolute_url()
    status, bar = page.locator("#job-status"), page.get_by_role("progressbar")
    expect(status).to_contain_text("Dalam antrean")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    assert worker.queued == [str(job.pk)] and job.status == JobStatus.QUEUED

    worker.start(str(job.pk))
    assert worker.first_step.wait(30)
    # the page was not reloaded: htmx polled the status fragment
    expect(status).to_contain_text("Sedang berjalan", timeout=15_000)
    expect(status).to_contain_text("1 dari 3 langkah selesai")
    expect(bar).to_have_attribute("aria-valuenow", "33")
    page.screenshot(path=screenshots_dir / f"job-progress-running-{width}.png", full_page=True)
    assert page.get_by_role("link", name="Unduh").count() == 0

    worker.go_on.set()
    worker.thread.join(60)
    assert worker.result == ["done"]
    expect(status).to_contain_text("Selesai", timeout=15_000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(status).to_contain_text("Ringkasan 3 unit.")
    expect(status).not_to_have_attribute("hx-trigger", "every 1s")  # polling stopped
    page.screenshot(path=screenshots_dir / f"job-progress-done-{width}.png", full_page=True)
    link = page.get_by_role("link", name="Unduh ringkasan-instansi-a-2026.pdf")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "ringkasan-instansi-a-2026.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_queued_survey_import_shows_the_refused_rows_on_its_page(
    page, live_server, login, world, worker, screenshots_dir, tmp_path
):
    """A paper-forms import with a wrong answer: queued, run, and the job page (polled, not
    reloaded) lists the row and column to correct, with the way back to the import."""
    from surveys.helpers import SMALL, make_survey

    from zona.surveys.actions import load_instrument

    survey = make_survey(world.a1, load_instrument(None, SMALL)[0], code="MINI23")
    sheet = tmp_path / "formulir.csv"
    sheet.write_text("S1,S2,S3\n4,4,4\n5,4,4\n", encoding="utf-8")
    login(page, live_server, "lead_a1", PASSWORD)
    page.goto(live_server.url + reverse("surveys:import", args=[survey.pk]))
    page.set_input_files("input[type=file]", str(sheet))
    with page.expect_navigation():
        page.get_by_role("button", name="Impor", exact=True).click()
    job = Job.objects.get(kind="survey_import")
    expect(page.locator("#job-status")).to_contain_text("Dalam antrean")
    worker.go_on.set()  # no step to hold here
    worker.start(str(job.pk))
    worker.thread.join(60)
    problems = page.locator("#job-problems")
    expect(problems).to_contain_text("baris 3, kolom S1", timeout=15_000)
    expect(page.locator("#job-status")).to_contain_text("Ditemukan 1 kesalahan")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=screenshots_dir / f"job-import-refused-{width}.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Kembali ke impor").click()
    assert page.url == live_server.url + reverse("surveys:import", args=[survey.pk])
