"""Scoring: `score(framework, answers, previous_predicate)` → `Result`. Pure, deterministic, fast.

Everything that shows a score calls this. Values are computed in full double precision, as the
official Excel workbook computes them, and conditions compare values settled to 9 decimals
(`zona.lke.plan`); rounding to 2 decimals happens only for display (`zona.lke.display`).

Rules (reference README §1–2, §7):
- a leaf scored "mean" is worth mean(scored item values) × weight; unanswered items are left out
  of the mean when the framework says `unanswered: excluded` (the official workbook's AVERAGE),
  else they count 0;
- a leaf scored "weighted" (Hasil) is worth Σ item value × item weight;
- a computed percentage needs every count it `requires`; a zero denominator follows the item's
  `zero_division` rule (a value, or not computable: the workbook's #DIV/0!);
- what the workbook cannot compute, the result names in `not_computable` with the reason
  (missing input, zero denominator), and every node above it too (the workbook's SUM repeats
  the error); `nodes` then holds the value with those parts counted 0, never to be shown as
  the node's value (`value_or_none`);
- every other node is the sum of its children; pengungkit and hasil are the two roots;
- the predicate is the highest-ranked one whose conditions all hold and whose required earlier
  predicate the unit already has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from .answers import Normalised, normalise_answers
from .errors import AnswerError
from .formula import DivisionByZero, Evaluator
from .model import MISSING_INPUT, ZERO_DENOMINATOR, Computed, Framework, Predicate
from .plan import CONTEXT, SETTLE_PLACES, Plan, plan_for

__all__ = ["Result", "plan_for", "score", "score_normalised"]


# --- results -------------------------------------------------------------------------------
@dataclass(slots=True)  # not frozen: built dozens of times per score
class ComputedResult:
    code: str
    value: float  # clamped to floor…cap; 0 when unanswered or not computable (see `reason`)
    raw: Decimal | None  # the formula's exact result before clamping; None if not computable
    inputs: dict[str, Decimal | None]
    answered: bool  # every count it requires is filled
    rule: str | None = None  # "zero_over_zero" / "nonzero_over_zero" when that rule decided
    reason: str | None = None  # MISSING_INPUT / ZERO_DENOMINATOR when it has no value
    missing: tuple[str, ...] = ()  # the required counts not filled

    @property
    def value_or_none(self) -> float | None:
        return None if self.reason else self.value


@dataclass(frozen=True, slots=True)
class AreaResult:
    code: str
    name: str
    weight: float
    value: float
    not_computable: str | None = None  # the reason, when a node of the area has no value

    @property
    def share(self) -> float:
        return self.value / self.weight if self.weight else 0.0

    @property
    def value_or_none(self) -> float | None:
        return None if self.not_computable else self.value

    @property
    def share_or_none(self) -> float | None:
        return None if self.not_computable else self.share


@dataclass(slots=True)  # not frozen: built dozens of times per score
class ConditionResult:
    predicate: str
    code: str
    label: str
    kind: str  # "points", "share" or "predicate"
    required: Any  # a number, or a predicate code for kind "predicate"
    actual: Any
    met: bool
    shortfall: float | None  # in the condition's own unit; 0 when met; None for "predicate"
    weight: float | None = None  # for shares: the weight the share is of
    ref: str | None = None
    not_computable: str | None = None  # the value it reads cannot be computed: not met

    @property
    def shortfall_points(self) -> float:
        if self.shortfall is None:
            return 0.0
        if self.kind == "share" and self.weight is not None:
            return self.shortfall * self.weight
        return self.shortfall


@dataclass(frozen=True, slots=True)
class Result:
    framework: Framework
    answers: dict[str, Normalised]
    question_values: dict[str, float | None]  # value 0–1 per question; None for counts
    computed: dict[str, ComputedResult]
    nodes: dict[str, float]
    previous_predicate: str | None
    predicate: Predicate | None = None
    met: dict[str, bool] = field(default_factory=dict)  # per predicate: all conditions met
    _conditions: tuple[ConditionResult, ...] | None = field(default=None, repr=False)
    # node code → reason (MISSING_INPUT, ZERO_DENOMINATOR): no value until the input changes
    not_computable: dict[str, str] = field(default_factory=dict)

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Question numbers without an answer, in framework order (counts included)."""
        get = self.answers.get
        return tuple([no for no in self.framework.questions if get(no) is None])

    @property
    def conditions(self) -> tuple[ConditionResult, ...]:
        """Every condition in detail; built on first use (bulk re-scoring needs only `met`)."""
        if self._conditions is None:
            conditions, _, _ = evaluate_conditions(
                self.framework,
                self.nodes,
                self.question_values,
                self.previous_predicate,
                self.not_computable,
            )
            object.__setattr__(self, "_conditions", tuple(conditions))
        return self._conditions

    @property
    def pengungkit(self) -> float:
        return self.nodes[plan_for(self.framework).pengungkit]

    @property
    def hasil(self) -> float:
        return self.nodes[plan_for(self.framework).hasil]

    @property
    def total(self) -> float:
        return self.pengungkit + self.hasil

    @property
    def areas(self) -> list[AreaResult]:
        blocked = self.not_computable
        return [
            AreaResult(
                a.code,
                a.name,
                float(a.weight),
                sum(self.nodes[n] for n in a.nodes),
                next((blocked[n] for n in a.nodes if n in blocked), None),
            )
            for a in self.framework.areas
        ]

    # --- what the workbook shows: None where it shows no number ----------------------------
    def value_or_none(self, node_code: str) -> float | None:
        if node_code in self.not_computable:
            return None
        return self.nodes[node_code]

    def share_or_none(self, node_code: str) -> float | None:
        if node_code in self.not_computable:
            return None
        return self.share(node_code)

    @property
    def pengungkit_or_none(self) -> float | None:
        return self.value_or_none(plan_for(self.framework).pengungkit)

    @property
    def hasil_or_none(self) -> float | None:
        return self.value_or_none(plan_for(self.framework).hasil)

    @property
    def total_or_none(self) -> float | None:
        if self.not_computable:  # anything not computable reaches a root
            return None
        return self.total

    @property
    def total_not_computable(self) -> str | None:
        """Why the total has no value (the reason of its first root that has none), or None."""
        blocked = self.not_computable
        return next((blocked[r] for r in self.framework.roots if r in blocked), None)

    @property
    def provisional(self) -> int:
        """How many questions are unanswered: 0 when the score is final for these answers."""
        return len(self.unanswered)

    def share(self, node_code: str) -> float:
        weight = float(self.framework.nodes[node_code].weight)
        return self.nodes[node_code] / weight if weight else 0.0

    def item_points(self, no: str) -> float:
        """A weighted (Hasil) item's contribution: value × item weight."""
        question = self.framework.questions[no]
        return (self.question_values[no] or 0.0) * float(question.weight or 0)

    def conditions_of(self, predicate_code: str) -> list[ConditionResult]:
        return [c for c in self.conditions if c.predicate == predicate_code]

    @property
    def answered_count(self) -> int:
        return len(self.framework.questions) - len(self.unanswered)


