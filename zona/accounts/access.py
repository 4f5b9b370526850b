"""Who may see which people and grant which roles."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from zona.orgs.access import instansi_for, reach, units_for

from .models import INSTANSI_ROLES, UNIT_ROLES, Invitation, Role, RoleAssignment


def grantable_roles(user) -> list[Role]:
    """The roles a person may invite others into (within their scope)."""
    r = reach(user)
    if r.everything:
        return list(Role)
    if r.managed_instansi_ids:
        return [role for role in Role if role in UNIT_ROLES or role in INSTANSI_ROLES]
    return []


def may_grant(user, role: str, instansi, unit) -> bool:
    r = reach(user)
    if r.everything:
        return True
    if role not in grantable_roles(user):
        return False
    if role in UNIT_ROLES:
        return unit is not None and unit.instansi_id in r.managed_instansi_ids
    return instansi is not None and instansi.pk in r.managed_instansi_ids


def invitable_scopes(user) -> tuple[QuerySet, QuerySet]:
    """The instansi and units a person may invite others into."""
    r = reach(user)
    if r.everything:
        return instansi_for(user), units_for(user)
    return (
        instansi_for(user).filter(pk__in=r.managed_instansi_ids),
        units_for(user).filter(instansi_id__in=r.managed_instansi_ids),
    )


def _scope_filter(r, prefix: str = "") -> Q:
    return Q(**{f"{prefix}instansi_id__in": r.managed_instansi_ids}) | Q(
        **{f"{prefix}unit__instansi_id__in": r.managed_instansi_ids}
    )


def people_for(user) -> QuerySet:
    """People whose roles lie within the person's management reach."""
    r = reach(user)
    users = get_user_model()._default_manager.all()
    if r.everything:
        return users
    if not r.managed_instansi_ids:
        return users.none()
    return users.filter(pk__in=RoleAssignment.objects.filter(_scope_filter(r)).values("user"))


def role_assignments_for(user) -> QuerySet[RoleAssignment]:
    r = reach(user)
    rows = RoleAssignment.objects.select_related("user", "instansi", "unit")
    if r.everything:
        return rows
    return rows.filter(_scope_filter(r)) if r.managed_instansi_ids else rows.none()


def get_role_assignment_for(user, pk: int) -> RoleAssignment:
    found = role_assignments_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def invitations_for(user) -> QuerySet[Invitation]:
    r = reach(user)
    rows = Invitation.objects.select_related("instansi", "unit", "invited_by")
    if r.everything:
        return rows
    return rows.filter(_scope_filter(r)) if r.managed_instansi_ids else rows.none()


def get_invitation_for(user, pk: int) -> Invitation:
    found = invitations_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def may_manage_people(user) -> bool:
    r = reach(user)
    return r.everything or bool(r.managed_instansi_ids)
