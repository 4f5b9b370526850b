"""The surveys' offer to the evaluations: IPAK and IPKP values for an evaluation's unit.

An evaluation of year Y may take the index of any survey of its unit, of the matching kind,
whose period is in Y or before (a unit often reports the latest quarter, or last year's
survey when this year's is still running). Newest first; all results in one query.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from zona.core import numbers
from zona.evaluations import feeds

from .models import Survey
from .results import results_for


def _number(value: float, digits: int = 2) -> str:
    return numbers.points(value, digits)


def survey_options(evaluation, feed: str) -> list[feeds.FeedOption]:
    surveys = list(
        Survey.objects.select_related("unit", "instrument")
        .filter(unit_id=evaluation.unit_id, instrument__kind=feed, year__lte=evaluation.year)
        .order_by("-year", "-quarter", "-pk")
    )
    options = []
    for result in results_for(surveys):
        survey = result.survey
        label = _("%(kind)s %(period)s — %(n)d respondents") % {
            "kind": survey.kind_label,
            "period": survey.period_label,
            "n": result.n,
        }
        if result.index is None:
            detail = _("No responses yet.")
        elif result.margin is None:
            detail = _("Margin of error not yet computable (fewer than 2 responses).")
        else:
            detail = _(
                "index %(index)s, margin ±%(margin)s at 95%%; "
                "%(needed)d responses needed for ±%(target)s"
            ) % {
                "index": _number(result.index),
                "margin": _number(result.margin),
                "needed": result.needed,
                "target": _number(result.target_margin),
            }
        options.append(
            feeds.FeedOption(
                key=f"survey:{survey.pk}",
                label=label,
                value=result.index,
                url=reverse("surveys:detail", args=[survey.pk]),
                detail=detail,
            )
        )
    return options
