"""The guards on every stage move, each tried both ways: refused with its figures while the
condition fails, allowed once it holds; the ways back from "Final di TPI"; the checklist and the
confirmation step on the page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from filling import fill_layer

from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.evaluations.access import writable_layer
from zona.evaluations.models import Evaluation, Layer, NationalDeadline, Stage, StageChange


@pytest.fixture
def evaluation(world, frameworks) -> Evaluation:
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


def refused(user, evaluation, name, note="", **details) -> actions.MoveRefused:
    with pytest.raises(actions.MoveRefused) as info:
        actions.move(user, evaluation, name, note, **details)
    evaluation.refresh_from_db()
    return info.value


def failing(refusal: actions.MoveRefused) -> dict[str, actions.Outcome]:
    return {o.code: o for o in refusal.failures}


def at_tpi_final(world, evaluation) -> Evaluation:
    u = world.users
    fill_layer(evaluation, Layer.UNIT)
    evaluation = actions.move(u["lead_a1"], evaluation, "submit")
    evaluation = actions.move(u["tpi_a"], evaluation, "start_review")
    fill_layer(evaluation, Layer.TPI)
    return actions.move(u["tpi_lead_a"], evaluation, "finalise")


@pytest.mark.django_db
def test_submit_needs_every_unit_answer_and_warns_of_missing_evidence(world, evaluation):
    lead = world.users["lead_a1"]
    fill_layer(evaluation, Layer.UNIT, skip=("2", "7", "88"))
    refusal = refused(lead, evaluation, "submit")
    assert evaluation.stage == Stage.DRAFT
    answers = failing(refusal)["unit_answers"]
    assert (answers.check.required, answers.check.actual, answers.check.shortfall) == (
        "129", "126", "3")  # fmt: skip
    assert [line.split(".")[0] for line in answers.check.details] == ["2", "7", "88"]
    assert "Pertanyaan yang dijawab unit: diperlukan 129, tercapai 126, kurang 3" in str(refusal)
    assert "unit_evidence" not in failing(refusal)  # a warning never blocks

    options = actions.move_options(lead, evaluation)
    assert [o.name for o in options] == ["submit"] and not options[0].possible
    warning = options[0].warnings[0]
    assert warning.code == "unit_evidence" and warning.check.shortfall == "129"

    fill_layer(evaluation, Layer.UNIT)
    assert actions.move_options(lead, evaluation)[0].possible
    assert actions.move(lead, evaluation, "submit").stage == Stage.SUBMITTED


@pytest.mark.django_db
def test_finalise_needs_the_tpi_layer_and_no_open_revision_request(world, evaluation):
    u = world.users
    fill_layer(evaluation, Layer.UNIT)
    evaluation = actions.move(u["lead_a1"], evaluation, "submit")
    evaluation = actions.move(u["tpi_a"], evaluation, "start_review")
    fill_layer(evaluation, Layer.TPI, skip=("5",))
    actions.request_revision(u["tpi_a"], evaluation, "9", "Lengkapi SK")
    refusal = failing(refused(u["tpi_lead_a"], evaluation, "finalise"))
    assert set(refusal) == {"tpi_answers", "open_revisions"}
    assert refusal["tpi_answers"].check.shortfall == "1"
    assert refusal["open_revisions"].check.details == ("Pertanyaan 9",)
    assert evaluation.stage == Stage.TPI_REVIEW

    fill_layer(evaluation, Layer.TPI)
    assert set(failing(refused(u["tpi_lead_a"], evaluation, "finalise"))) == {"open_revisions"}
    actions.withdraw_revision(u["tpi_a"], evaluation, "9")
    assert actions.move(u["tpi_lead_a"], evaluation, "finalise").stage == Stage.TPI_FINAL


@pytest.mark.django_db
def test_decide_needs_the_tpn_layer_and_a_decree_dated_between_proposal_and_today(
    world, evaluation
):
    u = world.users
    evaluation = at_tpi_final(world, evaluation)
    evaluation = actions.move(u["coordinator_a"], evaluation, "propose")
    proposed = timezone.localdate() - timedelta(days=20)
    StageChange.objects.filter(evaluation=evaluation, to_stage=Stage.PROPOSED).update(
        at=timezone.now() - timedelta(days=20)
    )
    evaluation = actions.move(u["tpn"], evaluation, "start_desk")
    evaluation = actions.move(u["tpn"], evaluation, "start_field")
    today = timezone.localdate()
    decree = {"predicate": "WBK", "decree_number": "SK 9/2026"}

    fill_layer(evaluation, Layer.TPN, skip=("125",))
    assert set(failing(refused(u["tpn"], evaluation, "decide", decree_date=today, **decree))) == {
        "tpn_answers"}  # fmt: skip
    fill_layer(evaluation, Layer.TPN)

    future = failing(refused(u["tpn"], evaluation, "decide", decree_date=date(2099, 1, 1),
                             **decree))["decree_date"]  # fmt: skip
    assert "1 Januari 2099 masih di masa depan" in future.line
    early = proposed - timedelta(days=1)
    before = failing(refused(u["tpn"], evaluation, "decide", decree_date=early, **decree))
    assert f"sebelum tanggal pengusulan {proposed.day} " in before["decree_date"].line
    assert "-" not in before["decree_date"].line.split(":", 1)[1]  # no ISO dates in messages
    missing = failing(refused(u["tpn"], evaluation, "decide", predicate="WBK"))
    assert set(missing) == {"decree_number", "decree_date"}
    wbbm = failing(refused(u["tpn"], evaluation, "decide", decree_date=today,
                           **{**decree, "predicate": "WBBM"}))  # fmt: skip
    assert "Menuju WBBM tidak dapat ditetapkan" in wbbm["predicate"].line
    assert evaluation.stage == Stage.TPN_FIELD

    decided = actions.move(u["tpn"], evaluation, "decide", decree_date=proposed, **decree)
    assert decided.stage == Stage.DECIDED and decided.decree_date == proposed


@pytest.mark.django_db
def test_wbbm_without_a_prior_wbk_is_refused_with_that_reason(world, evaluation):
    u = world.users
    Evaluation.objects.filter(pk=evaluation.pk).update(target="WBBM")  # held nothing before
    evaluation.refresh_from_db()
    evaluation = at_tpi_final(world, evaluation)
    refusal = failing(refused(u["coordinator_a"], evaluation, "propose"))
    assert set(refusal) == {"target"}
    line = refusal["target"].line
    assert "Menuju WBBM memerlukan unit yang sudah memegang predikat Menuju WBK" in line
    assert "tanpa predikat" in line


@pytest.mark.django_db
def test_the_tpi_lead_reopens_a_final_evaluation_with_a_reason(world, evaluation):
    u = world.users
    evaluation = at_tpi_final(world, evaluation)
    assert [o.name for o in actions.move_options(u["tpi_lead_a"], evaluation)] == ["reopen_tpi"]
    with pytest.raises(PermissionDenied):
        actions.move(u["tpi_a"], evaluation, "reopen_tpi", "Koreksi")
    assert "reason" in failing(refused(u["tpi_lead_a"], evaluation, "reopen_tpi"))
    evaluation = actions.move(u["tpi_lead_a"], evaluation, "reopen_tpi", "Butir 12 dinilai ulang")
    assert evaluation.stage == Stage.TPI_REVIEW
    assert writable_layer(u["tpi_a"], evaluation) == Layer.TPI
    event = AuditEvent.objects.get(action="evaluation.reopen_tpi")
    assert event.note == "Butir 12 dinilai ulang" and event.before == {"stage": "tpi_final"}


@pytest.mark.django_db
def test_the_coordinator_closes_a_final_evaluation_as_not_proposed(world, evaluation):
    u = world.users
    evaluation = at_tpi_final(world, evaluation)
    names = [o.name for o in actions.move_options(u["coordinator_a"], evaluation)]
    assert names == ["not_proposed", "propose"]
    with pytest.raises(PermissionDenied):
        actions.move(u["tpi_lead_a"], evaluation, "not_proposed", "Belum siap")
    assert "reason" in failing(refused(u["coordinator_a"], evaluation, "not_proposed"))
    reason = "Target belum tercapai; diusulkan tahun depan"
    evaluation = actions.move(u["coordinator_a"], evaluation, "not_proposed", reason)
    assert evaluation.stage == Stage.NOT_PROPOSED and evaluation.is_read_only
    assert evaluation not in Evaluation.objects.visible_to(u["tpn"])  # never reached KemenPANRB
    assert actions.move_options(u["coordinator_a"], evaluation) == []
    assert AuditEvent.objects.get(action="evaluation.not_proposed").note == reason


@pytest.mark.django_db
def test_the_panel_shows_each_move_as_a_checklist(world, evaluation, client):
    fill_layer(evaluation, Layer.UNIT, skip=("3",))
    client.force_login(world.users["lead_a1"])
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert 'data-condition="unit_answers" data-met="no"' in html
    assert "diperlukan <strong>129</strong> · tercapai <strong>128</strong>" in html
    assert 'type="button" disabled aria-describedby="why-submit"' in html
    assert "Belum dapat dilakukan: Pertanyaan yang dijawab unit." in html
    fill_layer(evaluation, Layer.UNIT)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert 'data-condition="unit_answers" data-met="yes"' in html
    assert 'data-condition="unit_evidence" data-met="no"' in html  # the warning stays
    assert 'aria-describedby="why-submit"' not in html


@pytest.mark.django_db
def test_an_irreversible_move_is_confirmed_on_a_second_screen(world, evaluation, client):
    evaluation = at_tpi_final(world, evaluation)
    client.force_login(world.users["coordinator_a"])
    url = reverse("evaluations:move", args=[evaluation.pk, "not_proposed"])
    first = client.post(url, {"note": "Belum memenuhi target"})
    assert first.status_code == 200
    page = first.content.decode()
    assert "Konfirmasi: Tutup: tidak diusulkan tahun ini" in page
    assert 'name="confirmed" value="1"' in page and "Belum memenuhi target" in page
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.TPI_FINAL  # nothing happened yet
    done = client.post(url, {"note": "Belum memenuhi target", "confirmed": "1"}, follow=True)
    assert "Selesai: Tutup: tidak diusulkan tahun ini" in done.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.NOT_PROPOSED


@pytest.mark.django_db
def test_a_refusal_over_http_lists_each_failing_condition(world, evaluation, client):
    client.force_login(world.users["lead_a1"])
    url = reverse("evaluations:move", args=[evaluation.pk, "submit"])
    html = client.post(url, follow=True).content.decode()
    assert "Langkah ini belum dapat dilakukan:" in html
    assert "Pertanyaan yang dijawab unit: diperlukan 129, tercapai 0, kurang 129" in html
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.DRAFT


@pytest.mark.django_db
def test_the_decision_is_confirmed_with_its_decree(world, evaluation, client, set_stage):
    set_stage(evaluation, Stage.TPN_FIELD)
    fill_layer(evaluation, Layer.TPN)
    client.force_login(world.users["tpn"])
    url = reverse("evaluations:move", args=[evaluation.pk, "decide"])
    today = timezone.localdate()
    form = {"predicate": "WBK", "decree_number": "SK 3/2026", "decree_date": today.isoformat()}
    page = client.post(url, form).content.decode()
    assert "Konfirmasi: Tetapkan predikat" in page and "SK 3/2026" in page
    assert f'name="decree_date" value="{today.isoformat()}"' in page
    client.post(url, {**form, "confirmed": "1"})
    evaluation.refresh_from_db()
    assert (evaluation.stage, evaluation.decree_number) == (Stage.DECIDED, "SK 3/2026")
