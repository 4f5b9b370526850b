"""The bytes of a document (`EvidenceFile`, stored once by SHA-256) and the unit's documents
(`Evidence`: a file or a link, described and dated), which evaluations link to questions and
plans to activities. Both tables keep the names they had under the evaluations app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.orgs.models import UnitKerja


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # Content-addressed: the same bytes are stored once, whatever their name.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class EvidenceFile(models.Model):
    """The bytes of an uploaded document, stored once by SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "evaluations_evidencefile"

    def __str__(self) -> str:
        return self.sha256[:12]


class Evidence(models.Model):
    """A bukti dukung of a unit: a file or a link, described and dated. Belongs to the unit, so
    it can support several questions and be reused in a later year's evaluation."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="evidence")
    file = models.ForeignKey(EvidenceFile, null=True, blank=True, on_delete=models.PROTECT)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.CharField(_("description"), max_length=300)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "evaluations_evidence"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(file__isnull=False, url="")
                    | models.Q(file__isnull=True) & ~models.Q(url="")
                ),
                name="evidence_file_or_link",
            )
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.description
