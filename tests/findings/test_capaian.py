"""Which option of LKE 2021 item 126 the indicators support, and why (pure: no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from zona.findings.capaian import assess, indicator_result
from zona.findings.models import PerformanceIndicator


def ind(target, real, previous=None, benchmark=None, polarity="higher", name="IKU"):
    d = lambda v: None if v is None else Decimal(str(v))  # noqa: E731
    return PerformanceIndicator(
        name=name, target=d(target), realisation=d(real), previous_realisation=d(previous),
        benchmark=d(benchmark), polarity=polarity,
    )  # fmt: skip


@pytest.mark.parametrize(
    "indicators, oriented, suggested",
    [
        # every target beaten, better than last year and than the national figure
        ([ind(80, 90, 85, 82), ind(70, 75, 71, 72)], True, "a"),
        # exactly 100 % on one: not "more than 100 %" → b
        ([ind(80, 80, 75, 70), ind(70, 75, 71, 72)], True, "b"),
        # beaten and better than last year, no benchmark given → b (a cannot be shown)
        ([ind(80, 90, 85)], True, "b"),
        # all achieved but one no better than last year → c
        ([ind(80, 90, 95, 70), ind(70, 75, 71)], True, "c"),
        # last year's figure missing → c (b cannot be shown)
        ([ind(80, 90)], True, "c"),
        # one target missed → d
        ([ind(80, 79.9, 70, 60), ind(70, 75, 71, 72)], True, "d"),
        # not outcome-oriented → e, whatever the figures
        ([ind(80, 90, 85, 82)], False, "e"),
        # lower is better: 10 days target, 8 realised (125 %), 9 last year, 12 nationally → a
        ([ind(10, 8, 9, 12, polarity="lower")], True, "a"),
        # lower is better, 11 days realised against 10: missed → d
        ([ind(10, 11, 12, 12, polarity="lower")], True, "d"),
    ],
)
def test_suggested_option(indicators, oriented, suggested):
    assert assess(indicators, oriented).suggested == suggested


def test_achievement_figures():
    assert indicator_result(ind(80, 90)).achievement == Decimal("112.50")
    assert indicator_result(ind(3, 2)).achievement == Decimal("66.67")
    lower = indicator_result(ind(10, 8, polarity="lower"))
    assert (lower.achievement, lower.reached, lower.exceeded) == (Decimal("125.00"), True, True)
    zero = indicator_result(ind(5, 0, polarity="lower"))  # no complaint at all
    assert (zero.achievement, zero.reached, zero.exceeded) == (None, True, True)


def test_missing_figures_are_named_not_guessed():
    result = assess([ind(80, 90, name="Indeks kepuasan"), ind(50, 60, 55, name="IKM")], True)
    checks = {c.option: c for c in result.checks}
    assert result.suggested == "c"
    assert checks["b"].met is None
    assert any("Indeks kepuasan" in r and "IKM" not in r for r in checks["b"].reasons)
    assert checks["a"].met is None and checks["d"].met is False and checks["e"].met is False


def test_failed_criterion_names_the_indicator():
    indicators = [ind(80, 70, 60, name="Opini laporan"), ind(10, 12, 11, name="IKM")]
    with translation.override("en"):
        result = assess(indicators, True)
    checks = {c.option: c for c in result.checks}
    assert checks["c"].met is False
    assert checks["c"].reasons == ("Target not achieved: Opini laporan.",)


def test_no_indicators_no_suggestion():
    result = assess([], True)
    assert result.suggested is None and result.checks == () and result.summary
