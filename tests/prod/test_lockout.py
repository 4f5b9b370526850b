"""Login lockout counters in a shared cache: every failure counts, even in parallel."""

from __future__ import annotations

import threading

from django.core.cache import cache

from zona.accounts import lockout


def test_lockout_counts_every_failure_under_concurrency(db, settings):
    """Failures counted by incr(): no read-modify-write that parallel guesses could race."""
    cache.clear()
    settings.LOGIN_FAILURE_LIMIT = 40
    threads = [threading.Thread(target=lockout.record_failure, args=("Budi",)) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get(f"zona:login-failures:{lockout.subject('budi')}") == 40
    assert 0 < lockout.seconds_locked("budi") <= settings.LOGIN_LOCKOUT_SECONDS
    lockout.clear("BUDI")
    assert lockout.seconds_locked("budi") == 0
