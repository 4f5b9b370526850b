"""Every state change of an evaluation: permission, validation, write, history — in one
transaction each. Views and the API call these and nothing else."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from zona.accounts.models import Role, RoleAssignment
from zona.audit.log import record
from zona.core import numbers
from zona.core.people import display_name
from zona.evidence import actions as documents
from zona.evidence import library
from zona.evidence.models import Evidence
from zona.frameworks.models import FrameworkVersion
from zona.lke import score_normalised
from zona.lke.answers import normalise_answer
from zona.lke.errors import AnswerError
from zona.orgs.models import PredicateAward, UnitKerja

from . import notify
from .access import has_role_for, holds_tier, writable_layer
from .models import (
    Answer,
    AnswerChange,
    Comment,
    Evaluation,
    EvidenceLink,
    Layer,
    LayerScore,
    NationalDeadline,
    RevisionRequest,
    SignedReport,
    Stage,
    StageChange,
    default_national_deadline,
    normalised_to_stored,
    stored_conditions,
    stored_to_normalised,
)
from .tiers import Tier, current_tier, tiers_of


class EvaluationError(ValueError):
    """A change refused for a reason the person can act on; the message says which."""


class StaleAnswer(EvaluationError):
    """Someone else saved this answer since it was loaded."""

    def __init__(self, current: Answer):
        self.current = current
        super().__init__(
            _("%(name)s changed this answer in the meantime. Their version is shown; "
              "yours was not saved.")
            % {"name": display_name(current.updated_by, _("Someone"))}
        )  # fmt: skip


# --- creating --------------------------------------------------------------------------------
def create_evaluation(
    actor, unit: UnitKerja, year: int, target: str, framework: FrameworkVersion | None = None
) -> Evaluation:
    """Start a unit's LKE for a year with the active framework (or the one given)."""
    allowed = any(
        has_role_for(actor, Evaluation(unit=unit), role)
        for role in (Role.UNIT_LEAD, Role.UNIT_MEMBER, Role.INSTANSI_COORDINATOR)
    )
    if not allowed:
        raise PermissionDenied
    if framework is None:
        framework = (
            FrameworkVersion.objects.filter(code="lke-2021", is_active=True).first()
            or FrameworkVersion.objects.filter(is_active=True).order_by("-loaded_at").first()
        )
    if framework is None:
        raise EvaluationError(_("No LKE framework is loaded yet."))
    held = unit.current_predicate
    if target == "WBBM" and held not in ("WBK", "WBBM"):
        raise EvaluationError(
            _("Menuju WBBM needs a unit that already holds Menuju WBK; choose Menuju WBK.")
        )
    with transaction.atomic():
        if Evaluation.objects.filter(unit=unit, year=year).exists():
            raise EvaluationError(
                _("%(unit)s already has an evaluation for %(year)s.") % {"unit": unit, "year": year}
            )
        evaluation = Evaluation.objects.create(
            unit=unit, year=year, target=target, framework=framework,
            previous_predicate=held or "", created_by=actor,
        )  # fmt: skip
        for layer in Layer:
            LayerScore.objects.create(evaluation=evaluation, layer=layer)
        record(
            actor,
            "evaluation.created",
            evaluation,
            after={"unit": unit.pk, "year": year, "target": target, "framework": str(framework)},
        )
    return evaluation


def set_internal_deadline(actor, instansi, year: int, deadline: date):
    """The instansi's own deadline for its units (before the national one)."""
    from zona.orgs.access import can_manage_instansi

    from .models import InstansiDeadline

    if not can_manage_instansi(actor, instansi):
        raise PermissionDenied
    with transaction.atomic():
        row, created = InstansiDeadline.objects.select_for_update().get_or_create(
            instansi=instansi, year=year, defaults={"date": deadline}
        )
        before = None if created else {"date": str(row.date)}
        row.date = deadline
        row.save()
        record(actor, "instansi.deadline_set", instansi, before=before,
               after={"year": year, "date": str(deadline)})  # fmt: skip
    return row


def set_tpi_tiers(actor, instansi, rows: list[tuple[str, list[int]]]) -> list[dict]:
    """Configure the instansi's TPI tiers, lowest first: each a name and the people (with a
    TPI role in the instansi) who act at it. No rows: the one-tier review. Every problem is
    refused at once, nothing saved. Evaluations in review keep their place: at the same tier
    if it still exists, else at the last one (at the first when tiers are new)."""
    from zona.orgs.access import can_manage_instansi

    from .tiers import TIER_NAME_LENGTH, tpi_people

    if not can_manage_instansi(actor, instansi):
        raise PermissionDenied
    eligible = {u.pk: u for u in tpi_people(instansi)}
    problems, names, placed, tiers = [], set(), {}, []
    if len(rows) == 1:
        problems.append(_("A tiered review needs at least two tiers; to review in one tier "
                          "(evaluator and lead), remove the tier."))  # fmt: skip
    for position, (name, members) in enumerate(rows, start=1):
        name = " ".join((name or "").split())
        where = _("Tier %(position)s") % {"position": _count(position)}
        if not name:
            problems.append(_("%(where)s: give the tier a name.") % {"where": where})
        elif len(name) > TIER_NAME_LENGTH:
            problems.append(_("%(where)s: the name has %(length)s characters; at most %(max)s.")
                            % {"where": where, "length": _count(len(name)),
                               "max": _count(TIER_NAME_LENGTH)})  # fmt: skip
        elif name.casefold() in names:
            problems.append(_("%(where)s: the name “%(name)s” is already used by another tier.")
                            % {"where": where, "name": name})  # fmt: skip
        names.add(name.casefold())
        members = list(dict.fromkeys(int(pk) for pk in members))
        if not members:
            problems.append(_("%(where)s: choose at least one person.") % {"where": where})
        for pk in members:
            if pk not in eligible:
                problems.append(_("%(where)s: the person chosen holds no TPI role in this "
                                  "instansi.") % {"where": where})  # fmt: skip
            elif pk in placed:
                problems.append(_("%(where)s: %(person)s is already in tier %(other)s; a person "
                                  "acts at one tier.") % {
                    "where": where, "person": display_name(eligible[pk]),
                    "other": _count(placed[pk])})  # fmt: skip
            else:
                placed[pk] = position
        tiers.append({"name": name, "members": members})
    leads = set(
        RoleAssignment.objects.filter(role=Role.TPI_LEAD, instansi=instansi).values_list(
            "user_id", flat=True
        )
    )
    if len(tiers) > 1 and tiers[-1]["members"] and not leads & set(tiers[-1]["members"]):
        problems.append(_("%(where)s: the last tier finalises the review, which is the TPI "
                          "lead's move; include a TPI lead.") % {
            "where": _("Tier %(position)s") % {"position": _count(len(tiers))}})  # fmt: skip
    if problems:
        raise EvaluationError(" ".join(problems))
    with transaction.atomic():
        instansi = type(instansi).objects.select_for_update().get(pk=instansi.pk)
        before = instansi.tpi_tiers or []
        if before == tiers:
            return tiers
        instansi.tpi_tiers = tiers
        instansi.save(update_fields=["tpi_tiers"])
        in_review = Evaluation.objects.filter(unit__instansi=instansi, stage=Stage.TPI_REVIEW)
        if not tiers:
            in_review.update(tpi_tier=None)
        else:
            in_review.filter(tpi_tier__isnull=True).update(tpi_tier=1)
            in_review.filter(tpi_tier__gt=len(tiers)).update(tpi_tier=len(tiers))
        record(actor, "instansi.tpi_tiers_set", instansi, before={"tiers": before},
               after={"tiers": tiers})  # fmt: skip
    return tiers


