"""A unit's services and its service innovations (what changed, measured before and after),
the media log of what was published about the zone, and the unit's opt-in public page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.evidence.models import Evidence, EvidenceFile
from zona.orgs.models import UnitKerja
from zona.plans.access import plan_units_for
from zona.plans.models import Activity


class UnitScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rows of the units whose action plans the person sees (the plans' rule: the unit
        team, and the instansi's coordinator, leadership and TPI; a system administrator)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(unit__in=plan_units_for(user).values("pk"))


class Service(models.Model):
    """A service (perijinan/pelayanan) the unit provides: the LKE counts the registered ones."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("service"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(
        _("still provided"),
        default=True,
        help_text=_("A service no longer provided is not counted."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="service_name_once")]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class InnovationStatus(models.TextChoices):
    IDEA = "ide", _("Idea")
    TRIAL = "uji-coba", _("Trial")
    RUNNING = "berjalan", _("Running")
    REPLICATED = "direplikasi", _("Replicated")


# An innovation in one of these states has changed its service: the LKE counts the service as
# simplified, and the public page lists it.
LIVE_STATUSES = (InnovationStatus.RUNNING, InnovationStatus.REPLICATED)


class Innovation(models.Model):
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="innovations")
    name = models.CharField(_("innovation"), max_length=255)
    problem = models.TextField(_("problem it solves"))
    service = models.ForeignKey(
        Service, verbose_name=_("service it changes"), on_delete=models.PROTECT,
        related_name="innovations",
    )  # fmt: skip
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=12, choices=InnovationStatus.choices, default=InnovationStatus.IDEA
    )
    measure = models.CharField(
        _("what is measured"), max_length=150, blank=True,
        help_text=_("E.g. service time, number of requirements, visits needed."),
    )  # fmt: skip
    measure_unit = models.CharField(_("unit of measure"), max_length=40, blank=True)
    value_before = models.DecimalField(
        _("before"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    value_after = models.DecimalField(
        _("after"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Question numbers of the LKE framework `framework_code` the innovation supports.
    framework_code = models.CharField(max_length=40, blank=True)
    questions = models.JSONField(_("LKE questions it supports"), default=list, blank=True)
    evidence = models.ManyToManyField(
        Evidence, through="InnovationEvidence", related_name="innovations", blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "pk"]
        constraints = [
            # A measure is either given whole (both values) or not at all.
            models.CheckConstraint(
                condition=Q(value_before__isnull=True, value_after__isnull=True)
                | Q(value_before__isnull=False, value_after__isnull=False),
                name="innovation_measure_both_or_none",
            )
        ]
        indexes = [models.Index(fields=["unit", "status"], name="innovation_unit_status")]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("innovations:innovation", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def change(self):
        """after minus before, or None without a measure."""
        if self.value_before is None or self.value_after is None:
            return None
        return self.value_after - self.value_before


class InnovationEvidence(models.Model):
    """A bukti dukung of the unit (the evidence app's document) attached to an innovation."""

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="evidence_links"
    )
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "evidence"], name="innovation_evidence_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.innovation_id} ← {self.evidence_id}"


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    SOCIAL = "medsos", _("Social media")
    PRESS = "pers", _("Press")
    BANNER = "spanduk", _("Banner")
    EVENT = "acara", _("Event")


class Publication(models.Model):
    """Something published about the zone: where, when, and what it was about."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="publications")
    published_on = models.DateField(_("date published"))
    title = models.CharField(_("title"), max_length=255)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.ForeignKey(EvidenceFile, null=True, blank=True, on_delete=models.PROTECT)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity it is about"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="publications",
    )  # fmt: skip
    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation it is about"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="publications",
    )  # fmt: skip
    # The bukti dukung made of it the first time it was attached to an LKE question.
    evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(file__isnull=False, url="") | Q(file__isnull=True) & ~Q(url=""),
                name="publication_file_or_link",
            )
        ]
        indexes = [models.Index(fields=["unit", "published_on"], name="publication_unit_date")]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("innovations:publication", args=[self.pk])


class PublicPage(models.Model):
    """The unit's choice to show its running innovations and recent publications publicly."""

    unit = models.OneToOneField(UnitKerja, on_delete=models.CASCADE, related_name="public_page")
    enabled = models.BooleanField(_("public page on"), default=False)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")

    def __str__(self) -> str:
        shown = _("public page on") if self.enabled else _("public page off")
        return f"{self.unit} ({shown})"
