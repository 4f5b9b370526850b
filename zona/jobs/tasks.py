"""The one Celery task of background work: run a job by its id. Idempotent (a finished job is
never run again) and retried on failure; the last failure is shown to the person."""

from __future__ import annotations

from celery import shared_task

from . import kinds
from .models import Job, JobPart

MAX_RETRIES = 3


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def run_job(self, job_id: str) -> str:
    job = kinds.claim(job_id)
    if job is None:
        return "finished already"
    try:
        kinds.execute(job)
    except Exception as error:
        if self.request.is_eager or self.request.retries >= MAX_RETRIES:
            # In-process there is no worker to retry later; at the last attempt, stop: the
            # reason stored by `execute` is what the person reads.
            reason = Job.objects.filter(pk=job.pk).values_list("error", flat=True).first()
            kinds.finish_failed(job, reason or str(error))
            return "failed"
        Job.objects.filter(pk=job.pk).update(status="queued")
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    return "done"


@shared_task
def purge_job_results() -> int:
    """Periodic (Celery beat, zona/celery.py): delete result files older than
    ZONA_JOB_RESULT_DAYS; the jobs stay, marked "file deleted"."""
    from django.conf import settings

    return kinds.purge_results(settings.ZONA_JOB_RESULT_DAYS)


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def run_job_part(self, part_id: int) -> str:
    """One part of a job split across the workers (`kinds.run_part`), retried on failure; at
    the last attempt the job fails with the part's reason."""
    try:
        return kinds.run_part(part_id)
    except Exception as error:
        part = JobPart.objects.select_related("job").filter(pk=part_id).first()
        if part is None:
            return "gone"
        if self.request.is_eager or self.request.retries >= MAX_RETRIES:
            reason = Job.objects.filter(pk=part.job_id).values_list("error", flat=True).first()
            kinds.finish_failed(part.job, reason or str(error))
            return "failed"
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
