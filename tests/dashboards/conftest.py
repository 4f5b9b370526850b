from __future__ import annotations

import pytest

from zona.evaluations import actions
from zona.evaluations.models import Evaluation


@pytest.fixture(autouse=True)
def _fresh_caches():
    """The gap analyses are cached per process; SQLite reuses ids after each test's rollback,
    so start clean."""
    from zona.evaluations.presenters import _gap

    _gap.cache_clear()
    yield
    _gap.cache_clear()


@pytest.fixture
def evaluation(world, frameworks) -> Evaluation:
    """Unit A1's 2026 evaluation toward Menuju WBK, in draft."""
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.fixture
def client_for(client, world):
    """`client_for("tpi_a")`: the test client logged in as a world user."""

    def _client(username: str):
        client.force_login(world.users[username])
        return client

    return _client
