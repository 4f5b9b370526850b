"""Taking a Hasil item's value from a source: the answer, the choice, the audit trail, the
override with its reason, stages and locking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zona.audit.models import AuditEvent
from zona.evaluations import actions as evaluation_actions
from zona.evaluations.actions import StaleAnswer
from zona.evaluations.models import Answer, AnswerChange, LayerScore
from zona.feeds import actions
from zona.feeds.models import FeedChoice

pytestmark = pytest.mark.django_db


def test_choose_writes_the_answer_with_its_source(world, evaluation, survey):
    choice = actions.choose(
        world.users["member_a1"], evaluation, "125", "survey:ipak:2026", expected_version=0
    )
    answer = Answer.objects.get(evaluation=evaluation, question="125", layer="unit")
    assert (answer.value, answer.version, answer.updated_by) == (
        "3.62",
        1,
        world.users["member_a1"],
    )
    assert (choice.source_key, choice.source_label, choice.value, choice.source_value) == (
        "survey:ipak:2026", "Survei IPAK 2026", Decimal("3.62"), Decimal("3.62")
    )  # fmt: skip
    assert not choice.overridden and choice.layer == "unit" and choice.feed == "ipak"
    # the answer's history and the stored score follow, as for a typed answer
    assert AnswerChange.objects.get(question="125").after_value == "3.62"
    score = LayerScore.objects.get(evaluation=evaluation, layer="unit")
    assert score.hasil == Decimal("15.8375")  # 3.62 / 4 × 17.5
    event = AuditEvent.objects.get(action="evaluation.feed_chosen")
    assert event.actor == world.users["member_a1"]
    assert event.before == {"question": "125", "layer": "unit", "value": ""}
    assert event.after == {
        "question": "125", "layer": "unit", "feed": "ipak", "source": "survey:ipak:2026",
        "source_label": "Survei IPAK 2026", "source_value": "3.62", "value": "3.62",
        "overridden": False,
    }  # fmt: skip


def test_choose_keeps_the_note_of_the_answer(world, evaluation, survey):
    evaluation_actions.save_answer(
        world.users["member_a1"], evaluation, "125", "unit", "3.1", "Survei internal Q2", 0
    )
    actions.choose(
        world.users["member_a1"], evaluation, "125", "survey:ipak:2026", expected_version=1
    )
    answer = Answer.objects.get(evaluation=evaluation, question="125", layer="unit")
    assert (answer.value, answer.note) == ("3.62", "Survei internal Q2")


def test_unit_cannot_override(world, evaluation, survey):
    with pytest.raises(PermissionDenied):
        actions.choose(
            world.users["lead_a1"], evaluation, "125", "survey:ipak:2026", expected_version=0,
            override=Decimal("3.9"), reason="lebih tinggi",
        )  # fmt: skip
    assert not Answer.objects.exists() and not FeedChoice.objects.exists()


def test_evaluator_override_needs_a_reason(world, evaluation, survey, set_stage):
    set_stage(evaluation, "tpi_review")
    tpi = world.users["tpi_a"]
    with pytest.raises(actions.FeedError, match="reason"):
        actions.choose(
            tpi, evaluation, "125", "survey:ipak:2026", expected_version=0,
            override=Decimal("3.5"), reason="  ",
        )  # fmt: skip
    choice = actions.choose(
        tpi, evaluation, "125", "survey:ipak:2026", expected_version=0,
        override=Decimal("3.5"), reason="Sampel survei tidak memenuhi ketentuan",
    )  # fmt: skip
    assert (choice.layer, choice.value, choice.source_value, choice.overridden) == (
        "tpi", Decimal("3.5"), Decimal("3.62"), True
    )  # fmt: skip
    assert Answer.objects.get(question="125", layer="tpi").value == "3.5"
    event = AuditEvent.objects.get(action="evaluation.feed_chosen")
    assert event.note == "Sampel survei tidak memenuhi ketentuan"
    assert event.after["overridden"] is True and event.after["source_value"] == "3.62"


def test_override_outside_the_scale_is_refused(world, evaluation, survey, set_stage):
    set_stage(evaluation, "tpi_review")
    with pytest.raises(actions.FeedError, match="between 0 and 4"):
        actions.choose(
            world.users["tpi_a"], evaluation, "125", "survey:ipak:2026", expected_version=0,
            override=Decimal("4.5"), reason="salah ketik",
        )  # fmt: skip
    assert not FeedChoice.objects.exists()


@pytest.mark.parametrize(
    "username, stage, layer",
    [
        ("member_a1", "draft", "unit"), ("lead_a1", "returned", "unit"),
        ("tpi_a", "tpi_review", "tpi"), ("tpi_lead_a", "tpi_review", "tpi"),
        ("tpn", "tpn_desk", "tpn"), ("tpn", "tpn_field", "tpn"),
    ],
)  # fmt: skip
def test_each_layer_in_its_stage(world, evaluation, survey, set_stage, username, stage, layer):
    set_stage(evaluation, stage)
    choice = actions.choose(
        world.users[username], evaluation, "127", "survey:ipkp:2026", expected_version=0
    )
    assert choice.layer == layer and Answer.objects.get(question="127").layer == layer


@pytest.mark.parametrize(
    "username, stage",
    [
        ("member_a1", "submitted"), ("tpi_a", "draft"), ("coordinator_a", "draft"),
        ("leadership_a", "tpi_review"), ("tpn", "proposed"), ("tpn", "decided"),
        ("lead_a1", "tpi_review"),
    ],
)  # fmt: skip
def test_refused_outside_its_stage(world, evaluation, survey, set_stage, username, stage):
    set_stage(evaluation, stage)
    with pytest.raises(PermissionDenied):
        actions.choose(
            world.users[username], evaluation, "125", "survey:ipak:2026", expected_version=0
        )


def test_stale_version_refused(world, evaluation, survey):
    evaluation_actions.save_answer(world.users["lead_a1"], evaluation, "125", "unit", "3", "", 0)
    with pytest.raises(StaleAnswer):
        actions.choose(
            world.users["member_a1"], evaluation, "125", "survey:ipak:2026", expected_version=0
        )
    assert Answer.objects.get(question="125").value == "3" and not FeedChoice.objects.exists()


def test_unknown_source_or_item_or_missing_value(world, evaluation, survey):
    member = world.users["member_a1"]
    with pytest.raises(actions.FeedError, match="not offered"):
        actions.choose(member, evaluation, "125", "survey:ipak:2020", expected_version=0)
    with pytest.raises(actions.FeedError, match="does not take"):
        actions.choose(member, evaluation, "126", "survey:ipak:2026", expected_version=0)
    survey.values["ipak"] = None
    with pytest.raises(actions.FeedError, match="no value yet: 124 responden"):
        actions.choose(member, evaluation, "125", "survey:ipak:2026", expected_version=0)


def test_tlhp_feed_of_the_2019_framework(world, frameworks):
    """Item 83 of LKE 2019 takes the unit's TLHP percentage from the findings register."""
    from zona.findings import actions as findings

    tpi = world.users["tpi_a"]
    finding = findings.create_finding(
        tpi, world.a1, source="bpk", report_number="1/LHP/2025", report_date=date(2025, 4, 1),
        title="Temuan",
    )  # fmt: skip
    recs = [findings.add_recommendation(tpi, finding, f"R{i}") for i in range(4)]
    for rec, status in zip(recs, ["sesuai", "sesuai", "sesuai", "belum_sesuai"], strict=True):
        findings.change_status(tpi, rec, status, date(2025, 10, 1), "hasil pemantauan")
    evaluation = evaluation_actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2026, "WBK", framework=frameworks["lke-2014"]
    )
    key = f"tlhp:{world.a1.pk}:2025-12-31"
    choice = actions.choose(world.users["member_a1"], evaluation, "83", key, expected_version=0)
    assert choice.value == Decimal("75") and choice.feed == "tlhp"  # 3 of 4
    assert LayerScore.objects.get(evaluation=evaluation, layer="unit").hasil == Decimal("3.75")