# --- answers ---------------------------------------------------------------------------------
def save_answer(
    actor, evaluation: Evaluation, question: str, layer: str, raw: Any, note: str,
    expected_version: int,
) -> Answer:  # fmt: skip
    """Save one answer in the caller's layer. Refuses a stale write (`StaleAnswer`, with the
    newer answer), an invalid answer (`AnswerError`) and a layer not open to the caller."""
    if writable_layer(actor, evaluation) != layer:
        raise PermissionDenied
    framework = evaluation.framework.framework()
    q = framework.questions.get(str(question))
    if q is None:
        raise AnswerError("unknown_question", str(question), framework=framework.key)
    value = normalised_to_stored(normalise_answer(q, raw))
    note = (note or "").strip()
    with transaction.atomic():
        lock_layer_score(evaluation, layer)  # first: saves in one layer queue here, in order
        answer, _created = Answer.objects.select_for_update().get_or_create(
            evaluation=evaluation, question=q.no, layer=layer
        )
        if answer.version != expected_version:
            raise StaleAnswer(answer)
        if answer.value == value and answer.note == note:
            return answer
        AnswerChange.objects.create(
            evaluation=evaluation, question=q.no, layer=layer, by=actor,
            before_value=answer.value, after_value=value,
            before_note=answer.note, after_note=note,
        )  # fmt: skip
        answer.value, answer.note = value, note
        answer.version += 1
        answer.updated_at, answer.updated_by = timezone.now(), actor
        answer.save()
        recompute_score(evaluation, layer, locked=True)
    return answer


def layer_answers(evaluation: Evaluation, layer: str) -> dict[str, Any]:
    rows = Answer.objects.filter(evaluation=evaluation, layer=layer).values_list(
        "question", "value"
    )
    return {q: stored_to_normalised(v) for q, v in rows if v}


def lock_layer_score(evaluation: Evaluation, layer: str) -> LayerScore:
    """Lock the layer's score row until the transaction ends (creating it if missing, safely
    against a parallel creator), so that re-scores of one layer run one after the other and each
    reads the answers every earlier one committed: the stored score equals a fresh re-score."""
    try:
        return LayerScore.objects.select_for_update().get(evaluation=evaluation, layer=layer)
    except LayerScore.DoesNotExist:
        pass
    try:
        with transaction.atomic():  # savepoint: a parallel creator's row makes this fail alone
            LayerScore.objects.create(evaluation=evaluation, layer=layer)
    except IntegrityError:
        pass
    return LayerScore.objects.select_for_update().get(evaluation=evaluation, layer=layer)


def recompute_score(evaluation: Evaluation, layer: str, *, locked: bool = False):
    """Score one layer and store the summary the lists read. Returns the full result.
    Runs in a transaction holding the layer's score lock: taken here unless the caller says it
    holds it already (`locked=True`, after `lock_layer_score` in the same transaction)."""
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return recompute_score(evaluation, layer, locked=locked)
    if not locked:
        lock_layer_score(evaluation, layer)
    framework = evaluation.framework.framework()
    result = score_normalised(
        framework, layer_answers(evaluation, layer), evaluation.previous_predicate or None
    )
    # The row exists and is locked (`lock_layer_score`) when an answer is saved: one UPDATE.
    fields = {**score_fields(result), "updated_at": timezone.now()}
    if not LayerScore.objects.filter(evaluation=evaluation, layer=layer).update(**fields):
        LayerScore.objects.create(evaluation=evaluation, layer=layer, **fields)
    return result


def score_fields(result) -> dict[str, Any]:
    """The stored summary of a scoring result, as `LayerScore` keeps it (`recompute_score` and
    the chunked re-scoring of `rescoring.py` store exactly this)."""
    return {
        "total": _decimal(result.total), "pengungkit": _decimal(result.pengungkit),
        "hasil": _decimal(result.hasil),
        "predicate": result.predicate.code if result.predicate else "",
        "answered": result.answered_count,
        "areas": {a.code: round(a.value, 6) for a in result.areas},
        "conditions": stored_conditions(result),
        "not_computable": result.not_computable,
    }  # fmt: skip


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


