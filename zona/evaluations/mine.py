"""A person's evaluations for the home page, whether or not they hold a to-do: stage, how far
the layer at work is filled in, open revision requests and the days to the deadline that
stage works towards. A few queries for the whole list, never one per row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from .access import visible_layers
from .models import (
    Evaluation,
    InstansiDeadline,
    Layer,
    LayerScore,
    NationalDeadline,
    Stage,
    default_national_deadline,
)

SHOWN = 8  # more than this and the home page links to the list instead
OPEN_STAGES = [s for s in Stage if s not in (Stage.DECIDED, Stage.CLOSED, Stage.NOT_PROPOSED)]
# The layer being filled in at each stage.
WORKING_LAYER = {
    Stage.DRAFT: Layer.UNIT, Stage.RETURNED: Layer.UNIT,
    Stage.SUBMITTED: Layer.TPI, Stage.TPI_REVIEW: Layer.TPI, Stage.TPI_FINAL: Layer.TPI,
    Stage.PROPOSED: Layer.TPN, Stage.TPN_DESK: Layer.TPN, Stage.TPN_FIELD: Layer.TPN,
}  # fmt: skip
LAYERS = [Layer.UNIT, Layer.TPI, Layer.TPN]
# Until the TPI has finalised, the instansi's internal deadline (when it set one) is the one
# the work is due by; after that, the national deadline for proposals. Proposed: none left.
INTERNAL_STAGES = {Stage.DRAFT, Stage.RETURNED, Stage.SUBMITTED, Stage.TPI_REVIEW}
NATIONAL_STAGES = INTERNAL_STAGES | {Stage.TPI_FINAL}


@dataclass
class MyEvaluation:
    evaluation: Evaluation
    layer_label: str
    answered: int | None  # None: no layer up to the working one is the person's to see
    questions: int
    open_revisions: int
    deadline: date | None
    days_left: int | None

    @property
    def progress(self) -> float | None:
        if self.answered is None or not self.questions:
            return None
        return 100 * self.answered / self.questions


def my_evaluations(user, today: date | None = None) -> tuple[list[MyEvaluation], int]:
    """The open evaluations this person sees, most recent year first, and how many there are."""
    today = today or timezone.localdate()
    rows = (
        Evaluation.objects.visible_to(user)
        .filter(stage__in=OPEN_STAGES)
        .select_related("unit__instansi", "framework")
        .annotate(open_revisions=Count("revisions", filter=Q(revisions__resolved_at__isnull=True)))
        .order_by("-year", "unit__name", "pk")
    )
    total = rows.count()
    evaluations = list(rows[:SHOWN])
    if not evaluations:
        return [], total
    answered = {
        (s.evaluation_id, s.layer): s.answered
        for s in LayerScore.objects.filter(evaluation__in=evaluations).only(
            "evaluation_id", "layer", "answered"
        )
    }
    years = {e.year for e in evaluations}
    national = dict(NationalDeadline.objects.filter(year__in=years).values_list("year", "date"))
    internal = {
        (d.instansi_id, d.year): d.date
        for d in InstansiDeadline.objects.filter(
            year__in=years, instansi__in={e.unit.instansi_id for e in evaluations}
        )
    }
    mine = []
    for e in evaluations:
        layer = WORKING_LAYER[e.stage]
        deadline = None
        if e.stage in INTERNAL_STAGES:
            deadline = internal.get((e.unit.instansi_id, e.year))
        if deadline is None and e.stage in NATIONAL_STAGES:
            deadline = national.get(e.year) or default_national_deadline(e.year)
        # The layer at work when the person may read it, else the last one they may (the unit
        # sees its own layer while the TPI's is unreleased).
        seen = [lay for lay in LAYERS[: LAYERS.index(layer) + 1] if lay in visible_layers(user, e)]
        layer = seen[-1] if seen else layer
        mine.append(
            MyEvaluation(
                evaluation=e,
                layer_label=Layer(layer).label,
                answered=answered.get((e.pk, layer), 0) if seen else None,
                questions=e.framework.question_count,
                open_revisions=e.open_revisions,
                deadline=deadline,
                days_left=(deadline - today).days if deadline else None,
            )
        )
    return mine, total
