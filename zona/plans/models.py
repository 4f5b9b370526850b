"""Rencana aksi (a unit's action plan for a year), its activities, monitoring reports (monev),
the reminders sent, and the unit's own marks on the seven stages of building the zone."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zona.evidence.models import Evidence
from zona.frameworks.models import FrameworkVersion
from zona.orgs.models import PERCENT_VALIDATORS, YEAR_VALIDATORS, UnitKerja


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "belum", _("Not started")
    RUNNING = "berjalan", _("In progress")
    DONE = "selesai", _("Done")
    POSTPONED = "ditunda", _("Postponed")
    CANCELLED = "batal", _("Cancelled")


# An activity in one of these states can no longer be late.
CLOSED_STATUSES = (ActivityStatus.DONE, ActivityStatus.CANCELLED)


def overdue_q(today: date) -> Q:
    """Activities whose due date has passed and that are neither done nor cancelled."""
    return Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)


class Strategy(models.Model):
    """One of the five strategies of building a zone (seeded by migration 0003); activities serve
    one or more of them."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    explanation_id = models.TextField(_("explanation (Indonesian)"))
    explanation_en = models.TextField(_("explanation (English)"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def explanation(self) -> str:
        english = (get_language() or "id").startswith("en")
        return self.explanation_en if english else self.explanation_id


class ActionPlan(models.Model):
    """One unit's rencana aksi for one year, tied to the LKE version its areas come from."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="action_plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    framework = models.ForeignKey(
        FrameworkVersion, verbose_name=_("LKE framework"), on_delete=models.PROTECT
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="plan_unit_year")]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.pk])


class Activity(models.Model):
    """One activity of a plan: what, for which LKE area (and questions), who, when, how far."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("LKE area"), max_length=20)  # the framework's area code
    # The framework's question numbers ("12", "113a"), all of the area above.
    questions = models.JSONField(_("LKE questions"), default=list, blank=True)
    output = models.CharField(_("output (keluaran)"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_activities",
    )
    # For a person in charge without an account in Zona.
    owner_name = models.CharField(_("name of the person in charge"), max_length=150, blank=True)
    owner_email = models.EmailField(_("e-mail of the person in charge"), blank=True)
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices,
        default=ActivityStatus.NOT_STARTED,
    )  # fmt: skip
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=PERCENT_VALIDATORS
    )
    strategies = models.ManyToManyField(
        Strategy, verbose_name=_("strategies"), related_name="activities", blank=True
    )
    evidence = models.ManyToManyField(
        Evidence, through="ActivityEvidence", related_name="plan_activities", blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")), name="activity_due_after_start"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="activity_progress_max"),
            # 100 % and "done" mean the same thing, both ways.
            models.CheckConstraint(
                condition=(
                    Q(progress=100, status=ActivityStatus.DONE)
                    | (Q(progress__lt=100) & ~Q(status=ActivityStatus.DONE))
                ),
                name="activity_done_iff_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "area"], name="activity_plan_area"),
            models.Index(fields=["status", "due_date"], name="activity_status_due"),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:activity", args=[self.pk])

    def is_overdue(self, today: date) -> bool:
        return self.due_date < today and self.status not in CLOSED_STATUSES

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.get_username()
        return self.owner_name

    @property
    def owner_address(self) -> str:
        """Where reminders go: the account's e-mail, or the one typed for a person without one."""
        if self.owner_id:
            return self.owner.email
        return self.owner_email


class ActivityEvidence(models.Model):
    """A bukti dukung of the unit (the evaluations' evidence store) attached to an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence_links")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "evidence"], name="activity_evidence_once")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} ← {self.evidence_id}"


class ActivityUpdate(models.Model):
    """A change of an activity's status or progress, dated: what monev reports list."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=10, choices=ActivityStatus.choices)
    progress = models.PositiveSmallIntegerField()
    note = models.TextField(_("note"), blank=True)
    on = models.DateField(_("date"), default=timezone.localdate)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "at", "pk"]
        indexes = [models.Index(fields=["activity", "on"], name="activity_update_on")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.on}: {self.status} {self.progress}%"


class ReminderSent(models.Model):
    """A reminder e-mail sent, keyed so that running the command again sends nothing twice.

    The key names the slot of the schedule ("before", "overdue-0", "overdue-1", …) for one due
    date: moving the due date opens new slots."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=40)
    due_date = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)
    run = models.CharField(max_length=32, blank=True)  # the run that claimed the slot

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "due_date", "key"], name="reminder_once_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.due_date} {self.key}"


class MonevPeriod(models.TextChoices):
    Q1 = "tw1", _("Quarter I")
    Q2 = "tw2", _("Quarter II")
    Q3 = "tw3", _("Quarter III")
    Q4 = "tw4", _("Quarter IV")
    CUSTOM = "custom", _("Custom period")


class MonevStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the unit lead")
    SIGNED = "signed", _("Signed off")


class MonevReport(models.Model):
    """A periodic monitoring and evaluation report of a unit, signed off by its lead."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="monev_reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    period = models.CharField(_("period"), max_length=6, choices=MonevPeriod.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    done_summary = models.TextField(_("what was done"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    follow_up = models.TextField(_("follow-up plan"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MonevStatus.choices, default=MonevStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="monev_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "period"],
                condition=~Q(period="custom"),
                name="monev_quarter_once",
            ),
        ]
        verbose_name = _("monitoring report (monev)")
        verbose_name_plural = _("monitoring reports (monev)")

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("plans:monev", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.period == MonevPeriod.CUSTOM:
            return f"{date_format(self.start_date)} – {date_format(self.end_date)}"
        return f"{self.get_period_display()} {self.year}"

    @property
    def is_read_only(self) -> bool:
        return self.status != MonevStatus.DRAFT


class MonevStep(models.Model):
    """A move of a monev report (submitted, signed off, returned), who, when and why."""

    report = models.ForeignKey(MonevReport, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=10, choices=MonevStatus.choices)
    to_status = models.CharField(max_length=10, choices=MonevStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class StageMark(models.Model):
    """A unit's own record that a stage of building the zone was reached, for the stages (or
    the years) where Zona has no data of its own to tell."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="stage_marks")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    stage = models.PositiveSmallIntegerField(_("stage"))  # 1…7, zona.plans.timeline.STAGES
    done_on = models.DateField(_("date reached"))
    note = models.TextField(_("note"))
    marked_at = models.DateTimeField(default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit", "year", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "stage"], name="stage_mark_once"),
            models.CheckConstraint(
                condition=Q(stage__gte=1, stage__lte=7), name="stage_mark_known_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} #{self.stage}"