# --- values ----------------------------------------------------------------------------------
NAN = float("nan")


def _computed_value(
    item: Computed, evaluate: Evaluator, answers: Mapping, extra: tuple[str, ...] = ()
) -> ComputedResult:
    """A computed item: its formula runs exactly (Decimal) on the whole-number counts, once
    every count it requires (its inputs and `extra`) is filled."""
    get = answers.get
    inputs = {no: get(no) for no in item.inputs}
    complete = True
    for value in inputs.values():
        if value is None:  # `is`, not `in`: comparing None with a Decimal is costly
            complete = False
            break
    if complete:
        for no in extra:
            if get(no) is None:
                complete = False
                break
    if not complete:
        missing = tuple(n for n in item.requires if get(n) is None)
        return ComputedResult(
            item.code, 0.0, None, inputs, False, reason=MISSING_INPUT, missing=missing
        )
    try:
        raw = evaluate(answers)  # in CONTEXT, set by the caller
    except DivisionByZero as signal:
        rule = "zero_over_zero" if signal.numerator_is_zero else "nonzero_over_zero"
        value = getattr(item.zero_division, rule)
        if value is None:
            return ComputedResult(
                item.code, 0.0, None, inputs, True, rule=rule, reason=ZERO_DENOMINATOR
            )
        return ComputedResult(item.code, float(value), None, inputs, answered=True, rule=rule)
    value = min(max(raw, item.floor), item.cap)
    return ComputedResult(item.code, float(value), raw, inputs, answered=True)


def computed_item(
    framework: Framework, code: str, answers: Mapping[str, Normalised]
) -> ComputedResult:
    """One computed item on normalised answers, exactly as `score` computes it, without
    scoring the rest (the eligibility reads the LHKPN/LHKASN shares this way)."""
    for item, evaluate, extra in plan_for(framework).computed:
        if item.code == code:
            with localcontext(CONTEXT):
                return _computed_value(item, evaluate, answers, extra)
    raise KeyError(code)