# --- stage moves -----------------------------------------------------------------------------
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    # move: (from stages, to stage, roles that may make it)
    "submit": ((Stage.DRAFT, Stage.RETURNED), Stage.SUBMITTED,
               (Role.UNIT_LEAD, Role.INSTANSI_COORDINATOR)),
    "start_review": ((Stage.SUBMITTED,), Stage.TPI_REVIEW, (Role.TPI_EVALUATOR, Role.TPI_LEAD)),
    "return": ((Stage.TPI_REVIEW,), Stage.RETURNED, (Role.TPI_EVALUATOR, Role.TPI_LEAD)),
    "finalise": ((Stage.TPI_REVIEW,), Stage.TPI_FINAL, (Role.TPI_LEAD,)),
    # Ways back from "Final di TPI": the TPI lead reopens the review, or the coordinator closes
    # the year without a proposal.
    "reopen_tpi": ((Stage.TPI_FINAL,), Stage.TPI_REVIEW, (Role.TPI_LEAD,)),
    "not_proposed": ((Stage.TPI_FINAL,), Stage.NOT_PROPOSED, (Role.INSTANSI_COORDINATOR,)),
    "propose": ((Stage.TPI_FINAL,), Stage.PROPOSED, (Role.INSTANSI_COORDINATOR,)),
    "start_desk": ((Stage.PROPOSED,), Stage.TPN_DESK, (Role.TPN_EVALUATOR,)),
    "start_field": ((Stage.TPN_DESK,), Stage.TPN_FIELD, (Role.TPN_EVALUATOR,)),
    "decide": ((Stage.TPN_FIELD,), Stage.DECIDED, (Role.TPN_EVALUATOR,)),
    "close": ((Stage.DECIDED,), Stage.CLOSED, (Role.TPN_EVALUATOR,)),
    "reopen": ((Stage.DECIDED, Stage.CLOSED), Stage.TPN_FIELD, (Role.TPN_EVALUATOR,)),
    # Inside a tiered TPI review (`tiers.py`): the tier confirms the lower tier's answers, passes
    # the evaluation up to the next tier, or returns it to the tier below.
    "confirm_tier": ((Stage.TPI_REVIEW,), Stage.TPI_REVIEW, (Role.TPI_EVALUATOR, Role.TPI_LEAD)),
    "pass_up": ((Stage.TPI_REVIEW,), Stage.TPI_REVIEW, (Role.TPI_EVALUATOR, Role.TPI_LEAD)),
    "return_tier": ((Stage.TPI_REVIEW,), Stage.TPI_REVIEW, (Role.TPI_EVALUATOR, Role.TPI_LEAD)),
}  # fmt: skip
# At an instansi with TPI tiers, the TPI's moves are made by the people of one tier, beside
# their roles above: move → (the tier whose people make it, the tier the evaluation sits at
# afterwards). "first"/"last": that tier; "lower": the tier it sits at, unless the last;
# "upper": the tier it sits at, unless the first. Afterwards: +1/-1/0 from the tier it sat
# at, "first"/"last", or None (it leaves the review). Moves not listed ignore tiers; the three
# tier moves exist only with tiers. Without tiers the table above alone decides, as before.
TIER_RULES: dict[str, tuple[str, int | str | None]] = {
    "start_review": ("first", "first"),
    "confirm_tier": ("upper", 0),
    "pass_up": ("lower", +1),
    "return_tier": ("upper", -1),
    "return": ("last", None),  # the unit return stays with the last tier (the lead's today)
    "finalise": ("last", None),
    "reopen_tpi": ("last", "last"),
}
TIER_MOVES = frozenset({"confirm_tier", "pass_up", "return_tier"})
# Moves the person who makes them cannot undo: the page asks to confirm them first. Submit and
# return hand the evaluation to the other side, which alone can send it back.
IRREVERSIBLE = frozenset(
    {"submit", "return", "finalise", "propose", "decide", "close", "not_proposed", "pass_up",
     "return_tier"}
)  # fmt: skip


@dataclass(frozen=True)
class Check:
    """What one condition found, its figures already written in the active locale."""

    met: bool
    required: str = ""
    actual: str = ""
    shortfall: str = ""
    details: tuple[str, ...] = ()
    problem: str = ""  # why it is not met, when figures cannot say it
    label: str = ""  # overrides the condition's label (one line of a group, e.g. an area)
    summary: str = ""  # the figures as a sentence: "118 dari 129 pertanyaan dijawab"
    group: str = ""  # heading shared by the lines of one condition (each area of "every area")


@dataclass(frozen=True)
class Outcome:
    """One line of a move's checklist."""

    code: str
    label: str
    check: Check
    warning: bool = False  # shown, never blocks
    entered: bool = False  # checks what the person enters with the move (note, decree)

    @property
    def met(self) -> bool:
        return self.check.met

    @property
    def blocks(self) -> bool:
        return not self.check.met and not self.warning

    @property
    def group(self) -> str:
        return self.check.group

    @property
    def reason(self) -> str:
        """Why a move is not possible, short: the figures' sentence, else the label with the
        shortfall."""
        c = self.check
        if c.summary or not c.shortfall:
            return c.summary or self.label
        short = _("short by %(value)s") % {"value": c.shortfall}
        return f"{self.label} ({short})"

    def figures(self, *, required: bool = True) -> str:
        c = self.check
        if c.problem:
            return c.problem
        parts = [
            _("required %(value)s") % {"value": c.required} if c.required and required else "",
            _("actual %(value)s") % {"value": c.actual} if c.actual else "",
            _("short by %(value)s") % {"value": c.shortfall} if c.shortfall else "",
        ]
        # A condition whose figures are a sentence only (a tier's work) says that sentence.
        return ", ".join(p for p in parts if p) or c.summary

    @property
    def line(self) -> str:
        """The refusal line: label, then required, actual and shortfall."""
        label = f"{self.group} — {self.label}" if self.group else self.label
        return f"{label}: {self.figures()}"


@dataclass(frozen=True)
class Group:
    """The lines of one condition that are checked per part (each area of "every area"): shown
    under one heading, one line per part, instead of the condition's name once per part."""

    label: str
    members: tuple[Outcome, ...]

    @property
    def code(self) -> str:
        return self.members[0].code

    @property
    def met(self) -> bool:
        return all(o.met for o in self.members)

    @property
    def warning(self) -> bool:
        return self.members[0].warning

    @property
    def blocks(self) -> bool:
        return any(o.blocks for o in self.members)

    @property
    def failing(self) -> list[Outcome]:
        return [o for o in self.members if not o.met]

    @property
    def required(self) -> str:
        """The requirement when every part has the same one (60 % of each area), else ""."""
        values = {o.check.required for o in self.members}
        return values.pop() if len(values) == 1 else ""

    @property
    def heading(self) -> str:
        if self.required:
            return _("%(label)s: required %(value)s each") % {
                "label": self.label, "value": self.required}  # fmt: skip
        return self.label

    @property
    def summary(self) -> str:
        return _("%(failing)s of %(all)s not met") % {
            "failing": _count(len(self.failing)), "all": _count(len(self.members))}  # fmt: skip

    @property
    def reason(self) -> str:
        return f"{self.label} ({self.summary})"

    def member_line(self, outcome: Outcome) -> str:
        return f"{outcome.label}: {outcome.figures(required=not self.required)}"

    @property
    def parts(self) -> list[tuple[Outcome, str]]:
        """The failing parts (all, when none fails) with their lines."""
        return [(o, self.member_line(o)) for o in self.failing or self.members]

    @property
    def line(self) -> str:
        """The whole group as one refusal line (the API, the exception's message)."""
        return f"{self.heading} — " + " · ".join(text for _o, text in self.parts)


def grouped(outcomes: list[Outcome]) -> list[Outcome | Group]:
    """Outcomes in order, those sharing a group heading gathered into one `Group` where the
    first of them stood."""
    rows: list[Outcome | Group] = []
    at: dict[tuple[str, str], int] = {}
    for o in outcomes:
        key = (o.code, o.group)
        if not o.group:
            rows.append(o)
        elif key in at:
            group = rows[at[key]]
            rows[at[key]] = Group(group.label, (*group.members, o))
        else:
            at[key] = len(rows)
            rows.append(Group(o.group, (o,)))
    return rows


