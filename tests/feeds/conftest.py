"""Fixtures for the Hasil page: a fake IPAK/IPKP provider whose figures a test can change."""

from __future__ import annotations

import pytest

from zona.evaluations import feeds


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def survey():
    """A fake survey provider: `survey.values["ipak"] = 3.62` sets what it offers."""

    class Survey:
        values: dict[str, float | None] = {"ipak": 3.62, "ipkp": 3.41}
        calls = 0

        def __call__(self, evaluation, feed):
            self.calls += 1
            return [
                feeds.FeedOption(
                    key=f"survey:{feed}:{evaluation.year}", label=f"Survei {feed.upper()} 2026",
                    value=self.values.get(feed), url="/survei/1/", detail="124 responden",
                )
            ]  # fmt: skip

    provider = Survey()
    provider.values = dict(Survey.values)
    for feed in (feeds.IPAK, feeds.IPKP):
        feeds.register(feed, provider)
    yield provider
    for feed in (feeds.IPAK, feeds.IPKP):
        feeds._providers[feed].remove(provider)


@pytest.fixture
def evaluation(world, frameworks):
    from zona.evaluations import actions

    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.fixture
def set_stage():
    from zona.evaluations.models import Evaluation

    def _set(evaluation, stage, **fields):
        Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage, **fields)
        evaluation.refresh_from_db()
        return evaluation

    return _set