def node_values(
    framework: Framework, answers: Mapping[str, Normalised]
) -> tuple[dict[str, float], dict[str, float | None], dict[str, ComputedResult]]:
    """The value of every node, question (0–1; None for counts and unanswered questions a
    framework leaves out) and computed item. Not-computable nodes are counted 0 here; see
    `node_values_and_gaps` for which they are."""
    nodes, qvalues, computed, _ = node_values_and_gaps(framework, answers)
    return nodes, qvalues, computed


def node_values_and_gaps(framework: Framework, answers: Mapping[str, Normalised]):
    """`node_values` and {node code: reason} of the nodes that cannot be computed."""
    plan = plan_for(framework)
    get = answers.get
    choice_values = [vmap[get(no)] for no, vmap in plan.choices]
    blank = None if plan.excluded else 0.0
    numeric_values = [
        blank if (a := get(no)) is None else min(float(a) / top, 1.0) for no, top in plan.numerics
    ]
    computed: dict[str, ComputedResult] = {}
    computed_values: list[float | None] = []
    if plan.computed:
        with localcontext(CONTEXT):
            for item, evaluate, extra in plan.computed:
                result = _computed_value(item, evaluate, answers, extra)
                computed[item.code] = result
                if result.reason is None:
                    computed_values.append(result.value)
                elif result.reason == ZERO_DENOMINATOR:
                    computed_values.append(NAN)
                else:  # a count missing: "Blm Diisi", left out like an unanswered question
                    computed_values.append(blank)
    try:
        values = plan.node_function(choice_values, numeric_values, computed_values)
    except TypeError:  # an unanswered item (None) left out of the mean: no scan in the common case
        if plan.blank_function is None:
            raise
        values = plan.blank_function(choice_values, numeric_values, computed_values)
    first, second = values[plan.roots[0]], values[plan.roots[1]]
    blocked: dict[str, str] = {}
    if first != first or second != second:  # NaN: something below cannot be computed
        values, blocked = _not_computable(
            plan, values, computed, (choice_values, numeric_values, computed_values)
        )
    nodes = dict(zip(plan.node_codes, values, strict=True))
    qvalues: dict[str, float | None] = dict(zip(plan.choice_nos, choice_values, strict=True))
    qvalues.update(zip(plan.numeric_nos, numeric_values, strict=True))
    qvalues.update(dict.fromkeys(plan.counts))
    return nodes, qvalues, computed, blocked


def _not_computable(
    plan: Plan, values: tuple, computed: Mapping[str, ComputedResult], items: tuple
) -> tuple[list[float], dict[str, str]]:
    """The reason of every NaN node, and the values with what has no value counted 0 (the leaf
    as a framework with `unanswered: zero` scores it; a parent sums its children's), a floor for
    lists and conditions, never shown as the node's value."""
    blocked: dict[str, str] = {}
    reasons: dict[int, str] = {}
    out = list(values)
    codes = plan.node_codes
    c, n, x = items
    for i, leaf in enumerate(plan.leaves):
        value = out[i]
        if value != value:
            zero = any(computed[k].reason == ZERO_DENOMINATOR for k in leaf.computed_codes)
            reasons[i] = blocked[leaf.code] = ZERO_DENOMINATOR if zero else MISSING_INPUT
            given = [c[j] for j in leaf.choices] + [n[j] for j in leaf.numerics]
            given = [0.0 if v is None or v != v else v for v in given]
            if leaf.weighted:
                out[i] = sum([v * w for v, w in zip(given, leaf.weights, strict=True)])
            else:
                given += [0.0 if x[j] is None or x[j] != x[j] else x[j] for j in leaf.computed]
                out[i] = sum(given) * leaf.weight / leaf.count
    for i, children in plan.branch_slots:
        value = out[i]
        if value != value:
            for c in children:
                if c in reasons:
                    reasons[i] = blocked[codes[i]] = reasons[c]
                    break
            out[i] = sum([out[c] for c in children])
    return out, blocked


# --- predicate conditions --------------------------------------------------------------------
def _check_values(
    plan: Plan,
    nodes: Mapping[str, float],
    qvalues: Mapping[str, Any],
    blocked: Mapping[str, str] | None = None,
):
    """(check, value in points, met, reason it is not computable) for every condition. A
    condition on a value that cannot be computed is not met."""
    area_values = {code: sum([nodes[n] for n in members]) for code, members in plan.areas}
    total = nodes[plan.pengungkit] + nodes[plan.hasil]
    for check in plan.checks:
        reason = None
        if blocked:
            for n in check.reads:
                if n in blocked:
                    reason = blocked[n]
                    break
        source = check.source
        if source == "node":
            value = nodes[check.ref]
        elif source == "area":
            value = area_values[check.ref]
        elif source == "total":
            value = total
        else:
            item = qvalues[check.ref]
            if item is None:
                reason = MISSING_INPUT
            value = (item or 0.0) * check.weight
        met = reason is None and round(value, SETTLE_PLACES) >= check.threshold
        yield check, value, met, reason


