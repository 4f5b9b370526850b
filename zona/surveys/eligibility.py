"""What the surveys tell the eligibility check: the results of the survey the unit ran itself.

The 2025 practice asks each unit for the results of its own survey (reference README §3). The
surveys a unit ran in Zona in the evaluation year or the year before are that result: with at
least one answered, the condition is met by Zona's record, showing the newest index of each
kind and its number of respondents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zona.core import numbers
from zona.eligibility import Declaration
from zona.orgs.eligibility import Record

from .models import Survey
from .results import results_for


def survey_records(units: Sequence, year: int) -> dict[int, list[Record]]:
    surveys = list(
        Survey.objects.select_related("instrument")
        .filter(unit_id__in=[u.pk for u in units], year__in=[year - 1, year])
        .order_by("-year", "-quarter", "-pk")
    )
    by_unit = defaultdict(list)
    for result in results_for(surveys):
        by_unit[result.survey.unit_id].append(result)
    out = {}
    for unit_id, results in by_unit.items():
        answered = [r for r in results if r.index is not None]
        where = ngettext(
            "%(n)d survey of the unit in Zona (%(first)s–%(last)s), %(respondents)s respondents",
            "%(n)d surveys of the unit in Zona (%(first)s–%(last)s), %(respondents)s respondents",
            len(results),
        ) % {
            "n": len(results),
            "first": year - 1,
            "last": year,
            "respondents": numbers.count(sum(r.n for r in results)),
        }
        newest = {}
        for r in answered:  # newest first: the first of each kind is its latest index
            newest.setdefault(r.survey.kind_label, r)
        figures = "; ".join(
            ngettext(
                "%(kind)s %(period)s: index %(index)s (%(n)s respondent)",
                "%(kind)s %(period)s: index %(index)s (%(n)s respondents)",
                r.n,
            )
            % {
                "kind": kind,
                "period": r.survey.period_label,
                "index": numbers.points(r.index),
                "n": numbers.count(r.n),
            }
            for kind, r in newest.items()
        )
        if not answered:
            source = f"{where}: " + _("no responses yet.")
            out[unit_id] = [Record("self_survey", source)]
            continue
        evidence = "; ".join(f"{kind} {numbers.points(r.index)}" for kind, r in newest.items())
        out[unit_id] = [Record("self_survey", f"{where}: {figures}", Declaration(True, evidence))]
    return out
