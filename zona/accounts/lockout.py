"""Lock a login name out after repeated failures, for a while, and say so.

Counted per login name (lower-cased) in the cache, so that guessing one account's password is
slow whatever address the guesses come from. The price is that someone can lock an account for
LOGIN_LOCKOUT_SECONDS by failing on purpose; the window is short and the owner can reset the
password by e-mail meanwhile.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache


def _key(login: str) -> str:
    return f"zona:login-failures:{login.strip().lower()}"


def seconds_locked(login: str) -> int:
    """0 when the login may be tried; otherwise how long the lockout still lasts."""
    state = cache.get(_key(login))
    if not state or state["count"] < settings.LOGIN_FAILURE_LIMIT:
        return 0
    return max(0, math.ceil(state["until"] - time.time()))


def record_failure(login: str) -> None:
    key = _key(login)
    state = cache.get(key) or {"count": 0, "until": 0}
    state["count"] += 1
    state["until"] = time.time() + settings.LOGIN_LOCKOUT_SECONDS
    cache.set(key, state, settings.LOGIN_LOCKOUT_SECONDS)


def clear(login: str) -> None:
    cache.delete(_key(login))
