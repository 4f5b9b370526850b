"""Celery tasks of the notifications app: both idempotent (a notification is claimed before it
is sent), so a retry or a second worker never sends one twice."""

from __future__ import annotations

from celery import shared_task

from . import delivery


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_notification_email(self, pk: int) -> bool:
    try:
        return delivery.send_one(pk)
    except delivery.DeliveryFailed as error:
        if self.request.is_eager:
            # In-process (no worker): the request must not wait on retries. The reason is on
            # the notification and the daily run tries again.
            return False
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error


@shared_task(acks_late=True)
def send_notification_digests() -> dict[str, int]:
    return delivery.send_digests()
