"""Perception surveys (IPAK, IPKP): instruments, surveys, anonymous responses, one-time tokens.

Anonymity is structural: a `Response` has no column that could name the person who gave it —
no user, name, e-mail, IP address, user agent, session or exact time (only the day). A `Token`
records that it was used, never by which response.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.orgs.models import YEAR_VALIDATORS, UnitKerja

from .instruments import Text

# Short codes people type from a poster or a receipt: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class Kind(models.TextChoices):
    IPAK = "ipak", _("Anti-corruption perception (IPAK)")
    IPKP = "ipkp", _("Service quality perception (IPKP)")


class Instrument(models.Model):
    """One version of a questionnaire. A version used by a survey never changes."""

    code = models.CharField(_("code"), max_length=20)
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    source = models.TextField(_("source (YAML)"))
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version")
        ]
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")

    def __str__(self) -> str:
        return f"{self.title.id} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:instrument", args=[self.pk])

    @property
    def title(self) -> Text:
        return Text(**self.definition["title"])

    @property
    def statements(self) -> list[dict]:
        return self.definition["statements"]

    @property
    def statement_codes(self) -> list[str]:
        return [s["code"] for s in self.definition["statements"]]

    @property
    def profile(self) -> list[dict]:
        return self.definition["profile"]


class Quarter(models.IntegerChoices):
    Q1 = 1, _("quarter I")
    Q2 = 2, _("quarter II")
    Q3 = 3, _("quarter III")
    Q4 = 4, _("quarter IV")


class Survey(models.Model):
    """A unit's run of an instrument for a period (a quarter or a whole year)."""

    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="surveys"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="surveys"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        choices=Quarter.choices,
        null=True,
        blank=True,
        help_text=_("Leave empty for a survey of the whole year."),
    )
    code = models.CharField(_("short code"), max_length=12, unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    paused = models.BooleanField(_("paused"), default=False)
    requires_token = models.BooleanField(
        _("requires a one-time token"),
        default=False,
        help_text=_("Each answer needs a token printed e.g. on the service receipt."),
    )
    services = models.TextField(
        _("services offered"),
        blank=True,
        help_text=_("One per line; respondents choose the service they received."),
    )
    service_users = models.PositiveIntegerField(
        _("service users in the period"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Optional: the number of service users, for the finite-population correction."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-quarter", "unit__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
            )
        ]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return f"{self.kind_label} {self.period_label} — {self.unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    def public_path(self) -> str:
        return reverse("surveys:answer", args=[self.code])

    @property
    def kind(self) -> str:
        return self.instrument.kind

    @property
    def kind_label(self) -> str:
        return self.instrument.kind.upper()

    @property
    def period_label(self) -> str:
        if self.quarter:
            return f"{Quarter(self.quarter).label} {self.year}"
        return str(self.year)

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    def state(self, today: datetime.date | None = None) -> str:
        """'open', 'paused', 'not_yet' or 'closed'."""
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "not_yet"
        if today > self.closes_on:
            return "closed"
        return "paused" if self.paused else "open"


class Channel(models.TextChoices):
    ONLINE = "online", _("online form")
    IMPORT = "import", _("imported (paper form)")


class Response(models.Model):
    """One anonymous answer sheet: all statements in one row (one INSERT per response)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("date"))  # the day only: an exact time could identify
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    answers = models.JSONField(_("answers"))  # statement code → 1..4
    profile = models.JSONField(_("profile"), default=dict)  # question code → option code
    suggestion = models.TextField(_("suggestion"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.survey_id})"


class Token(models.Model):
    """A one-time code for one service. Knows whether it was used, never for which answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    code = models.CharField(_("token"), max_length=12)
    batch = models.PositiveIntegerField(_("batch"), validators=[MaxValueValidator(10_000)])
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="token_code_per_survey")
        ]
        verbose_name = _("token")
        verbose_name_plural = _("tokens")

    def __str__(self) -> str:
        return self.code
