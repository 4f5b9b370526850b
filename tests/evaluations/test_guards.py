"""The guards on every stage move, each tried both ways: refused with its figures while the
condition fails, allowed once it holds; the ways back from "Final di TPI"; the checklist and the
confirmation step on the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from filling import fill_layer

from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.evaluations.access import writable_layer
from zona.evaluations.models import Evaluation, Layer, NationalDeadline, Stage, StageChange
from zona.lke.model import CHOICE_OPTIONS


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
        "128", "125", "3")  # fmt: skip
    assert [line.split(".")[0] for line in answers.check.details] == ["2", "7", "88"]
    assert "Pertanyaan yang dijawab unit: diperlukan 128, tercapai 125, kurang 3" in str(refusal)
    assert "unit_evidence" not in failing(refusal)  # a warning never blocks

    options = actions.move_options(lead, evaluation)
    assert [o.name for o in options] == ["submit"] and not options[0].possible
    warning = options[0].warnings[0]
    assert warning.code == "unit_evidence" and warning.check.shortfall == "128"

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
    assert (
        "Pertanyaan yang dijawab unit: <strong>127 dari 128 pertanyaan dijawab</strong>"
        " · kurang <strong>1</strong>"
    ) in html
    assert 'type="button" disabled aria-describedby="why-submit"' in html
    assert "Belum dapat dilakukan: 127 dari 128 pertanyaan dijawab." in html
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
    assert "Evaluasi ditutup: tidak diusulkan tahun ini." in done.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.NOT_PROPOSED


@pytest.mark.django_db
def test_a_refusal_over_http_lists_each_failing_condition(world, evaluation, client):
    client.force_login(world.users["lead_a1"])
    url = reverse("evaluations:move", args=[evaluation.pk, "submit"])
    html = client.post(url, follow=True).content.decode()
    assert "Langkah ini belum dapat dilakukan:" in html
    assert "Pertanyaan yang dijawab unit: diperlukan 128, tercapai 0, kurang 128" in html
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


# --- every guard both ways, as a table ---------------------------------------------------------
def _worst_tpi(evaluation) -> None:
    """The TPI layer complete, its first 60 choice questions at their worst option: every
    area scores 50 % of its weight and the pengungkit 38,00 (below Menuju WBK's 40)."""
    framework = evaluation.framework.framework()
    worst = {
        no: CHOICE_OPTIONS[q.type][-1]
        for no, q in list(framework.questions.items())[:60]
        if q.type in CHOICE_OPTIONS
    }
    fill_layer(evaluation, Layer.TPI, worst)


def _proposed_days_ago(evaluation, days: int) -> None:
    StageChange.objects.create(
        evaluation=evaluation, from_stage=Stage.TPI_FINAL, to_stage=Stage.PROPOSED,
        at=timezone.now() - timedelta(days=days),
    )  # fmt: skip


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _nothing(world, evaluation) -> None:
    return None


WBK_DECREE = {"predicate": "WBK", "decree_number": "SK 7/2026"}


@dataclass(frozen=True)
class Guard:
    """One guard: the move at `stage` by `actor` is refused after `fail` (with `fail_args`),
    naming `code` with `says` in its line, and made after `ok` (with `ok_args`)."""

    move: str
    stage: str
    actor: str
    code: str
    says: str
    fail: Callable = _nothing
    ok: Callable = _nothing
    fail_args: dict = field(default_factory=dict)
    ok_args: dict = field(default_factory=dict)
    layers: tuple[str, ...] = ()  # filled completely before `fail`


GUARDS = {
    "submit: every unit answer": Guard(
        "submit", Stage.DRAFT, "lead_a1", "unit_answers",
        "Pertanyaan yang dijawab unit: diperlukan 128, tercapai 125, kurang 3",
        fail=lambda w, e: fill_layer(e, Layer.UNIT, skip=("2", "7", "88")),
        ok=lambda w, e: fill_layer(e, Layer.UNIT),
    ),
    "resubmit: every unit answer": Guard(
        "submit", Stage.RETURNED, "lead_a1", "unit_answers",
        "Pertanyaan yang dijawab unit: diperlukan 128, tercapai 0, kurang 128",
        ok=lambda w, e: fill_layer(e, Layer.UNIT),
    ),
    "finalise: every TPI answer": Guard(
        "finalise", Stage.TPI_REVIEW, "tpi_lead_a", "tpi_answers",
        "Pertanyaan yang dijawab TPI: diperlukan 128, tercapai 127, kurang 1",
        fail=lambda w, e: fill_layer(e, Layer.TPI, skip=("5",)),
        ok=lambda w, e: fill_layer(e, Layer.TPI),
    ),
    "finalise: no open revision request": Guard(
        "finalise", Stage.TPI_REVIEW, "tpi_lead_a", "open_revisions",
        "Permintaan perbaikan yang masih terbuka: diperlukan 0, tercapai 2, kurang 2",
        layers=(Layer.TPI,),
        fail=lambda w, e: [actions.request_revision(w.users["tpi_a"], e, no, "Lengkapi SK")
                           for no in ("9", "12")],
        ok=lambda w, e: [actions.withdraw_revision(w.users["tpi_a"], e, no) for no in ("9", "12")],
    ),
    "return: what needs revision": Guard(
        "return", Stage.TPI_REVIEW, "tpi_a", "revision_reason", "perlu perbaikan",
        ok_args={"note": "Lengkapi bukti dukung area I"},
    ),
    "reopen the TPI review: a reason": Guard(
        "reopen_tpi", Stage.TPI_FINAL, "tpi_lead_a", "reason", "Alasan: isi alasannya",
        ok_args={"note": "Butir 12 dinilai ulang"},
    ),
    "not proposed: a reason": Guard(
        "not_proposed", Stage.TPI_FINAL, "coordinator_a", "reason", "Alasan: isi alasannya",
        ok_args={"note": "Target belum tercapai"},
    ),
    "propose: the target's conditions, one line per failing area": Guard(
        "propose", Stage.TPI_FINAL, "coordinator_a", "target",
        "Setiap area (pemenuhan + reform): diperlukan 60,00 % untuk masing-masing — "
        "Manajemen Perubahan: tercapai 50,00 %, kurang 10,00 % · Penataan Tatalaksana: "
        "tercapai 50,00 %, kurang 10,00 %",
        fail=lambda w, e: _worst_tpi(e), ok=lambda w, e: fill_layer(e, Layer.TPI),
    ),
    "propose: before the national deadline": Guard(
        "propose", Stage.TPI_FINAL, "coordinator_a", "national_deadline",
        "Batas waktu nasional: diperlukan paling lambat 31 Mei 2020, tercapai hari ini",
        layers=(Layer.TPI,),
        fail=lambda w, e: NationalDeadline.objects.filter(year=2026).update(date=date(2020, 5, 31)),
        ok=lambda w, e: NationalDeadline.objects.filter(year=2026).update(date=date(2099, 5, 31)),
    ),
    "decide: every TPN answer": Guard(
        "decide", Stage.TPN_FIELD, "tpn", "tpn_answers",
        "Pertanyaan yang dijawab TPN: diperlukan 128, tercapai 127, kurang 1",
        fail=lambda w, e: fill_layer(e, Layer.TPN, skip=("125",)),
        ok=lambda w, e: fill_layer(e, Layer.TPN),
        fail_args={**WBK_DECREE, "decree_date": _ago(0)},
        ok_args={**WBK_DECREE, "decree_date": _ago(0)},
    ),
    "decide: a decree number": Guard(
        "decide", Stage.TPN_FIELD, "tpn", "decree_number", "Nomor SK: predikat memerlukan nomor SK",
        layers=(Layer.TPN,), fail_args={"predicate": "WBK", "decree_date": _ago(0)},
        ok_args={**WBK_DECREE, "decree_date": _ago(0)},
    ),
    "decide: a decree date not in the future": Guard(
        "decide", Stage.TPN_FIELD, "tpn", "decree_date", "1 Januari 2099 masih di masa depan",
        layers=(Layer.TPN,), fail_args={**WBK_DECREE, "decree_date": date(2099, 1, 1)},
        ok_args={**WBK_DECREE, "decree_date": _ago(0)},
    ),
    "decide: a decree date not before the proposal": Guard(
        "decide", Stage.TPN_FIELD, "tpn", "decree_date", "sebelum tanggal pengusulan",
        layers=(Layer.TPN,), fail=lambda w, e: _proposed_days_ago(e, 20),
        fail_args={**WBK_DECREE, "decree_date": _ago(21)},
        ok_args={**WBK_DECREE, "decree_date": _ago(20)},
    ),
    "decide: Menuju WBBM needs a prior WBK, and says so": Guard(
        "decide", Stage.TPN_FIELD, "tpn", "predicate",
        "Menuju WBBM memerlukan unit yang sudah memegang predikat Menuju WBK",
        layers=(Layer.TPN,),
        fail=lambda w, e: Evaluation.objects.filter(pk=e.pk).update(target="WBBM"),
        ok=lambda w, e: Evaluation.objects.filter(pk=e.pk).update(previous_predicate="WBK"),
        fail_args={**WBK_DECREE, "predicate": "WBBM", "decree_date": _ago(0)},
        ok_args={**WBK_DECREE, "predicate": "WBBM", "decree_date": _ago(0)},
    ),
    "reopen a decision: a reason": Guard(
        "reopen", Stage.DECIDED, "tpn", "reason", "Alasan: isi alasannya",
        ok_args={"note": "SK dikoreksi"},
    ),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("guard", GUARDS.values(), ids=GUARDS.keys())
def test_every_guard_refuses_with_figures_then_lets_the_move_through(
    world, evaluation, set_stage, guard
):
    evaluation = set_stage(evaluation, guard.stage)
    for layer in guard.layers:
        fill_layer(evaluation, layer)
    actor = world.users[guard.actor]
    guard.fail(world, evaluation)
    evaluation.refresh_from_db()
    args = dict(guard.fail_args)
    refusal = refused(actor, evaluation, guard.move, args.pop("note", ""), **args)
    assert guard.code in failing(refusal)
    assert guard.says in str(refusal), str(refusal)
    assert evaluation.stage == guard.stage
    assert not AuditEvent.objects.filter(action=f"evaluation.{guard.move}").exists()
    # the panel says the same before the move: shown, and disabled when nothing is entered
    option = next(o for o in actions.move_options(actor, evaluation) if o.name == guard.move)
    entered = {c.code for c in option.entered}
    assert option.possible == (guard.code in entered)

    guard.ok(world, evaluation)
    evaluation.refresh_from_db()
    args = dict(guard.ok_args)
    moved = actions.move(actor, evaluation, guard.move, args.pop("note", ""), **args)
    assert moved.stage == actions.TRANSITIONS[guard.move][1]
    event = AuditEvent.objects.get(action=f"evaluation.{guard.move}")
    assert event.before == {"stage": guard.stage}


@pytest.mark.django_db
def test_a_refused_proposal_names_each_failing_area_once_under_one_heading(
    world, evaluation, set_stage, client
):
    evaluation = set_stage(evaluation, Stage.TPI_FINAL)
    _worst_tpi(evaluation)
    client.force_login(world.users["coordinator_a"])
    page = client.get(evaluation.get_absolute_url()).content.decode()
    panel = page[page.index('data-move="propose"') :]
    panel = panel[: panel.index("</form>")]
    assert panel.count("Setiap area (pemenuhan + reform)") == 2  # the heading and the reason
    assert "diperlukan <strong>60,00 %</strong> untuk masing-masing · 4 dari 6 belum terpenuhi" in (
        panel
    )
    assert 'data-part="Manajemen Perubahan" data-met="no"' in panel
    assert 'data-part="Penguatan Pengawasan" data-met="yes"' in panel
    assert (
        "Belum dapat dilakukan: Nilai pengungkit (kurang 2,00); "
        "Setiap area (pemenuhan + reform) (4 dari 6 belum terpenuhi)."
    ) in panel

    url = reverse("evaluations:move", args=[evaluation.pk, "propose"])
    html = client.post(url, follow=True).content.decode()
    refusal = html[html.index("zona-refusal") :]
    refusal = refusal[: refusal.index("</div>")]  # the message's alert
    assert html.count("Langkah ini belum dapat dilakukan:") == 1  # one message, not a wall
    assert refusal.count("Setiap area (pemenuhan + reform)") == 1
    assert "Nilai pengungkit: diperlukan 40,00, tercapai 38,00, kurang 2,00</li>" in refusal
    lines = [
        f'<li data-part="{area}">{area}: tercapai 50,00 %, kurang 10,00 %</li>'
        for area in ("Manajemen Perubahan", "Penataan Tatalaksana",
                     "Penataan Sistem Manajemen SDM Aparatur", "Penguatan Akuntabilitas")
    ]  # fmt: skip
    assert all(line in refusal for line in lines)
    assert 'data-part="Penguatan Pengawasan"' not in refusal  # met: not a refusal line
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.TPI_FINAL


@pytest.mark.django_db
def test_submitting_is_confirmed_with_the_evidence_warning(world, evaluation, client):
    fill_layer(evaluation, Layer.UNIT)
    client.force_login(world.users["lead_a1"])
    url = reverse("evaluations:move", args=[evaluation.pk, "submit"])
    page = client.post(url, {"note": "Siap"}).content.decode()
    assert "Konfirmasi: Ajukan ke TPI" in page
    assert "tidak dapat diubah lagi, kecuali TPI mengembalikan" in page
    assert 'data-condition="unit_evidence" data-met="no"' in page
    assert "0 dari 128 pertanyaan memiliki bukti dukung" in page  # a warning: shown, not blocking
    assert "128 dari 128 pertanyaan dijawab" in page
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.DRAFT
    client.post(url, {"note": "Siap", "confirmed": "1"})
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.SUBMITTED


@pytest.mark.django_db
def test_the_decree_date_requirement_names_its_window_before_entry(world, evaluation, set_stage):
    evaluation = set_stage(evaluation, Stage.TPN_FIELD)
    [option] = actions.move_options(world.users["tpn"], evaluation)
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    entered = {c.code: c.requirement for c in option.entered}
    assert entered["decree_date"] == (
        f"Wajib bila ada predikat; tidak di masa depan (hari ini {today})."
    )
    _proposed_days_ago(evaluation, 20)
    [option] = actions.move_options(world.users["tpn"], evaluation)
    proposed = date_format(_ago(20), "DATE_FORMAT")
    entered = {c.code: c.requirement for c in option.entered}
    assert entered["decree_date"] == (
        f"Wajib bila ada predikat; antara tanggal pengusulan ({proposed}) dan hari ini ({today})."
    )
    assert not option.possible  # the TPN layer is empty
    assert option.blocking_rows[0].reason == "0 dari 128 pertanyaan dijawab"
