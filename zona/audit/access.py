"""Who may read the audit trail.

System administrators only. An audit event names its object by type and id, not by instansi,
so a coordinator's share of the trail cannot be selected safely in SQL; showing them a subset
computed per object type would risk leaking another instansi's events.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zona.orgs.access import reach

from .models import AuditEvent


def may_read_audit(user) -> bool:
    return bool(user.is_authenticated and reach(user).everything)


def audit_events_for(user) -> QuerySet[AuditEvent]:
    """Every audit event for a system administrator; 404 for anyone else."""
    if not may_read_audit(user):
        raise Http404
    return AuditEvent.objects.all()
