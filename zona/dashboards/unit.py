"""The unit dashboard: for one year, the score of each area in every layer the person may see,
progress and evidence coverage, the target predicate's conditions and the moves that close the
gap, the unit's totals over the years, and the sections other apps register.

Area values come from the stored `LayerScore`s. Only the layer whose conditions are shown is
scored again, once, because conditions and the gap analysis need every answer (one evaluation,
a few milliseconds — the same engine call the LKE page makes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from zona.evaluations.access import visible_layers
from zona.evaluations.models import Evaluation, EvidenceLink, Layer, LayerScore
from zona.evaluations.presenters import gap_items, load_scoring_answers, progress, score_layers
from zona.lke.model import Framework
from zona.lke.scoring import Result
from zona.orgs.models import UnitKerja

LAYER_ORDER = (Layer.UNIT, Layer.TPI, Layer.TPN)


@dataclass
class AreaRow:
    code: str
    name: str
    weight: float
    values: dict[str, float | None]  # layer → points

    def share(self, layer: str) -> float | None:
        value = self.values.get(layer)
        return None if value is None or not self.weight else 100 * value / self.weight

    @property
    def cells(self) -> list[tuple[str, float | None, float | None]]:
        """(layer, points, share of the weight in %) for each layer, as the table shows them."""
        return [(layer, value, self.share(layer)) for layer, value in self.values.items()]


@dataclass
class UnitDashboard:
    unit: UnitKerja
    year: int | None
    years: list[int]
    evaluation: Evaluation | None = None
    framework: Framework | None = None
    layers: list[str] = field(default_factory=list)
    scores: dict[str, LayerScore] = field(default_factory=dict)
    areas: list[AreaRow] = field(default_factory=list)
    main: str | None = None
    result: Result | None = None
    progress: list[dict] = field(default_factory=list)
    gap: dict[str, Any] = field(default_factory=dict)
    trend: list[tuple[int, dict[str, float | None]]] = field(default_factory=list)

    @property
    def conditions(self):
        if self.result is None or self.evaluation is None:
            return []
        return self.result.conditions_of(self.evaluation.target)


def main_layer(layers: list[str], scores: dict[str, LayerScore]) -> str:
    """The furthest layer the person may see that has answers (the unit's when none has)."""
    answered = [layer for layer in layers if layer in scores and scores[layer].answered]
    return answered[-1] if answered else layers[0]


def unit_dashboard(user, unit: UnitKerja, year: int | None) -> UnitDashboard:
    evaluations = list(
        Evaluation.objects.visible_to(user).with_related().filter(unit=unit).order_by("year")
    )
    years = [e.year for e in evaluations]
    if year not in years:
        year = years[-1] if years else None
    board = UnitDashboard(unit=unit, year=year, years=years)
    all_scores: dict[int, dict[str, LayerScore]] = {e.pk: {} for e in evaluations}
    for score in LayerScore.objects.filter(evaluation__in=[e.pk for e in evaluations]):
        all_scores[score.evaluation_id][score.layer] = score
    for evaluation in evaluations:
        visible = visible_layers(user, evaluation)
        stored = all_scores[evaluation.pk]
        board.trend.append(
            (
                evaluation.year,
                {
                    layer: float(stored[layer].total)
                    if layer in visible
                    and layer in stored
                    and stored[layer].answered
                    and not stored[layer].not_computable  # the workbook shows no number
                    else None
                    for layer in LAYER_ORDER
                },
            )
        )
    if year is None:
        return board
    evaluation = next(e for e in evaluations if e.year == year)
    framework = evaluation.framework.framework()
    visible = set(visible_layers(user, evaluation))
    layers = [layer for layer in LAYER_ORDER if layer in visible]
    scores = {k: v for k, v in all_scores[evaluation.pk].items() if k in visible}
    board.evaluation, board.framework, board.layers, board.scores = (
        evaluation, framework, layers, scores,
    )  # fmt: skip
    area_values = {layer: row.area_values(framework) for layer, row in scores.items()}
    board.areas = [
        AreaRow(
            a.code,
            a.name,
            float(a.weight),
            {layer: area_values[layer][a.code] if layer in scores else None for layer in layers},
        )
        for a in framework.areas
    ]
    board.main = main_layer(layers, scores)
    answers = load_scoring_answers(evaluation, (board.main,))
    board.result = score_layers(evaluation, framework, answers)[board.main]
    with_evidence = set(
        EvidenceLink.objects.filter(evaluation=evaluation).values_list("question", flat=True)
    )
    board.progress = progress(framework, board.result, dict.fromkeys(with_evidence, True))
    board.gap = gap_items(evaluation, framework, board.result, (get_language() or "id")[:2])
    return board
