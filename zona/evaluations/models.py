from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.evidence.models import Evidence
from zona.frameworks.models import FrameworkVersion
from zona.lke.answers import Normalised
from zona.orgs.models import YEAR_VALIDATORS, Instansi, Predicate, UnitKerja


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft (unit fills in)")
    SUBMITTED = "submitted", _("Submitted to the TPI")
    TPI_REVIEW = "tpi_review", _("TPI review")
    RETURNED = "returned", _("Returned for revision")
    TPI_FINAL = "tpi_final", _("Final at the TPI")
    PROPOSED = "proposed", _("Proposed to KemenPANRB")
    TPN_DESK = "tpn_desk", _("TPN desk evaluation")
    TPN_FIELD = "tpn_field", _("TPN field evaluation")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")
    # Closed at the instansi after "Final at the TPI", without a proposal that year.
    NOT_PROPOSED = "not_proposed", _("Not proposed this year")


STAGE_ORDER = list(Stage)


class Layer(models.TextChoices):
    UNIT = "unit", _("Unit (self-assessment)")
    TPI = "tpi", _("TPI")
    TPN = "tpn", _("TPN")


def default_national_deadline(year: int) -> date:
    return date(year, 5, 31)  # proposals are due 31 May unless the year says otherwise


class NationalDeadline(models.Model):
    """The national deadline for proposals of a year (31 May by default; extended in some years,
    e.g. 30 June 2022)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    date = models.DateField(_("deadline"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("national deadline")
        verbose_name_plural = _("national deadlines")

    def __str__(self) -> str:
        return f"{self.year}: {self.date:%Y-%m-%d}"


class InstansiDeadline(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="deadlines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    date = models.DateField(_("internal deadline"))

    class Meta:
        ordering = ["instansi", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="instansi_deadline_year")
        ]
        verbose_name = _("internal deadline")
        verbose_name_plural = _("internal deadlines")

    def __str__(self) -> str:
        return f"{self.instansi} {self.year}: {self.date:%Y-%m-%d}"


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user) -> EvaluationQuerySet:
        """The evaluations this person may see: the one rule, `access.visibility`."""
        from .access import visibility  # access.py is built on this module

        if not user.is_authenticated:
            return self.none()
        condition = visibility(user)
        return self if condition is None else self.filter(condition)

    def with_related(self) -> EvaluationQuerySet:
        """With the unit, its instansi and the framework version in the same query, but not
        the framework's YAML source (~100 KB): FrameworkVersion.framework() parses it once per
        process from its own query."""
        return self.select_related("unit__instansi", "framework").defer("framework__source")


class Evaluation(models.Model):
    """One unit's LKE for one year. Pins the framework version it was started with."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    framework = models.ForeignKey(
        FrameworkVersion, verbose_name=_("LKE framework"), on_delete=models.PROTECT
    )
    target = models.CharField(_("target predicate"), max_length=4, choices=Predicate.choices)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.DRAFT, db_index=True
    )
    # The predicate the unit held when the evaluation started (WBBM needs an earlier WBK).
    previous_predicate = models.CharField(max_length=4, choices=Predicate.choices, blank=True)
    tpi_released = models.BooleanField(_("TPI notes released to the unit"), default=False)
    decided_predicate = models.CharField(
        _("predicate decided"), max_length=4, choices=Predicate.choices, blank=True
    )
    decree_number = models.CharField(_("decree number"), max_length=150, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    award = models.OneToOneField(
        "orgs.PredicateAward", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage_changed_at = models.DateTimeField(_("stage changed at"), default=timezone.now)
    # The tier of a tiered TPI review the evaluation sits at (1 = lowest), while in TPI review
    # at an instansi with tiers configured; None otherwise (`tiers.current_tier`).
    tpi_tier = models.PositiveSmallIntegerField(_("TPI tier"), null=True, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="evaluation_unit_year")
        ]
        indexes = [models.Index(fields=["year", "stage"], name="evaluation_year_stage")]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.unit} {self.year} ({self.get_target_display()})"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:detail", args=[self.pk])

    @property
    def is_read_only(self) -> bool:
        return self.stage in (Stage.DECIDED, Stage.CLOSED, Stage.NOT_PROPOSED)


class Answer(models.Model):
    """One question's answer in one layer, with optimistic locking (`version`)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=10)  # the framework's number
    layer = models.CharField(_("layer"), max_length=4, choices=Layer.choices)
    # Normalised: an option ("ya", "b") or a number as text ("3.62"); empty = unanswered.
    value = models.CharField(_("answer"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "question", "layer"], name="answer_once_per_layer"
            )
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.layer}/{self.question}={self.value}"

    @property
    def normalised(self) -> Normalised:
        return stored_to_normalised(self.value)


def stored_to_normalised(value: str) -> Normalised:
    if not value:
        return None
    if value[0].isdigit():
        return Decimal(value)
    return value


def normalised_to_stored(value: Normalised) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


class AnswerChange(models.Model):
    """The history of a question: every change of every layer, who, when, from → to."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="changes")
    question = models.CharField(max_length=10)
    layer = models.CharField(max_length=4, choices=Layer.choices)
    before_value = models.CharField(max_length=40, blank=True)
    after_value = models.CharField(max_length=40, blank=True)
    before_note = models.TextField(blank=True)
    after_note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["evaluation", "question"], name="change_question_idx")]

    def __str__(self) -> str:
        return f"{self.question}/{self.layer}: {self.before_value} → {self.after_value}"


