"""The survey indices' section of the unit dashboard (zona.dashboards.sections): IPAK and IPKP
per period up to the year shown, as a line chart and a table, with the public results page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.charts import Figure, Series, line_chart
from zona.core import numbers

from .models import Kind, Survey
from .results import results_for

# Enough periods for a trend (two years of quarters) without a chart too dense to read.
PERIODS = 8
NARROW = 360


def _period_key(survey: Survey) -> tuple[int, int]:
    return (survey.year, survey.quarter or 0)


def survey_section(unit, year: int | None, user) -> str | None:
    """Survey results are public (the LKE asks for it), so whoever sees the unit sees them;
    two queries whatever the number of surveys."""
    surveys = list(
        Survey.objects.select_related("unit", "instrument")
        .filter(unit=unit, opens_on__lte=timezone.localdate(), year__lte=year or 9999)
        .order_by("-year", "-quarter", "pk")
    )
    if not surveys:
        return None
    results = results_for(surveys)
    periods = sorted({_period_key(r.survey) for r in results})[-PERIODS:]
    labels = {_period_key(r.survey): r.survey.period_label for r in results}
    by_kind: dict[str, dict[tuple[int, int], float | None]] = {}
    for r in results:
        # The newest survey of a kind in a period wins (a unit may rerun one).
        by_kind.setdefault(r.survey.instrument.kind, {}).setdefault(_period_key(r.survey), r.index)
    series = [
        Series(label, [by_kind[kind].get(p) for p in periods])
        for kind, label in ((Kind.IPAK, "IPAK"), (Kind.IPKP, "IPKP"))
        if kind in by_kind
    ]
    options = {
        "title": _("Survey indices per period"),
        "description": _("Mean answer on the 1–4 scale of each survey, per period."),
        "max_value": 4,
        "fmt": numbers.points,  # as the table beside it rounds
    }
    x_labels = [labels[p] for p in periods]
    # The same chart laid out for a phone (NARROW px wide), shown instead of the wide one there.
    chart = Figure(
        line_chart(x_labels, series, **options),
        line_chart(x_labels, series, width=NARROW, **options),
    )
    rows = [r for r in results if _period_key(r.survey) in set(periods)]
    return render_to_string(
        "surveys/_dashboard_section.html", {"unit": unit, "chart": chart, "rows": rows}
    )
