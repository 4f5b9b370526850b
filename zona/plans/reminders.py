"""Reminder e-mails to the person in charge of an activity: before the due date, the day after
it, then weekly while it is overdue (`rules.reminder_slot`).

Each run first *claims* the slots it will send, in one transaction, under the unique constraint
of ReminderSent and a token of its own: a second run — or two at once — finds them taken and
sends nothing twice. The e-mails then go out over one connection; a slot whose e-mail fails is
released, so the next run tries again. (A run killed between the claim and the sending loses
those reminders rather than risking a second copy: at most once.)"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import CLOSED_STATUSES, Activity, ReminderSent
from .rules import BEFORE, reminder_slot

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: list[tuple[int, str]] = field(default_factory=list)  # (activity id, slot)
    failed: list[int] = field(default_factory=list)
    no_address: list[int] = field(default_factory=list)


def due_slots(today: date, days_before: int) -> dict[int, str]:
    """activity id → the slot due today and not sent yet. Reads three columns of the open
    activities and the slots already sent, nothing more."""
    rows = (
        Activity.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(due_date__lte=today + timedelta(days=days_before))
        .values_list("pk", "status", "due_date")
    )
    slots = {}
    for pk, status, due in rows:
        slot = reminder_slot(status, due, today, days_before)
        if slot is not None:
            slots[pk] = (slot, due)
    sent = set(
        ReminderSent.objects.filter(activity_id__in=list(slots)).values_list(
            "activity_id", "due_date", "key"
        )
    )
    return {pk: slot for pk, (slot, due) in slots.items() if (pk, due, slot) not in sent}


def send_reminders(today: date, *, days_before: int | None = None, base_url: str = "") -> Outcome:
    days_before = settings.PLAN_REMINDER_DAYS_BEFORE if days_before is None else days_before
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    outcome = Outcome()
    slots = due_slots(today, days_before)
    activities = (
        Activity.objects.filter(pk__in=list(slots))
        .select_related("plan__unit__instansi", "owner")
        .order_by("due_date", "pk")
    )
    wanted = []
    for activity in activities:
        if activity.owner_address:
            wanted.append(activity)
        else:
            outcome.no_address.append(activity.pk)
    run = uuid.uuid4().hex
    with transaction.atomic():
        ReminderSent.objects.bulk_create(
            [
                ReminderSent(
                    activity=a,
                    key=slots[a.pk],
                    due_date=a.due_date,
                    recipient=a.owner_address,
                    run=run,
                )
                for a in wanted
            ],
            ignore_conflicts=True,  # taken by another run a moment ago: theirs to send
            batch_size=500,
        )
    claimed = dict(
        ReminderSent.objects.filter(run=run).values_list("activity_id", "pk")
    )  # the slots this run won
    # The people reading these work in Indonesian; the command runs without a request.
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        for activity in wanted:
            if activity.pk not in claimed:
                continue
            slot = slots[activity.pk]
            try:
                connection.send_messages([_message(activity, slot, today, base_url)])
            except Exception:
                logger.exception("reminder for activity %s could not be sent", activity.pk)
                ReminderSent.objects.filter(pk=claimed[activity.pk]).delete()
                outcome.failed.append(activity.pk)
            else:
                outcome.sent.append((activity.pk, slot))
    return outcome


def _message(activity: Activity, slot: str, today: date, base_url: str) -> EmailMessage:
    context = {
        "activity": activity,
        "unit": activity.plan.unit,
        "before": slot == BEFORE,
        "days_left": (activity.due_date - today).days,
        "days_late": (today - activity.due_date).days,
        "link": base_url + reverse("plans:activity", args=[activity.pk]),
    }
    subject = render_to_string("plans/email/reminder_subject.txt", context)
    body = render_to_string("plans/email/reminder.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [activity.owner_address])
