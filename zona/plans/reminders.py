"""Reminder e-mails to the person in charge of an activity: before the due date, the day after
it, then weekly while it is overdue (`rules.reminder_slot`). A slot is recorded before its
e-mail goes out, in the same transaction, so a second run — or two at once — sends nothing
twice, and a failed send leaves the slot open for the next run."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import CLOSED_STATUSES, Activity, ReminderSent
from .rules import BEFORE, reminder_slot

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: list[tuple[int, str]] = field(default_factory=list)  # (activity id, slot)
    no_address: list[int] = field(default_factory=list)


def due_reminders(today: date, days_before: int):
    """(activity, slot) for each reminder due today and not sent yet; two queries."""
    candidates = list(
        Activity.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(due_date__lte=today + timedelta(days=days_before))
        .select_related("plan", "plan__unit", "owner")
        .order_by("due_date", "pk")
    )
    slots = {
        a.pk: slot
        for a in candidates
        if (slot := reminder_slot(a.status, a.due_date, today, days_before)) is not None
    }
    sent = set(
        ReminderSent.objects.filter(activity_id__in=list(slots)).values_list(
            "activity_id", "due_date", "key"
        )
    )
    for activity in candidates:
        slot = slots.get(activity.pk)
        if slot is not None and (activity.pk, activity.due_date, slot) not in sent:
            yield activity, slot


def send_reminders(today: date, *, days_before: int | None = None, base_url: str = "") -> Outcome:
    days_before = settings.PLAN_REMINDER_DAYS_BEFORE if days_before is None else days_before
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    outcome = Outcome()
    for activity, slot in due_reminders(today, days_before):
        address = activity.owner_address
        if not address:
            outcome.no_address.append(activity.pk)
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    activity=activity, key=slot, due_date=activity.due_date, recipient=address
                )
                _send(activity, slot, today, address, base_url)
        except IntegrityError:  # another run took this slot a moment ago
            continue
        outcome.sent.append((activity.pk, slot))
    return outcome


def _send(activity: Activity, slot: str, today: date, address: str, base_url: str) -> None:
    context = {
        "activity": activity,
        "unit": activity.plan.unit,
        "before": slot == BEFORE,
        "days_left": (activity.due_date - today).days,
        "days_late": (today - activity.due_date).days,
        "link": base_url + reverse("plans:activity", args=[activity.pk]),
    }
    # The people reading these work in Indonesian; the command runs without a request.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("plans/email/reminder_subject.txt", context)
        body = render_to_string("plans/email/reminder.txt", context)
    send_mail(" ".join(subject.split()), body, None, [address])
