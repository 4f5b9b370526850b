"""`record()`: the one way to write the audit trail, called by actions inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent

SYSTEM = "sistem"  # the actor of management commands and other unattended changes


def record(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEvent:
    return record_about(
        actor,
        action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj),
        before=before,
        after=after,
        note=note,
    )


def record_about(
    actor: Any,
    action: str,
    *,
    object_type: str,
    object_id: str,
    object_label: str,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEvent:
    """An event about something that is not a row, e.g. a refused sign-in for an e-mail address
    that belongs to no account (object_type names what it is about, e.g. "accounts.signin")."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user else SYSTEM,
        action=action,
        object_type=object_type[:64],
        object_id=str(object_id)[:64],
        object_label=str(object_label)[:255],
        before=before,
        after=after,
        note=note,
    )
