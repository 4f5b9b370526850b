"""Every state change of notifications: creating them for an event, reading them, choosing how
to be told. Other apps decide *who* must know (with their own visibility rules) and call
`notify`; this app stores, shows and delivers."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from zona.audit.log import record

from .access import forget_unread
from .models import Delivery, Notification, Preference

logger = logging.getLogger(__name__)


def preference(user) -> Preference:
    """The person's choice, or the defaults (immediate e-mail, Indonesian) when none is saved."""
    found = Preference.objects.filter(user=user).first()
    return found or Preference(user=user)


def notify(
    recipients: Iterable, kind: str, target: models.Model, *, link: str, context: dict,
    key: str, actor=None,
) -> list[Notification]:  # fmt: skip
    """Tell each recipient about one event (`key`, unique per event). A person already told
    of it is skipped, so calling this twice for one event sends nothing more; so is the actor
    (they made the change) and an inactive account. Immediate e-mails are queued once the
    notifications are committed. Returns the notifications created."""
    content_type = ContentType.objects.get_for_model(target)
    seen, created = set(), []
    with transaction.atomic():
        for user in recipients:
            if user.pk in seen or not user.is_active or (actor is not None and user == actor):
                continue
            seen.add(user.pk)
            notification, new = Notification.objects.get_or_create(
                recipient=user, key=key,
                defaults={"kind": kind, "content_type": content_type, "object_id": target.pk,
                          "link": link, "context": context},
            )  # fmt: skip
            if new:
                created.append(notification)
        if created:
            transaction.on_commit(partial(forget_unread, *(n.recipient for n in created)))
        for notification in created:
            if notification.recipient.email and (
                preference(notification.recipient).delivery == Delivery.IMMEDIATE
            ):
                transaction.on_commit(partial(queue_email, notification.pk))
    return created


def queue_email(pk: int) -> None:
    """Hand one notification's e-mail to the queue. A queue that cannot take it (broker down)
    is written on the notification, whose e-mail the daily run then retries."""
    from .tasks import send_notification_email

    try:
        send_notification_email.delay(pk)
    except Exception as error:
        logger.exception("notification %s: e-mail could not be queued", pk)
        Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(
            email_error=str(error)[:300]
        )


def mark_read(user, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionError("not the recipient")  # callers fetch through `for_user` first
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notification.read_at = timezone.now()
        forget_unread(user)


def mark_all_read(user) -> int:
    count = Notification.objects.for_user(user).unread().update(read_at=timezone.now())
    forget_unread(user)
    return count


def set_preference(user, *, delivery: str, language: str) -> Preference:
    with transaction.atomic():
        row, created = Preference.objects.select_for_update().get_or_create(user=user)
        before = None if created else {"delivery": row.delivery, "language": row.language}
        row.delivery, row.language = delivery, language
        row.full_clean()
        row.save()
        record(user, "notifications.preference_set", row, before=before,
               after={"delivery": delivery, "language": language})  # fmt: skip
    return row
