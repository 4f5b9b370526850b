"""Migration evaluations 0005: stored LHKPN/LHKASN answers of lke-2021 before 2026.4 (three
reported counts 113a/114a/116; the LHKASN obliged as the sum of its breakdown) become the
official workbook's inputs (one reported total 116; 117a typed), the evaluation moves to the
shipped version and its scores are recomputed; and back."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from filling import fill_layer

from zona.evaluations import actions
from zona.evaluations.models import Answer, AnswerChange, Comment, LayerScore
from zona.frameworks.models import FrameworkVersion
from zona.lke import load_framework_text

MIGRATION = importlib.import_module("zona.evaluations.migrations.0005_lhkpn_inputs_as_the_workbook")
OLD_SOURCE = (Path(__file__).parent / "data" / "lke-2021-2026.3.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "before, after",
    [
        # the three reported counts become one total; 117a is the breakdown's sum
        ({"113a": "1", "114a": "1", "116": "8", "117": "2", "118": "3", "119": "5"},
         {"116": "10", "117": "2", "118": "3", "119": "5", "117a": "10"}),
        # only some reported counts filled: the total of those
        ({"113a": "1", "116": ""}, {"116": "1"}),
        ({"114a": "2"}, {"116": "2"}),
        # none filled: nothing invented
        ({"113": "1", "116": ""}, {"113": "1", "116": ""}),
        # a breakdown with a gap gives no 117a (the old formula could not compute either)
        ({"117": "2", "119": "5"}, {"117": "2", "119": "5"}),
        # zeros are answers
        ({"113a": "0", "114a": "0", "116": "0", "117": "0", "118": "0", "119": "0"},
         {"116": "0", "117": "0", "118": "0", "119": "0", "117a": "0"}),
    ],
)  # fmt: skip
def test_answers_convert(before, after):
    assert MIGRATION.converted(before) == after


@pytest.mark.parametrize(
    "after, before",
    [
        ({"116": "10", "117a": "10", "117": "2"},
         {"116": "10", "113a": "0", "114a": "0", "117": "2"}),
        ({"113": "1"}, {"113": "1"}),
    ],
)  # fmt: skip
def test_answers_revert(after, before):
    assert MIGRATION.reverted(after) == before


def _layer(evaluation, layer="unit") -> dict[str, str]:
    return dict(
        Answer.objects.filter(evaluation=evaluation, layer=layer).values_list("question", "value")
    )


@pytest.mark.django_db
def test_stored_evaluations_move_to_the_workbook_inputs_and_back(evaluation, world):
    new = evaluation.framework
    assert "117a" in new.framework().questions and "113a" not in new.framework().questions
    old_framework = load_framework_text(OLD_SOURCE)
    old = FrameworkVersion.objects.create(
        code="lke-2021", version=old_framework.version, name=old_framework.name,
        source=OLD_SOURCE, sha256=old_framework.source_sha256,
        question_count=len(old_framework.questions), builtin=True, is_active=False,
    )  # fmt: skip
    evaluation.framework = old
    evaluation.save(update_fields=["framework"])
    # obliged 1 + 1 + 13; reported 1 + 1 + 8 per group; LHKASN obliged 2 + 3 + 5, reported 9
    counts = {"113": 1, "114": 1, "115": 13, "113a": 1, "114a": 1, "116": 8,
              "117": 2, "118": 3, "119": 5, "120": 9}  # fmt: skip
    fill_layer(evaluation, "unit", counts)
    Comment.objects.create(evaluation=evaluation, question="114a", layer="tpi", body="SK?")
    before = LayerScore.objects.get(evaluation=evaluation, layer="unit")
    assert before.not_computable == {}  # the old version counts unanswered as 0 anyway

    MIGRATION.forward(apps)

    evaluation.refresh_from_db()
    assert evaluation.framework == new
    answers = _layer(evaluation)
    assert "113a" not in answers and "114a" not in answers
    assert (answers["116"], answers["117a"], answers["120"]) == ("10", "10", "9")
    after = LayerScore.objects.get(evaluation=evaluation, layer="unit")
    # Same shares (10/15 and 9/10) in the workbook's inputs: the same score, recomputed…
    assert after.total == before.total and after.answered == len(new.framework().questions)
    # … and equal to what re-scoring now gives.
    fresh = actions.recompute_score(evaluation, "unit")
    assert abs(fresh.total - float(after.total)) < 1e-4
    assert fresh.computed["A.II.5.iii.a.c1"].value == pytest.approx(10 / 15)
    assert fresh.computed["A.II.5.iii.b.c1"].value == pytest.approx(0.9)
    changed = set(
        AnswerChange.objects.filter(evaluation=evaluation).values_list("question", flat=True)
    )
    assert {"113a", "114a", "116", "117a"} <= changed
    assert Comment.objects.get(evaluation=evaluation).question == "116"  # said of the total now

    MIGRATION.backward(apps)

    evaluation.refresh_from_db()
    assert evaluation.framework == old
    answers = _layer(evaluation)
    assert (answers["113a"], answers["114a"], answers["116"]) == ("0", "0", "10")
    assert "117a" not in answers
    back = LayerScore.objects.get(evaluation=evaluation, layer="unit")
    assert back.total == before.total
    assert actions.recompute_score(evaluation, "unit").computed[
        "A.II.5.iii.a.c1"
    ].value == pytest.approx(10 / 15)


@pytest.mark.django_db
def test_a_new_database_gets_nothing_from_the_migration(frameworks):
    count = FrameworkVersion.objects.count()
    MIGRATION.forward(apps)
    MIGRATION.backward(apps)
    assert FrameworkVersion.objects.count() == count
