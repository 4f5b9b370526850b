"""Creating and revoking personal API tokens: permission, write and audit trail together."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.log import record

from . import tokens
from .models import ApiToken


def create_token(actor, name: str, expires_at: datetime) -> tuple[ApiToken, str]:
    """A new token of `actor`; returns the row and the full token, which is never shown again."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name, e.g. the script that uses it."))
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError(_("The expiry date must be in the future."))
    if expires_at > now + tokens.MAX_LIFETIME:
        raise ValidationError(_("A token is valid for at most one year."))
    prefix, secret = tokens.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name[:100], prefix=prefix, secret_sha256=tokens.digest(secret),
            created_at=now, expires_at=expires_at,
        )  # fmt: skip
        record(
            actor, "api_token.created", token,
            after={"name": token.name, "prefix": prefix, "expires_at": expires_at.isoformat()},
        )  # fmt: skip
    return token, tokens.compose(prefix, secret)


def revoke_token(actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens (it answers 401 from now on)."""
    if token.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(actor, "api_token.revoked", locked, before={"revoked_at": None},
               after={"revoked_at": locked.revoked_at.isoformat()})  # fmt: skip
    return locked
