from .access import unread_count


def navigation(request):
    """The unread count beside "Notifications" (looked up only when a page shows it)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": lambda: unread_count(user) if user is not None else 0}
