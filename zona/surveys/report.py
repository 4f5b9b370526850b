"""The survey results report of a unit for one period (a quarter or a year): for each survey
kind run in that period (IPAK, IPKP) the method, the respondents, the index per statement and
per group with its margin of error at 95 %, and the trend over the earlier periods, with charts.

The figures are those of `results.compute` (the same index as every page); the margins per
statement and per group are computed here from the same responses with `results.mean_sd` and
`results.margin_of_error`, the formulas of docs/surveys.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.charts import Series, grouped_bars, line_chart
from zona.lke.display import format_number

from .models import Channel, Response, Survey
from .results import SurveyResults, margin_of_error, mean_sd, results_for

TREND_PERIODS = 8


def _num(value: float | None, digits: int = 2) -> str:
    return format_number(value, (get_language() or "id")[:2], digits)


@dataclass
class Row:
    code: str
    label: str
    n: int
    mean: str
    margin: str
    counts: tuple[int, ...] = ()
    withheld: bool = False


@dataclass
class KindReport:
    survey: Survey
    result: SurveyResults
    channels: list[tuple[str, int]]
    statements: list[Row]
    groups: list[tuple[str, list[Row]]]
    trend: list[tuple[str, int, str, str]]  # period, respondents, index, margin
    statement_chart: str
    trend_chart: str
    index: str = ""
    margin: str = ""
    sd: str = ""
    needed: int = 0
    notes: list[str] = field(default_factory=list)


def _period_key(survey: Survey) -> tuple[int, int]:
    return (survey.year, survey.quarter or 0)


def _statement_rows(result: SurveyResults, responses: list[dict]) -> list[Row]:
    population = result.survey.service_users
    rows = []
    for s in result.statements:
        values = [float(a[s.code]) for a in responses if a.get(s.code) in (1, 2, 3, 4)]
        _mean, sd = mean_sd(values)
        margin = margin_of_error(sd, len(values), population)
        rows.append(Row(s.code, s.text, s.n, _num(s.mean), _num(margin), s.counts))
    return rows


def _group_rows(result: SurveyResults, sheets: list[tuple[dict, dict]]) -> list:
    codes = result.survey.instrument.statement_codes
    scores: dict[tuple[str, str], list[float]] = {}
    for answers, profile in sheets:
        values = [answers[c] for c in codes if c in answers]
        if not values:
            continue
        for question, option in profile.items():
            scores.setdefault((question, option), []).append(sum(values) / len(values))
    out = []
    for group in result.groups:
        rows = []
        for option in group.options:
            if option.suppressed:  # withheld on every page: no margin either
                rows.append(Row(option.code, option.label, option.n, "", "", withheld=True))
                continue
            group_scores = scores.get((group.code, option.code), [])
            _mean, sd = mean_sd(group_scores)
            # A group's margin has no population of its own: without N, no correction.
            margin = margin_of_error(sd, len(group_scores))
            rows.append(Row(option.code, option.label, option.n, _num(option.mean), _num(margin)))
        if rows:
            out.append((group.label, rows))
    return out


def _kind_report(survey: Survey, result: SurveyResults, earlier: list[SurveyResults], sheets):
    responses = [answers for answers, _profile in sheets]
    channels = Counter(ch for ch in Response.objects.filter(survey=survey).values_list(
        "channel", flat=True
    ))  # fmt: skip
    labels = dict(Channel.choices)
    statements = _statement_rows(result, responses)
    chart = grouped_bars(
        [row.code for row in statements],
        [Series(_("Mean (1–4)"), [s.mean for s in result.statements])],
        title=_("Mean per statement"),
        description=_("Mean answer of each statement on the 1–4 scale."),
        max_value=4,
        fmt=_num,
        label_lines=1,
    )
    trend = [*earlier, result][-TREND_PERIODS:]
    trend_chart = line_chart(
        [r.survey.period_label for r in trend],
        [Series(survey.kind_label, [r.index for r in trend])],
        title=_("Index per period"),
        description=_("The index of each period on the 1–4 scale."),
        max_value=4,
        fmt=_num,
    )
    return KindReport(
        survey=survey,
        result=result,
        channels=[(str(labels.get(k, k)), v) for k, v in sorted(channels.items())],
        statements=statements,
        groups=_group_rows(result, sheets),
        trend=[(r.survey.period_label, r.n, _num(r.index), _num(r.margin)) for r in trend],
        statement_chart=chart,
        trend_chart=trend_chart,
        index=_num(result.index),
        margin=_num(result.margin),
        sd=_num(result.sd),
        needed=result.needed,
    )


def unit_period_report(unit, year: int, quarter: int | None) -> list[KindReport]:
    """One section per survey kind run by the unit in the period (the newest run of a kind
    counts, as on the dashboard); empty if none was."""
    surveys = list(
        Survey.objects.select_related("unit", "instrument")
        .filter(unit=unit, year__lte=year)
        .order_by("year", "quarter", "pk")
    )
    key = (year, quarter or 0)
    surveys = [s for s in surveys if _period_key(s) <= key]
    chosen: dict[str, Survey] = {}
    history: dict[str, dict[tuple[int, int], Survey]] = {}
    for s in surveys:
        history.setdefault(s.kind, {})[_period_key(s)] = s  # later runs replace earlier ones
        if _period_key(s) == key:
            chosen[s.kind] = s
    if not chosen:
        return []
    wanted = [s for runs in history.values() for s in runs.values()]
    results = {r.survey.pk: r for r in results_for(wanted)}
    sheets = {s.pk: [] for s in chosen.values()}
    for survey_id, answers, profile in Response.objects.filter(survey__in=list(sheets)).values_list(
        "survey_id", "answers", "profile"
    ):
        sheets[survey_id].append((answers, profile))
    reports = []
    for kind in sorted(chosen):
        survey = chosen[kind]
        earlier = [results[s.pk] for k, s in sorted(history[kind].items()) if k < key]
        reports.append(_kind_report(survey, results[survey.pk], earlier, sheets[survey.pk]))
    return reports
