"""E-mail delivery through the Celery task (eager here, as in development and the tests):
once per notification whatever happens, a failure written on the notification and retried by
the daily run, and the daily digest for those who chose it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from zona.notifications import delivery
from zona.notifications.actions import notify, set_preference
from zona.notifications.models import Kind, Notification
from zona.notifications.tasks import send_notification_digests, send_notification_email


def _notify(people, evaluation, who, key, kind=Kind.SUBMITTED, capture=None):
    context = {"unit": "Unit A1", "year": 2026, "actor": "lead_a1"}
    with capture(execute=True):
        return notify([people[u] for u in who], kind, evaluation,
                      link=f"/evaluasi/{evaluation.pk}/", context=context, key=key)  # fmt: skip


class Broken:
    """An e-mail backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


def test_tasks_run_eagerly_in_development_and_tests():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    from zona.celery import app

    assert app.conf.task_always_eager is True


@pytest.mark.django_db
def test_the_task_sends_each_notification_once(
    people, evaluation, django_capture_on_commit_callbacks
):
    (n,) = _notify(people, evaluation, ["tpi_a"], "k1", capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # queued on commit, run eagerly
    message = mail.outbox[0]
    assert message.to == ["tpi_a@example.test"]
    assert message.subject == "Zona: Unit A1 mengajukan LKE 2026: penilaian TPI dapat dimulai."
    assert f"http://127.0.0.1:8000/evaluasi/{evaluation.pk}/" in message.body
    # A retried or duplicated task: the notification is claimed already, nothing is sent.
    assert send_notification_email.delay(n.pk).get() is False
    assert send_notification_email.apply(args=[n.pk]).get() is False
    assert len(mail.outbox) == 1
    n.refresh_from_db()
    assert n.emailed_at is not None and n.email_error == ""
    # The same event notified again: no second notification, no second e-mail.
    assert _notify(people, evaluation, ["tpi_a"], "k1",
                   capture=django_capture_on_commit_callbacks) == []  # fmt: skip
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_failed_e_mail_is_shown_and_retried_by_the_daily_run(
    people, evaluation, django_capture_on_commit_callbacks, monkeypatch, client
):
    monkeypatch.setattr(delivery, "get_connection", lambda *a, **k: Broken())
    (n,) = _notify(people, evaluation, ["tpi_a"], "k2", capture=django_capture_on_commit_callbacks)
    n.refresh_from_db()
    assert n.emailed_at is None
    assert n.email_error == "ConnectionRefusedError: SMTP server refused the connection"
    client.force_login(people["tpi_a"])
    inbox = client.get("/notifikasi/").content.decode()
    assert "E-mail untuk notifikasi ini tidak dapat dikirim" in inbox
    assert "SMTP server refused the connection" in inbox
    assert send_notification_digests.delay().get() == {"sent": 0, "failed": 1}

    monkeypatch.undo()
    assert send_notification_digests.delay().get() == {"sent": 1, "failed": 0}
    assert [m.to for m in mail.outbox] == [["tpi_a@example.test"]]
    n.refresh_from_db()
    assert n.emailed_at is not None and n.email_error == ""
    assert send_notification_digests.delay().get() == {"sent": 0, "failed": 0}


@pytest.mark.django_db
def test_the_daily_digest_gathers_a_persons_notifications_in_their_language(
    people, evaluation, django_capture_on_commit_callbacks
):
    set_preference(people["tpi_a"], delivery="digest", language="en")
    set_preference(people["tpi_lead_a"], delivery="none", language="id")
    capture = django_capture_on_commit_callbacks
    _notify(people, evaluation, ["tpi_a", "tpi_lead_a", "tpn"], "k3", capture=capture)
    _notify(people, evaluation, ["tpi_a"], "k4", Kind.FINALISED, capture=capture)
    assert [m.to for m in mail.outbox] == [["tpn@example.test"]]  # the only immediate one
    mail.outbox.clear()

    out = StringIO()
    call_command("send_notification_digests", stdout=out)
    assert out.getvalue().strip() == "notification e-mails: 1 sent, 0 failed"
    (digest,) = mail.outbox
    assert digest.to == ["tpi_a@example.test"]
    assert digest.subject == "Zona: 2 new notifications"
    assert "Unit A1 submitted its 2026 LKE" in digest.body
    assert "The TPI finalised the 2026 LKE of Unit A1." in digest.body
    call_command("send_notification_digests", stdout=out)  # the same day again: nothing
    assert len(mail.outbox) == 1
    # inbox only: never e-mailed, still in the inbox
    assert Notification.objects.filter(recipient=people["tpi_lead_a"], emailed_at=None).count() == 1


@pytest.mark.django_db
def test_people_without_an_address_are_told_in_the_inbox_only(
    people, evaluation, django_capture_on_commit_callbacks
):
    people["tpi_a"].email = ""
    people["tpi_a"].save()
    (n,) = _notify(people, evaluation, ["tpi_a"], "k5", capture=django_capture_on_commit_callbacks)
    assert mail.outbox == [] and send_notification_email.delay(n.pk).get() is False


@pytest.mark.django_db
def test_one_digest_per_person_however_many_notifications(
    people, evaluation, django_capture_on_commit_callbacks
):
    for who in ("tpi_a", "tpi_lead_a"):
        set_preference(people[who], delivery="digest", language="id")
    for key in ("d1", "d2", "d3"):
        _notify(people, evaluation, ["tpi_a", "tpi_lead_a"], key,
                capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert mail.outbox == []
    assert delivery.send_digests() == {"sent": 2, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["tpi_a@example.test", "tpi_lead_a@example.test"]
    assert {m.subject for m in mail.outbox} == {"Zona: 3 notifikasi baru"}
