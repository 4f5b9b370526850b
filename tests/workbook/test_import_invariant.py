"""Property: whatever sequence of answer saves, stage moves and workbook imports random roles
make, the stored score of every layer equals a fresh re-score of its answers and no accepted
answer is lost (issue 14, beyond the list: the imports that tests/evaluations/
test_score_invariant.py leaves out).

An import reads one of two workbooks exported from earlier evaluations (their answers differ
from the stored ones) for the importing person's layer; sometimes someone saves one of the
planned questions between the preview and the import, which must refuse the whole import and
change nothing.
Each example runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from filling import fill_layer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbook_support import evidence_url

from zona.evaluations import actions
from zona.evaluations.access import writable_layer
from zona.evaluations.models import Answer, Evaluation, Layer, LayerScore
from zona.lke.errors import AnswerError
from zona.workbook.actions import import_workbook
from zona.workbook.official import build_official_workbook
from zona.workbook.reader import WorkbookRefused, read_workbook

ROLES = ["member_a1", "lead_a1", "tpi_a", "tpi_lead_a", "coordinator_a", "tpn", "norole"]
PLAUSIBLE = [
    ("lead_a1", "submit"), ("tpi_a", "start_review"), ("tpi_a", "return"),
    ("tpi_lead_a", "finalise"), ("coordinator_a", "propose"), ("tpn", "start_desk"),
    ("tpn", "reopen"),
]  # fmt: skip


def fresh_total(evaluation, layer):
    result = actions.score_normalised(
        evaluation.framework.framework(),
        actions.layer_answers(evaluation, layer),
        evaluation.previous_predicate or None,
    )
    return actions._decimal(result.total), result.answered_count


def stored_answers(evaluation) -> dict:
    rows = Answer.objects.filter(evaluation=evaluation).values_list("layer", "question", "value")
    return {(layer, no): value for layer, no, value in rows}


@pytest.fixture
def workbooks(world, evaluation_2021, fill):
    """Workbooks of two earlier evaluations of the unit (as last year's workbook is imported:
    its stamp names another evaluation, so every row is checked against today's answers),
    with different answers; then every layer of the evaluation filled."""
    member = world.users["member_a1"]
    books = []
    for seed, year in ((11, 2024), (12, 2025)):
        earlier = actions.create_evaluation(
            world.users["lead_a1"], world.a1, year, "WBK", framework=evaluation_2021.framework
        )
        fill(member, earlier, seed=seed)
        books.append(build_official_workbook(member, earlier, evidence_url))
    for layer in (Layer.UNIT, Layer.TPI, Layer.TPN):
        fill_layer(evaluation_2021, layer)
    return books


def step_strategy(questions):
    save = st.tuples(
        st.just("save"), st.sampled_from(ROLES), st.sampled_from(questions), st.integers(0, 5)
    )
    move = st.sampled_from(PLAUSIBLE).map(lambda pair: ("move", *pair))
    imp = st.tuples(st.just("import"), st.sampled_from(ROLES), st.integers(0, 1), st.booleans())
    return st.one_of(save, move, imp)


@pytest.mark.django_db
def test_scores_stay_fresh_and_answers_kept_with_imports(world, evaluation_2021, workbooks):
    evaluation = evaluation_2021
    framework = evaluation.framework.framework()
    questions = [q.no for q in framework.questions.values() if q.options and not q.feed][:10]
    made = {"save": 0, "move": 0, "import": 0, "stale import": 0}

    @settings(
        max_examples=10, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )  # fmt: skip
    @given(st.lists(step_strategy(questions), min_size=3, max_size=8))
    def run(steps):
        with transaction.atomic():
            accepted: dict[tuple[str, str], str] = {}
            for i, step in enumerate(steps):
                current = Evaluation.objects.get(pk=evaluation.pk)
                user = world.users[step[1]]
                layer = writable_layer(user, current)
                if step[0] == "save":
                    _, _, no, pick = step
                    row = Answer.objects.filter(
                        evaluation=current, question=no, layer=layer or Layer.UNIT
                    ).first()
                    option = framework.questions[no].options[pick % 5 % len(
                        framework.questions[no].options)]  # fmt: skip
                    try:
                        saved = actions.save_answer(
                            user, current, no, layer or Layer.UNIT, option, "",
                            row.version if row else 0,
                        )  # fmt: skip
                    except (PermissionDenied, actions.EvaluationError, AnswerError):
                        pass
                    else:
                        accepted[(saved.layer, no)] = saved.value
                        made["save"] += 1
                elif step[0] == "move":
                    note = "Lengkapi bukti" if step[2] in ("return", "reopen") else ""
                    try:
                        actions.move(user, current, step[2], note)
                    except (PermissionDenied, actions.EvaluationError):
                        continue
                    made["move"] += 1
                else:
                    _, _, book, interfere = step
                    if layer is None:
                        with pytest.raises(PermissionDenied):
                            import_workbook(user, current, _plan_or_none(workbooks[book], current))
                        continue
                    try:
                        plan = read_workbook(workbooks[book], current, layer)
                    except WorkbookRefused:
                        continue
                    if not plan.changes:
                        continue
                    if interfere:
                        # Someone else saves a planned question after the preview.
                        first = plan.changes[0]
                        row = Answer.objects.get(
                            evaluation=current, question=first.question, layer=layer
                        )
                        saved = actions.save_answer(
                            user,
                            current,
                            first.question,
                            layer,
                            row.value,
                            f"diubah {i}",
                            row.version,
                        )
                        accepted[(layer, first.question)] = saved.value
                        before = stored_answers(current)
                        with pytest.raises(actions.EvaluationError):
                            import_workbook(user, current, plan)
                        assert stored_answers(current) == before  # nothing half imported
                        made["stale import"] += 1
                    else:
                        assert import_workbook(user, current, plan) == len(plan.changes)
                        stored = stored_answers(current)
                        for change in plan.changes:
                            assert stored[(layer, change.question)] == change.after
                            accepted[(layer, change.question)] = stored[(layer, change.question)]
                        made["import"] += 1
                stored = stored_answers(current)
                for key, value in accepted.items():
                    assert stored.get(key) == value, key  # no accepted answer lost
                for score in LayerScore.objects.filter(evaluation=current):
                    total, answered = fresh_total(current, score.layer)
                    assert (score.total, score.answered) == (total, answered), score.layer
            transaction.set_rollback(True)

    run()
    assert made["save"] and made["move"] and made["import"] and made["stale import"], made


def _plan_or_none(data, evaluation):
    """A plan read for the unit's layer; import_workbook must refuse it to a person without one."""
    return read_workbook(data, evaluation, Layer.UNIT)