@dataclass(frozen=True)
class Condition:
    """A precondition of a move: `test(facts)` gives one Check, or several for a group (one per
    LKE condition, one per area). `requirement` describes an entered condition before it is
    entered (the checklist shows it; the move checks it)."""

    code: str
    label: Any
    test: Callable[[MoveFacts], Check | list[Check]]
    warning: bool = False
    entered: bool = False
    requirement: Any = ""

    def describe(self, facts: MoveFacts) -> str:
        """The requirement of an entered condition, with the figures known before entry."""
        return str(self.requirement(facts) if callable(self.requirement) else self.requirement)

    def outcomes(self, facts: MoveFacts) -> list[Outcome]:
        found = self.test(facts)
        checks = found if isinstance(found, list) else [found]
        return [
            Outcome(self.code, c.label or str(self.label), c, self.warning, self.entered)
            for c in checks
        ]


class MoveFacts:
    """What the conditions of a move read, each fetched once, on first use."""

    def __init__(self, evaluation: Evaluation, note: str = "", details: dict | None = None):
        self.evaluation = evaluation
        self.note = note
        self.details = details or {}
        self.framework = evaluation.framework.framework()

    def answered(self, layer: str) -> set[str]:
        return set(
            Answer.objects.filter(evaluation=self.evaluation, layer=layer)
            .exclude(value="")
            .values_list("question", flat=True)
        )

    @cached_property
    def evidenced(self) -> set[str]:
        return set(self.evaluation.evidence_links.values_list("question", flat=True))

    @cached_property
    def open_revisions(self) -> list[str]:
        return list(
            self.evaluation.revisions.filter(resolved_at__isnull=True).values_list(
                "question", flat=True
            )
        )

    @cached_property
    def tiers(self) -> tuple[Tier, ...]:
        return tiers_of(self.evaluation.unit.instansi)

    @cached_property
    def tier(self) -> Tier | None:
        return current_tier(self.evaluation, self.tiers)

    @cached_property
    def tier_work(self) -> tuple[bool, bool]:
        """What the tier the evaluation sits at did since it reached it: (confirmed the TPI
        layer, with no answer changed after; changed an answer of the TPI layer)."""
        tier = self.tier
        arrived = (
            self.evaluation.moves.filter(to_stage=Stage.TPI_REVIEW, to_tier=tier.position)
            .exclude(step="confirm_tier")
            .order_by("-at", "-id")
            .first()
        )
        since = arrived.at if arrived else self.evaluation.stage_changed_at
        changes = self.evaluation.changes.filter(layer=Layer.TPI, at__gte=since)
        confirmed = (
            self.evaluation.moves.filter(step="confirm_tier", to_tier=tier.position, at__gte=since)
            .order_by("-at", "-id")
            .first()
        )
        if confirmed is not None and changes.filter(at__gt=confirmed.at).exists():
            confirmed = None
        return confirmed is not None, changes.filter(by_id__in=tier.members).exists()

    @cached_property
    def proposed_on(self) -> date | None:
        last = self.evaluation.moves.filter(to_stage=Stage.PROPOSED).order_by("-at", "-id").first()
        return timezone.localdate(last.at) if last else None


def _count(n: int) -> str:
    return numbers.count(n)


def _points(value: float) -> str:
    return numbers.points(value)


def _percent(share: float) -> str:
    return numbers.share(share, 2)


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _question_line(q) -> str:
    return f"{q.no}. {Truncator(q.text).chars(80)}"


def _every_question(facts: MoveFacts, having: set[str] | frozenset[str], summary: str) -> Check:
    """Met when every question of the framework is in `having`; the others listed. `summary`
    says the figures in a sentence, from %(done)s and %(all)s."""
    questions = facts.framework.questions
    missing = [q for no, q in questions.items() if no not in having]
    done = len(questions) - len(missing)
    return Check(
        met=not missing, required=_count(len(questions)), actual=_count(done),
        shortfall=_count(len(missing)) if missing else "",
        details=tuple(_question_line(q) for q in missing),
        summary=summary % {"done": _count(done), "all": _count(len(questions))},
    )  # fmt: skip


def _layer_complete(layer: str) -> Callable[[MoveFacts], Check]:
    def test(facts: MoveFacts) -> Check:
        return _every_question(
            facts, facts.answered(layer), _("%(done)s of %(all)s questions answered")
        )

    return test


def _evidence_given(facts: MoveFacts) -> Check:
    return _every_question(facts, facts.evidenced, _("%(done)s of %(all)s questions have evidence"))


def _no_open_revisions(facts: MoveFacts) -> Check:
    open_ = facts.open_revisions
    return Check(
        met=not open_, required=_count(0), actual=_count(len(open_)),
        shortfall=_count(len(open_)) if open_ else "",
        details=tuple(_("Question %(no)s") % {"no": no} for no in open_),
        summary=ngettext(
            "%(count)s revision request still open", "%(count)s revision requests still open",
            len(open_),
        ) % {"count": _count(len(open_))} if open_ else _("No revision request open"),
    )  # fmt: skip


def _before_national_deadline(facts: MoveFacts) -> Check:
    deadline = national_deadline(facts.evaluation.year)
    today = timezone.localdate()
    late = (today - deadline).days
    actual = _("today %(date)s") % {"date": _day(today)}
    if late > 0:
        actual += ", " + ngettext("%(count)s day late", "%(count)s days late", late) % {
            "count": _count(late)}  # fmt: skip
    return Check(met=late <= 0, required=_("by %(date)s") % {"date": _day(deadline)}, actual=actual)


def _target_conditions(facts: MoveFacts) -> list[Check]:
    """The TPI score against each condition of the target predicate: one line per condition
    (each area its own line), with required, actual and shortfall."""
    evaluation = facts.evaluation
    result = score_normalised(
        facts.framework, layer_answers(evaluation, Layer.TPI), evaluation.previous_predicate or None
    )
    checks = []
    for c in result.conditions_of(evaluation.target):
        if c.kind == "predicate":
            held = evaluation.get_previous_predicate_display() or _("no predicate")
            checks.append(Check(
                met=c.met, label=str(_("Predicate held before")),
                required=_("Menuju %(predicate)s") % {"predicate": c.required}, actual=str(held),
                problem="" if c.met else _(
                    "Menuju %(target)s needs a unit that already holds Menuju %(required)s; "
                    "the unit held %(held)s when the evaluation started."
                ) % {"target": evaluation.target, "required": c.required, "held": held},
            ))  # fmt: skip
            continue
        fmt = _percent if c.kind == "share" else _points
        # "every area" is checked per area: its lines are "<condition>: <area>"; the condition
        # becomes the group's heading and each line is named by its area.
        group, _sep, part = c.label.partition(": ") if ":" in c.code else ("", "", c.label)
        checks.append(Check(
            met=c.met, label=part, group=group, required=fmt(c.required), actual=fmt(c.actual),
            shortfall=fmt(c.shortfall) if not c.met and c.shortfall else "",
        ))  # fmt: skip
    return checks


def _reason_given(facts: MoveFacts) -> Check:
    return Check(met=bool(facts.note), problem="" if facts.note else _("give the reason"))


