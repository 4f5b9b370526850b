"""The whole journey of an evaluation, from a unit's first answer to the predicate decision,
through the actions (the same functions the screens call), and every illegal move refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from filling import best_answers, fill_layer

from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.evaluations.access import visible_layers, writable_layer
from zona.evaluations.models import (
    Answer,
    AnswerChange,
    Evaluation,
    Layer,
    LayerScore,
    NationalDeadline,
    Stage,
)
from zona.lke.errors import AnswerError
from zona.lke.model import CHOICE_OPTIONS
from zona.orgs.models import PredicateAward


def answer_all(user, evaluation, layer, answers):
    for no, value in answers.items():
        current = Answer.objects.filter(evaluation=evaluation, question=no, layer=layer).first()
        actions.save_answer(
            user, evaluation, no, layer, value, "", current.version if current else 0
        )


@pytest.fixture
def evaluation(world, frameworks):
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.mark.django_db
def test_the_whole_journey(world, evaluation):
    u = world.users
    framework = evaluation.framework.framework()
    assert evaluation.framework.code == "lke-2021" and evaluation.stage == Stage.DRAFT

    # The unit fills in; a member may answer, the lead submits.
    answers = best_answers(framework)
    answers["2"] = "b"
    answer_all(u["member_a1"], evaluation, Layer.UNIT, answers)
    unit_score = LayerScore.objects.get(evaluation=evaluation, layer=Layer.UNIT)
    assert unit_score.answered == 128 and unit_score.predicate == "WBK"
    assert float(unit_score.total) == pytest.approx(100 - 0.5 * 0.5 / 2)

    with pytest.raises(PermissionDenied):
        actions.move(u["member_a1"], evaluation, "submit")  # members fill, the lead submits
    evaluation = actions.move(u["lead_a1"], evaluation, "submit", "Siap dinilai")
    assert evaluation.stage == Stage.SUBMITTED
    assert writable_layer(u["member_a1"], evaluation) is None  # the unit layer is closed

    # The TPI reviews, asks for a revision, the unit revises and resubmits.
    evaluation = actions.move(u["tpi_a"], evaluation, "start_review")
    assert writable_layer(u["tpi_a"], evaluation) == Layer.TPI
    answer_all(u["tpi_a"], evaluation, Layer.TPI, answers)
    with pytest.raises(actions.EvaluationError, match=r"perlu perbaikan"):
        actions.move(u["tpi_a"], evaluation, "return")  # returning needs a reason
    actions.request_revision(
        u["tpi_a"], evaluation, "2", "Lampirkan SK tim dengan mekanisme seleksi"
    )
    evaluation = actions.move(u["tpi_a"], evaluation, "return")
    assert evaluation.stage == Stage.RETURNED
    assert writable_layer(u["member_a1"], evaluation) == Layer.UNIT
    assert Layer.TPI not in visible_layers(u["member_a1"], evaluation)  # not released yet
    version = Answer.objects.get(evaluation=evaluation, question="2", layer=Layer.UNIT).version
    actions.save_answer(u["member_a1"], evaluation, "2", Layer.UNIT, "a", "SK terlampir", version)
    actions.reply_to_revision(u["member_a1"], evaluation, "2", "Sudah diperbaiki: SK dilampirkan")
    evaluation = actions.move(u["lead_a1"], evaluation, "submit")
    # The request stays open with the unit's reply until the TPI has seen the change.
    request = evaluation.revisions.get(resolved_at__isnull=True)
    assert (request.question, request.reply) == ("2", "Sudah diperbaiki: SK dilampirkan")

    # The TPI closes the request and finalises; the unit now sees the TPI layer.
    evaluation = actions.move(u["tpi_lead_a"], evaluation, "start_review")
    version = Answer.objects.get(evaluation=evaluation, question="2", layer=Layer.TPI).version
    actions.save_answer(u["tpi_a"], evaluation, "2", Layer.TPI, "a", "", version)
    with pytest.raises(actions.EvaluationError):
        actions.move(u["tpi_lead_a"], evaluation, "finalise")  # the request is still open
    actions.close_revision(u["tpi_a"], evaluation, "2")
    assert not evaluation.revisions.filter(resolved_at__isnull=True).exists()
    with pytest.raises(PermissionDenied):
        actions.move(u["tpi_a"], evaluation, "finalise")  # only the TPI lead finalises
    evaluation = actions.move(u["tpi_lead_a"], evaluation, "finalise")
    assert Layer.TPI in visible_layers(u["member_a1"], evaluation)

    # The instansi proposes; the TPN evaluates and decides.
    assert evaluation not in Evaluation.objects.visible_to(u["tpn"])
    evaluation = actions.move(u["coordinator_a"], evaluation, "propose")
    assert evaluation in Evaluation.objects.visible_to(u["tpn"])
    evaluation = actions.move(u["tpn"], evaluation, "start_desk")
    answer_all(u["tpn"], evaluation, Layer.TPN, answers)
    evaluation = actions.move(u["tpn"], evaluation, "start_field")
    with pytest.raises(
        actions.EvaluationError,
        match=r"predikat memerlukan nomor SK; Tanggal SK: predikat memerlukan tanggal SK",
    ):
        actions.move(u["tpn"], evaluation, "decide", predicate="WBK")
    today = timezone.localdate()
    evaluation = actions.move(
        u["tpn"], evaluation, "decide", "Memenuhi syarat", predicate="WBK",
        decree_number="SK MenPANRB 7/2026", decree_date=today,
    )  # fmt: skip
    assert evaluation.stage == Stage.DECIDED and evaluation.decided_predicate == "WBK"
    award = PredicateAward.objects.get(unit=world.a1, year=2026)
    assert (award.predicate, award.decree_number, award.revoked) == (
        "WBK",
        "SK MenPANRB 7/2026",
        False,
    )
    assert world.a1.current_predicate == "WBK"

    # Decided: read-only for everyone; reopening is its own action with a reason.
    assert writable_layer(u["tpn"], evaluation) is None
    with pytest.raises(actions.EvaluationError):
        actions.move(u["tpn"], evaluation, "reopen")
    evaluation = actions.move(u["tpn"], evaluation, "reopen", "Koreksi nomor SK")
    assert evaluation.stage == Stage.TPN_FIELD
    evaluation = actions.move(
        u["tpn"],
        evaluation,
        "decide",
        predicate="WBK",
        decree_number="SK MenPANRB 8/2026",
        decree_date=today,
    )
    award.refresh_from_db()
    assert award.decree_number == "SK MenPANRB 8/2026"
    assert PredicateAward.objects.filter(unit=world.a1, year=2026).count() == 1
    evaluation = actions.move(u["tpn"], evaluation, "close")
    assert evaluation.stage == Stage.CLOSED

    moves = list(evaluation.moves.values_list("to_stage", flat=True))
    assert moves[0] == Stage.SUBMITTED and moves[-1] == Stage.CLOSED and len(moves) == 13
    audited = set(AuditEvent.objects.filter(object_type="evaluations.evaluation")
                  .values_list("action", flat=True))  # fmt: skip
    assert {"evaluation.created", "evaluation.submit", "evaluation.decide",
            "evaluation.reopen", "evaluation.close"} <= audited  # fmt: skip
    history = AnswerChange.objects.filter(evaluation=evaluation, question="2", layer=Layer.UNIT)
    assert [(h.before_value, h.after_value) for h in history.order_by("at", "id")] == [
        ("", "b"), ("b", "a")]  # fmt: skip


ILLEGAL = [
    # (stage prepared by these moves, move attempted, by whom)
    ([], "start_review", "tpi_a"),
    ([], "finalise", "tpi_lead_a"),
    ([], "propose", "coordinator_a"),
    ([], "decide", "tpn"),
    (["submit"], "submit", "lead_a1"),
    (["submit"], "return", "tpi_a"),
    (["submit", "start_review"], "propose", "coordinator_a"),
    (["submit", "start_review"], "start_desk", "tpn"),
    (["submit", "start_review", "finalise"], "submit", "lead_a1"),
    (["submit", "start_review", "finalise"], "close", "tpn"),
]
ACTORS = {"submit": "lead_a1", "start_review": "tpi_a", "finalise": "tpi_lead_a"}


@pytest.mark.django_db
@pytest.mark.parametrize("prepare, attempt, who", ILLEGAL)
def test_illegal_moves_are_refused_with_a_reason(world, evaluation, prepare, attempt, who):
    fill_layer(evaluation, Layer.UNIT)  # the guards pass: only the stage is wrong
    fill_layer(evaluation, Layer.TPI)
    for name in prepare:
        evaluation = actions.move(world.users[ACTORS[name]], evaluation, name)
    stage = evaluation.stage
    with pytest.raises(actions.EvaluationError, match=r"tidak dapat dilakukan|not possible"):
        actions.move(world.users[who], evaluation, attempt)
    evaluation.refresh_from_db()
    assert evaluation.stage == stage


@pytest.mark.django_db
def test_wrong_roles_cannot_move(world, evaluation):
    for who in ("member_a1", "tpi_a", "tpi_lead_a", "tpn", "leadership_a", "norole"):
        with pytest.raises(PermissionDenied):
            actions.move(world.users[who], evaluation, "submit")


@pytest.mark.django_db
def test_proposal_needs_the_tpi_score_to_meet_the_target(world, evaluation):
    u = world.users
    fill_layer(evaluation, Layer.UNIT)
    evaluation = actions.move(u["lead_a1"], evaluation, "submit")
    evaluation = actions.move(u["tpi_a"], evaluation, "start_review")
    questions = evaluation.framework.framework().questions
    weak = {
        no: CHOICE_OPTIONS[q.type][-1] for no, q in questions.items() if q.type in CHOICE_OPTIONS
    }
    fill_layer(evaluation, Layer.TPI, weak)
    evaluation = actions.move(u["tpi_lead_a"], evaluation, "finalise")
    with pytest.raises(actions.MoveRefused, match=r"Nilai total") as refused:
        actions.move(u["coordinator_a"], evaluation, "propose")
    total = next(f for f in refused.value.failures if f.label == "Nilai total")
    # required, actual and shortfall in the Indonesian number format
    assert total.check.required == "75,00"
    actual = float(total.check.actual.replace(",", "."))
    assert actual < 75 and total.check.shortfall == f"{75 - actual:.2f}".replace(".", ",")
    assert "Nilai total: diperlukan 75,00, tercapai " in str(refused.value)


@pytest.mark.django_db
def test_proposal_after_the_national_deadline_is_refused(world, evaluation):
    NationalDeadline.objects.filter(year=2026).update(date=date(2020, 5, 31))
    u = world.users
    fill_layer(evaluation, Layer.UNIT)
    fill_layer(evaluation, Layer.TPI)
    for who, name in (("lead_a1", "submit"), ("tpi_a", "start_review"),
                      ("tpi_lead_a", "finalise")):  # fmt: skip
        actions.move(u[who], evaluation, name)
    with pytest.raises(actions.EvaluationError, match=r"(?i)batas waktu nasional") as refused:
        actions.move(u["coordinator_a"], evaluation, "propose")
    assert "31 Mei 2020" in str(refused.value) and "2020-05-31" not in str(refused.value)


@pytest.mark.django_db
def test_stale_write_is_refused_and_nothing_lost(world, evaluation):
    u = world.users
    actions.save_answer(u["member_a1"], evaluation, "4", Layer.UNIT, "a", "", 0)
    with pytest.raises(actions.StaleAnswer) as info:
        actions.save_answer(u["lead_a1"], evaluation, "4", Layer.UNIT, "c", "", 0)
    assert info.value.current.value == "a" and info.value.current.version == 1
    assert Answer.objects.get(evaluation=evaluation, question="4", layer=Layer.UNIT).value == "a"
    actions.save_answer(u["lead_a1"], evaluation, "4", Layer.UNIT, "c", "", 1)
    assert Answer.objects.get(evaluation=evaluation, question="4", layer=Layer.UNIT).value == "c"


@pytest.mark.django_db
@pytest.mark.parametrize("question, value", [("2", "d"), ("88", -1), ("125", 5), ("999", "a")])
def test_invalid_answers_are_refused(world, evaluation, question, value):
    with pytest.raises(AnswerError):
        actions.save_answer(
            world.users["member_a1"], evaluation, question, Layer.UNIT, value, "", 0
        )
    assert not Answer.objects.filter(evaluation=evaluation, value__gt="").exists()


@pytest.mark.django_db
def test_one_evaluation_per_unit_and_year_and_wbbm_needs_wbk(world, frameworks):
    actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    with pytest.raises(actions.EvaluationError, match=r"sudah memiliki evaluasi|already has"):
        actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    with pytest.raises(actions.EvaluationError, match=r"WBBM"):
        actions.create_evaluation(world.users["lead_a1"], world.a1, 2027, "WBBM")
    with pytest.raises(PermissionDenied):
        actions.create_evaluation(world.users["tpi_a"], world.a2, 2026, "WBK")


@pytest.mark.django_db
def test_evaluation_keeps_its_framework_version(world, evaluation, alice):
    from zona.frameworks.actions import load_framework
    from zona.lke.registry import FRAMEWORK_DIR

    source = (FRAMEWORK_DIR / "lke-2021.yaml").read_text().replace(
        'version: "2026.4"', 'version: "2026.9"', 1)  # fmt: skip
    new, _ = load_framework(source, alice)
    evaluation.refresh_from_db()
    assert evaluation.framework.version == "2026.4" and new.is_active
    later = actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    assert later.framework == new


@pytest.mark.django_db
def test_stage_moves_over_http(client, world, evaluation):
    fill_layer(evaluation, Layer.UNIT)
    client.force_login(world.users["member_a1"])
    url = reverse("evaluations:move", args=[evaluation.pk, "submit"])
    assert client.post(url).status_code == 403  # visible, but not theirs to make: Zona's 403
    client.force_login(world.users["lead_a1"])
    confirm = client.post(url, {"note": "Siap"}).content.decode()  # the unit cannot take it back
    assert "Konfirmasi: Ajukan ke TPI" in confirm and 'name="confirmed" value="1"' in confirm
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.DRAFT
    response = client.post(url, {"note": "Siap", "confirmed": "1"}, follow=True)
    assert "LKE diajukan ke TPI." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.SUBMITTED
    again = client.post(url, follow=True)
    assert "tidak dapat dilakukan" in again.content.decode()
    client.force_login(world.users["member_a1"])
    other = reverse("evaluations:move", args=[evaluation.pk + 999, "submit"])
    assert client.post(other).status_code == 404
    assert client.get(url).status_code == 405
