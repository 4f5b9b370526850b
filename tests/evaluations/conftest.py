"""Fixtures for the evaluation tests: an evaluation of unit A1 and ways to move it along.

Helpers are fixtures that return functions (test modules can't import from conftest.py
reliably). Modules may define their own `evaluation` fixture; theirs wins inside that module.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from zona.evaluations import actions
from zona.evaluations.models import Answer, Evaluation


@pytest.fixture
def evaluation(world, frameworks) -> Evaluation:
    """Unit A1's 2026 evaluation toward Menuju WBK, in draft."""
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.fixture
def set_stage():
    """`set_stage(evaluation, "tpi_review", tpi_released=True)`: put the evaluation at a stage
    directly (the stage machine has its own tests)."""

    def _set_stage(evaluation: Evaluation, stage: str, **fields) -> Evaluation:
        Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage, **fields)
        evaluation.refresh_from_db()
        return evaluation

    return _set_stage


@pytest.fixture
def answer(world):
    """`answer("member_a1", evaluation, "2", "unit", "b", note="")`: save through the action
    with the current version."""

    def _answer(username: str, evaluation: Evaluation, no: str, layer: str, value, note=""):
        current = Answer.objects.filter(evaluation=evaluation, question=no, layer=layer).first()
        return actions.save_answer(
            world.users[username], evaluation, no, layer, value, note,
            current.version if current else 0,
        )  # fmt: skip

    return _answer


@pytest.fixture
def login(client, world):
    """`login("tpi_a")` signs that person in on the test client and returns the client."""

    def _login(username: str):
        client.force_login(world.users[username])
        return client

    return _login


@pytest.fixture
def urls():
    """`urls("answer", evaluation, "2")` → /evaluasi/<pk>/jawaban/2/."""

    def _urls(name: str, evaluation: Evaluation, *args) -> str:
        return reverse(f"evaluations:{name}", args=[evaluation.pk, *args])

    return _urls
