"""A piece of slow work run on the queue for one person: its progress, its result, its failure.

The person who started it watches its page (htmx polls the status fragment) and downloads the
result there; nobody else sees it. The work itself is a registered *kind* (zona.jobs.kinds).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict)
    language = models.CharField(max_length=10)  # the owner's, for the result and the messages
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)  # steps done of `total`
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=300, blank=True)  # what it is doing now
    error = models.TextField(blank=True)  # why it failed, for the person
    attempts = models.PositiveSmallIntegerField(default=0)
    result = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    # when the result file (and the stored upload) was deleted by `purge_results`
    result_deleted_at = models.DateTimeField(null=True, blank=True)
    # the file the work reads (an import), stored before the job is queued
    upload = models.FileField(upload_to="jobs/masuk/%Y/%m/", blank=True)
    upload_name = models.CharField(max_length=200, blank=True)
    # what the outcome holds beyond words: the problems found, a checked plan to confirm
    data = models.JSONField(default=dict, blank=True)
    link_url = models.CharField(max_length=300, blank=True)  # where the result is seen
    link_label = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)  # the outcome in words ("128 evaluations re-scored")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "kind", "status"]),
            models.Index(fields=["finished_at"], name="jobs_job_finished_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class JobPart(models.Model):
    """One part of a job its kind splits to run on several workers at once (`Kind.run_part`):
    what the part covers, whether it is done, and what it found (summed when the last part is
    done). A part is run once: a second delivery of a done part does nothing."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveIntegerField()
    params = models.JSONField(default=dict)
    steps = models.PositiveIntegerField(default=0)  # steps of the job's `total` it covers
    done = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)  # what the part found, e.g. {"changed": 3}
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="job_part_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id} #{self.index} ({'done' if self.done else 'to do'})"
