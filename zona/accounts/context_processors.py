from .access import may_manage_people


def navigation(request):
    """What the navigation bar may offer this person (computed lazily, once per request)."""
    user = getattr(request, "user", None)
    return {
        "may_manage_people": (
            lambda: bool(user and user.is_authenticated and may_manage_people(user))
        )
    }