def _return_reason(facts: MoveFacts) -> Check:
    if facts.note or facts.open_revisions:
        return Check(met=True)
    return Check(
        met=False,
        problem=_("Say what needs revision: mark questions “perlu perbaikan” or write a note."),
    )


def _predicate_allowed(facts: MoveFacts) -> Check:
    evaluation, predicate = facts.evaluation, facts.details.get("predicate") or ""
    if predicate == "WBBM" and evaluation.target != "WBBM":
        problem = _("the evaluation aims at Menuju WBK; Menuju WBBM cannot be decided for it")
    elif predicate == "WBBM" and evaluation.previous_predicate not in ("WBK", "WBBM"):
        problem = _("Menuju WBBM needs a unit that already holds Menuju WBK; the unit held "
                    "none when the evaluation started")  # fmt: skip
    elif predicate not in ("", "WBK", "WBBM"):
        problem = _("unknown predicate")
    else:
        problem = ""
    return Check(met=not problem, problem=problem)


def _decree_number(facts: MoveFacts) -> Check:
    needed = bool(facts.details.get("predicate"))
    given = bool(facts.details.get("decree_number"))
    return Check(
        met=given or not needed,
        problem="" if given or not needed else _("a predicate needs the decree number"),
    )


def _decree_date(facts: MoveFacts) -> Check:
    given = facts.details.get("decree_date")
    if not given:
        if facts.details.get("predicate"):
            return Check(met=False, problem=_("a predicate needs the decree date"))
        return Check(met=True)
    today, proposed = timezone.localdate(), facts.proposed_on
    if given > today:
        problem = _("%(date)s is in the future (today is %(today)s)") % {
            "date": _day(given), "today": _day(today)}  # fmt: skip
    elif proposed and given < proposed:
        problem = _("%(date)s is before the proposal of %(proposed)s") % {
            "date": _day(given), "proposed": _day(proposed)}  # fmt: skip
    else:
        problem = ""
    return Check(met=not problem, actual=_day(given), problem=problem)


def _decree_date_requirement(facts: MoveFacts) -> str:
    today, proposed = _day(timezone.localdate()), facts.proposed_on
    if proposed:
        return _("Required with a predicate; from the proposal (%(proposed)s) to today "
                 "(%(today)s).") % {"proposed": _day(proposed), "today": today}  # fmt: skip
    return _("Required with a predicate; not in the future (today is %(today)s).") % {
        "today": today}  # fmt: skip


def _tier_reviewed(facts: MoveFacts) -> Check:
    """Above the first tier, the tier passes on only what it answered or confirmed."""
    tier = facts.tier
    if tier is None or tier.position == 1:
        return Check(met=True)
    confirmed, answered = facts.tier_work
    if confirmed or answered:
        return Check(
            met=True,
            summary=_("confirmed by %(tier)s") % {"tier": tier.name}
            if confirmed
            else _("answers changed by %(tier)s") % {"tier": tier.name},
        )
    return Check(met=False, summary=_(
        "%(tier)s has neither confirmed the answers of the tier below nor changed one") % {
        "tier": tier.name})  # fmt: skip


def _not_confirmed_yet(facts: MoveFacts) -> Check:
    confirmed, _answered = facts.tier_work
    tier = facts.tier
    if confirmed:
        return Check(
            met=False,
            summary=_("%(tier)s already confirmed the answers as they stand") % {"tier": tier.name},
        )
    return Check(met=True, summary=_("not confirmed yet"))


REASON = Condition(
    "reason", gettext_lazy("Reason"), _reason_given, entered=True,
    requirement=gettext_lazy("Write the reason in the note."),
)  # fmt: skip
CONDITIONS: dict[str, tuple[Condition, ...]] = {
    "submit": (
        Condition("unit_answers", gettext_lazy("Questions answered by the unit"),
                  _layer_complete(Layer.UNIT)),
        Condition("unit_evidence", gettext_lazy("Questions with evidence (bukti dukung)"),
                  _evidence_given, warning=True),
    ),
    "return": (
        Condition("revision_reason", gettext_lazy("What needs revision"), _return_reason,
                  entered=True, requirement=gettext_lazy(
                      "Mark questions “perlu perbaikan” or write a note.")),
    ),
    "finalise": (
        Condition("tpi_answers", gettext_lazy("Questions answered by the TPI"),
                  _layer_complete(Layer.TPI)),
        Condition("open_revisions", gettext_lazy("Open revision requests"), _no_open_revisions),
    ),
    "reopen_tpi": (REASON,),
    "not_proposed": (REASON,),
    "propose": (
        Condition("national_deadline", gettext_lazy("National deadline"),
                  _before_national_deadline),
        Condition("target", gettext_lazy("Conditions of the target predicate (TPI score)"),
                  _target_conditions),
    ),
    "decide": (
        Condition("tpn_answers", gettext_lazy("Questions answered by the TPN"),
                  _layer_complete(Layer.TPN)),
        Condition("predicate", gettext_lazy("Predicate"), _predicate_allowed, entered=True,
                  requirement=gettext_lazy(
                      "Menuju WBBM only for an evaluation toward WBBM of a unit holding WBK.")),
        Condition("decree_number", gettext_lazy("Decree number"), _decree_number, entered=True,
                  requirement=gettext_lazy("Required with a predicate.")),
        Condition("decree_date", gettext_lazy("Decree date"), _decree_date, entered=True,
                  requirement=_decree_date_requirement),
    ),
    "reopen": (REASON,),
    "confirm_tier": (
        Condition("tpi_answers", gettext_lazy("Questions answered by the TPI"),
                  _layer_complete(Layer.TPI)),
        Condition("tier_confirmation", gettext_lazy("Confirmation of this tier"),
                  _not_confirmed_yet),
    ),
    "pass_up": (
        Condition("tpi_answers", gettext_lazy("Questions answered by the TPI"),
                  _layer_complete(Layer.TPI)),
        Condition("tier_reviewed", gettext_lazy("Work of this tier"), _tier_reviewed),
    ),
    "return_tier": (REASON,),
}  # fmt: skip


@dataclass(frozen=True)
class Entered:
    """An entered condition on the checklist, before it is entered: what it will need."""

    code: str
    label: str
    requirement: str


@dataclass
class MoveOption:
    """A move the person may make at this stage, with its checklist (entered conditions are
    described, not yet checked)."""

    name: str
    outcomes: list[Outcome]
    conditions: tuple[Condition, ...]
    facts: MoveFacts  # what the checklist read, for the entered conditions' figures

    @property
    def rows(self) -> list[Outcome | Group]:
        """The checklist's lines, each area of "every area" under one heading."""
        return grouped(self.outcomes)

    @property
    def blocking(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.blocks]

    @property
    def blocking_rows(self) -> list[Outcome | Group]:
        return [row for row in self.rows if row.blocks]

    @property
    def possible(self) -> bool:
        return not self.blocking

    @property
    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.warning and not o.met]

    @property
    def entered(self) -> list[Entered]:
        return [
            Entered(c.code, str(c.label), c.describe(self.facts))
            for c in self.conditions
            if c.entered
        ]

    @property
    def irreversible(self) -> bool:
        return self.name in IRREVERSIBLE

    @property
    def note_required(self) -> bool:
        return REASON in self.conditions


