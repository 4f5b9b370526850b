"""Comments: the unit's reply on a question under revision tells the evaluator who asked; an
@login tells that person only if they may read the comment (the evaluation is in their reach,
and an internal note is in a layer they may read). One notice per person per comment."""

from __future__ import annotations

import pytest
from django.core import mail

from zona.evaluations import actions
from zona.evaluations.notify import MENTION, tell_comment
from zona.notifications.models import Kind, Notification


@pytest.fixture
def returned(evaluation, walk, step):
    """Returned to the unit with question 2 to revise (asked by tpi_a)."""
    evaluation = walk(evaluation, "return")
    evaluation = step(evaluation, "return", "tpi_a")
    Notification.objects.all().delete()
    mail.outbox.clear()
    return evaluation


@pytest.fixture
def comment(people, django_capture_on_commit_callbacks):
    def _comment(who, evaluation, question, body, internal=False):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.add_comment(people[who], evaluation, question, body, internal)

    return _comment


def told(kind=None) -> dict[str, str]:
    rows = Notification.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    return dict(rows.values_list("recipient__username", "kind"))


@pytest.mark.django_db
def test_a_reply_on_a_question_under_revision_tells_the_evaluator_who_asked(
    people, returned, comment
):
    c = comment("member_a1", returned, "2", "SK tim sudah dilampirkan.")
    assert told() == {"tpi_a": Kind.REVISION_REPLY}
    notice = Notification.objects.get()
    assert notice.link == f"/evaluasi/{returned.pk}/?q=2#q-2"
    assert notice.context["excerpt"] == "SK tim sudah dilampirkan."
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["tpi_a@example.test"]
    assert "member_a1 menanggapi pertanyaan 2 Unit A1 (2026)" in mail.outbox[0].subject
    assert tell_comment(c, people["member_a1"]) == []  # the same comment again: nothing more
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_comment_on_another_question_is_no_reply(people, returned, comment):
    comment("member_a1", returned, "3", "Catatan untuk kami sendiri.")
    assert told() == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("author", "body", "internal", "expected"),
    [
        # within reach and allowed to read it
        ("member_a1", "@tpi_lead_a mohon dicek.", False, {"tpi_lead_a"}),
        ("member_a1", "Cc @lead_a1, @coordinator_a.", False, {"lead_a1", "coordinator_a"}),
        ("tpi_a", "@member_a1 mohon lengkapi.", False, {"member_a1"}),
        ("tpi_a", "Catatan untuk @tpi_lead_a", True, {"tpi_lead_a"}),
        # outside the evaluation's reach: another instansi, another unit, no role at all
        ("member_a1", "@member_b1 @tpi_b @coordinator_b @member_a2 @norole", False, set()),
        # the TPI's internal note is not for the unit (not released yet)
        ("tpi_a", "Internal: @member_a1 belum tahu", True, set()),
        # nobody by that name; an e-mail address is not a mention
        ("member_a1", "@siapa dan tpi_a@example.test", False, set()),
        # the author is not told about their own comment
        ("member_a1", "@member_a1 catatan saya", False, set()),
    ],
)
def test_a_mention_tells_only_people_who_may_read_the_comment(
    people, evaluation, walk, comment, author, body, internal, expected
):
    evaluation = walk(evaluation, "return")  # in TPI review: the TPI's notes not released
    Notification.objects.all().delete()
    comment(author, evaluation, "5", body, internal)
    assert set(told(Kind.MENTION)) == expected
    assert set(told()) == expected


@pytest.mark.django_db
def test_a_reply_that_also_names_the_evaluator_tells_them_once(people, returned, comment):
    comment("member_a1", returned, "2", "@tpi_a sudah kami perbaiki")
    assert told() == {"tpi_a": Kind.REVISION_REPLY}
    assert len(mail.outbox) == 1


def test_mentions_are_read_as_django_usernames():
    assert MENTION.findall("Halo @tpi_a, dan @lead.a1. Lihat x@y.z (@b-2)") == [
        "tpi_a", "lead.a1", "b-2",
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_units_revised_reply_tells_the_evaluator_who_asked_once(
    people, returned, django_capture_on_commit_callbacks
):
    from zona.evaluations.notify import tell_revision_reply

    with django_capture_on_commit_callbacks(execute=True):
        request = actions.reply_to_revision(
            people["member_a1"], returned, "2", "Sudah diperbaiki: SK baru dilampirkan."
        )
    assert told() == {"tpi_a": Kind.REVISION_REPLY}
    notice = Notification.objects.get()
    assert notice.link == f"/evaluasi/{returned.pk}/?q=2#q-2"
    assert notice.context["excerpt"] == "Sudah diperbaiki: SK baru dilampirkan."
    assert tell_revision_reply(request, people["member_a1"]) == []  # the same reply: nothing more
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["tpi_a@example.test"]
