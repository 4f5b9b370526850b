"""Fixtures of the import tests: a file uploaded through the actions."""

from __future__ import annotations

import pytest

from zona.onboarding import actions


@pytest.fixture
def upload(world):
    def _upload(kind, content: bytes, filename="isi.csv", actor=None, instansi=None):
        return actions.upload(
            actor or world.users["coordinator_a"], instansi or world.a, kind,
            filename=filename, content=content, base_url="http://zona.test/",
        )  # fmt: skip

    return _upload
