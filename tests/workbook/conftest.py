"""Fixtures of the workbook tests: evaluations with every question answered, and workbooks."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from zona.evaluations import actions
from zona.evaluations.models import Answer, Evaluation


def sample_answer(question, rng: random.Random):
    """A valid raw answer of the question's type, as a person would type it."""
    if question.options:
        option = rng.choice(question.options)
        return option.capitalize() if question.type == "ya_tidak" else option.upper()
    if question.type == "count":
        return rng.randint(0, 40)
    if question.type == "percent":
        return Decimal(rng.randint(0, 10000)) / 100
    return Decimal(rng.randint(0, 400)) / 100  # index_0_4


@pytest.fixture
def fill():
    """`fill(user, evaluation, layer, seed)`: answer every question (with notes) via the action."""

    def _fill(user, evaluation: Evaluation, layer: str = "unit", seed: int = 1) -> None:
        rng = random.Random(seed)
        framework = evaluation.framework.framework()
        for no, question in framework.questions.items():
            note = rng.choice(["", f"Catatan {no}: SK Kepala Biro", "=1+1 bukan rumus", "Ŝ ✓"])
            current = Answer.objects.filter(evaluation=evaluation, question=no, layer=layer).first()
            actions.save_answer(
                user, evaluation, no, layer, sample_answer(question, rng), note,
                current.version if current else 0,
            )  # fmt: skip

    return _fill


@pytest.fixture
def evaluation_2021(world, frameworks) -> Evaluation:
    return actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2026, "WBK", framework=frameworks["lke-2021"]
    )


@pytest.fixture
def evaluation_2019(world, frameworks) -> Evaluation:
    return actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2019, "WBK", framework=frameworks["lke-2014"]
    )


@pytest.fixture
def set_stage():
    """`set_stage(evaluation, "tpi_review", tpi_released=True)`: put it at a stage directly."""

    def _set_stage(evaluation: Evaluation, stage: str, **fields) -> Evaluation:
        Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage, **fields)
        evaluation.refresh_from_db()
        return evaluation

    return _set_stage


@pytest.fixture
def answer(world):
    """`answer("member_a1", evaluation, "2", "unit", "b", note="")` through the action."""

    def _answer(username: str, evaluation: Evaluation, no: str, layer: str, value, note=""):
        current = Answer.objects.filter(evaluation=evaluation, question=no, layer=layer).first()
        return actions.save_answer(
            world.users[username], evaluation, no, layer, value, note,
            current.version if current else 0,
        )  # fmt: skip

    return _answer


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    """Imports run as jobs and store the upload (and results) under MEDIA_ROOT: a fresh one."""
    settings.MEDIA_ROOT = tmp_path / "media"
