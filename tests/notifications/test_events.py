"""One notice per event to exactly the people who must act next (or learn the outcome), in
each recipient's language, once: a second delivery of the same event sends nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from zona.evaluations import actions
from zona.evaluations.notify import tell_moved
from zona.notifications.actions import set_preference
from zona.notifications.models import Kind, Notification

UNIT = {"member_a1", "lead_a1"}
TPI = {"tpi_a", "tpi_lead_a"}
# move → (who makes it, which occurrence on the path, the event, who is told)
EVENTS = [
    ("submit", "lead_a1", 1, Kind.SUBMITTED, TPI),
    ("return", "tpi_a", 1, Kind.RETURNED, UNIT),
    ("finalise", "tpi_lead_a", 1, Kind.FINALISED, UNIT | {"coordinator_a"}),
    ("propose", "coordinator_a", 1, Kind.PROPOSED, {"tpn"}),
    ("decide", "tpn", 1, Kind.DECIDED, UNIT | TPI | {"coordinator_a"}),
]
# Moves nobody needs to hear about beyond the one who made them.
SILENT = [("start_review", "tpi_a"), ("start_desk", "tpn"), ("start_field", "tpn")]


def recipients(kind=None) -> set[str]:
    rows = Notification.objects.all() if kind is None else Notification.objects.filter(kind=kind)
    return set(rows.values_list("recipient__username", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(("move", "who", "occurrence", "kind", "told"), EVENTS)
def test_each_move_tells_exactly_who_must_know_once(
    people, evaluation, walk, step, move, who, occurrence, kind, told
):
    evaluation = walk(evaluation, move, occurrence=occurrence)
    Notification.objects.all().delete()
    mail.outbox.clear()
    evaluation = step(evaluation, move, who)
    assert recipients() == told
    assert recipients(kind) == told
    assert len(mail.outbox) == len(told)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{u}@example.test" for u in told)
    link = f"/evaluasi/{evaluation.pk}/"
    assert set(Notification.objects.values_list("link", flat=True)) == {link}
    assert all(link in m.body for m in mail.outbox)

    # The same event delivered again (a retried callback, a second worker): nothing more.
    assert tell_moved(evaluation, move, people[who]) == []
    assert Notification.objects.count() == len(told) and len(mail.outbox) == len(told)


@pytest.mark.django_db
@pytest.mark.parametrize(("move", "who"), SILENT)
def test_moves_that_need_no_one_else_tell_no_one(people, evaluation, walk, step, move, who):
    evaluation = walk(evaluation, move)
    Notification.objects.all().delete()
    mail.outbox.clear()
    evaluation = step(evaluation, move, who)
    assert evaluation.moves.last().by == people[who]
    assert Notification.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_a_refused_move_tells_nobody(people, evaluation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(actions.MoveRefused):
        actions.move(people["lead_a1"], evaluation, "submit")  # nothing answered
    assert Notification.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_the_return_lists_the_revisions_and_each_mail_speaks_its_reader(
    people, evaluation, walk, step
):
    set_preference(people["member_a1"], delivery="immediate", language="en")
    evaluation = walk(evaluation, "return")
    mail.outbox.clear()
    step(evaluation, "return", "tpi_a")
    by = {m.to[0].split("@")[0]: m for m in mail.outbox}
    assert set(by) == UNIT
    english, indonesian = by["member_a1"], by["lead_a1"]
    assert english.subject == (
        "Zona: The TPI returned the 2026 LKE of Unit A1: 1 question to revise."
    )
    assert indonesian.subject == (
        "Zona: TPI mengembalikan LKE 2026 Unit A1: 1 pertanyaan perlu diperbaiki."
    )
    for message in (english, indonesian):
        assert "2. Lampirkan SK tim" in message.body
    assert "Hello member_a1," in english.body and "Halo lead_a1," in indonesian.body
    notice = Notification.objects.get(recipient=people["lead_a1"])
    assert notice.context["revisions"] == [{"question": "2", "reason": "Lampirkan SK tim"}]


@pytest.mark.django_db
def test_the_decision_names_the_predicate_and_decree(people, evaluation, walk, step):
    evaluation = walk(evaluation, "decide")
    mail.outbox.clear()
    step(evaluation, "decide", "tpn")
    message = next(m for m in mail.outbox if m.to == ["coordinator_a@example.test"])
    assert message.subject == "Zona: Keputusan untuk Unit A1 (2026): Menuju WBK."
    assert "SK 7/2026" in message.body
