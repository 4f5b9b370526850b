"""Who may see a notification: its recipient, nobody else (404 for everyone else)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404

from .models import Notification

# The navigation shows the unread count on every page; it is kept in the cache, counted when
# the person logs in and dropped whenever it changes, so pages cost no extra query. In a cache
# every server shares (Redis) it stays right for a day; a per-process cache (several workers
# without Redis) can miss another worker's change, so there it is counted again every minute.


def _unread_seconds() -> int:
    shared = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    return 24 * 60 * 60 if shared else 60


def get_notification_for(user, pk: int) -> Notification:
    found = Notification.objects.for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _unread_key(user) -> str:
    # With the account's creation time: a reused id (a restored database, the tests' SQLite)
    # never reads another person's count.
    return f"zona:notifications:unread:{user.pk}:{user.date_joined.timestamp()}"


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        cache.set(key, count, _unread_seconds())
    return count


def forget_unread(*users) -> None:
    cache.delete_many([_unread_key(user) for user in users])


def count_on_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: the count is ready before the first page."""
    forget_unread(user)
    unread_count(user)