class MoveRefused(EvaluationError):
    """A move whose conditions are not met; `failures` are the failing checklist lines."""

    def __init__(self, failures: list[Outcome]):
        self.failures = failures
        super().__init__(
            _("This step cannot be made yet: %(lines)s.")
            % {"lines": "; ".join(row.line for row in self.rows)}
        )

    @property
    def rows(self) -> list[Outcome | Group]:
        """The failures as the page lists them: one line per condition, a condition checked
        per area as one heading with a line per failing area."""
        return grouped(self.failures)


def acting_tier(evaluation: Evaluation, name: str, tiers: tuple[Tier, ...]) -> Tier | None:
    """The tier whose people make this move now (`TIER_RULES`), or None: the move is not made
    at the tier the evaluation sits at (or the instansi has no tiers)."""
    if not tiers or name not in TIER_RULES:
        return None
    who, _after = TIER_RULES[name]
    here = current_tier(evaluation, tiers)
    if who == "first":
        return tiers[0]
    if who == "last":
        return tiers[-1] if here is None or here.position == len(tiers) else None
    if here is None:
        return None
    if who == "lower":
        return here if here.position < len(tiers) else None
    return here if here.position > 1 else None  # "upper"


def _tier_allows(actor, evaluation: Evaluation, name: str) -> tuple[bool, bool]:
    """(the move is made at this tier, the person acts at that tier). Without tiers: the
    three tier moves do not exist; the others are as the transition table says."""
    tiers = tiers_of(evaluation.unit.instansi)
    if not tiers:
        return name not in TIER_MOVES, True
    if name not in TIER_RULES:
        return True, True
    tier = acting_tier(evaluation, name, tiers)
    if tier is None:
        return False, False
    return True, holds_tier(actor, evaluation, tier)


def _may_make(actor, evaluation: Evaluation, name: str) -> bool:
    sources, _to, roles = TRANSITIONS[name]
    if evaluation.stage not in sources or not any(
        has_role_for(actor, evaluation, r) for r in roles
    ):
        return False
    here, holder = _tier_allows(actor, evaluation, name)
    return here and holder


def available_moves(actor, evaluation: Evaluation) -> list[str]:
    """The moves this person's roles allow at the evaluation's stage, possible or not."""
    return [name for name in TRANSITIONS if _may_make(actor, evaluation, name)]


def move_options(actor, evaluation: Evaluation) -> list[MoveOption]:
    """`available_moves` with each move's checklist: what the panel shows before a move."""
    options = []
    for name in available_moves(actor, evaluation):
        conditions = CONDITIONS.get(name, ())
        facts = MoveFacts(evaluation)
        outcomes = [o for c in conditions if not c.entered for o in c.outcomes(facts)]
        options.append(MoveOption(name, outcomes, conditions, facts))
    return options


def check_move(
    actor, evaluation: Evaluation, name: str, note: str = "", **details: Any
) -> list[Outcome]:
    """Every condition of the move, entered ones included, as `move` checks them. Raises as
    `move` does for an unknown step, a wrong stage or a wrong role."""
    if name not in TRANSITIONS:
        raise EvaluationError(_("Unknown step."))
    sources, _to, roles = TRANSITIONS[name]
    if evaluation.stage not in sources:
        raise EvaluationError(
            _("This step is not possible at the stage “%(stage)s”.")
            % {"stage": evaluation.get_stage_display()}
        )
    if not any(has_role_for(actor, evaluation, role) for role in roles):
        raise PermissionDenied
    here, holder = _tier_allows(actor, evaluation, name)
    if not here:
        tier = current_tier(evaluation)
        raise EvaluationError(
            _("This step is not possible at the TPI tier “%(tier)s”.") % {"tier": tier.name}
            if tier else _("This step is only possible in a tiered TPI review.")
        )  # fmt: skip
    if not holder:
        raise PermissionDenied
    facts = MoveFacts(evaluation, (note or "").strip(), details)
    return [o for c in CONDITIONS.get(name, ()) for o in c.outcomes(facts)]


def national_deadline(year: int) -> date:
    row = NationalDeadline.objects.filter(year=year).first()
    return row.date if row else default_national_deadline(year)


def move(actor, evaluation: Evaluation, name: str, note: str = "", **details: Any) -> Evaluation:
    """Make one stage move. Illegal moves raise EvaluationError saying why (`MoveRefused` with
    the failing conditions); a move the person's roles do not allow, PermissionDenied."""
    if name not in TRANSITIONS:
        raise EvaluationError(_("Unknown step."))
    _sources, target_stage, _roles = TRANSITIONS[name]
    note = (note or "").strip()
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update()
            .select_related("unit__instansi")
            .get(pk=evaluation.pk)
        )
        failures = [o for o in check_move(actor, evaluation, name, note, **details) if o.blocks]
        if failures:
            raise MoveRefused(failures)
        before = evaluation.stage
        tiers = tiers_of(evaluation.unit.instansi)
        here = current_tier(evaluation, tiers)
        from_tier = here.position if here else None
        to_tier = _tier_after(name, from_tier, tiers)
        # Revision requests stay open through a resubmission: the TPI closes each once it has
        # seen what changed (`close_revision`), and open ones block "finalise".
        if name == "finalise":
            evaluation.tpi_released = True  # the unit sees the TPI's final answers and notes
        if name == "decide":
            _apply_decision(evaluation, details)
        evaluation.stage = target_stage
        evaluation.tpi_tier = to_tier
        if target_stage != before:  # a move between tiers stays in the stage
            evaluation.stage_changed_at = timezone.now()
        evaluation.save()
        StageChange.objects.create(
            evaluation=evaluation, from_stage=before, to_stage=target_stage, note=note, by=actor,
            step=name, from_tier=from_tier, to_tier=to_tier,
        )  # fmt: skip
        tier_before = {"tier": from_tier} if from_tier else {}
        tier_after = {"tier": to_tier} if to_tier else {}
        record(actor, f"evaluation.{name}", evaluation, before={"stage": before, **tier_before},
               after={"stage": target_stage, **tier_after,
                      **{k: str(v) for k, v in details.items()}},
               note=note)  # fmt: skip
        notify.evaluation_moved(evaluation, name, actor)
    return evaluation


