"""The instansi dashboard: every unit in one table (stage, score per layer, the predicate whose
conditions the scores meet, eligibility to apply), a heat map of area shares, and deadlines.

A fixed number of queries whatever the number of units: units, evaluations of the year, their
stored layer scores, and the facts the eligibility rules read (`zona.orgs.eligibility`: the
instansi's and unit's records and what Zona's other records show). Scores come from
`LayerScore` (stored by the evaluations' actions), never from re-scoring answers here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from zona.core.scores import reason_text
from zona.eligibility import builtin_ruleset
from zona.eligibility import check_eligibility as check
from zona.evaluations.access import visible_layers
from zona.evaluations.actions import national_deadline
from zona.evaluations.models import Evaluation, InstansiDeadline, Layer, LayerScore
from zona.lke.model import Framework
from zona.orgs.eligibility import DEFAULT_RULESET, facts_for_units, with_thresholds
from zona.orgs.models import Instansi, Predicate, UnitKerja

LAYERS = (Layer.UNIT, Layer.TPI, Layer.TPN)
RANK = {"": 0, Predicate.WBK: 1, Predicate.WBBM: 2}


@dataclass
class LayerCell:
    layer: str
    total: float
    predicate: str  # the predicate whose conditions all hold at this layer ("" for none)
    answered: int
    areas: dict[str, float | None]  # None: the workbook cannot compute the area yet
    conditions: dict[str, list[dict]] = field(default_factory=dict)  # as LayerScore stores them
    # why the total cannot be computed yet (the workbook shows none), or None
    not_computable: str | None = None

    @property
    def total_or_none(self) -> float | None:
        return None if self.not_computable else self.total

    @property
    def reason(self) -> str:
        """Why the total shows "–" (empty when it has a value)."""
        return reason_text(self.not_computable)


@dataclass
class UnitRow:
    unit: UnitKerja
    evaluation: Evaluation | None
    cells: dict[str, LayerCell | None] = field(default_factory=dict)  # None: not visible/absent
    main: LayerCell | None = None  # the furthest visible layer with answers
    eligibility: str = ""  # eligible / not_eligible / incomplete
    eligibility_target: str = ""

    @property
    def target_met(self) -> bool | None:
        if self.evaluation is None or self.main is None:
            return None
        return RANK[self.main.predicate] >= RANK[self.evaluation.target]

    @property
    def target_conditions(self) -> list[dict]:
        """The stored conditions of the evaluation's target at the main layer ([] if unknown)."""
        if self.evaluation is None or self.main is None:
            return []
        return self.main.conditions.get(self.evaluation.target, [])

    @property
    def conditions_passed(self) -> int:
        return sum(1 for c in self.target_conditions if c["met"])

    @property
    def failed_conditions(self) -> list[str]:
        return failed_names(self.target_conditions)


def failed_names(conditions: list[dict]) -> list[str]:
    """Short names of the failed conditions: labels sharing a prefix before ": " (such as
    "Setiap area (pemenuhan + reform): …", one per area) are merged into one entry."""
    groups: dict[str, list[str]] = {}
    for c in conditions:
        if c["met"]:
            continue
        head, sep, tail = c["label"].partition(": ")
        groups.setdefault(head if sep else c["label"], []).append(tail)
    return [
        f"{head}: {', '.join(t for t in tails if t)}" if any(tails) else head
        for head, tails in groups.items()
    ]


@dataclass
class HeatMap:
    framework: Framework
    layer: str
    rows: list[tuple[UnitKerja, list[float | None]]]  # area shares 0–100 per unit


@dataclass
class InstansiDashboard:
    instansi: Instansi
    year: int
    rows: list[UnitRow]
    heatmaps: list[HeatMap]
    layer: str
    national_deadline: date
    internal_deadline: date | None

    @property
    def days_to_national(self) -> int:
        return (self.national_deadline - timezone.localdate()).days

    @property
    def days_to_internal(self) -> int | None:
        if self.internal_deadline is None:
            return None
        return (self.internal_deadline - timezone.localdate()).days


def default_year(instansi: Instansi) -> int:
    latest = (
        Evaluation.objects.filter(unit__instansi=instansi)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or timezone.localdate().year


def instansi_dashboard(user, instansi: Instansi, year: int, layer: str) -> InstansiDashboard:
    units = list(
        UnitKerja.objects.filter(instansi=instansi).select_related("unit_type").order_by("name")
    )
    by_unit = {u.pk: u for u in units}
    evaluations = {
        e.unit_id: e
        for e in Evaluation.objects.filter(unit__instansi=instansi, year=year)
        .select_related("framework")
        .defer("framework__source")
    }
    scores: dict[int, dict[str, LayerScore]] = defaultdict(dict)
    stored = LayerScore.objects.filter(evaluation__in=[e.pk for e in evaluations.values()])
    fields = (
        "evaluation_id", "layer", "total", "predicate", "answered", "areas", "conditions",
        "not_computable",
    )  # fmt: skip
    for score in stored.only(*fields):
        scores[score.evaluation_id][score.layer] = score
    facts = facts_for_units(units, year)
    ruleset = with_thresholds(builtin_ruleset(DEFAULT_RULESET))
    rows = []
    by_framework: dict[int, tuple[Framework, list]] = {}
    for unit in units:
        evaluation = evaluations.get(unit.pk)
        row = UnitRow(unit, evaluation, dict.fromkeys(LAYERS))
        unit_facts = facts[unit.pk]
        if evaluation is not None:
            evaluation.unit = by_unit[unit.pk]  # visible_layers reads it; no query
            visible = visible_layers(user, evaluation)
            pinned = evaluation.framework
            if pinned.pk not in by_framework:
                by_framework[pinned.pk] = (pinned.framework(), [])
            framework = by_framework[pinned.pk][0]
            for code in LAYERS:
                stored_score = scores[evaluation.pk].get(code)
                if code in visible and stored_score is not None and stored_score.answered:
                    row.cells[code] = LayerCell(
                        code,
                        float(stored_score.total),
                        stored_score.predicate,
                        stored_score.answered,
                        stored_score.area_values(framework),
                        stored_score.conditions,
                        stored_score.total_reason,
                    )
            answered = [c for c in row.cells.values() if c is not None and c.answered]
            row.main = answered[-1] if answered else None
            target = evaluation.target
            by_framework[pinned.pk][1].append(row)
        else:
            target = (
                Predicate.WBBM
                if unit_facts.current_predicate in (Predicate.WBK, Predicate.WBBM)
                else Predicate.WBK
            )
        row.eligibility = check(ruleset, unit_facts, target).status
        row.eligibility_target = target
        rows.append(row)
    heatmaps = []
    for framework, framework_rows in by_framework.values():
        cells = []
        for row in framework_rows:
            cell = row.cells.get(layer)
            shares = [
                None if cell is None or cell.areas.get(a.code) is None
                else 100 * cell.areas[a.code] / float(a.weight)
                for a in framework.areas
            ]  # fmt: skip
            cells.append((row.unit, shares))
        heatmaps.append(HeatMap(framework, layer, cells))
    internal = (
        InstansiDeadline.objects.filter(instansi=instansi, year=year)
        .values_list("date", flat=True)
        .first()
    )
    return InstansiDashboard(
        instansi=instansi,
        year=year,
        rows=rows,
        heatmaps=heatmaps,
        layer=layer,
        national_deadline=national_deadline(year),
        internal_deadline=internal,
    )
