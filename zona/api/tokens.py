"""Personal API tokens: `zona_<prefix>_<secret>`. The prefix finds the row; the secret is
compared by its SHA-256 in constant time. Nothing here writes the audit trail (see actions)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken

SCHEME = "zona"
MAX_LIFETIME = timedelta(days=366)  # "at most a year", leap years included
# last_used_at is a hint for the owner, not an access log: one write a minute at most.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def new_secret() -> tuple[str, str]:
    """(prefix, secret) of a new token: 8 hex characters and 32 random bytes (base64url)."""
    return secrets.token_hex(4), secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def compose(prefix: str, secret: str) -> str:
    return f"{SCHEME}_{prefix}_{secret}"


@dataclass(frozen=True)
class Verdict:
    token: ApiToken | None
    problem: str = ""  # "", "invalid", "expired", "revoked", "inactive_user"


def verify(raw: str) -> Verdict:
    """The token a bearer string names, or why it does not authenticate."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or not parts[1] or not parts[2]:
        return Verdict(None, "invalid")
    _scheme, prefix, secret = parts
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_sha256, digest(secret)):
        return Verdict(None, "invalid")
    if token.revoked_at is not None:
        return Verdict(None, "revoked")
    if token.is_expired:
        return Verdict(None, "expired")
    if not token.user.is_active:
        return Verdict(None, "inactive_user")
    touch(token)
    return Verdict(token)


def touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
