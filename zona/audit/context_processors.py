from .access import may_read_audit


def navigation(request):
    """Whether the navigation bar offers the audit trail (evaluated only when rendered)."""
    user = getattr(request, "user", None)
    return {"may_read_audit": lambda: bool(user is not None and may_read_audit(user))}
