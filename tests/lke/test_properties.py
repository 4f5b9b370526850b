"""Properties that hold for any answers, checked with hypothesis on every framework."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import MINI, dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zona.lke.loader import load_framework_text
from zona.lke.model import CHOICE_OPTIONS, Framework
from zona.lke.registry import builtin_frameworks
from zona.lke.scoring import score

FRAMEWORKS = {"mini": load_framework_text(dump(MINI)), **builtin_frameworks()}
TOLERANCE = 1e-9


def answer_strategy(question):
    if question.type in CHOICE_OPTIONS:
        return st.sampled_from(CHOICE_OPTIONS[question.type])
    if question.type == "count":
        return st.integers(min_value=0, max_value=500)
    if question.type == "percent":
        return st.decimals(min_value=0, max_value=150, places=2)
    return st.decimals(min_value=0, max_value=4, places=2)


@st.composite
def answer_sets(draw, framework: Framework):
    answers = {}
    for no, question in framework.questions.items():
        if draw(st.booleans()) or draw(st.booleans()):  # ~75 % answered
            answers[no] = draw(answer_strategy(question))
    return answers


def raised(framework: Framework, no: str, answer):
    """A strictly better answer than `answer` to a scored question, or None."""
    question = framework.questions[no]
    if question.type in CHOICE_OPTIONS:
        options = CHOICE_OPTIONS[question.type]
        current = question.values[answer] if answer is not None else Decimal(-1)
        better = [o for o in options if question.values[o] > current]
        return better[-1] if better else None
    top = Decimal(100) if question.type == "percent" else Decimal(4)
    answer = answer if answer is not None else Decimal(0)
    return min(answer + Decimal("0.5"), top) if answer < top else None


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("code", FRAMEWORKS)
def test_raising_an_answer_never_lowers_the_total(code):
    framework = FRAMEWORKS[code]
    scored = [no for no, q in framework.questions.items() if q.scored]

    @SETTINGS
    @given(answers=answer_sets(framework), data=st.data())
    def check(answers, data):
        no = data.draw(st.sampled_from(scored))
        if framework.unanswered == "excluded" and answers.get(no) is None:
            # Left out of the mean: answering it at all may lower the mean (tested apart).
            return
        better = raised(framework, no, answers.get(no))
        if better is None:
            return
        before = score(framework, answers)
        after = score(framework, {**answers, no: better})
        assert after.total >= before.total - TOLERANCE
        assert after.not_computable == before.not_computable  # an answered item stays answered
        assert (
            after.nodes[framework.questions[no].node]
            > before.nodes[framework.questions[no].node] - TOLERANCE
        )

    check()


@pytest.mark.parametrize("code", FRAMEWORKS)
def test_totals_stay_within_bounds_and_areas_add_up(code):
    framework = FRAMEWORKS[code]
    pengungkit_node = framework.role_node("pengungkit")

    @SETTINGS
    @given(answers=answer_sets(framework))
    def check(answers):
        result = score(framework, answers)
        assert 0 <= result.total <= float(framework.max_total) + TOLERANCE
        assert 0 <= result.pengungkit <= float(pengungkit_node.weight) + TOLERANCE
        assert abs(sum(a.value for a in result.areas) - result.pengungkit) < TOLERANCE
        for code, node in framework.nodes.items():
            assert -TOLERANCE <= result.nodes[code] <= float(node.weight) + TOLERANCE

    check()


@pytest.mark.parametrize("code", FRAMEWORKS)
def test_predicate_implies_every_condition(code):
    framework = FRAMEWORKS[code]

    @SETTINGS
    @given(answers=answer_sets(framework), previous=st.sampled_from([None, "WBK"]))
    def check(answers, previous):
        result = score(framework, answers, previous)
        if result.predicate is not None:
            assert all(c.met for c in result.conditions_of(result.predicate.code))

    check()


@pytest.mark.parametrize("code", FRAMEWORKS)
def test_a_node_has_a_value_or_a_reason_never_both(code):
    framework = FRAMEWORKS[code]

    @SETTINGS
    @given(answers=answer_sets(framework))
    def check(answers):
        result = score(framework, answers)
        for node in framework.nodes:
            value = result.value_or_none(node)
            assert (value is None) == (node in result.not_computable)
            if node in result.not_computable:  # the workbook's SUM repeats a child's error
                assert all(a in result.not_computable for a in framework.ancestors(node))
        assert (result.total_or_none is None) == bool(result.not_computable)
        assert result.provisional == len(result.unanswered)

    check()
