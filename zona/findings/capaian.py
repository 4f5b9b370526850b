"""Which option of LKE 2021 item 126 a unit's capaian kinerja record supports, and why.

Item 126, “Capaian Kinerja Lebih Baik dari pada Capaian Kinerja Sebelumnya” (abcde):

a. every main target achieved *more than* 100 %, better than last year's realisation, and better
   than the national realisation / the average of similar units;
b. every main target achieved (100 %) and better than last year's;
c. every main target achieved (100 % or more) but not better than last year's;
d. the main indicators are outcome-oriented but some target was not achieved;
e. the main indicators are not outcome-oriented.

Readings Zona makes (shown on the page): achievement = realisation ÷ target × 100 for an
indicator where higher is better, target ÷ realisation × 100 where lower is better (a
realisation of 0 then beats any target); “better than last year” compares the realisations;
“tercapai 100 %” in b is read as 100 % or more (c's wording shows the criteria are ordered, and a
unit that beat every target must not get less than one that met them exactly). Where a figure is
missing (last year's realisation, the benchmark), the option that needs it is *not shown* to be
met and the page says which figure is missing. The suggestion is advice: the unit still answers
item 126 itself and the evaluators judge it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .models import PerformanceIndicator, Polarity

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class IndicatorResult:
    indicator: PerformanceIndicator
    achievement: Decimal | None  # percent, 2 decimals; None when the realisation is 0 (lower)
    reached: bool  # ≥ 100 %
    exceeded: bool  # > 100 %
    better_than_previous: bool | None  # None: last year's realisation not given
    better_than_benchmark: bool | None  # None: no benchmark given


@dataclass(frozen=True)
class OptionCheck:
    option: str  # "a" … "e"
    met: bool | None  # None: cannot be shown either way (a figure is missing)
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    indicators: tuple[IndicatorResult, ...]
    checks: tuple[OptionCheck, ...] = ()
    suggested: str | None = None  # the best option whose criterion is shown to be met
    summary: str = ""
    missing: tuple[str, ...] = field(default_factory=tuple)


def _better(polarity: str, this: Decimal, other: Decimal | None) -> bool | None:
    if other is None:
        return None
    return this < other if polarity == Polarity.LOWER else this > other


def indicator_result(indicator: PerformanceIndicator) -> IndicatorResult:
    target, real = Decimal(indicator.target), Decimal(indicator.realisation)
    if indicator.polarity == Polarity.LOWER:
        achievement = None if real == 0 else target / real * HUNDRED
        reached, exceeded = real <= target, real < target
    else:
        achievement = real / target * HUNDRED  # forms and actions refuse a target of 0
        reached, exceeded = real >= target, real > target
    if achievement is not None:
        achievement = achievement.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return IndicatorResult(
        indicator=indicator,
        achievement=achievement,
        reached=reached,
        exceeded=exceeded,
        better_than_previous=_better(indicator.polarity, real, indicator.previous_realisation),
        better_than_benchmark=_better(indicator.polarity, real, indicator.benchmark),
    )


def _names(results: Sequence[IndicatorResult]) -> str:
    return "; ".join(r.indicator.name for r in results)


def _all(results, attribute: str, failed: str, unknown: str) -> tuple[bool | None, list[str]]:
    """Whether every indicator has `attribute` true: False names the ones without it, None
    (when none is false) names the ones where it cannot be told."""
    no = [r for r in results if getattr(r, attribute) is False]
    if no:
        return False, [failed % {"names": _names(no)}]
    blank = [r for r in results if getattr(r, attribute) is None]
    if blank:
        return None, [unknown % {"names": _names(blank)}]
    return True, []


def assess(indicators: Sequence[PerformanceIndicator], outcome_oriented: bool) -> Assessment:
    results = tuple(indicator_result(i) for i in indicators)
    if not results:
        return Assessment(
            indicators=(),
            summary=_("Enter the main performance indicators to see which option they support."),
        )
    reached, reached_why = _all(
        results, "reached", _("Target not achieved: %(names)s."), "%(names)s"
    )
    exceeded, exceeded_why = _all(
        results, "exceeded", _("Achieved exactly 100 %%, not more: %(names)s."), "%(names)s"
    )
    previous, previous_why = _all(
        results, "better_than_previous",
        _("Not better than last year: %(names)s."),
        _("Last year's realisation not given: %(names)s."),
    )  # fmt: skip
    benchmark, benchmark_why = _all(
        results, "better_than_benchmark",
        _("Not better than the national / peer average: %(names)s."),
        _("No national / peer average given: %(names)s."),
    )  # fmt: skip
    not_oriented = [_("The main indicators are not marked as outcome-oriented.")]

    def combine(*parts: tuple[bool | None, list[str]]) -> tuple[bool | None, tuple[str, ...]]:
        values = [p[0] for p in parts]
        reasons = tuple(r for p in parts for r in p[1])
        if False in values:
            return False, tuple(r for p in parts if p[0] is False for r in p[1])
        if None in values:
            return None, reasons
        return True, ()

    oriented = (True, []) if outcome_oriented else (False, not_oriented)
    checks = []
    for option, parts in (
        ("a", (oriented, (reached, reached_why), (exceeded, exceeded_why),
               (previous, previous_why), (benchmark, benchmark_why))),
        ("b", (oriented, (reached, reached_why), (previous, previous_why))),
        ("c", (oriented, (reached, reached_why))),
        ("d", (oriented, (not reached, [_("Every target was achieved.")] if reached else []))),
        ("e", ((not outcome_oriented, [_("The main indicators are outcome-oriented.")]
                if outcome_oriented else []),)),
    ):  # fmt: skip
        met, reasons = combine(*parts)
        checks.append(OptionCheck(option=option, met=met, reasons=reasons))
    suggested = next((c.option for c in checks if c.met), None)
    missing = tuple(r for c in checks if c.met is None for r in c.reasons)
    summary = (
        _("The record supports option %(option)s.") % {"option": suggested.upper()}
        if suggested
        else _("The record does not show any option to be met yet.")
    )
    return Assessment(
        indicators=results, checks=tuple(checks), suggested=suggested, summary=summary,
        missing=tuple(dict.fromkeys(missing)),
    )  # fmt: skip
