"""The caller's own inbox (nobody else's, administrators included: another person's
notification answers 404), its unread count, marking read, and how the caller is told by
e-mail. `zona.notifications.actions` as the inbox screen; the text is written in the caller's
language when read, as in the inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from ninja import Query, Router, Schema
from pydantic import Field

from zona.notifications import actions
from zona.notifications.access import get_notification_for, unread_count
from zona.notifications.models import Delivery, Kind, Notification
from zona.notifications.text import text

from ..pagination import Page, PageParams, paginate
from ..types import Id, ObjectIn

router = Router(tags=["notifications"])

Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]  # type: ignore[valid-type]


class NotificationOut(Schema):
    id: int
    kind: Kind
    subject: str = Field(description="What happened, in the caller's language.")
    details: list[str]
    link: str = Field(description="Path of the page to act on.")
    created_at: datetime
    read_at: datetime | None


class InboxFilters(PageParams):
    unread: bool | None = Field(None, description="true: only the unread ones.")


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int = Field(description="How many were unread and are now read.")


class PreferenceOut(Schema):
    delivery: Delivery
    language: Language = Field(description="Language of the e-mails.")  # type: ignore[valid-type]


class PreferenceIn(ObjectIn):
    delivery: Delivery
    language: Language  # type: ignore[valid-type]


def _out(n: Notification) -> dict:
    said = text(n)
    return {
        "id": n.pk, "kind": n.kind, "subject": said.subject, "details": list(said.details),
        "link": n.link, "created_at": n.created_at, "read_at": n.read_at,
    }  # fmt: skip


@router.get("", response=Page[NotificationOut], summary="Your notifications, newest first")
def inbox(request, filters: Query[InboxFilters]):
    rows = Notification.objects.for_user(request.user).order_by("-created_at", "-id")
    if filters.unread is True:
        rows = rows.unread()
    elif filters.unread is False:
        rows = rows.filter(read_at__isnull=False)
    page = paginate(rows, filters)
    page["items"] = [_out(n) for n in page["items"]]
    return page


@router.get("/unread-count", response=UnreadOut, summary="How many are unread")
def unread(request):
    return {"unread": unread_count(request.user)}


@router.post("/read-all", response=MarkedOut, summary="Mark every notification read")
def read_all(request):
    return {"marked": actions.mark_all_read(request.user)}


@router.get("/preferences", response=PreferenceOut, summary="How you are told by e-mail")
def get_preferences(request):
    current = actions.preference(request.user)
    return {"delivery": current.delivery, "language": current.language}


@router.put("/preferences", response=PreferenceOut, summary="Choose how you are told")
def put_preferences(request, data: PreferenceIn):
    saved = actions.set_preference(request.user, delivery=data.delivery, language=data.language)
    return {"delivery": saved.delivery, "language": saved.language}


@router.get("/{notification_id}", response=NotificationOut, summary="One notification")
def get_notification(request, notification_id: Id):
    return _out(get_notification_for(request.user, notification_id))


@router.post(
    "/{notification_id}/read", response=NotificationOut, summary="Mark a notification read"
)
def mark_read(request, notification_id: Id):
    notification = get_notification_for(request.user, notification_id)
    actions.mark_read(request.user, notification)
    return _out(notification)
