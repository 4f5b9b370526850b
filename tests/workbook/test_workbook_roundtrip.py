"""Export a workbook, import it into a fresh evaluation: identical answers and scores."""

from __future__ import annotations

import pytest
from workbook_support import evidence_url as url

from zona.evaluations import actions
from zona.evaluations.models import Answer, LayerScore
from zona.workbook.actions import import_workbook
from zona.workbook.official import build_official_workbook as build_workbook
from zona.workbook.reader import read_workbook


def answers_of(evaluation, layer="unit"):
    from decimal import Decimal

    out = {}
    for no, value, note in Answer.objects.filter(evaluation=evaluation, layer=layer).values_list(
        "question", "value", "note"
    ):
        normal = Decimal(value) if value and value[0].isdigit() else value
        out[no] = (normal, note)
    return out


@pytest.mark.parametrize("code", ["lke-2021", "lke-2014"])
def test_round_trip_into_a_fresh_evaluation(code, world, frameworks, fill):
    member = world.users["member_a1"]
    source = actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2025, "WBK", framework=frameworks[code]
    )
    fill(member, source, seed=7)
    data = build_workbook(member, source, url)
    fresh = actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2026, "WBK", framework=frameworks[code]
    )
    plan = read_workbook(data, fresh, "unit")
    questions = len(frameworks[code].framework().questions)
    answered = Answer.objects.filter(evaluation=source, layer="unit").exclude(value="", note="")
    assert len(plan.changes) == answered.count() == questions
    assert import_workbook(member, fresh, plan, "lke.xlsx") == questions
    assert answers_of(fresh) == answers_of(source)
    before = LayerScore.objects.get(evaluation=source, layer="unit")
    after = LayerScore.objects.get(evaluation=fresh, layer="unit")
    for field in ("total", "pengungkit", "hasil", "predicate", "answered", "areas"):
        assert getattr(after, field) == getattr(before, field), field
    assert before.answered == questions


def test_reimporting_an_unchanged_export_changes_nothing(evaluation_2021, world, fill):
    member = world.users["member_a1"]
    fill(member, evaluation_2021, seed=3)
    plan = read_workbook(build_workbook(member, evaluation_2021, url), evaluation_2021, "unit")
    assert plan.stamped
    assert plan.changes == []
    assert plan.untouched == len(evaluation_2021.framework.framework().questions)