def _requirements(plan: Plan, previous_predicate: str | None):
    """(predicate, required predicate, met) for every predicate that requires an earlier one."""
    previous_rank = plan.ranks[previous_predicate] if previous_predicate else 0
    for predicate, required in plan.requires:
        yield predicate, required, previous_rank >= plan.ranks[required]


def _award(framework: Framework, met: dict[str, bool]) -> Predicate | None:
    for pred in reversed(framework.predicates):  # highest rank first
        if met[pred.code]:
            return pred
    return None


def predicate_status(
    framework: Framework,
    nodes: Mapping[str, float],
    qvalues: Mapping[str, float | None],
    previous_predicate: str | None,
    blocked: Mapping[str, str] | None = None,
) -> tuple[dict[str, bool], Predicate | None]:
    """Which predicates' conditions all hold, and the one awarded. The fast path of scoring."""
    plan = plan_for(framework)
    met = dict.fromkeys(plan.ranks, True)
    for check, _, ok, _ in _check_values(plan, nodes, qvalues, blocked):
        if not ok:
            met[check.predicate] = False
    for predicate, _, ok in _requirements(plan, previous_predicate):
        if not ok:
            met[predicate] = False
    return met, _award(framework, met)


def evaluate_conditions(
    framework: Framework,
    nodes: Mapping[str, float],
    qvalues: Mapping[str, float | None],
    previous_predicate: str | None,
    blocked: Mapping[str, str] | None = None,
) -> tuple[list[ConditionResult], dict[str, bool], Predicate | None]:
    """Every condition of every predicate with required, actual, met and shortfall."""
    plan = plan_for(framework)
    by_predicate: dict[str, list[ConditionResult]] = {code: [] for code in plan.ranks}
    for check, value, ok, reason in _check_values(plan, nodes, qvalues, blocked):
        share = check.kind == "share"
        actual = (value / check.weight if check.weight else 0.0) if share else value
        by_predicate[check.predicate].append(
            ConditionResult(
                check.predicate,
                check.code,
                check.label,
                check.kind,
                check.required,
                actual,
                ok,
                0.0 if ok else max(check.required - actual, 0.0),
                weight=check.weight if share else None,
                ref=check.ref,
                not_computable=reason,
            )
        )
    for predicate, required, ok in _requirements(plan, previous_predicate):
        by_predicate[predicate].append(
            ConditionResult(
                predicate,
                "requires",
                f"Predikat sebelumnya: {required}",
                "predicate",
                required,
                previous_predicate,
                ok,
                None,
            )
        )
    results = [c for conditions in by_predicate.values() for c in conditions]
    met = {code: all(c.met for c in conditions) for code, conditions in by_predicate.items()}
    return results, met, _award(framework, met)


# --- entry points ------------------------------------------------------------------------------
def check_previous_predicate(framework: Framework, previous_predicate: str | None) -> str | None:
    if previous_predicate is None or previous_predicate == "":
        return None
    code = str(previous_predicate).strip().upper()
    known = [p.code for p in framework.predicates]
    if code in ("NONE", "-", "TIDAK ADA"):
        return None
    if code not in known:
        raise AnswerError(
            "unknown_predicate", None, value=previous_predicate, known=", ".join(known)
        )
    return code


def score(
    framework: Framework,
    answers: Mapping[Any, Any],
    previous_predicate: str | None = None,
) -> Result:
    """Score raw answers {question number: answer}. Raises `AnswerError` on an invalid answer."""
    previous = check_previous_predicate(framework, previous_predicate)
    return _score(framework, normalise_answers(framework, answers), previous)


def score_normalised(
    framework: Framework, answers: Mapping[str, Normalised], previous_predicate: str | None
) -> Result:
    """Score answers that are already normalised (as stored by the apps)."""
    return _score(framework, dict(answers), previous_predicate)


def _score(
    framework: Framework, answers: dict[str, Normalised], previous_predicate: str | None
) -> Result:
    nodes, qvalues, computed, blocked = node_values_and_gaps(framework, answers)
    met, awarded = predicate_status(framework, nodes, qvalues, previous_predicate, blocked)
    return Result(
        framework=framework,
        answers=answers,
        question_values=qvalues,
        computed=computed,
        nodes=nodes,
        previous_predicate=previous_predicate,
        predicate=awarded,
        met=met,
        not_computable=blocked,
    )
