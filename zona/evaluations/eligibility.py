"""What the evaluations tell the eligibility check: the unit's LKE of the year.

The 2025 practice asks each unit for its LKE (reference README §3). The unit's evaluation in
Zona is that LKE: once the unit has submitted it (any stage after the draft, except while it is
back with the unit for revision) the condition is met by Zona's record, showing its stage and
the score of its furthest layer; a draft or returned LKE is shown with its answered count and
leaves the condition open.

The LKE also holds the unit's LHKPN and LHKASN reporting (lke-2021, sub-component A.II.5.iii:
questions 113–116 and 117a/120, the percentages the engine computes as the official workbook's
K177 and K184). Where the LKE of the year has them, they are the eligibility's compliance
shares (Zona's record takes the place of the compliance typed on the unit page), from the
furthest layer that holds them complete (TPN, then TPI, then the unit's own); the source names
the layer and the counts. An LKE without them (not filled yet, or a framework without the
questions) leaves the recorded compliance as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from zona.core import numbers
from zona.eligibility import Declaration
from zona.lke.scoring import computed_item
from zona.orgs.eligibility import Record

from .models import Answer, Evaluation, Layer, Stage, stored_to_normalised

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


@dataclass(frozen=True)
class Share:
    """Where a framework holds a compliance share: the computed item and its counts."""

    fact: str  # the eligibility fact (zona.eligibility.FACTS)
    computed: str  # the framework's computed item (reported / obliged)
    reported: tuple[str, ...]  # question numbers summed as "reported"
    obliged: tuple[str, ...]  # question numbers summed as "obliged to report"


SHARES: dict[str, tuple[Share, ...]] = {
    "lke-2021": (
        Share("lhkpn_percent", "A.II.5.iii.a.c1", ("116",), ("113", "114", "115")),
        Share("lhkasn_percent", "A.II.5.iii.b.c1", ("120",), ("117a",)),
    ),
}


def _percent(result) -> Decimal:
    """The computed share 0–1 as a percentage with two decimals, exactly (the formula's own
    Decimal where it has one)."""
    share = result.raw if result.raw is not None else Decimal(repr(result.value))
    share = min(max(share, Decimal(0)), Decimal(1))
    return (share * 100).quantize(Decimal("0.01"))


def compliance_records(units: Sequence, year: int) -> dict[int, list[Record]]:
    """The LHKPN / LHKASN shares the units' LKE of `year` holds, in two queries."""
    evaluations = list(
        Evaluation.objects.filter(unit_id__in=[u.pk for u in units], year=year).select_related(
            "framework"
        )
    )
    wanted = {e.pk: SHARES.get(e.framework.code, ()) for e in evaluations}
    questions = {
        no for shares in wanted.values() for s in shares for no in (*s.reported, *s.obliged)
    }
    if not questions:
        return {}
    answers: dict[tuple[int, str], dict[str, object]] = {}
    rows = Answer.objects.filter(
        evaluation_id__in=[pk for pk, shares in wanted.items() if shares], question__in=questions
    ).exclude(value="")
    for evaluation_id, layer, question, value in rows.values_list(
        "evaluation_id", "layer", "question", "value"
    ):
        answers.setdefault((evaluation_id, layer), {})[question] = stored_to_normalised(value)
    out: dict[int, list[Record]] = {}
    for evaluation in evaluations:
        shares = wanted[evaluation.pk]
        if not shares:
            continue
        framework = evaluation.framework.framework()
        found = []
        for share in shares:
            if share.computed not in framework.computed:
                continue
            for layer in reversed(LAYER_ORDER):
                given = answers.get((evaluation.pk, layer))
                if not given:
                    continue
                result = computed_item(framework, share.computed, given)
                if not result.answered or result.reason:
                    continue
                reported = sum(Decimal(str(given[no])) for no in share.reported)
                obliged = sum(Decimal(str(given[no])) for no in share.obliged)
                percent = _percent(result)
                source = _(
                    "LKE %(year)s in Zona, %(layer)s layer: %(reported)s of %(obliged)s "
                    "reported (%(percent)s)"
                ) % {
                    "year": year,
                    "layer": Layer(layer).label,
                    "reported": numbers.count(int(reported)),
                    "obliged": numbers.count(int(obliged)),
                    "percent": numbers.percent(percent, 2),
                }
                found.append(Record(share.fact, source, percent))
                break
        if found:
            out[evaluation.unit_id] = found
    return out
