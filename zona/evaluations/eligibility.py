"""What the evaluations tell the eligibility check: the unit's LKE of the year.

The 2025 practice asks each unit for its LKE (reference README §3). The unit's evaluation in
Zona is that LKE: once the unit has submitted it (any stage after the draft, except while it is
back with the unit for revision) the condition is met by Zona's record, showing its stage and
the score of its furthest layer; a draft or returned LKE is shown with its answered count and
leaves the condition open.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from zona.core import numbers
from zona.eligibility import Declaration
from zona.orgs.eligibility import Record

from .models import Evaluation, Layer, Stage

WITH_THE_UNIT = (Stage.DRAFT, Stage.RETURNED)
LAYER_ORDER = (Layer.UNIT, Layer.TPI, Layer.TPN)


def lke_records(units: Sequence, year: int) -> dict[int, list[Record]]:
    evaluations = Evaluation.objects.filter(unit_id__in=[u.pk for u in units], year=year)
    out = {}
    for evaluation in evaluations.prefetch_related("scores"):
        scores = {s.layer: s for s in evaluation.scores.all() if s.answered}
        furthest = next((scores[layer] for layer in reversed(LAYER_ORDER) if layer in scores), None)
        where = _("LKE %(year)s in Zona, stage %(stage)s") % {
            "year": year,
            "stage": evaluation.get_stage_display(),
        }
        if furthest is None:
            figures = _("nothing answered yet")
        elif furthest.total_or_none is None:
            figures = _("%(layer)s layer: %(answered)d answered, score not computable yet") % {
                "layer": furthest.get_layer_display(),
                "answered": furthest.answered,
            }
        else:
            figures = _("%(layer)s layer: score %(total)s (%(answered)d answered)") % {
                "layer": furthest.get_layer_display(),
                "total": numbers.points(furthest.total_or_none),
                "answered": furthest.answered,
            }
        source = f"{where}; {figures}"
        value = None
        if evaluation.stage not in WITH_THE_UNIT:
            value = Declaration(True, f"LKE {year}, {evaluation.get_stage_display()}")
        out[evaluation.unit_id] = [Record("lke", source, value)]
    return out
