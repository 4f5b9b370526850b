"""Scoring rules on a small synthetic framework: means, weights, computed items, predicates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ALL_BEST, dump

from zona.lke.loader import load_framework_text
from zona.lke.scoring import score

D = Decimal


def close(a, b) -> bool:
    """Equal up to binary floating-point rounding (the workbook computes in doubles too)."""
    return abs(float(a) - float(b)) < 1e-9


def test_subcomponent_is_mean_times_weight(mini):
    # (1 + 0.5 + 0) / 3 × 10
    result = score(mini, {"1": "ya", "2": "b", "3": "tidak"})
    assert close(result.nodes["A.1.i"], D(15) / D(3))
    # (0.67 + 0.25 + 0.45) / 3 × 20
    result = score(mini, {"4": "b", "5": "d", "6": 45})
    assert close(result.nodes["A.1.ii"], (D("0.67") + D("0.25") + D("0.45")) / 3 * 20)


def test_unanswered_count_as_zero_and_are_listed(mini):
    result = score(mini, {"1": "ya"})
    assert close(result.nodes["A.1.i"], D(10) / D(3))
    assert result.unanswered == tuple(str(n) for n in range(2, 14))


def test_parents_sum_children_and_areas(mini):
    result = score(mini, {"1": "ya", "4": "a", "11": 2})
    assert result.nodes["A.1"] == result.nodes["A.1.i"] + result.nodes["A.1.ii"]
    assert result.pengungkit == result.nodes["A.1"] + result.nodes["A.2"]
    assert result.hasil == D(10)  # 2 / 4 × 20
    assert result.total == result.pengungkit + result.hasil
    assert [a.value for a in result.areas] == [result.nodes["A.1"], result.nodes["A.2"]]


def test_weighted_hasil_items(mini):
    result = score(mini, {"11": "3.6", "12": "c", "13": 3.2})
    assert result.nodes["B.I"] == D(18) + D("2.5")  # 3.6/4 × 20 + 0.5 × 5
    assert result.item_points("11") == D(18)
    assert result.nodes["B.II"] == D(12)


@pytest.mark.parametrize(
    "done, due, value, rule",
    [
        (3, 4, D("0.75"), None),
        (4, 4, D(1), None),
        (6, 4, D(1), None),  # capped at 1
        (0, 0, D(1), "zero_over_zero"),  # nothing was due: nothing is missing
        (2, 0, D(0), "nonzero_over_zero"),
    ],
)
def test_computed_ratio(mini, done, due, value, rule):
    result = score(mini, {"7": due, "8": done})
    item = result.computed["A.2.i.c1"]
    assert (item.value, item.rule, item.answered) == (pytest.approx(float(value)), rule, True)


@pytest.mark.parametrize(
    "last_year, this_year, value, rule",
    [
        (10, 4, D("0.6"), None),
        (10, 10, D(0), None),
        (10, 15, D(0), None),  # more violations: floored at 0
        (0, 0, D(1), "zero_over_zero"),
        (0, 3, D(0), "nonzero_over_zero"),  # violations appeared where there were none
    ],
)
def test_computed_decrease(mini, last_year, this_year, value, rule):
    result = score(mini, {"9": last_year, "10": this_year})
    item = result.computed["A.2.i.c2"]
    assert (item.value, item.rule) == (pytest.approx(float(value)), rule)


def test_computed_with_missing_input_is_unanswered(mini):
    result = score(mini, {"7": 4})
    item = result.computed["A.2.i.c1"]
    assert item.value == 0 and not item.answered
    assert "8" in result.unanswered


def test_computed_items_enter_the_mean(mini):
    result = score(mini, {"7": 4, "8": 3, "9": 0, "10": 0})
    assert result.nodes["A.2.i"] == (D("0.75") + D(1)) / 2 * 30


def test_all_best_is_100_and_wbbm_with_prior_wbk(mini):
    result = score(mini, ALL_BEST, previous_predicate="WBK")
    assert result.total == 100 and result.pengungkit == 60 and result.hasil == 40
    assert result.predicate.code == "WBBM"
    assert all(c.met for c in result.conditions)


def test_wbbm_refused_without_prior_wbk(mini):
    result = score(mini, ALL_BEST)
    assert result.predicate.code == "WBK"
    requires = next(c for c in result.conditions if c.code == "requires")
    assert (requires.met, requires.required, requires.actual) == (False, "WBK", None)
    assert result.met == {"WBK": True, "WBBM": False}


def test_prior_wbbm_satisfies_wbk_requirement(mini):
    assert score(mini, ALL_BEST, previous_predicate="wbbm").predicate.code == "WBBM"


def test_all_worst_is_zero(mini):
    worst = {
        "1": "tidak", "2": "c", "3": "tidak", "4": "d", "5": "e", "6": 0,
        "7": 4, "8": 0, "9": 2, "10": 5, "11": 0, "12": "e", "13": 0,
    }  # fmt: skip
    result = score(mini, worst)
    assert result.total == 0 and result.predicate is None
    assert not result.unanswered


def test_each_area_condition_lists_every_area(mini):
    result = score(mini, {"1": "ya", "2": "a", "3": "ya"})  # A.1 = 10 of 30
    area_x = next(c for c in result.conditions if c.code == "area:X")
    assert area_x.kind == "share" and area_x.required == 0.6
    assert close(area_x.actual, D(1) / D(3))
    assert not area_x.met
    assert close(area_x.shortfall, D("0.6") - D(1) / D(3))
    assert close(area_x.shortfall_points, D(8))


def test_threshold_reached_through_thirds_is_met(mini_data):
    # A.1 = 2/3 × 10 + 2/3 × 20 = 20 exactly, summed from two non-terminating decimals.
    mini_data["predicates"][0]["conditions"].append(
        {"code": "a1", "of": "node", "ref": "A.1", "min": 20}
    )
    framework = load_framework_text(dump(mini_data))
    result = score(framework, {"1": "ya", "2": "c", "3": "ya", "4": "a", "5": "a", "6": 0})
    condition = next(c for c in result.conditions if c.code == "a1")
    assert condition.met and condition.shortfall == 0
    # 0.67 + 1 + 0.33 is exactly 2 as well; one percentage point less is not enough.
    for percent, met in ((33, True), (32, False)):
        answers = {"1": "ya", "2": "c", "3": "ya", "4": "b", "5": "a", "6": percent}
        condition = next(c for c in score(framework, answers).conditions if c.code == "a1")
        assert condition.met is met
