"""The seven stages for a unit and year: read from Zona's data where it has it, otherwise from
the unit's own record."""

from __future__ import annotations

from datetime import date

import pytest

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


# --- the rules, one table ---------------------------------------------------------------------

D, R, N = DONE, RUNNING, NOT_STARTED


def _records(world, frameworks, wanted: dict) -> None:
    """Put the records a row of the table names in place, directly (the actions have their
    own tests): pencanangan, plan (activities' statuses), surveys (responses per survey, and
    their year), evaluation (stage, Hasil > 0), monev (statuses)."""
    from zona.evaluations.models import LayerScore
    from zona.plans.models import ActionPlan, Activity, MonevReport
    from zona.surveys.actions import load_instrument
    from zona.surveys.instruments import shipped_files
    from zona.surveys.models import Channel, Response, Survey

    unit = world.a1
    if "pencanangan" in wanted:
        Pencanangan.objects.create(instansi=world.a, date=date(2015, 11, 2), signatories="Sekjen")
    if "plan" in wanted:
        plan = ActionPlan.objects.create(unit=unit, year=2026, framework=frameworks["lke-2021"])
        for i, status in enumerate(wanted["plan"]):
            Activity.objects.create(
                plan=plan, title=f"Kegiatan {i}", area="MP", status=status,
                progress=100 if status == "selesai" else 0, output="SK",
                start_date=date(2026, 1, 5), due_date=date(2026, 6, 30),
            )  # fmt: skip
    if "surveys" in wanted:
        instrument = load_instrument(None, shipped_files()[0].read_text(encoding="utf-8"))[0]
        answers = dict.fromkeys(instrument.statement_codes, 4)
        year = wanted.get("survey_year", 2026)
        for i, n in enumerate(wanted["surveys"]):
            survey = Survey.objects.create(
                unit=unit, instrument=instrument, year=year, code=f"T{i:04}",
                opens_on=date(year, 1, 1), closes_on=date(year, 12, 31),
            )  # fmt: skip
            for _ in range(n):
                Response.objects.create(
                    survey=survey, submitted_on=date(year, 3, 1 + i), channel=Channel.ONLINE,
                    answers=answers, profile={},
                )  # fmt: skip
    if "evaluation" in wanted:
        evaluation = evaluation_actions.create_evaluation(world.users["lead_a1"], unit, 2026, "WBK")
        Evaluation.objects.filter(pk=evaluation.pk).update(stage=wanted["evaluation"])
        if wanted.get("hasil"):
            LayerScore.objects.update_or_create(
                evaluation=evaluation, layer="unit", defaults={"hasil": 12, "answered": 3}
            )
    for i, status in enumerate(wanted.get("monev", ())):
        MonevReport.objects.create(
            unit=unit, year=2026, period=f"tw{i + 1}", start_date=date(2026, 1, 1),
            end_date=date(2026, 3, 31), status=status,
        )  # fmt: skip


TIMELINE_TABLE = [
    # (case, records, stages 1…7, stages flagged as not recorded while a later one is done)
    ("nothing", {}, (N, N, N, N, N, N, N), ()),
    # The contradiction of issue 13: eight surveys run and monev signed, yet "measure" not
    # started. Surveys with results make stage 5 done.
    ("eight surveys, monev signed", {"surveys": [3] * 8, "monev": ["signed"]},
     (N, N, N, N, D, D, N), (1, 2, 3, 4)),
    ("surveys without responses", {"surveys": [0, 0]}, (N, N, N, N, R, N, N), ()),
    ("a survey of the year before", {"surveys": [5], "survey_year": 2025},
     (N, N, N, N, N, N, N), ()),
    ("LKE being filled in", {"evaluation": "draft"}, (N, N, N, N, R, N, N), ()),
    ("LKE draft with Hasil values", {"evaluation": "draft", "hasil": True},
     (N, N, N, N, D, N, N), (1, 2, 3, 4)),
    ("LKE with the TPI", {"evaluation": "tpi_review"}, (N, N, N, N, D, N, R), (1, 2, 3, 4)),
    ("LKE returned to the unit", {"evaluation": "returned"}, (N, N, N, N, R, N, N), ()),
    ("LKE proposed", {"evaluation": "proposed"}, (N, N, N, N, D, N, D), (1, 2, 3, 4, 6)),
    ("monev not signed", {"monev": ["draft"]}, (N, N, N, N, N, R, N), ()),
    ("declared, plan carried out", {"pencanangan": 1, "plan": ["selesai", "batal"]},
     (D, N, D, D, N, N, N), (2,)),
    ("plan without activities", {"plan": []}, (N, N, R, N, N, N, N), ()),
    ("plan started", {"plan": ["berjalan", "belum"]}, (N, N, D, R, N, N, N), (1, 2)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("records", "expected", "gaps"),
    [row[1:] for row in TIMELINE_TABLE],
    ids=[row[0] for row in TIMELINE_TABLE],
)
def test_each_stage_follows_its_rule(world, frameworks, records, expected, gaps):
    _records(world, frameworks, records)
    timeline = unit_timeline(world.a1, 2026)
    assert tuple(s.status for s in timeline) == expected
    assert tuple(s.number for s in timeline if s.gap_after) == gaps
    for s in timeline:
        # consistent: never "not started" before a done stage without saying it is unrecorded
        later_done = any(t.status == DONE for t in timeline if t.number > s.number)
        assert (s.status == NOT_STARTED and later_done) == bool(s.gap_after)
        assert s.rule.done  # every stage says its rule


def test_stage_five_says_what_it_read(world, frameworks):
    _records(world, frameworks, {"surveys": [3, 0], "evaluation": "draft"})
    fifth = unit_timeline(world.a1, 2026)[4]
    assert fifth.detail == (
        "1 dari 2 survei tahun 2026 memiliki hasil. Belum ada nilai Hasil di LKE 2026. "
        "Penilaian mandiri (LKE) 2026 sedang diisi."
    )
    assert fifth.on == date(2026, 3, 1)  # the first survey's last response
