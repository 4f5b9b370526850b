"""Property: whatever sequence of saves and stage moves random roles make, the stored score of
every layer equals a fresh re-score of its answers, and no accepted answer is lost.

Workbook imports are not in the sequences yet (they call the same `save_answer` in one
transaction). Each example runs inside a savepoint that is rolled back, so examples start from
the same evaluation in draft.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from filling import fill_layer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zona.evaluations import actions
from zona.evaluations.models import Answer, Evaluation, Layer, LayerScore
from zona.lke.errors import AnswerError

ROLES = ["member_a1", "lead_a1", "tpi_a", "tpi_lead_a", "coordinator_a", "tpn", "norole"]
MOVES = list(actions.TRANSITIONS)
# Moves that the stage machine allows someone to make, so that sequences travel the stages;
# random (role, move) pairs besides, mostly refused.
PLAUSIBLE = [
    ("lead_a1", "submit"), ("tpi_a", "start_review"), ("tpi_a", "return"),
    ("tpi_lead_a", "finalise"), ("coordinator_a", "propose"), ("tpn", "start_desk"),
    ("tpn", "start_field"), ("tpn", "decide"), ("tpn", "reopen"),
]  # fmt: skip


def fresh_total(evaluation, layer):
    result = actions.score_normalised(
        evaluation.framework.framework(),
        actions.layer_answers(evaluation, layer),
        evaluation.previous_predicate or None,
    )
    return actions._decimal(result.total), result.answered_count


def step_strategy(questions):
    save = st.tuples(
        st.just("save"), st.sampled_from(ROLES), st.sampled_from(questions),
        st.integers(0, 5), st.booleans(),
    )  # fmt: skip
    random_move = st.tuples(st.just("move"), st.sampled_from(ROLES), st.sampled_from(MOVES))
    plausible = st.sampled_from(PLAUSIBLE).map(lambda pair: ("move", *pair))
    return st.one_of(save, save, plausible, random_move)


@pytest.mark.django_db
def test_stored_scores_equal_a_fresh_rescore_after_any_sequence(evaluation, world):
    framework = evaluation.framework.framework()
    questions = [q.no for q in framework.questions.values() if q.options and not q.feed][:12]
    made = {"saves": 0, "moves": 0}
    # Every layer complete, so that the stage guards let the plausible moves through.
    for layer in (Layer.UNIT, Layer.TPI, Layer.TPN):
        fill_layer(evaluation, layer)
    details = {"predicate": "WBK", "decree_number": "SK 1", "decree_date": date(2026, 12, 1)}

    @settings(
        max_examples=60, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )  # fmt: skip
    @given(st.lists(step_strategy(questions), min_size=5, max_size=30))
    def run(steps):
        with transaction.atomic():
            accepted: dict[tuple[str, str], str] = {}
            for step in steps:
                current = Evaluation.objects.get(pk=evaluation.pk)
                user = world.users[step[1]]
                if step[0] == "save":
                    _, _, no, pick, stale = step
                    q = framework.questions[no]
                    layer = actions.writable_layer(user, current) or Layer.UNIT
                    row = Answer.objects.filter(evaluation=current, question=no, layer=layer)
                    version = row.first().version if row.exists() else 0
                    option = q.options[pick % len(q.options)]
                    try:
                        saved = actions.save_answer(
                            user, current, no, layer, option, "", version - 1 if stale else version
                        )
                    except (PermissionDenied, actions.EvaluationError, AnswerError):
                        pass
                    else:
                        accepted[(layer, no)] = saved.value
                        made["saves"] += 1
                else:
                    note = "Lengkapi bukti" if step[2] in ("return", "reopen") else ""
                    extra = details if step[2] == "decide" else {}
                    try:
                        actions.move(user, current, step[2], note, **extra)
                    except (PermissionDenied, actions.EvaluationError):
                        continue
                    made["moves"] += 1
                stored = {
                    (layer, no): value
                    for layer, no, value in Answer.objects.filter(evaluation=current).values_list(
                        "layer", "question", "value"
                    )
                }
                for key, value in accepted.items():
                    assert stored.get(key) == value, key  # no accepted answer lost
                for score in LayerScore.objects.filter(evaluation=current):
                    total, answered = fresh_total(current, score.layer)
                    assert (score.total, score.answered) == (total, answered), score.layer
            transaction.set_rollback(True)

    run()
    assert made["saves"] > 20 and made["moves"] > 10, made  # the sequences did real work
