"""People and their roles within the caller's management reach (`zona.accounts.access`): the
instansi coordinator sees the people holding a role in their instansi (or its units), the
administrator everyone; anyone else sees nobody, as the People screen. Granting and revoking
a role go through `zona.accounts.actions` with the invitation's rule: the coordinator within
the instansi (its unit and instansi roles), the administrator any role."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zona.accounts import actions
from zona.accounts.access import (
    get_invitation_for,
    get_role_assignment_for,
    grantable_roles,
    invitations_for,
    people_for,
    role_assignments_for,
)
from zona.accounts.models import Invitation, Role, RoleAssignment
from zona.core.people import display_name
from zona.orgs.access import get_instansi_for, get_unit_for

from ..pagination import Page, PageParams, paginate
from ..types import Id, ObjectIn, Search, text

router = Router(tags=["people"])


class RoleOut(Schema):
    id: int
    person_id: int
    person: str = Field(description="The person's name.")
    role: Role
    role_label: str
    instansi_id: int | None
    unit_id: int | None
    scope: str = Field(description="The unit's or instansi's name, or national.")
    granted_at: datetime
    granted_by: str | None = Field(description="The person's name.")


class PersonRoleOut(Schema):
    id: int
    role: Role
    role_label: str
    instansi_id: int | None
    unit_id: int | None
    scope: str


class PersonOut(Schema):
    id: int
    name: str
    email: str
    active: bool
    last_login: datetime | None
    roles: list[PersonRoleOut] = Field(description="The roles within the caller's reach.")


class PeopleFilters(PageParams):
    q: Search | None = Field(None, description="Part of the name or the e-mail.")
    role: Role | None = None
    instansi: Id | None = None
    unit: Id | None = None


class RoleFilters(PageParams):
    person: Id | None = None
    role: Role | None = None
    instansi: Id | None = None
    unit: Id | None = None


class GrantIn(ObjectIn):
    person_id: Id
    role: Role
    instansi_id: Id | None = Field(None, description="For the instansi roles.")
    unit_id: Id | None = Field(None, description="For the unit roles.")


class GrantableOut(Schema):
    roles: list[Role] = Field(description="The roles the caller may grant (within their scope).")


def _scope(a: RoleAssignment) -> str:
    return str(a.unit or a.instansi or _national())


def _national() -> str:
    return _("national")


def _person_role(a: RoleAssignment) -> dict:
    return {
        "id": a.pk, "role": a.role, "role_label": a.get_role_display(),
        "instansi_id": a.instansi_id, "unit_id": a.unit_id, "scope": _scope(a),
    }  # fmt: skip


def _role_out(a: RoleAssignment) -> dict:
    return {
        **_person_role(a), "person_id": a.user_id, "person": display_name(a.user),
        "granted_at": a.granted_at, "granted_by": display_name(a.granted_by, None),
    }  # fmt: skip


def _person_out(user) -> dict:
    return {
        "id": user.pk, "name": display_name(user), "email": user.email,
        "active": user.is_active, "last_login": user.last_login,
        "roles": [_person_role(a) for a in user.reachable_roles],
    }  # fmt: skip


def _people(caller):
    roles = role_assignments_for(caller).order_by("role", "pk")
    return people_for(caller).prefetch_related(
        Prefetch("roles", queryset=roles, to_attr="reachable_roles")
    )


@router.get("/people", response=Page[PersonOut], summary="People within your reach")
def list_people(request, filters: Query[PeopleFilters]):
    rows = _people(request.user).order_by("last_name", "first_name", "username", "pk")
    if filters.q:
        rows = rows.filter(
            Q(first_name__icontains=filters.q) | Q(last_name__icontains=filters.q)
            | Q(email__icontains=filters.q)
        )  # fmt: skip
    held = role_assignments_for(request.user)
    narrowed = False
    for field, value in (
        ("role", filters.role), ("instansi_id", filters.instansi), ("unit_id", filters.unit)
    ):  # fmt: skip
        if value is not None:
            held, narrowed = held.filter(**{field: value}), True
    if narrowed:
        rows = rows.filter(pk__in=held.values("user_id"))
    page = paginate(rows, filters)
    page["items"] = [_person_out(u) for u in page["items"]]
    return page


@router.get("/people/{person_id}", response=PersonOut, summary="One person")
def get_person(request, person_id: Id):
    found = _people(request.user).filter(pk=person_id).first()
    if found is None:
        raise Http404
    return _person_out(found)


@router.get("/roles", response=Page[RoleOut], summary="Roles within your reach")
def list_roles(request, filters: Query[RoleFilters]):
    rows = role_assignments_for(request.user).select_related("granted_by")
    for field, value in (
        ("user_id", filters.person), ("role", filters.role), ("instansi_id", filters.instansi),
        ("unit_id", filters.unit),
    ):  # fmt: skip
        if value is not None:
            rows = rows.filter(**{field: value})
    rows = rows.order_by("user__last_name", "user__first_name", "user__username", "role", "pk")
    page = paginate(rows, filters)
    page["items"] = [_role_out(a) for a in page["items"]]
    return page


@router.get("/roles/grantable", response=GrantableOut, summary="The roles you may grant")
def list_grantable(request):
    return {"roles": grantable_roles(request.user)}


@router.post("/roles", response={201: RoleOut}, summary="Grant a role to a person")
def grant_role(request, data: GrantIn):
    """The person, the unit and the instansi must be within your reach (404 otherwise); a role
    you may not grant there answers 403; the wrong scope for the role, or a role already
    held, 409 `refused`."""
    person = people_for(request.user).filter(pk=data.person_id).first()
    if person is None:
        raise Http404
    instansi = get_instansi_for(request.user, data.instansi_id) if data.instansi_id else None
    unit = get_unit_for(request.user, data.unit_id) if data.unit_id else None
    granted = actions.grant_role(request.user, person, data.role, instansi=instansi, unit=unit)
    return Status(201, _role_out(get_role_assignment_for(request.user, granted.pk)))


# --- invitations (a person without an account yet) --------------------------------------------
class InvitationOut(Schema):
    id: int
    email: str
    full_name: str
    role: Role
    role_label: str
    instansi_id: int | None
    unit_id: int | None
    scope: str
    status: Literal["pending", "accepted", "revoked", "expired"]
    created_at: datetime
    expires_at: datetime
    invited_by: str | None = Field(description="The person's name.")


class InvitationIn(ObjectIn):
    email: text(254, min_length=1)
    full_name: text(150) = ""
    role: Role
    instansi_id: Id | None = Field(None, description="For the instansi roles.")
    unit_id: Id | None = Field(None, description="For the unit roles.")


class InvitationFilters(PageParams):
    status: Literal["pending", "accepted", "revoked", "expired"] | None = None


def _invitation_out(i: Invitation) -> dict:
    return {
        "id": i.pk, "email": i.email, "full_name": i.full_name, "role": i.role,
        "role_label": i.get_role_display(), "instansi_id": i.instansi_id, "unit_id": i.unit_id,
        "scope": str(i.unit or i.instansi or _national()), "status": i.status,
        "created_at": i.created_at, "expires_at": i.expires_at,
        "invited_by": display_name(i.invited_by, None),
    }  # fmt: skip


@router.get("/invitations", response=Page[InvitationOut], summary="Invitations within reach")
def list_invitations(request, filters: Query[InvitationFilters]):
    rows = invitations_for(request.user).order_by("-created_at", "-pk")
    now = timezone.now()
    if filters.status == "pending":
        rows = rows.pending()
    elif filters.status == "accepted":
        rows = rows.filter(accepted_at__isnull=False)
    elif filters.status == "revoked":
        rows = rows.filter(revoked_at__isnull=False)
    elif filters.status == "expired":
        rows = rows.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    page = paginate(rows, filters)
    page["items"] = [_invitation_out(i) for i in page["items"]]
    return page


@router.post(
    "/invitations", response={201: InvitationOut},
    summary="Invite a person by e-mail into a role (the link is e-mailed, never answered)",
)  # fmt: skip
def invite(request, data: InvitationIn):
    """As the screen's invitation: a role you may not grant there answers 403; the unit or
    instansi outside your reach 404."""
    try:
        validate_email(data.email.strip())
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}) from None
    instansi = get_instansi_for(request.user, data.instansi_id) if data.instansi_id else None
    unit = get_unit_for(request.user, data.unit_id) if data.unit_id else None
    actions.check_scope(data.role, instansi, unit)
    invitation, _link = actions.invite(
        request.user, email=data.email.strip(), full_name=data.full_name, role=data.role,
        instansi=instansi, unit=unit, base_url=request.build_absolute_uri("/"),
    )  # fmt: skip
    return Status(201, _invitation_out(get_invitation_for(request.user, invitation.pk)))


@router.delete(
    "/invitations/{invitation_id}", response={204: None}, summary="Revoke a pending invitation"
)
def revoke_invitation(request, invitation_id: Id):
    """409 `refused` once it was accepted, revoked or expired."""
    invitation = get_invitation_for(request.user, invitation_id)
    try:
        actions.revoke_invitation(request.user, invitation)
    except actions.InvitationError:
        raise actions.RoleError(_("This invitation can no longer be revoked.")) from None
    return Status(204, None)


@router.delete("/roles/{role_id}", response={204: None}, summary="Revoke a role")
def revoke_role(request, role_id: Id):
    actions.revoke_role(request.user, get_role_assignment_for(request.user, role_id))
    return Status(204, None)
