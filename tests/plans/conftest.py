"""Fixtures for the action-plan tests: unit A1's 2026 plan on the 2021 LKE and a maker of
activities (a fixture returning a function: test modules can't import from conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest

from zona.plans import actions, clock
from zona.plans.models import ActionPlan, Activity

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    """The plans read today's date from zona.plans.clock; every test runs on 15 June 2026."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def plan(world, frameworks) -> ActionPlan:
    return actions.create_plan(world.users["member_a1"], world.a1, 2026, frameworks["lke-2021"])


@pytest.fixture
def make_activity(world):
    """`make_activity(plan, title=…, due=date(…), status=…, progress=…)`: an activity saved
    through the action, with sensible defaults (area MP, owner member_a1)."""

    def _make(plan: ActionPlan, **fields) -> Activity:
        data = {
            "title": "Pembentukan agen perubahan",
            "description": "",
            "area": "MP",
            "questions": [],
            "output": "SK agen perubahan",
            "owner": world.users["member_a1"],
            "owner_name": "",
            "owner_email": "",
            "start_date": date(2026, 1, 5),
            "due_date": date(2026, 6, 30),
            "status": "belum",
            "progress": 0,
        }
        data.update(fields)
        return actions.save_activity(fields.pop("actor", world.users["member_a1"]), plan, data)

    return _make
