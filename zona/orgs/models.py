from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

YEAR_VALIDATORS = [MinValueValidator(2010), MaxValueValidator(2100)]
PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class InstansiKind(models.TextChoices):
    KEMENTERIAN = "kementerian", _("Ministry")
    LEMBAGA = "lembaga", _("Agency (lembaga)")
    PROVINSI = "provinsi", _("Provincial government")
    KABUPATEN = "kabupaten", _("Regency government")
    KOTA = "kota", _("City government")


class BpkOpinion(models.TextChoices):
    """BPK audit opinions, best first."""

    WTP = "WTP", _("WTP — unqualified")
    WDP = "WDP", _("WDP — qualified")
    TW = "TW", _("TW — adverse")
    TMP = "TMP", _("TMP — disclaimer")


class AkipGrade(models.TextChoices):
    """AKIP/SAKIP grades, best first."""

    AA = "AA", "AA"
    A = "A", "A"
    BB = "BB", "BB"
    B = "B", "B"
    CC = "CC", "CC"
    C = "C", "C"
    D = "D", "D"


class Echelon(models.TextChoices):
    I = "I", _("Echelon I")  # noqa: E741 - the echelon's real name
    II = "II", _("Echelon II")
    III = "III", _("Echelon III")
    IV = "IV", _("Echelon IV")


class Predicate(models.TextChoices):
    WBK = "WBK", _("Menuju WBK")
    WBBM = "WBBM", _("Menuju WBBM")


