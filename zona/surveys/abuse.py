"""Limiting abuse of the public form without identifying anyone.

- **Rate limit per source**: the source (the client address, or the configured proxy header) is
  hashed with a secret salt that changes every day, and only the hash is used, as a key of the
  Django cache with a counter that expires. Nothing of it is written to the database, and the
  hash of yesterday cannot be linked to today's. Limit: `SURVEY_RATE_LIMIT` answers per
  `SURVEY_RATE_WINDOW` seconds per source and survey (generous: a tablet at a service counter
  is one source for many respondents). With several server processes, configure a shared
  cache (e.g. Redis) so that the count is shared too.
- **Duplicate suppression**: each rendering of the form carries a random nonce; a second POST
  with the same nonce (a double tap, a resent form) is answered with the thank-you page and
  not stored again.
- **Resubmission of the same filled form**: pressing Back on the thank-you page reloads the form
  with a fresh nonce while the browser keeps the answers, so the nonce alone cannot see it. The
  filled sheet (answers, profile, suggestion) is hashed together with the day's source hash, and
  the hash kept in the cache for `SURVEY_RESUBMIT_WINDOW` seconds (300); the same sheet from the
  same source within it is thanked and not stored again. Only a keyed hash is kept, in the cache.
- **Honeypot**: a field hidden from people; a bot that fills it is thanked and ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

HONEYPOT = "website"
NONCE_FIELD = "nonce"
_NONCE = re.compile(r"^[0-9a-f]{32}$")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def source_of(request) -> str:
    """The client's address as the server sees it, or, behind a reverse proxy, the one the proxy
    recorded in the header named by SURVEY_SOURCE_HEADER (e.g. 'HTTP_X_FORWARDED_FOR').

    The proxy appends the address it saw to whatever the client sent, so only the LAST entry is
    trustworthy: taking the first would let a client pick a new "address" for every answer."""
    header = getattr(settings, "SURVEY_SOURCE_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _source_key(source: str, survey_code: str) -> str:
    salt = f"{settings.SECRET_KEY}:survey-rate:{timezone.localdate().isoformat()}"
    digest = hmac.new(salt.encode(), f"{source}|{survey_code}".encode(), hashlib.sha256)
    return "zs:rate:" + digest.hexdigest()[:32]


def over_rate_limit(request, survey_code: str) -> bool:
    """Count this attempt; True when the source has used up its answers for the window."""
    limit = _setting("SURVEY_RATE_LIMIT", 60)
    window = _setting("SURVEY_RATE_WINDOW", 600)
    key = _source_key(source_of(request), survey_code)
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def new_nonce() -> str:
    return secrets.token_hex(16)


def is_duplicate(survey_code: str, nonce: str) -> bool:
    """True when this form (nonce) was already submitted; otherwise remember it."""
    if not _NONCE.match(nonce or ""):
        return False
    window = _setting("SURVEY_DUPLICATE_WINDOW", 3600)
    return not cache.add(f"zs:nonce:{survey_code}:{nonce}", 1, timeout=window)


def forget_nonce(survey_code: str, nonce: str) -> None:
    """The submission failed (e.g. invalid answers): the same form may be sent again."""
    if _NONCE.match(nonce or ""):
        cache.delete(f"zs:nonce:{survey_code}:{nonce}")


def _sheet_key(request, survey_code: str, sheet: dict) -> str:
    filled = json.dumps(sheet, sort_keys=True, ensure_ascii=False)
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{_source_key(source_of(request), survey_code)}|{filled}".encode(),
        hashlib.sha256,
    )
    return "zs:sheet:" + digest.hexdigest()[:32]


def is_resubmission(request, survey_code: str, sheet: dict) -> bool:
    """True when the same source sent this same filled sheet within the window; otherwise
    remember it."""
    window = _setting("SURVEY_RESUBMIT_WINDOW", 300)
    if window <= 0:
        return False
    return not cache.add(_sheet_key(request, survey_code, sheet), 1, timeout=window)


def forget_sheet(request, survey_code: str, sheet: dict) -> None:
    """The submission failed: the same sheet may be sent again once corrected."""
    cache.delete(_sheet_key(request, survey_code, sheet))


def is_bot(data) -> bool:
    return bool((data.get(HONEYPOT) or "").strip())
