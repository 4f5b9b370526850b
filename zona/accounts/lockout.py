"""Lock an account out after repeated failed logins, for a while, and say so.

Failures are counted per account once the typed name resolves to one (`auth.find_account`:
username or e-mail, NFKC + case folding, the same rule the sign-in uses), so that the username,
the e-mail address and any spelling that folds to the same name share one counter. A name that
resolves to no account is counted under its normalised text. Keys hold a hash of that text, never
the raw input. With Redis (REDIS_URL) the count is shared by every app server and increased
atomically (INCR): parallel guesses cannot slip under the limit.
The price is that someone can lock an account for LOGIN_LOCKOUT_SECONDS by failing on purpose;
the window is short and the owner can reset the password by e-mail meanwhile.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from .auth import find_account, normalise_login


def subject(login: str) -> str:
    """What the failures of this typed name are counted against."""
    user = find_account(login)
    if user is not None:
        return f"account:{user.pk}"
    return "name:" + hashlib.sha256(normalise_login(login).encode()).hexdigest()


def _keys(login: str) -> tuple[str, str]:
    who = subject(login)
    return f"zona:login-failures:{who}", f"zona:login-failures-until:{who}"


def seconds_locked(login: str) -> int:
    """0 when the login may be tried; otherwise how long the lockout still lasts."""
    count_key, until_key = _keys(login)
    if (cache.get(count_key) or 0) < settings.LOGIN_FAILURE_LIMIT:
        return 0
    return max(0, math.ceil((cache.get(until_key) or 0) - time.time()))


def record_failure(login: str) -> None:
    count_key, until_key = _keys(login)
    window = settings.LOGIN_LOCKOUT_SECONDS
    cache.add(count_key, 0, window)
    try:
        cache.incr(count_key)
    except ValueError:  # expired between add() and incr(): this failure starts a new window
        cache.set(count_key, 1, window)
    cache.touch(count_key, window)  # every failure extends the window, as before
    cache.set(until_key, time.time() + window, window)


def clear(login: str) -> None:
    cache.delete_many(_keys(login))