def _tier_after(name: str, from_tier: int | None, tiers: tuple[Tier, ...]) -> int | None:
    """The tier the evaluation sits at after the move (`TIER_RULES`); None outside a tiered
    review."""
    if not tiers or name not in TIER_RULES:
        return None
    _who, after = TIER_RULES[name]
    if after == "first":
        return 1
    if after == "last":
        return len(tiers)
    if after is None:
        return None
    return (from_tier or 1) + after


def _apply_decision(evaluation: Evaluation, details: dict) -> None:
    predicate = details.get("predicate") or ""
    evaluation.decided_predicate = predicate
    evaluation.decree_number = details.get("decree_number", "")
    evaluation.decree_date = details.get("decree_date")
    if evaluation.award is not None:  # decided before, then reopened
        evaluation.award.revoked = not predicate
        evaluation.award.revoked_on = timezone.localdate() if not predicate else None
        if predicate:
            evaluation.award.predicate = predicate
            evaluation.award.decree_number = evaluation.decree_number
            evaluation.award.decree_date = evaluation.decree_date
        evaluation.award.save()
    elif predicate:
        evaluation.award, _created = PredicateAward.objects.update_or_create(
            unit=evaluation.unit, year=evaluation.year, predicate=predicate,
            defaults={"decree_number": evaluation.decree_number,
                      "decree_date": evaluation.decree_date, "revoked": False},
        )  # fmt: skip


# --- review ----------------------------------------------------------------------------------
def _require_question(evaluation: Evaluation, question: str) -> None:
    if evaluation.framework.framework().questions.get(question) is None:
        raise EvaluationError(_("Unknown question."))


def request_revision(actor, evaluation: Evaluation, question: str, reason: str):
    """Mark a question "perlu perbaikan" during the TPI review."""
    if writable_layer(actor, evaluation) != Layer.TPI:
        raise PermissionDenied
    _require_question(evaluation, question)
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("Say why the answer needs revision."))
    with transaction.atomic():
        row, _created = RevisionRequest.objects.update_or_create(
            evaluation=evaluation, question=question, resolved_at=None,
            defaults={"reason": reason, "requested_by": actor, "requested_at": timezone.now()},
        )  # fmt: skip
        record(
            actor,
            "evaluation.revision_requested",
            evaluation,
            after={"question": question, "reason": reason},
        )
    return row


def withdraw_revision(actor, evaluation: Evaluation, question: str) -> None:
    if writable_layer(actor, evaluation) != Layer.TPI:
        raise PermissionDenied
    with transaction.atomic():
        deleted, _rows = evaluation.revisions.filter(
            question=question, resolved_at__isnull=True
        ).delete()
        if deleted:
            record(
                actor, "evaluation.revision_withdrawn", evaluation, before={"question": question}
            )


def add_comment(actor, evaluation: Evaluation, question: str, body: str, internal: bool) -> Comment:
    from .access import may_comment, visible_layers

    if not may_comment(actor, evaluation):
        raise PermissionDenied
    _require_question(evaluation, question)
    body = (body or "").strip()
    if not body:
        raise EvaluationError(_("The comment is empty."))
    if evaluation.is_read_only:
        raise EvaluationError(_("The evaluation is decided; reopen it to comment."))
    layers = visible_layers(actor, evaluation)
    if (
        has_role_for(actor, evaluation, Role.TPN_EVALUATOR)
        and Layer.TPN in layers
        and (evaluation.stage in (Stage.TPN_DESK, Stage.TPN_FIELD))
    ):
        layer = Layer.TPN
    elif Layer.TPI in layers and (
        has_role_for(actor, evaluation, Role.TPI_EVALUATOR)
        or has_role_for(actor, evaluation, Role.TPI_LEAD)
    ):
        layer = Layer.TPI
    else:
        layer = Layer.UNIT
    comment = Comment.objects.create(
        evaluation=evaluation, question=question, layer=layer, body=body,
        internal=internal and layer != Layer.UNIT, author=actor,
    )  # fmt: skip
    notify.comment_added(comment, actor)
    return comment


def release_tpi_notes(actor, evaluation: Evaluation) -> None:
    if not (
        has_role_for(actor, evaluation, Role.TPI_LEAD)
        or has_role_for(actor, evaluation, Role.TPI_EVALUATOR)
    ):
        raise PermissionDenied
    with transaction.atomic():
        evaluation.tpi_released = True
        evaluation.save(update_fields=["tpi_released"])
        record(actor, "evaluation.tpi_released", evaluation)


# --- evidence --------------------------------------------------------------------------------
def _require_unit_layer(actor, evaluation: Evaluation) -> None:
    if writable_layer(actor, evaluation) != Layer.UNIT:
        raise PermissionDenied


def add_evidence(
    actor, evaluation: Evaluation, question: str, *, description: str, upload=None,
    url: str = "", document_date: date | None = None,
) -> Evidence:  # fmt: skip
    """A new file or link for the unit, attached to this question. EvidenceError when the
    upload or the description is refused (nothing is kept)."""
    _require_unit_layer(actor, evaluation)
    _require_question(evaluation, question)
    with transaction.atomic():
        evidence = documents.create(
            actor, evaluation.unit_id, description=description, upload=upload, url=url,
            document_date=document_date,
        )  # fmt: skip
        EvidenceLink.objects.create(
            evidence=evidence, evaluation=evaluation, question=question, linked_by=actor
        )
        record(
            actor,
            "evidence.added",
            evaluation,
            after={"question": question, "evidence": evidence.pk,
                   "description": evidence.description},
        )  # fmt: skip
    return evidence


def attach_evidence(actor, evaluation: Evaluation, question: str, evidence: Evidence) -> None:
    """Attach evidence the unit already has (another question, an earlier year)."""
    attach_evidence_to(actor, evaluation, [question], evidence)


def attach_evidence_to(
    actor, evaluation: Evaluation, questions: list[str], evidence: Evidence
) -> list[str]:
    """Attach one of the unit's documents to several questions in one action, with one audit
    event listing them. Returns the questions it was newly attached to, in LKE order (those
    already carrying it are left as they are)."""
    _require_unit_layer(actor, evaluation)
    if evidence.unit_id != evaluation.unit_id:
        raise PermissionDenied
    wanted = list(dict.fromkeys(str(no) for no in questions))
    if not wanted:
        raise EvaluationError(_("Choose at least one question."))
    for no in wanted:
        _require_question(evaluation, no)
    order = {no: i for i, no in enumerate(evaluation.framework.framework().questions)}
    wanted.sort(key=order.__getitem__)
    with transaction.atomic():
        have = set(
            EvidenceLink.objects.filter(
                evidence=evidence, evaluation=evaluation, question__in=wanted
            ).values_list("question", flat=True)
        )
        new = [no for no in wanted if no not in have]
        for no in new:  # one save each (not bulk_create): post_save signals see every link
            EvidenceLink.objects.create(
                evidence=evidence, evaluation=evaluation, question=no, linked_by=actor
            )
        after = {"questions": new, "evidence": evidence.pk}
        if len(wanted) == 1:  # the event of a single attach keeps its shape
            after = {"question": wanted[0], "evidence": evidence.pk}
        record(actor, "evidence.attached", evaluation, after=after)
    return new


