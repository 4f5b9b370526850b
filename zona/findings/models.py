"""The audit-findings register (temuan and their recommendations, with the follow-up of each)
and the capaian kinerja record of a unit per year.

A finding comes from an audit report (BPK, BPKP, the Inspektorat, another auditor) and carries
one or more recommendations. The follow-up (tindak lanjut) is judged per recommendation, so the
TLHP percentage counts recommendations (see `zona.findings.tlhp`). Every status a
recommendation has held is kept in `StatusChange`, dated as the auditor dated it, so the
percentage at any cut-off date can be recomputed later and gives the same figure.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.evidence.models import EvidenceFile
from zona.orgs.models import YEAR_VALIDATORS, UnitKerja


class Source(models.TextChoices):
    BPK = "bpk", _("BPK")
    BPKP = "bpkp", _("BPKP")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    OTHER = "other", _("Other auditor")


class Status(models.TextChoices):
    """The follow-up status of a recommendation, in the auditors' own four categories."""

    SESUAI = "sesuai", _("Followed up as recommended (sesuai)")
    BELUM_SESUAI = "belum_sesuai", _("Followed up, not yet as recommended (belum sesuai)")
    BELUM = "belum", _("Not yet followed up (belum ditindaklanjuti)")
    TIDAK_DAPAT = "tidak_dapat", _("Cannot be followed up (tidak dapat ditindaklanjuti)")


# A recommendation with one of these statuses still needs work; past its deadline it is overdue.
OPEN_STATUSES = (Status.BELUM_SESUAI, Status.BELUM)


class Finding(models.Model):
    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="findings")
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    source_name = models.CharField(
        _("auditor"), max_length=150, blank=True,
        help_text=_("Needed when the source is another auditor, e.g. “Itjen Kementerian X”."),
    )  # fmt: skip
    report_number = models.CharField(_("report number"), max_length=150)
    report_date = models.DateField(_("report date"))
    title = models.CharField(_("finding"), max_length=300)
    description = models.TextField(_("condition found"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-report_date", "-pk"]
        indexes = [models.Index(fields=["unit", "report_date"], name="finding_unit_date")]
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")

    def __str__(self) -> str:
        return f"{self.report_number}: {self.title[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("findings:detail", args=[self.pk])

    @property
    def source_label(self) -> str:
        if self.source == Source.OTHER and self.source_name:
            return self.source_name
        return self.get_source_display()


class Recommendation(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # The latest status; its history (and the status at any date) is in StatusChange.
    status = models.CharField(
        _("follow-up status"), max_length=12, choices=Status.choices, default=Status.BELUM
    )
    status_on = models.DateField(_("status as of"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["finding", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.deadline and self.deadline < today and self.status in OPEN_STATUSES)


class StatusChange(models.Model):
    """One entry of a recommendation's follow-up trail: a status the auditor set (`to_status`,
    dated `effective_on`), or a follow-up the unit reported (`to_status` empty)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    effective_on = models.DateField(_("as of"))
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["effective_on", "at", "pk"]
        indexes = [models.Index(fields=["recommendation", "effective_on"], name="status_change_on")]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_status} → {self.to_status}"


class PerformanceRecord(models.Model):
    """A unit's main performance indicators (kinerja utama) for a year: what LKE 2021 item 126
    (“Capaian kinerja lebih baik dari pada capaian kinerja sebelumnya”) is judged on."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="performance")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    outcome_oriented = models.BooleanField(
        _("the main performance indicators are outcome-oriented (berorientasi hasil)"),
        default=False,
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="performance_unit_year")
        ]
        verbose_name = _("capaian kinerja record")
        verbose_name_plural = _("capaian kinerja records")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("findings:performance", args=[self.unit_id, self.year])


class Polarity(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class PerformanceIndicator(models.Model):
    record = models.ForeignKey(
        PerformanceRecord, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    polarity = models.CharField(
        _("polarity"), max_length=6, choices=Polarity.choices, default=Polarity.HIGHER
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    realisation = models.DecimalField(_("realisation"), max_digits=14, decimal_places=4)
    previous_realisation = models.DecimalField(
        _("realisation last year"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    benchmark = models.DecimalField(
        _("national / peer average"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("The national realisation or the average of similar units, if known."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["record", "position", "pk"]
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """Evidence of a recommendation's follow-up or of a capaian kinerja record: a file (its
    bytes stored once by SHA-256 in the evidence app's store) or a link."""

    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    record = models.ForeignKey(
        PerformanceRecord, null=True, blank=True, on_delete=models.CASCADE,
        related_name="documents",
    )  # fmt: skip
    file = models.ForeignKey(EvidenceFile, null=True, blank=True, on_delete=models.PROTECT)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.CharField(_("description"), max_length=300)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(file__isnull=False, url="")
                    | models.Q(file__isnull=True) & ~models.Q(url="")
                ),
                name="finding_document_file_or_link",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(recommendation__isnull=False, record__isnull=True)
                    | models.Q(recommendation__isnull=True, record__isnull=False)
                ),
                name="finding_document_one_owner",
            ),
        ]
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

    def __str__(self) -> str:
        return self.description
