"""Parallel saves on different questions of one layer: the stored score always equals a fresh
re-score of the committed answers (issue 14, item 2).

Each writer is a thread with its own database connection, so the transactions really overlap;
scoring is slowed a little so that, without the per-layer lock, two saves would both score from
the answers committed before either of them and the later one would store a stale score. Only
PostgreSQL runs transactions in parallel this way (SQLite serialises whole writes, and its
SELECT ... FOR UPDATE is a no-op), so the test needs it.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from zona.evaluations import actions
from zona.evaluations.models import Answer, Layer, LayerScore

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: parallel transactions and row locks (SQLite serialises writes)",
    ),
]

WRITERS = 6
BURSTS = 4


def fresh_score(evaluation, layer) -> Decimal:
    framework = evaluation.framework.framework()
    result = actions.score_normalised(
        framework, actions.layer_answers(evaluation, layer), evaluation.previous_predicate or None
    )
    return actions._decimal(result.total)


def choice_questions(evaluation, count):
    framework = evaluation.framework.framework()
    picked = [q for q in framework.questions.values() if q.options and not q.feed]
    return picked[:count]


@pytest.fixture
def slow_scoring(monkeypatch):
    """Widen the window between reading the answers and storing the score."""
    real = actions.score_normalised

    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        time.sleep(0.05)
        return result

    monkeypatch.setattr(actions, "score_normalised", slow)
    return real


def run_parallel(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_parallel_saves_leave_the_stored_score_equal_to_a_fresh_score(
    evaluation, world, slow_scoring
):
    member = world.users["member_a1"]
    questions = choice_questions(evaluation, WRITERS)
    assert len(questions) == WRITERS
    for burst in range(BURSTS):
        option = 0 if burst % 2 == 0 else -1  # every burst changes every answer

        def job(q, option=option):
            current = Answer.objects.filter(evaluation=evaluation, question=q.no, layer="unit")
            version = current.first().version if current.exists() else 0
            actions.save_answer(
                member, evaluation, q.no, Layer.UNIT, q.options[option], "", version
            )

        errors = run_parallel([lambda q=q: job(q) for q in questions])
        assert errors == []
        stored = LayerScore.objects.get(evaluation=evaluation, layer=Layer.UNIT)
        assert stored.total == fresh_score(evaluation, Layer.UNIT), f"burst {burst}"
        assert stored.answered == WRITERS
        values = dict(
            Answer.objects.filter(evaluation=evaluation, layer=Layer.UNIT).values_list(
                "question", "value"
            )
        )
        assert values == {q.no: q.options[option] for q in questions}  # no answer lost


def test_a_missing_score_row_is_created_once_by_parallel_first_saves(
    evaluation, world, slow_scoring
):
    """An evaluation from before score rows existed: the first parallel saves create the row
    once (race-safe) and still end with the right score."""
    LayerScore.objects.filter(evaluation=evaluation, layer=Layer.UNIT).delete()
    member = world.users["member_a1"]
    questions = choice_questions(evaluation, WRITERS)
    jobs = [
        lambda q=q: actions.save_answer(member, evaluation, q.no, Layer.UNIT, q.options[0], "", 0)
        for q in questions
    ]
    assert run_parallel(jobs) == []
    rows = LayerScore.objects.filter(evaluation=evaluation, layer=Layer.UNIT)
    assert rows.count() == 1
    assert rows.get().total == fresh_score(evaluation, Layer.UNIT)
    assert rows.get().answered == WRITERS
