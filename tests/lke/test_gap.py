"""Gap analysis: which answers to improve first, and what each move gains."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ALL_BEST

from zona.lke.gap import gap_analysis
from zona.lke.scoring import score

D = Decimal


def test_step_and_top_gains_are_exact(mini):
    answers = {**ALL_BEST, "4": "c"}  # A.1.ii: (0.33 + 1 + 1) / 3 × 20
    report = gap_analysis(mini, answers, "WBK")
    item = next(i for i in report.items if i.key == "4")
    assert item.step.answer == "b" and item.top.answer == "a"
    assert item.step.total_gain == pytest.approx((0.67 - 0.33) * 20 / 3)
    assert item.top.total_gain == pytest.approx((1 - 0.33) * 20 / 3)
    # The gain is what scoring the moved answers really adds.
    moved = score(mini, {**answers, "4": "a"})
    assert moved.total - score(mini, answers).total == pytest.approx(item.top.total_gain)


def test_items_that_fix_failing_conditions_come_first(mini):
    answers = {**ALL_BEST, "11": "3.5", "2": "b"}  # IPAK 17.5 < 18 fails WBK; total still ≥ 75
    report = gap_analysis(mini, answers, "WBK")
    assert [c.code for c in report.failing] == ["ipak"]
    first = report.items[0]
    assert first.key == "11" and first.top.fixes == ("ipak",)
    assert first.step.answer == D("3.6") and first.step.fixes == ("ipak",)
    assert first.top.condition_gains == {"ipak": pytest.approx(0.5)}
    question_2 = next(i for i in report.items if i.key == "2")
    assert question_2.top.fixes == () and not question_2.helps_failing


def test_computed_items_are_candidates(mini):
    answers = {**ALL_BEST, "7": 10, "8": 5}
    report = gap_analysis(mini, answers, "WBK")
    item = next(i for i in report.items if i.key == "A.2.i.c1")
    assert item.kind == "computed" and item.value == 0.5
    assert item.top.total_gain == pytest.approx(0.5 * 30 / 2)
    assert item.step.value == pytest.approx(0.6)


def test_nothing_to_gain_when_everything_is_best(mini):
    report = gap_analysis(mini, ALL_BEST, "WBBM", previous_predicate="WBK")
    assert report.items == () and report.failing == ()


def test_prior_predicate_is_unreachable_through_answers(mini):
    report = gap_analysis(mini, ALL_BEST, "WBBM")
    assert [c.code for c in report.unreachable] == ["requires"]


def test_reachable_maximum_is_the_top(mini):
    report = gap_analysis(mini, {}, "WBK")
    assert report.reachable_max_total == pytest.approx(100)


def test_a_move_in_a_partly_answered_sub_component_counts_its_answered_questions_only():
    from zona.lke.registry import builtin_framework

    # Rencana Pembangunan ZI (weight 1) has questions 3, 4, 5; only 3 is answered, "tidak".
    # Its value is the mean of the answered: 0. "ya" makes it 1/1 × 1 = 1, not 1/3.
    report = gap_analysis(builtin_framework("lke-2021"), {"3": "tidak"}, "WBK")
    item = next(i for i in report.items if i.key == "3")
    assert item.top.answer == "ya" and item.top.total_gain == pytest.approx(1.0)
