"""The kinds of background work, registered by the apps that own them, and the runner.

A kind is `Kind(code, check, run)`:
- `check(user, params)` raises Http404 / PermissionDenied when the person may not have this
  work done; it is called when the job is asked for and again when it runs (a role may have
  been taken away in between);
- `run(job, progress)` does the work, calling `progress(done, total, step)` as it goes, and
  returns an `Outcome` (a file to download and/or a summary). It raises `JobRefused` with a
  message for the person when the work cannot be done; any other error is retried, then shown.

Work is idempotent: asking for the same work (kind, parameters, person) while it is queued or
running returns that job, and a job already done or failed is never run again.

Work too long for one worker is split: `run` returns `Outcome(parts=[params, ...])` (with the
number of steps each covers), each part becomes a `JobPart` run by its own task on whichever
worker is free (`run_part(job, params, progress)` returns what it found, a dict of counts),
and when the last part is done the kind's `finish(job, counts summed)` gives the outcome. A
part is run in one go or not at all (its own transaction, in `run_part`), so a part that fails
is retried whole; a part delivered twice runs once. The job's progress counts the parts' steps.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import UNFINISHED, Job, JobPart, JobStatus

log = logging.getLogger(__name__)


class JobRefused(Exception):
    """The work cannot be done, for a reason the person can act on (shown as it is), with
    the problems found where there are several (an import's rows: dicts shown as a table)."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Outcome:
    summary: str = ""
    content: bytes | None = None
    filename: str = ""
    data: dict | None = None  # kept on the job (`Job.data`): what a later step reads
    link_url: str = ""  # where the person sees the result (the survey, the preview)
    link_label: str = ""
    # (params, steps) of the parts to run on the workers; the job ends when they are all done
    parts: tuple[tuple[dict, int], ...] = ()


Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Kind:
    code: str
    check: Callable[[Any, dict], None]
    run: Callable[[Job, Progress], Outcome]
    # a kind that splits its work: run one part (returns its counts), and the outcome of all
    run_part: Callable[[Job, dict], dict[str, int]] | None = None
    finish: Callable[[Job, dict[str, int]], Outcome] | None = None


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Called from an AppConfig.ready(); the same code twice keeps the first."""
    _kinds.setdefault(kind.code, kind)


def kind_of(code: str) -> Kind:
    return _kinds[code]


def start(
    user,
    code: str,
    params: dict,
    title: str,
    upload: tuple[str, bytes] | None = None,
    link: tuple[str, str] = ("", ""),
) -> Job:
    """The job doing this work for `user`: the unfinished one asking the same, or a new one,
    queued. Checks the person may have it done first (Http404 / PermissionDenied).

    `upload` is (file name, content) of the file the work reads (an import): stored with the
    job before it is queued, so the worker reads it from storage, not from the request.
    `link` is (address, label) of the page the work belongs to, shown on the job's page until
    the outcome gives its own (an import's failure links back to its upload page)."""
    kind = _kinds[code]
    kind.check(user, params)
    with transaction.atomic():
        existing = (
            Job.objects.select_for_update()
            .filter(owner=user, kind=code, params=params, status__in=UNFINISHED)
            .first()
        )
        if existing is not None:
            return existing
        job = Job.objects.create(
            owner=user,
            kind=code,
            params=params,
            title=title,
            language=translation.get_language() or "id",
            link_url=link[0],
            link_label=str(link[1])[:200],
        )
        if upload is not None:
            name, content = upload
            job.upload_name = name[:200]
            job.upload.save(name, ContentFile(content), save=False)
            job.save(update_fields=["upload", "upload_name"])
    from .tasks import run_job  # the task module imports this one

    run_job.delay(str(job.pk))  # eager without a broker: done when this returns
    return job


def _progress(job: Job) -> Progress:
    def report(done: int, total: int, step: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total, step=step[:300])

    return report


def claim(job_id: str) -> Job | None:
    """Mark the job running and return it, or None when it is finished already (a second
    delivery of the same task, or a retry after it was done)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        job.status, job.started_at = JobStatus.RUNNING, job.started_at or timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts"])
    return job


def execute(job: Job) -> None:
    """Run a claimed job to its end: done with its outcome, or failed with the reason. Errors
    other than `JobRefused` propagate (the task retries them) after the reason is stored."""
    kind = _kinds.get(job.kind)
    with translation.override(job.language):
        try:
            if kind is None:
                raise JobRefused(_("This kind of work is no longer known to Zona."))
            try:
                kind.check(job.owner, job.params)
            except (Http404, PermissionDenied):
                raise JobRefused(
                    _("You may no longer have this done: your roles changed since you asked.")
                ) from None
            outcome = kind.run(job, _progress(job))
        except JobRefused as refused:
            if refused.problems:
                Job.objects.filter(pk=job.pk).update(data={"problems": refused.problems})
            finish_failed(job, str(refused))
            return
        except Exception as error:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            reason = _("The work stopped on an error: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"
            }
            Job.objects.filter(pk=job.pk).update(error=reason)
            raise
        if outcome.parts:
            _queue_parts(job, outcome.parts)
            return
        complete(job, outcome)


def complete(job: Job, outcome: Outcome) -> None:
    """The job is done, with this outcome."""
    job.refresh_from_db(fields=["done", "total"])
    if outcome.content is not None:
        job.result.save(outcome.filename, ContentFile(outcome.content), save=False)
        job.result_name = outcome.filename
    if outcome.data is not None:
        job.data = outcome.data
    if outcome.link_url:
        job.link_url, job.link_label = outcome.link_url, str(outcome.link_label)[:200]
    job.summary, job.status, job.finished_at = outcome.summary, JobStatus.DONE, timezone.now()
    job.done = job.total = max(job.total, 1)
    job.error, job.step = "", ""
    job.save()


def _queue_parts(job: Job, parts: tuple[tuple[dict, int], ...]) -> None:
    """Store the parts (once: a job run again after a lost worker keeps the parts it has) and
    queue a task for each part not done yet."""
    from .tasks import run_job_part

    with transaction.atomic():
        if not JobPart.objects.filter(job=job).exists():
            JobPart.objects.bulk_create(
                JobPart(job=job, index=i, params=params, steps=steps)
                for i, (params, steps) in enumerate(parts)
            )
            Job.objects.filter(pk=job.pk).update(total=sum(s for _p, s in parts), done=0)
        todo = list(JobPart.objects.filter(job=job, done=False).values_list("pk", flat=True))
    for pk in todo:
        run_job_part.delay(pk)  # eager without a broker: each part runs right here, in order


def run_part(part_id: int) -> str:
    """Run one part of a job (a task calls this). Returns what happened, for the log. Errors
    propagate (the task retries the part) after the reason is stored on the job."""
    part = JobPart.objects.select_related("job", "job__owner").filter(pk=part_id).first()
    if part is None or part.done or part.job.finished:
        return "finished already"
    job = part.job
    kind = _kinds.get(job.kind)
    JobPart.objects.filter(pk=part.pk).update(attempts=F("attempts") + 1)
    with translation.override(job.language):
        if kind is None or kind.run_part is None or kind.finish is None:
            finish_failed(job, _("This kind of work is no longer known to Zona."))
            return "unknown kind"
        try:
            counts = kind.run_part(job, part.params)
        except Exception as error:
            log.exception("job %s (%s), part %s failed", job.pk, job.kind, part.index)
            reason = _("The work stopped on an error: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"
            }
            Job.objects.filter(pk=job.pk).update(error=reason)
            raise
        with transaction.atomic():
            # The job's row is the lock: parts finishing at once count one after the other.
            job = Job.objects.select_for_update().get(pk=job.pk)
            if job.finished or JobPart.objects.filter(pk=part.pk, done=True).exists():
                return "finished already"
            JobPart.objects.filter(pk=part.pk).update(done=True, counts=counts)
            job.done = min(job.total, job.done + part.steps)
            Job.objects.filter(pk=job.pk).update(done=job.done, error="")
            if JobPart.objects.filter(job=job, done=False).exists():
                return "part done"
            totals: dict[str, int] = {}
            for found in JobPart.objects.filter(job=job).values_list("counts", flat=True):
                for key, n in found.items():
                    totals[key] = totals.get(key, 0) + n
            complete(job, kind.finish(job, totals))
    return "done"


def finish_failed(job: Job, reason: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=reason, finished_at=timezone.now(), step=""
    )


def purge_results(days: int, now=None) -> int:
    """Delete the files of jobs finished more than `days` days ago (the result to download
    and the stored upload); the job stays, marked, so its page says the file was deleted.
    Returns how many jobs had files deleted. Idempotent: a purged job is not touched again."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    old = Job.objects.filter(finished_at__lt=cutoff, result_deleted_at__isnull=True).exclude(
        result="", upload=""
    )
    purged = 0
    for job in old.iterator():
        for field in (job.result, job.upload):
            if field:
                field.delete(save=False)  # a file already gone is not an error
        Job.objects.filter(pk=job.pk).update(result="", upload="", result_deleted_at=now)
        purged += 1
    return purged
