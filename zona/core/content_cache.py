"""Figures kept in Django's cache, keyed on the content they are made from (the dashboards,
the evaluation list's filter choices): `cached(name, asked, version, make)`.

The key is what was asked, a content version the caller computes with a few aggregate
queries (`aggregate`: count, highest id, latest change time of the rows the figures come
from, so a row added, removed or changed in bulk gives a new key), an edit counter raised by
every save or delete of the models the figures read (`bump`, connected by the dashboards app)
for edits in place that no aggregate sees, and the language. An entry is never invalidated,
only no longer asked for; entries expire after `ZONA_DASHBOARD_CACHE_SECONDS` (600 by
default). With a cache shared by every server (Redis, `REDIS_URL`) the edit counter is shared
too; with a per-process cache, an edit in place made through another process reaches this
one's figures when its entry expires.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.utils import translation

EDITS_KEY = "zona:dashboards:edits"
PREFIX = "zona:dashboards:v1:"


def timeout() -> int:
    return getattr(settings, "ZONA_DASHBOARD_CACHE_SECONDS", 600)


def bump(**_kwargs) -> None:
    """A signal receiver: some row the dashboards read was saved or deleted."""
    try:
        cache.incr(EDITS_KEY)
    except ValueError:  # not set yet (or expired): any new value is a new version
        cache.set(EDITS_KEY, 1, None)


def aggregate(queryset: QuerySet, **extra) -> tuple:
    values = queryset.order_by().aggregate(n=Count("pk"), last=Max("pk"), **extra)
    return tuple(str(values[k]) for k in sorted(values))


def cached(name: str, asked: Any, version: tuple, make: Callable[[], Any]) -> Any:
    """`make()`'s value for what was `asked` at this content `version`, from the cache when it
    is there."""
    edits = cache.get(EDITS_KEY, 0)
    raw = repr((name, asked, version, edits, translation.get_language()))
    key = PREFIX + name + ":" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, timeout())
    return value
