"""Lock a login name out after repeated failures, for a while, and say so.

Counted per login name (lower-cased) in the cache, so that guessing one account's password is
slow whatever address the guesses come from. With Redis (REDIS_URL) the count is shared by
every app server and increased atomically (INCR): parallel guesses cannot slip under the limit.
The price is that someone can lock an account for LOGIN_LOCKOUT_SECONDS by failing on purpose;
the window is short and the owner can reset the password by e-mail meanwhile.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache


def _keys(login: str) -> tuple[str, str]:
    name = login.strip().lower()
    return f"zona:login-failures:{name}", f"zona:login-failures-until:{name}"


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