class Instansi(models.Model):
    """A ministry, agency or regional government that builds a Zona Integritas."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstansiKind.choices)
    region = models.CharField(_("province"), max_length=100, blank=True)
    # The letterhead (kop surat) of the documents Zona writes for the instansi's units.
    address = models.TextField(
        _("address"), blank=True, help_text=_("As on the letterhead: street, city, postcode.")
    )
    contact = models.CharField(
        _("telephone, e-mail, website"), max_length=200, blank=True,
        help_text=_("One line under the address on the letterhead."),
    )  # fmt: skip
    city = models.CharField(
        _("city of signature"), max_length=100, blank=True,
        help_text=_("Where the instansi's documents are signed, e.g. Jakarta."),
    )  # fmt: skip
    logo = models.ImageField(_("logo"), upload_to="logo/%Y/", blank=True)
    # The tiers of the TPI review, lowest first, as the coordinator configured them:
    # [{"name": "Ketua Tim", "members": [user ids]}, ...]. Empty: one tier (evaluator + lead).
    # Read through `zona.evaluations.tiers`; changed only by `evaluations.actions.set_tpi_tiers`.
    tpi_tiers = models.JSONField(_("TPI review tiers"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:instansi", args=[self.pk])


class InstansiYear(models.Model):
    """The facts of an instansi for one year that the eligibility rules read."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    bpk_opinion = models.CharField(
        _("BPK opinion"), max_length=3, choices=BpkOpinion.choices, blank=True
    )
    akip_grade = models.CharField(
        _("AKIP/SAKIP grade"), max_length=2, choices=AkipGrade.choices, blank=True
    )
    spip_level = models.DecimalField(
        _("SPIP maturity level"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    rb_index = models.DecimalField(
        _("RB index"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )

    class Meta:
        ordering = ["instansi", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="instansi_year_unique")
        ]
        verbose_name = _("instansi facts for a year")
        verbose_name_plural = _("instansi facts per year")

    def __str__(self) -> str:
        return f"{self.instansi} {self.year}"


class UnitType(models.Model):
    """Kinds of unit (Polres, rumah sakit, KPP, …): an editable list."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")

    def __str__(self) -> str:
        return self.name


class UnitKerja(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    # The instansi's own code of the unit (from its organisation chart): how a spreadsheet
    # import recognises the unit again. Unique within the instansi when given.
    code = models.CharField(
        _("unit code"), max_length=40, blank=True,
        help_text=_("The instansi's own code of the unit, e.g. 02.03; unique in the instansi."),
    )  # fmt: skip
    echelon = models.CharField(_("echelon"), max_length=3, choices=Echelon.choices)
    unit_type = models.ForeignKey(
        UnitType, verbose_name=_("unit type"), on_delete=models.PROTECT, related_name="units"
    )
    public_service = models.BooleanField(_("delivers public services"), default=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        ordering = ["instansi", "name"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "name"], name="unit_name_per_instansi"),
            models.UniqueConstraint(
                fields=["instansi", "code"],
                condition=~models.Q(code=""),
                name="unit_code_per_instansi",
            ),
        ]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:unit", args=[self.pk])

    @property
    def current_predicate(self) -> str | None:
        """The best predicate the unit holds now (not revoked)."""
        held = {a.predicate for a in self.awards.all() if not a.revoked}
        return Predicate.WBBM if Predicate.WBBM in held else (Predicate.WBK if held else None)


class UnitYear(models.Model):
    """A unit's compliance for one year: LHKPN and LHKASN reporting, declared conditions."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    lhkpn_percent = models.DecimalField(
        _("LHKPN reported (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    lhkasn_percent = models.DecimalField(
        _("LHKASN reported (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    # Conditions a person declares (core service unit, manages large resources, …), by the
    # codes the eligibility rule sets use: {"core_service_unit": true, …}.
    declared = models.JSONField(_("declared conditions"), default=dict, blank=True)

    class Meta:
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_year_unique")]
        verbose_name = _("unit compliance for a year")
        verbose_name_plural = _("unit compliance per year")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class PredicateAward(models.Model):
    """A predicate a unit received (or lost): its history, and the public register's source."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="awards")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    predicate = models.CharField(_("predicate"), max_length=4, choices=Predicate.choices)
    decree_number = models.CharField(_("decree number"), max_length=150, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "predicate"], name="award_unit_year_predicate"
            )
        ]
        verbose_name = _("predicate award")
        verbose_name_plural = _("predicate history")

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_predicate_display()} {self.year}"


class Pencanangan(models.Model):
    """An instansi's declaration of its Zona Integritas (e.g. Setjen DPR RI, 2 Nov 2015)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="declarations")
    date = models.DateField(_("date"))
    signatories = models.TextField(_("signatories"), help_text=_("One per line."))
    document = models.FileField(_("document"), upload_to="pencanangan/%Y/", blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["instansi", "-date"]
        verbose_name = _("declaration (pencanangan)")
        verbose_name_plural = _("declarations (pencanangan)")

    def __str__(self) -> str:
        return f"{self.instansi} {self.date:%Y-%m-%d}"

    @property
    def signatory_list(self) -> list[str]:
        return [line.strip() for line in self.signatories.splitlines() if line.strip()]


class EligibilityThreshold(models.Model):
    """A minimum an administrator sets where a shipped rule set leaves it open.

    The 2025 practice names an RB-index threshold without a number (reference README §3): the
    rule-set file says `min: null` and Zona does not invent one. Until a row here sets it, the
    condition stays "data missing"; once set, every checklist reads it, with its basis shown.
    """

    ruleset = models.CharField(_("rule set"), max_length=40)
    target = models.CharField(_("target"), max_length=4, choices=Predicate.choices)
    condition = models.CharField(_("condition"), max_length=60)
    value = models.DecimalField(_("minimum"), max_digits=6, decimal_places=2)
    basis = models.CharField(
        _("basis"), max_length=300, help_text=_("The letter or decision that sets this number.")
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["ruleset", "target", "condition"]
        constraints = [
            models.UniqueConstraint(
                fields=["ruleset", "target", "condition"], name="eligibility_threshold_unique"
            )
        ]
        verbose_name = _("eligibility threshold")
        verbose_name_plural = _("eligibility thresholds")

    def __str__(self) -> str:
        return f"{self.ruleset} {self.target} {self.condition} ≥ {self.value}"
