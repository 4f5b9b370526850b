"""E-mails of notifications, each in its recipient's language: one per notification for those
who chose it, or one daily digest.

Each send first *claims* its rows (`emailed_at` set where it was empty, under a token of its
own), so two runs or two workers never send the same notification; a failed send releases its
claim and writes the reason on the rows, and the daily run retries them."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .actions import preference
from .models import Delivery, Notification
from .text import text

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The e-mail did not go out; the notifications say why and stay unsent."""


def _claim(rows) -> tuple[str, list[Notification]]:
    batch = uuid.uuid4().hex
    rows.filter(emailed_at__isnull=True).update(emailed_at=timezone.now(), email_batch=batch)
    claimed = list(
        Notification.objects.filter(email_batch=batch)
        .select_related("recipient")
        .order_by("created_at", "id")
    )
    return batch, claimed


def _release(batch: str, error: Exception) -> None:
    Notification.objects.filter(email_batch=batch).update(
        emailed_at=None, email_batch="", email_error=f"{type(error).__name__}: {error}"[:300]
    )


def _message(recipient, notifications: list[Notification], *, digest: bool) -> EmailMessage:
    base = settings.SITE_URL.rstrip("/")
    items = [
        {"n": n, "text": text(n), "url": base + n.link} for n in notifications
    ]  # in the active (the recipient's) language
    context = {"recipient": recipient, "items": items, "digest": digest,
               "inbox": base + reverse("notifications:inbox")}  # fmt: skip
    subject = render_to_string("notifications/email/subject.txt", context)
    body = render_to_string("notifications/email/body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [recipient.email])


def _send(batch: str, claimed: list[Notification], *, digest: bool, connection=None) -> None:
    recipient = claimed[0].recipient
    try:
        with translation.override(preference(recipient).language):
            message = _message(recipient, claimed, digest=digest)
        (connection or get_connection()).send_messages([message])
    except Exception as error:
        logger.exception("notification e-mail to user %s failed", recipient.pk)
        _release(batch, error)
        raise DeliveryFailed(str(error)) from error
    Notification.objects.filter(email_batch=batch).update(email_error="")


def send_one(pk: int) -> bool:
    """E-mail one notification unless it was e-mailed already. True when this call sent it."""
    batch, claimed = _claim(Notification.objects.filter(pk=pk).exclude(recipient__email=""))
    if not claimed:
        return False
    _send(batch, claimed, digest=False)
    return True


def send_digests(now: datetime | None = None) -> dict[str, int]:
    """The daily run: one e-mail per person who chose the digest, with everything not e-mailed
    yet; and a second try for immediate e-mails that failed. Counts sent and failed e-mails."""
    now = now or timezone.now()
    unsent = Notification.objects.filter(emailed_at__isnull=True, created_at__lte=now).exclude(
        recipient__email=""
    )
    digest_users = Q(recipient__notification_preference__delivery=Delivery.DIGEST)
    immediate_failed = (
        Q(recipient__notification_preference__isnull=True)
        | Q(recipient__notification_preference__delivery=Delivery.IMMEDIATE)
    ) & ~Q(email_error="")
    counts = {"sent": 0, "failed": 0}
    with get_connection() as connection:
        for recipient_id in (
            unsent.filter(digest_users)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()
        ):
            batch, claimed = _claim(unsent.filter(digest_users, recipient_id=recipient_id))
            if claimed:
                try:
                    _send(batch, claimed, digest=True, connection=connection)
                    counts["sent"] += 1
                except DeliveryFailed:
                    counts["failed"] += 1
        for pk in unsent.filter(immediate_failed).values_list("pk", flat=True):
            batch, claimed = _claim(Notification.objects.filter(pk=pk))
            if claimed:
                try:
                    _send(batch, claimed, digest=False, connection=connection)
                    counts["sent"] += 1
                except DeliveryFailed:
                    counts["failed"] += 1
    return counts
