"""`manage.py send_plan_reminders`: the person in charge gets an Indonesian e-mail before the
due date, the day after it and weekly while overdue; running it twice sends nothing twice."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from zona.plans.models import ReminderSent


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PLAN_REMINDER_DAYS_BEFORE = 7
    settings.SITE_URL = "https://zona.example.go.id"


def run(today: str, *extra) -> str:
    out = StringIO()
    call_command("send_plan_reminders", "--today", today, *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def activities(plan, make_activity, world):
    due = date(2026, 6, 30)
    return {
        "open": make_activity(plan, title="Reviu SOP layanan", due_date=due, status="berjalan",
                              progress=40),
        "done": make_activity(plan, title="SK tim kerja", due_date=due, status="selesai",
                              progress=100),
        "guest": make_activity(plan, title="Survei kepuasan", due_date=date(2026, 7, 20),
                               owner=None, owner_name="Budi", owner_email="budi@mitra.test"),
    }  # fmt: skip


# (day the command runs, who gets a mail that day) — the schedule across a month, run twice
# each day as a cron would.
SCHEDULE = [
    ("2026-06-22", []),
    ("2026-06-23", ["member_a1@example.test"]),  # 7 days before "open"
    ("2026-06-24", []),
    ("2026-06-30", []),  # due date: "before" already sent
    ("2026-07-01", ["member_a1@example.test"]),  # the day after
    ("2026-07-05", []),
    ("2026-07-08", ["member_a1@example.test"]),  # weekly while overdue
    ("2026-07-13", ["budi@mitra.test"]),  # 7 days before "guest"
    ("2026-07-15", ["member_a1@example.test"]),
]


def test_schedule_over_a_month_sends_each_reminder_once(activities):
    for day, expected in SCHEDULE:
        mail.outbox.clear()
        run(day)
        run(day)  # the second run of the day sends nothing
        assert sorted(m.to[0] for m in mail.outbox) == sorted(expected), day
    assert not ReminderSent.objects.filter(activity=activities["done"]).exists()
    assert ReminderSent.objects.filter(activity=activities["open"]).count() == 4


def test_mail_is_indonesian_with_unit_activity_due_date_and_link(activities):
    output = run("2026-07-01")
    assert "1 reminder(s) sent" in output
    (message,) = mail.outbox
    link = f"https://zona.example.go.id/rencana-aksi/kegiatan/{activities['open'].pk}/"
    assert message.to == ["member_a1@example.test"]
    assert "Terlambat" in message.subject and "Reviu SOP layanan" in message.subject
    assert "Unit A1" in message.body
    assert "30 Juni 2026" in message.body
    assert "melewati tenggat 1 hari" in message.body
    assert message.body.count("Kegiatan rencana aksi") == 1  # the sentence is not repeated
    assert link in message.body


@pytest.mark.parametrize("day", ["2026-06-23", "2026-07-08"])
def test_each_reminder_sentence_is_written_once(activities, day):
    run(day)
    (message,) = mail.outbox
    assert message.body.count("Kegiatan rencana aksi yang menjadi tanggung jawab Anda") == 1


def test_moving_the_due_date_opens_new_slots(activities):
    run("2026-06-23")
    assert len(mail.outbox) == 1
    from zona.plans.models import Activity

    Activity.objects.filter(pk=activities["open"].pk).update(due_date=date(2026, 6, 25))
    run("2026-06-23")
    assert len(mail.outbox) == 2


def test_finished_activity_gets_no_more_reminders(activities):
    from zona.plans.models import Activity

    run("2026-07-01")
    Activity.objects.filter(pk=activities["open"].pk).update(status="selesai", progress=100)
    mail.outbox.clear()
    run("2026-07-08")
    assert mail.outbox == []


def test_bad_date_is_refused(activities):
    with pytest.raises(CommandError):
        run("1 Juli")


class FailingBackend:
    """An e-mail backend that refuses mail to one address, and keeps the rest in the outbox."""

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        for message in messages:
            if "budi@mitra.test" in message.to:
                raise ConnectionError("SMTP server refused")
        return self.inner.send_messages(messages)


def test_failed_send_is_retried_next_run(activities, settings):
    from zona.plans.models import Activity

    Activity.objects.filter(pk=activities["guest"].pk).update(due_date=date(2026, 6, 30))
    settings.EMAIL_BACKEND = "test_reminders.FailingBackend"
    err = StringIO()
    call_command("send_plan_reminders", "--today", "2026-06-25", stdout=StringIO(), stderr=err)
    assert [m.to for m in mail.outbox] == [["member_a1@example.test"]]
    assert str(activities["guest"].pk) in err.getvalue()
    assert not ReminderSent.objects.filter(activity=activities["guest"]).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("2026-06-25")
    assert [m.to for m in mail.outbox] == [["member_a1@example.test"], ["budi@mitra.test"]]


def test_no_address_is_reported_not_recorded(plan, make_activity):
    from zona.plans.models import Activity

    activity = make_activity(plan, owner=None, owner_name="Budi", owner_email="budi@mitra.test")
    Activity.objects.filter(pk=activity.pk).update(owner_email="")
    output = run("2026-06-25")
    assert f"activities {activity.pk}" in output and mail.outbox == []
    assert not ReminderSent.objects.exists()
