"""The invitations of an import, mailed after it is committed: one task per invitation, so a
failed delivery is retried alone."""

from __future__ import annotations

from celery import shared_task

from zona.accounts.actions import deliver_invitation


@shared_task(bind=True, max_retries=3, acks_late=True)
def send_invitation(self, invitation_id: int, base_url: str) -> str:
    try:
        sent = deliver_invitation(invitation_id, base_url)
    except Exception as error:
        if self.request.is_eager or self.request.retries >= 3:
            raise
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    return "sent" if sent else "not pending"