def attach_from_library(
    actor, evaluation: Evaluation, questions: list[str], key: str
) -> tuple[Evidence, list[str]]:
    """Attach a document picked from the unit's library ("evidence:12", "finding:4") to these
    questions: a document of another register becomes the unit's evidence first (its stored
    bytes shared, not copied), in the same transaction. Http404 for a key that is not the
    unit's or not the person's to see."""
    _require_unit_layer(actor, evaluation)
    parsed = library.parse_key(key)
    if parsed is None:
        raise EvaluationError(_("Choose a document from the list."))
    kind, pk = parsed
    with transaction.atomic():
        evidence = library.source(kind).adopt(actor, evaluation.unit_id, pk)
        return evidence, attach_evidence_to(actor, evaluation, questions, evidence)


def detach_evidence(actor, link: EvidenceLink) -> None:
    _require_unit_layer(actor, link.evaluation)
    with transaction.atomic():
        record(
            actor,
            "evidence.detached",
            link.evaluation,
            before={"question": link.question, "evidence": link.evidence_id},
        )
        link.delete()


# --- review: agreeing with the unit, and the revision loop ------------------------------------
def agree_with_unit(actor, evaluation: Evaluation, questions: list[str]) -> list[str]:
    """Take the unit's answer as the evaluator's own for each of `questions` the evaluator has
    not answered yet, in one transaction: each is saved as the evaluator's answer (with its
    history entry) and the layer is re-scored once per answer as every save is. Returns the
    question numbers taken."""
    layer = writable_layer(actor, evaluation)
    if layer not in (Layer.TPI, Layer.TPN):
        raise PermissionDenied
    wanted = [str(no) for no in questions]
    with transaction.atomic():
        rows = {
            a.question: a
            for a in Answer.objects.filter(
                evaluation=evaluation, layer__in=(Layer.UNIT, layer), question__in=wanted
            ).order_by()
            if a.layer == layer
        }
        unit = dict(
            Answer.objects.filter(evaluation=evaluation, layer=Layer.UNIT, question__in=wanted)
            .exclude(value="")
            .values_list("question", "value")
        )
        taken = []
        for no in wanted:
            mine = rows.get(no)
            if no not in unit or (mine is not None and mine.value):
                continue
            save_answer(
                actor, evaluation, no, layer, stored_to_normalised(unit[no]),
                mine.note if mine else "", mine.version if mine else 0,
            )  # fmt: skip
            taken.append(no)
        if taken:
            record(actor, "evaluation.agreed_with_unit", evaluation,
                   after={"layer": layer, "questions": taken})  # fmt: skip
    return taken


def _open_revision(evaluation: Evaluation, question: str) -> RevisionRequest:
    row = evaluation.revisions.filter(question=question, resolved_at__isnull=True).first()
    if row is None:
        raise EvaluationError(_("This question has no open revision request."))
    return row


def reply_to_revision(actor, evaluation: Evaluation, question: str, text: str) -> RevisionRequest:
    """The unit says what it did about a revision request ("sudah diperbaiki")."""
    if writable_layer(actor, evaluation) != Layer.UNIT:
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise EvaluationError(_("Say what was revised."))
    with transaction.atomic():
        row = _open_revision(evaluation, question)
        row.reply, row.replied_at, row.replied_by = text, timezone.now(), actor
        row.save(update_fields=["reply", "replied_at", "replied_by"])
        record(actor, "evaluation.revision_replied", evaluation,
               after={"question": question, "reply": text})  # fmt: skip
        notify.revision_replied(row, actor)
    return row


def close_revision(actor, evaluation: Evaluation, question: str) -> RevisionRequest:
    """The TPI accepts the revision: the request is closed (it no longer blocks "finalise")."""
    if writable_layer(actor, evaluation) != Layer.TPI:
        raise PermissionDenied
    with transaction.atomic():
        row = _open_revision(evaluation, question)
        row.resolved_at, row.resolved_by = timezone.now(), actor
        row.save(update_fields=["resolved_at", "resolved_by"])
        record(actor, "evaluation.revision_closed", evaluation, after={"question": question})
    return row


def reopen_revision(actor, evaluation: Evaluation, question: str) -> RevisionRequest:
    """The TPI reopens the request it closed last on this question: the revision is not done."""
    if writable_layer(actor, evaluation) != Layer.TPI:
        raise PermissionDenied
    with transaction.atomic():
        if evaluation.revisions.filter(question=question, resolved_at__isnull=True).exists():
            raise EvaluationError(_("This question already has an open revision request."))
        row = (
            evaluation.revisions.filter(question=question, resolved_by__isnull=False)
            .order_by("-resolved_at", "-pk")
            .first()
        )
        if row is None:
            raise EvaluationError(_("This question has no closed revision request."))
        row.resolved_at = row.resolved_by = None
        row.save(update_fields=["resolved_at", "resolved_by"])
        record(actor, "evaluation.revision_reopened", evaluation, after={"question": question})
    return row


SIGNED_REPORT_LIMIT = 20 * 1024 * 1024
SIGNED_REPORT_ROLES = (Role.TPI_LEAD, Role.TPI_EVALUATOR, Role.INSTANSI_COORDINATOR)


def may_upload_signed_report(actor, evaluation: Evaluation) -> bool:
    """The TPI, who signs the report, and the coordinator, who sends it on."""
    return any(has_role_for(actor, evaluation, role) for role in SIGNED_REPORT_ROLES)


def upload_signed_report(actor, evaluation: Evaluation, upload, note: str = "") -> SignedReport:
    """Keep a signed copy of the Laporan Hasil Evaluasi (PDF) with the evaluation."""
    if not may_upload_signed_report(actor, evaluation):
        raise PermissionDenied
    if upload is None or not upload.size:
        raise EvaluationError(_("Choose the signed PDF to upload."))
    if upload.size > SIGNED_REPORT_LIMIT:
        raise EvaluationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(SIGNED_REPORT_LIMIT)}
        )
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise EvaluationError(_("The signed report must be a PDF file."))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        signed = SignedReport(
            evaluation=evaluation, original_name=upload.name[-200:], sha256=digest.hexdigest(),
            size=upload.size, note=(note or "").strip()[:300], uploaded_by=actor,
        )  # fmt: skip
        signed.file.save(upload.name, upload, save=False)
        signed.save()
        record(
            actor, "evaluation.signed_report_uploaded", evaluation,
            after={"file": signed.original_name, "sha256": signed.sha256, "size": signed.size,
                   "note": signed.note},
        )  # fmt: skip
    return signed
