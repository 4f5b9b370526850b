"""Fixtures for the notification tests: the world of tests/world.py with a second instansi's
team (outside instansi A's reach), unit A1's 2026 evaluation, and a way to walk it through the
stage machine with the after-commit notices run."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from filling import fill_layer

from zona.accounts.models import Role, RoleAssignment
from zona.evaluations import actions
from zona.evaluations.models import Layer, NationalDeadline

# The move each stage needs next, and who makes it, from a new draft to a decision.
PATH = [
    ("submit", "lead_a1"), ("start_review", "tpi_a"), ("return", "tpi_a"),
    ("submit", "lead_a1"), ("start_review", "tpi_a"), ("finalise", "tpi_lead_a"),
    ("propose", "coordinator_a"), ("start_desk", "tpn"), ("start_field", "tpn"),
    ("decide", "tpn"),
]  # fmt: skip


@pytest.fixture
def people(world):
    """world.users plus people of instansi B and of unit A2, who must never hear about A1."""
    make = get_user_model().objects.create_user
    extra = {
        "tpi_b": (Role.TPI_EVALUATOR, world.b, None),
        "tpi_lead_b": (Role.TPI_LEAD, world.b, None),
        "coordinator_b": (Role.INSTANSI_COORDINATOR, world.b, None),
        "member_b1": (Role.UNIT_MEMBER, None, world.b1),
        "member_a2": (Role.UNIT_MEMBER, None, world.a2),
    }
    for username, (role, instansi, unit) in extra.items():
        user = make(username, f"{username}@example.test", "pw-Extra-2026")
        RoleAssignment.objects.create(user=user, role=role, instansi=instansi, unit=unit)
        world.users[username] = user
    return world.users


@pytest.fixture
def evaluation(world, frameworks, people):
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.fixture
def step(people, django_capture_on_commit_callbacks):
    """`step(evaluation, "submit", "lead_a1")`: one move with its layers filled so the guards
    pass, its after-commit notices run; returns the evaluation."""

    def _step(evaluation, name: str, who: str):
        return make_move(people, evaluation, name, who, django_capture_on_commit_callbacks)

    return _step


@pytest.fixture
def walk(people, django_capture_on_commit_callbacks):
    """`walk(evaluation, until="finalise")`: make every move of PATH before `until` (the
    notices they send run too); returns the evaluation. `walk(..., until=None)` makes them all.
    Layers are filled and the revision asked before "return" so the guards pass."""

    def _walk(evaluation, until: str | None, *, occurrence: int = 1):
        seen = 0
        for name, who in PATH:
            if name == until:
                seen += 1
                if seen == occurrence:
                    return evaluation
            evaluation = make_move(
                people, evaluation, name, who, django_capture_on_commit_callbacks
            )
        return evaluation

    return _walk


def make_move(people, evaluation, name, who, capture):
    if name == "submit":
        fill_layer(evaluation, Layer.UNIT)
    if name in ("return", "finalise"):
        fill_layer(evaluation, Layer.TPI)
    if name == "return":
        actions.request_revision(people["tpi_a"], evaluation, "2", "Lampirkan SK tim")
    if name == "finalise":  # the TPI has seen the revision: its request is closed
        for request in evaluation.revisions.filter(resolved_at__isnull=True):
            actions.close_revision(people["tpi_a"], evaluation, request.question)
    if name == "start_field":
        fill_layer(evaluation, Layer.TPN)
    details = {}
    if name == "decide":
        details = dict(predicate="WBK", decree_number="SK 7/2026",
                       decree_date=timezone.localdate())  # fmt: skip
    with capture(execute=True):
        return actions.move(people[who], evaluation, name, "", **details)
