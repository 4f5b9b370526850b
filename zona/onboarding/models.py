"""One uploaded file and what became of it: its preview (per row: created, changed, unchanged,
or the problems), then applied in one transaction, or failed with the problems listed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.orgs.models import Instansi


class BatchStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed, waiting for confirmation")
    QUEUED = "queued", _("Being applied")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Not applied")


class ImportBatch(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("what"), max_length=20)  # an importer's code
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()  # the file as uploaded: confirming re-reads this, not a copy
    base_url = models.CharField(max_length=300)  # for the invitation links
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PREVIEWED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    # {"created": n, "changed": n, "unchanged": n, "problems": n}
    counts = models.JSONField(default=dict)
    # [{"row", "status", "label", "changes": [...]}] and [{"sheet", "row", "column", "text"}]
    outcomes = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    job_id = models.UUIDField(null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["instansi", "-created_at"], name="import_instansi_at")]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"

    def get_absolute_url(self) -> str:
        return reverse("onboarding:batch", args=[self.pk])

    @property
    def confirmable(self) -> bool:
        return self.status == BatchStatus.PREVIEWED and not self.problems
