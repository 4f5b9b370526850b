"""`LayerScore.conditions`: `recompute_score` stores every predicate's conditions as the engine
computes them, and the data migration fills rows stored before the field existed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from zona.evaluations import actions
from zona.evaluations.models import Answer, Evaluation, LayerScore
from zona.lke import score

migration = importlib.import_module("zona.evaluations.migrations.0002_layer_score_conditions")

# Question 1 and 3 are ya/tidak, 2 and 4 a/b/c; 88–91 are counts feeding a computed item.
HAND = {"1": "ya", "2": "a", "3": "tidak", "4": "b", "88": "7", "89": "10"}


def _expected(result) -> dict[str, list[tuple]]:
    """The engine's conditions per predicate, rounded as stored: (code, required, actual, met,
    shortfall)."""

    def number(value):
        return value if isinstance(value, str) or value is None else round(float(value), 4)

    out: dict[str, list[tuple]] = {}
    for c in result.conditions:
        out.setdefault(c.predicate, []).append(
            (c.code, number(c.required), number(c.actual), c.met, number(c.shortfall))
        )
    return out


def _as_tuples(stored: dict) -> dict[str, list[tuple]]:
    return {
        predicate: [(c["code"], c["required"], c["actual"], c["met"], c["shortfall"]) for c in rows]
        for predicate, rows in stored.items()
    }


@pytest.fixture
def answered(world, frameworks) -> Evaluation:
    """Unit A1's evaluation with a few answers typed in the unit layer through the action."""
    lead = world.users["lead_a1"]
    evaluation = actions.create_evaluation(lead, world.a1, 2026, "WBK")
    for no, value in HAND.items():
        actions.save_answer(lead, evaluation, no, "unit", value, "", 0)
    return evaluation


def test_recompute_stores_the_engines_conditions(answered):
    framework = answered.framework.framework()
    engine = score(framework, HAND)
    stored = LayerScore.objects.get(evaluation=answered, layer="unit").conditions
    assert set(stored) == {"WBK", "WBBM"}
    assert _as_tuples(stored) == _expected(engine)
    assert len(stored["WBK"]) == 12 and len(stored["WBBM"]) == 13  # lke-2021
    total = next(c for c in stored["WBK"] if c["code"] == "total")
    assert total["required"] == 75.0
    assert total["actual"] == round(engine.total, 4) > 0
    assert total["met"] is False
    assert total["shortfall"] == round(75.0 - engine.total, 4)
    assert total["label"] == "Nilai total"
    # A unit without a predicate cannot meet "requires Menuju WBK" of WBBM.
    requires = stored["WBBM"][-1]
    assert requires == {
        "code": "requires", "label": "Predikat sebelumnya: WBK", "required": "WBK",
        "actual": None, "met": False, "shortfall": None,
    }  # fmt: skip
    # Untouched layers keep no answers, hence no conditions stored yet.
    assert LayerScore.objects.get(evaluation=answered, layer="tpi").conditions == {}


def test_a_changed_answer_updates_the_conditions(answered, world):
    lead = world.users["lead_a1"]
    before = LayerScore.objects.get(evaluation=answered, layer="unit").conditions
    version = Answer.objects.get(evaluation=answered, layer="unit", question="3").version
    actions.save_answer(lead, answered, "3", "unit", "ya", "", version)
    after = LayerScore.objects.get(evaluation=answered, layer="unit").conditions
    actual = {c["code"]: c["actual"] for c in after["WBK"]}
    assert actual["total"] > {c["code"]: c["actual"] for c in before["WBK"]}["total"]
    engine = score(answered.framework.framework(), {**HAND, "3": "ya"})
    assert _as_tuples(after) == _expected(engine)


def test_migration_fills_old_rows(answered, world, frameworks):
    other = actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    actions.recompute_score(other, "tpi")  # a layer without answers: all conditions unmet
    expected = {(row.evaluation_id, row.layer): row.conditions for row in LayerScore.objects.all()}
    assert expected[answered.pk, "unit"] and expected[other.pk, "tpi"]
    LayerScore.objects.update(conditions={})  # as stored before the field existed
    migration.fill_conditions(apps, None)
    filled = {(row.evaluation_id, row.layer): row.conditions for row in LayerScore.objects.all()}
    assert filled[answered.pk, "unit"] == expected[answered.pk, "unit"]
    assert filled[other.pk, "tpi"] == expected[other.pk, "tpi"]
    assert all(c["met"] is False for c in filled[other.pk, "tpi"]["WBK"])
    # Every row is filled, layers never scored too (their conditions, all unmet).
    assert all(filled.values())
    engine = score(answered.framework.framework(), {})
    assert _as_tuples(filled[answered.pk, "tpn"]) == _expected(engine)


def test_migration_batches_queries(answered, world, django_assert_max_num_queries, monkeypatch):
    actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    monkeypatch.setattr(migration, "BATCH", 1)
    # ids, then per batch: evaluations, answers, scores, one bulk update; frameworks once.
    with django_assert_max_num_queries(1 + 1 + 2 * 4):
        migration.fill_conditions(apps, None)


@pytest.mark.django_db
def test_migration_is_a_no_op_on_an_empty_database(django_assert_num_queries):
    with django_assert_num_queries(1):
        migration.fill_conditions(apps, None)
    assert not LayerScore.objects.exists()
