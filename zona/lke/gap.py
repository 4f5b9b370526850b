"""Gap analysis: where a unit's effort pays on the way to a target predicate.

For every scored item (question or computed percentage) it asks: what would moving this answer
one step up, or to the top, add to the total and to each failing condition of the target? The
value of a leaf is linear in each of its items, so a move changes the leaf by
Δvalue / n × weight (mean) or Δvalue × item weight (weighted), and every ancestor by the same;
conditions are then re-evaluated on the moved values. No full re-score per move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .answers import Normalised
from .model import Framework, Predicate
from .plan import plan_for
from .scoring import ConditionResult, Result, check_previous_predicate, evaluate_conditions, score

# One "step" for the numeric types: 10 percentage points, 0.1 of a survey index, and 10 points
# of a computed percentage. Choices step to the next better option.
NUMERIC_STEP = {"percent": Decimal(10), "index_0_4": Decimal("0.1")}
NUMERIC_MAX = {"percent": Decimal(100), "index_0_4": Decimal(4)}
COMPUTED_STEP = 0.1
NOISE = 1e-9  # below this, a float difference is rounding, not a gain


@dataclass(frozen=True, slots=True)
class GapMove:
    answer: Normalised  # the answer to give (None for a computed item: raise its inputs)
    value: float  # the item's value 0–1 after the move
    total_gain: float
    condition_gains: dict[str, float]  # failing condition code → points of shortfall removed
    fixes: tuple[str, ...]  # failing conditions of the target that the move alone would meet


@dataclass(frozen=True, slots=True)
class GapItem:
    key: str  # question number or computed item code
    kind: str  # "question" or "computed"
    label: str
    node: str
    area: str | None
    answer: Normalised
    value: float
    step: GapMove | None
    top: GapMove | None

    @property
    def helps_failing(self) -> bool:
        return bool(self.top and any(g > 0 for g in self.top.condition_gains.values()))


@dataclass(frozen=True, slots=True)
class GapReport:
    target: Predicate
    result: Result
    failing: tuple[ConditionResult, ...]
    items: tuple[GapItem, ...]  # most helpful first
    unreachable: tuple[ConditionResult, ...]  # failing conditions no answer can meet

    @property
    def reachable_max_total(self) -> float:
        return self.result.total + sum(i.top.total_gain for i in self.items if i.top)


def _choice_moves(options: tuple[str, ...], values: Mapping[str, Decimal], current: float):
    better = [o for o in options if float(values[o]) > current + NOISE]  # best first
    if not better:
        return None, None
    return better[-1], better[0]


def gap_analysis(
    framework: Framework,
    answers: Mapping[Any, Any],
    target: str,
    previous_predicate: str | None = None,
    limit: int | None = None,
) -> GapReport:
    target_predicate = framework.predicate(check_previous_predicate(framework, target) or "")
    result = score(framework, answers, previous_predicate)
    failing = tuple(c for c in result.conditions_of(target_predicate.code) if not c.met)
    base_shortfall = {c.code: c.shortfall_points for c in failing}
    plan = plan_for(framework)

    def leaf_after(leaf, key: str, new: float) -> float:
        """A mean leaf's value once `key` is worth `new`, over its answered items (the
        workbook's AVERAGE, `unanswered: excluded`); the other items as they are."""
        values = [result.question_values[no] for no in leaf.scored_nos]
        values += [result.computed[c].value_or_none for c in leaf.computed_codes]
        keys = [*leaf.scored_nos, *leaf.computed_codes]
        answered = [new if k == key else v for k, v in zip(keys, values, strict=True)]
        answered = [v for v in answered if v is not None]
        return sum(answered) * leaf.weight / len(answered)

    def evaluate_move(leaf, key: str, is_question: bool, factor: float, old, new):
        if leaf.weighted:
            delta = (new - old) * factor
        elif plan.excluded:
            delta = leaf_after(leaf, key, new) - result.nodes[leaf.code]
        else:
            delta = (new - old) * leaf.weight / leaf.count
        nodes = dict(result.nodes)
        nodes[leaf.code] += delta
        for code in plan.ancestors[leaf.code]:
            nodes[code] += delta
        qvalues = result.question_values
        if is_question:
            qvalues = {**qvalues, key: new}
        conditions, _, _ = evaluate_conditions(framework, nodes, qvalues, result.previous_predicate)
        after = {c.code: c for c in conditions if c.predicate == target_predicate.code}
        gains = {
            code: before - after[code].shortfall_points
            for code, before in base_shortfall.items()
            if before - after[code].shortfall_points > NOISE
        }
        fixes = tuple(code for code in base_shortfall if after[code].met)
        return delta, gains, fixes

    items = []
    for leaf in plan.leaves:
        area = framework.area_of(leaf.code)
        entries = [(no, "question") for no in leaf.scored_nos]
        entries += [(plan.computed[j][0].code, "computed") for j in leaf.computed]
        for index, (key, kind) in enumerate(entries):
            factor = leaf.weights[index] if leaf.weighted else 1.0
            if kind == "computed":
                current = result.computed[key].value
                answer = None
                candidates = [
                    (None, min(current + COMPUTED_STEP, 1.0)) if current < 1.0 else None,
                    (None, 1.0) if current < 1.0 else None,
                ]
                label = framework.computed[key].name
            else:
                question = framework.questions[key]
                current = result.question_values[key] or 0.0
                answer = result.answers.get(key)
                label = question.text
                if question.values is not None:
                    step, top = _choice_moves(question.options, question.values, current)
                    candidates = [
                        (step, float(question.values[step])) if step else None,
                        (top, float(question.values[top])) if top else None,
                    ]
                else:
                    raw = answer if answer is not None else Decimal(0)
                    top_raw = NUMERIC_MAX[question.type]
                    if raw >= top_raw:
                        candidates = [None, None]
                    else:
                        step_raw = min(raw + NUMERIC_STEP[question.type], top_raw)
                        candidates = [(step_raw, float(step_raw / top_raw)), (top_raw, 1.0)]
            moves = []
            for candidate in candidates:
                if candidate is None:
                    moves.append(None)
                    continue
                new_answer, new_value = candidate
                delta, gains, fixes = evaluate_move(
                    leaf, key, kind == "question", factor, current, new_value
                )
                moves.append(GapMove(new_answer, new_value, delta, gains, fixes))
            if moves[1] is None or moves[1].total_gain <= NOISE:
                continue
            items.append(
                GapItem(
                    key=key,
                    kind=kind,
                    label=label,
                    node=leaf.code,
                    area=area.code if area else None,
                    answer=answer,
                    value=current,
                    step=moves[0],
                    top=moves[1],
                )
            )
    items.sort(
        key=lambda i: (
            -len(i.top.fixes),
            -sum(i.top.condition_gains.values()),
            -i.top.total_gain,
        )
    )
    unreachable = tuple(c for c in failing if c.kind == "predicate")
    return GapReport(
        target=target_predicate,
        result=result,
        failing=failing,
        items=tuple(items[:limit] if limit else items),
        unreachable=unreachable,
    )


__all__ = ["GapItem", "GapMove", "GapReport", "gap_analysis"]
