"""Fixtures of the survey tests: the shipped instruments, an open survey of unit A1."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from surveys.helpers import SMALL, make_survey
from zona.surveys.actions import load_instrument
from zona.surveys.instruments import shipped_files
from zona.surveys.models import Instrument, Survey


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate counters and nonces live in the cache: every test starts without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def instruments(db) -> dict[str, Instrument]:
    loaded = {}
    for path in shipped_files():
        instrument, _ = load_instrument(None, path.read_text(encoding="utf-8"))
        loaded[instrument.kind] = instrument
    return loaded


@pytest.fixture
def mini(db) -> Instrument:
    return load_instrument(None, SMALL)[0]


@pytest.fixture
def survey(world, instruments) -> Survey:
    return make_survey(world.a1, instruments["ipak"])


@pytest.fixture
def mini_survey(world, mini) -> Survey:
    return make_survey(world.a1, mini, code="MINI23")


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    """Imports run as jobs and store the upload (and results) under MEDIA_ROOT: a fresh one."""
    settings.MEDIA_ROOT = tmp_path / "media"