class LayerScore(models.Model):
    """The score of one layer, recomputed by the actions whenever an answer changes, so that
    lists of thousands of evaluations never score row by row."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    layer = models.CharField(max_length=4, choices=Layer.choices)
    total = models.DecimalField(max_digits=9, decimal_places=4, default=0)
    pengungkit = models.DecimalField(max_digits=9, decimal_places=4, default=0)
    hasil = models.DecimalField(max_digits=9, decimal_places=4, default=0)
    predicate = models.CharField(max_length=4, choices=Predicate.choices, blank=True)
    answered = models.PositiveIntegerField(default=0)
    areas = models.JSONField(default=dict)  # area code → value
    # predicate code → [{code, label, required, actual, met, shortfall}], see `stored_conditions`
    conditions = models.JSONField(default=dict)
    # node code → reason ("missing_input", "zero_denominator") for what the official workbook
    # cannot compute yet; total, pengungkit and hasil then hold a floor, never shown as the score
    not_computable = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "layer"], name="score_once_per_layer")
        ]
        indexes = [
            # What the evaluation list reads of each row's layers, without the wide rows (areas,
            # conditions): index-only on PostgreSQL, for the page's subqueries and the join of
            # a sort by score over every row the person sees.
            models.Index(
                fields=["evaluation", "layer"],
                include=["total", "answered", "predicate"],
                name="score_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.layer}: {self.total}"

    @property
    def total_or_none(self):
        """The total, or None where the official workbook shows none (anything that cannot be
        computed reaches the total)."""
        return None if self.not_computable else self.total

    @property
    def total_reason(self) -> str | None:
        return next(iter(self.not_computable.values()), None) if self.not_computable else None

    def area_values(self, framework) -> dict[str, float | None]:
        """Area code → points, None for an area the official workbook cannot compute yet (a
        node of it is not computable): `areas` stores a floor there, never to be shown."""
        blocked = self.not_computable or {}
        stored = self.areas or {}
        return {
            a.code: None if any(n in blocked for n in a.nodes) else stored.get(a.code)
            for a in framework.areas
        }


def stored_conditions(result) -> dict[str, list[dict]]:
    """Every predicate's conditions of a scoring `Result`, as `LayerScore.conditions` keeps them
    so that lists can say which condition fails without re-scoring. Numbers are floats rounded
    to 4 decimals (like `areas`); a "requires an earlier predicate" condition keeps predicate
    codes as required/actual and no shortfall."""
    out: dict[str, list[dict]] = {p.code: [] for p in result.framework.predicates}
    for c in result.conditions:
        numeric = c.kind != "predicate"
        out.setdefault(c.predicate, []).append(
            {
                "code": c.code,
                "label": c.label,
                "required": round(float(c.required), 4) if numeric else c.required,
                "actual": round(float(c.actual), 4) if numeric else c.actual,
                "met": bool(c.met),
                "shortfall": None if c.shortfall is None else round(float(c.shortfall), 4),
            }
        )
    return out


class StageChange(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=12, choices=Stage.choices)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    # The move made (`actions.TRANSITIONS`), and the TPI tiers it went from and to in a tiered
    # review (a "konfirmasi" stays at its tier); empty/None for rows older than tiers.
    step = models.CharField(max_length=20, blank=True)
    from_tier = models.PositiveSmallIntegerField(null=True, blank=True)
    to_tier = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class RevisionRequest(models.Model):
    """A question an evaluator marked "perlu perbaikan" (needs revision), and why."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="revisions")
    question = models.CharField(max_length=10)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # The unit's answer to the request ("sudah diperbaiki"), until the evaluator closes it.
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["question", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "question"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_revision_per_question",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.reason[:40]}"


class Comment(models.Model):
    """A thread per question. Comments of evaluators marked internal stay hidden from the
    unit until the TPI releases its notes."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="comments")
    question = models.CharField(max_length=10)
    layer = models.CharField(max_length=4, choices=Layer.choices)  # the author's layer
    body = models.TextField(_("comment"))
    internal = models.BooleanField(_("internal to the evaluators"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["evaluation", "question"], name="comment_question_idx")]

    def __str__(self) -> str:
        return f"{self.question}: {self.body[:40]}"


class EvidenceLink(models.Model):
    """Evidence attached to a question of an evaluation (unit layer)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="evidence_links"
    )
    question = models.CharField(max_length=10)
    linked_at = models.DateTimeField(default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "evaluation", "question"], name="evidence_once_per_question"
            )
        ]
        indexes = [models.Index(fields=["evaluation", "question"], name="evidence_question_idx")]

    def __str__(self) -> str:
        return f"{self.evidence_id} → {self.evaluation_id}/{self.question}"


def signed_report_path(instance: SignedReport, filename: str) -> str:
    return f"lhe/{instance.evaluation_id}/{instance.sha256}.pdf"


class SignedReport(models.Model):
    """A signed copy of the Laporan Hasil Evaluasi (a scanned PDF), kept with the evaluation.
    Every upload stays: a corrected copy comes after the earlier one, never over it."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="signed_reports"
    )
    file = models.FileField(_("signed report"), upload_to=signed_report_path, max_length=200)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("signed report")
        verbose_name_plural = _("signed reports")

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.original_name}"


__all__ = [
    "Answer", "AnswerChange", "Comment", "Evaluation", "EvidenceLink", "InstansiDeadline",
    "Layer", "LayerScore", "NationalDeadline", "RevisionRequest", "SignedReport", "Stage",
    "StageChange", "normalised_to_stored", "stored_conditions", "stored_to_normalised",
]  # fmt: skip
