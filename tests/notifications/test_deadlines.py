"""Deadline reminders, 14, 7 and 1 days before the instansi's internal deadline and the
national one, to those whose move is due at the evaluation's stage; the daily run is
idempotent and catches up a missed day."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from zona.evaluations.models import Evaluation, InstansiDeadline, NationalDeadline, Stage
from zona.evaluations.notify import _threshold, deadline_notices
from zona.notifications.models import Kind, Notification

UNIT = {"member_a1", "lead_a1"}
TPI = {"tpi_a", "tpi_lead_a"}
TODAY = date(2026, 4, 1)


def run(day: date) -> set[tuple[str, str, int]]:
    """The notices one run creates: (recipient, which deadline, days left)."""
    return {
        (n.recipient.username, n.context["which"], n.context["days"]) for n in deadline_notices(day)
    }


@pytest.fixture
def deadlines(evaluation, world):
    NationalDeadline.objects.filter(year=2026).update(date=TODAY + timedelta(days=30))
    InstansiDeadline.objects.create(instansi=world.a, year=2026, date=TODAY + timedelta(days=14))
    return evaluation


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(20, None), (15, None), (14, 14), (13, 14), (8, 14), (7, 7), (6, 7), (2, 7), (1, 1),
     (0, 1), (-1, None)],
)  # fmt: skip
def test_which_reminder_is_due(days_left, threshold):
    assert _threshold(days_left) == threshold


@pytest.mark.django_db
def test_reminders_go_14_7_and_1_days_before_once_each(
    people, deadlines, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert run(TODAY - timedelta(days=1)) == set()  # 15 days before: nothing yet
        assert run(TODAY) == {(u, "instansi", 14) for u in UNIT}
        assert run(TODAY) == set()  # the same day again: nothing twice
        assert run(TODAY + timedelta(days=1)) == set()  # 13 days: the 14-day one was sent
        assert run(TODAY + timedelta(days=7)) == {(u, "instansi", 7) for u in UNIT}
        assert run(TODAY + timedelta(days=13)) == {(u, "instansi", 1) for u in UNIT}
        assert run(TODAY + timedelta(days=14)) == set()
    assert Notification.objects.filter(kind=Kind.DEADLINE).count() == 6
    assert len(mail.outbox) == 6
    message = next(m for m in mail.outbox if m.to == ["lead_a1@example.test"])
    assert message.subject == (
        "Zona: Tenggat internal Instansi A untuk Unit A1 (2026) adalah 15 April 2026, 14 hari lagi."
    )
    assert "unit melengkapi jawabannya dan mengajukan LKE ke TPI" in message.body


@pytest.mark.django_db
def test_a_missed_day_is_caught_up_with_the_nearest_reminder(people, deadlines):
    assert run(TODAY + timedelta(days=9)) == {(u, "instansi", 5) for u in UNIT}  # the 7-day one
    assert run(TODAY + timedelta(days=10)) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stage", "internal", "national"),
    [
        (Stage.DRAFT, UNIT, UNIT),
        (Stage.RETURNED, UNIT, UNIT),
        (Stage.SUBMITTED, TPI, TPI),
        (Stage.TPI_REVIEW, TPI, TPI),
        (Stage.TPI_FINAL, set(), {"coordinator_a"}),  # the TPI is done; the proposal is due
        (Stage.PROPOSED, set(), set()),
        (Stage.DECIDED, set(), set()),
    ],
)
def test_reminders_go_to_those_whose_move_is_due(people, deadlines, stage, internal, national):
    Evaluation.objects.filter(pk=deadlines.pk).update(stage=stage)
    InstansiDeadline.objects.update(date=TODAY + timedelta(days=7))
    NationalDeadline.objects.filter(year=2026).update(date=TODAY + timedelta(days=1))
    found = run(TODAY)
    assert {u for u, which, _d in found if which == "instansi"} == internal
    assert {u for u, which, _d in found if which == "national"} == national
    outside = {"tpi_b", "coordinator_b", "member_b1", "member_a2", "tpn", "norole", "sysadmin"}
    assert not {u for u, _w, _d in found} & outside


@pytest.mark.django_db
def test_the_national_deadline_defaults_to_31_may(people, evaluation):
    NationalDeadline.objects.all().delete()
    assert run(date(2026, 5, 17)) == {(u, "national", 14) for u in UNIT}


@pytest.mark.django_db
def test_the_daily_command_runs_it(people, deadlines):
    out = StringIO()
    call_command("send_deadline_notices", today=TODAY.isoformat(), stdout=out)
    assert out.getvalue().strip() == "deadline notifications: 2"
    call_command("send_deadline_notices", today=TODAY.isoformat(), stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "deadline notifications: 0"


@pytest.mark.django_db
def test_a_second_run_the_same_day_reads_without_looking_for_people(
    people, deadlines, world, django_assert_max_num_queries
):
    from zona.evaluations import actions

    for unit in (world.a2, world.a1a):
        actions.create_evaluation(people["sysadmin"], unit, 2026, "WBK")
    assert run(TODAY) == {(u, "instansi", 14) for u in UNIT | {"member_a2"}}
    # The deadlines (2), the evaluations, the reminders sent; and unit A1a's people, looked up
    # again because it has nobody to tell (no team of its own).
    with django_assert_max_num_queries(5):
        assert run(TODAY) == set()
