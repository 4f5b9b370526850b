"""The seven stages for a unit and year: read from Zona's data where it has it, otherwise from
the unit's own record."""

from __future__ import annotations

from datetime import date

from zona.evaluations import actions as evaluation_actions
from zona.evaluations.models import Evaluation, StageChange
from zona.orgs.models import Pencanangan
from zona.plans import actions
from zona.plans.timeline import DONE, NOT_STARTED, RUNNING, unit_timeline


def states(unit, year=2026):
    return {s.number: (s.status, s.source) for s in unit_timeline(unit, year)}


def test_nothing_yet(world):
    assert states(world.a1) == {n: (NOT_STARTED, "") for n in range(1, 8)}


def test_derived_from_zona_data(plan, make_activity, world):
    member, lead = world.users["member_a1"], world.users["lead_a1"]
    Pencanangan.objects.create(instansi=world.a, date=date(2015, 11, 2), signatories="Sekjen")
    assert states(world.a1)[1] == (DONE, "data")
    assert states(world.a1)[3] == (RUNNING, "data")  # a plan without activities

    make_activity(plan, status="selesai", progress=100)
    second = make_activity(plan, status="berjalan", progress=20)
    got = states(world.a1)
    assert got[3] == (DONE, "data") and got[4] == (RUNNING, "data")

    data = {n: getattr(second, n) for n in actions.ACTIVITY_FIELDS} | {"owner": second.owner}
    actions.save_activity(member, plan, data | {"status": "batal", "progress": 20}, second)
    assert states(world.a1)[4] == (DONE, "data")  # cancelled activities do not count

    report = actions.create_monev(member, world.a1, 2026, "tw1")
    assert states(world.a1)[6] == (RUNNING, "data")
    actions.save_monev(member, report, {"done_summary": "Agen perubahan ditetapkan"})
    actions.move_monev(lead, actions.move_monev(member, report, "submit"), "sign")
    assert states(world.a1)[6] == (DONE, "data")


def test_evaluation_stages(world, frameworks):
    evaluation = evaluation_actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    assert states(world.a1)[5] == (RUNNING, "data")
    assert states(world.a1)[7] == (NOT_STARTED, "data")
    for stage, five, seven in [
        ("tpi_review", DONE, RUNNING),
        ("proposed", DONE, DONE),
        ("returned", RUNNING, NOT_STARTED),
    ]:
        Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage)
        got = states(world.a1)
        assert (got[5][0], got[7][0]) == (five, seven), stage
    Evaluation.objects.filter(pk=evaluation.pk).update(stage="proposed")
    StageChange.objects.create(evaluation=evaluation, from_stage="tpi_final", to_stage="proposed")
    seventh = unit_timeline(world.a1, 2026)[6]
    assert seventh.on is not None and "KemenPANRB" in seventh.detail
    assert states(world.a1, 2025)[7] == (NOT_STARTED, "")  # another year


def test_unit_mark_fills_what_zona_cannot_tell(world):
    member = world.users["member_a1"]
    actions.mark_stage(member, world.a1, 2026, 2, date(2026, 1, 10), "SK Sekjen No. 12")
    actions.mark_stage(member, world.a1, 2026, 1, date(2016, 1, 1), "Pencanangan unit")
    timeline = unit_timeline(world.a1, 2026)
    assert (timeline[1].status, timeline[1].source, timeline[1].on) == (
        DONE, "mark", date(2026, 1, 10),
    )  # fmt: skip
    assert timeline[1].detail == "SK Sekjen No. 12"
    assert timeline[0].source == "mark"
    # Once Zona has the data, it wins; the unit's record is still shown beside it.
    Pencanangan.objects.create(instansi=world.a, date=date(2015, 11, 2), signatories="Sekjen")
    first = unit_timeline(world.a1, 2026)[0]
    assert (first.source, first.on) == ("data", date(2015, 11, 2)) and first.mark is not None
    assert states(world.a2)[2] == (NOT_STARTED, "")  # marks are per unit


def test_an_evaluation_not_proposed_this_year_says_so_on_stage_seven(world, frameworks):
    from filling import fill_layer

    u = world.users
    evaluation = evaluation_actions.create_evaluation(u["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(evaluation, "unit")
    evaluation = evaluation_actions.move(u["lead_a1"], evaluation, "submit")
    evaluation = evaluation_actions.move(u["tpi_a"], evaluation, "start_review")
    fill_layer(evaluation, "tpi")
    evaluation = evaluation_actions.move(u["tpi_lead_a"], evaluation, "finalise")
    evaluation_actions.move(u["coordinator_a"], evaluation, "not_proposed", "Belum siap")
    stages = {s.number: s for s in unit_timeline(world.a1, 2026)}
    assert stages[7].status == NOT_STARTED
    assert stages[7].detail == "Ditutup di instansi: tidak diusulkan tahun ini."
