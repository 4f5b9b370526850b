"""State changes of people and roles. Each checks permission, runs in a transaction and is
audited."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.log import record

from .access import grantable_roles, may_grant
from .models import INSTANSI_ROLES, UNIT_ROLES, Invitation, Role, RoleAssignment


class InvitationError(ValueError):
    """The invitation cannot be used (accepted, revoked or expired)."""


class RoleError(ValueError):
    """A role that cannot be granted as asked; the message says why."""


def role_summary(role: str, instansi, unit) -> dict:
    return {
        "role": role,
        "instansi": instansi.pk if instansi else None,
        "unit": unit.pk if unit else None,
    }


def invite(
    actor,
    *,
    email: str,
    full_name: str,
    role: str,
    instansi=None,
    unit=None,
    base_url: str,
    send: bool = True,
) -> tuple[Invitation, str]:
    """Invite a person into a role by e-mail; returns (invitation, the link sent).

    send=False: the invitation is recorded but not mailed; the caller queues
    `deliver_invitation` after its transaction commits (a bulk import does)."""
    if not may_grant(actor, role, instansi, unit):
        raise PermissionDenied
    token, token_hash = Invitation.new_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.strip().lower(),
            full_name=full_name.strip(),
            role=role,
            instansi=instansi,
            unit=unit,
            token_hash=token_hash,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        )
        record(
            actor,
            "invitation.sent",
            invitation,
            after={"email": invitation.email, **role_summary(role, instansi, unit)},
        )
    link = base_url.rstrip("/") + reverse("accounts:accept", args=[token])
    if send:
        _mail_invitation(invitation, link, actor)
    return invitation, link


def deliver_invitation(invitation_id: int, base_url: str) -> bool:
    """Mail a pending invitation recorded without sending (send=False), with a fresh link:
    only the token's hash is stored, so the link is made here. False when it is no longer
    pending (accepted, revoked, expired, deleted): nothing is sent."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",)).select_related("invited_by")
            .filter(pk=invitation_id).first()
        )  # fmt: skip
        if invitation is None or invitation.status != "pending":
            return False
        token, invitation.token_hash = Invitation.new_token()
        invitation.save(update_fields=["token_hash"])
    link = base_url.rstrip("/") + reverse("accounts:accept", args=[token])
    _mail_invitation(invitation, link, invitation.invited_by)
    return True


def _mail_invitation(invitation: Invitation, link: str, actor) -> None:
    context = {
        "invitation": invitation,
        "link": link,
        "actor": actor,
        "days": settings.INVITATION_DAYS,
    }
    send_mail(
        subject=_("Invitation to Zona"),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def _grant_from(invitation: Invitation, user) -> RoleAssignment:
    """Inside the caller's transaction: the role, the invitation marked accepted, the trail."""
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=invitation.role,
        instansi=invitation.instansi,
        unit=invitation.unit,
        defaults={"granted_by": invitation.invited_by},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(user, "invitation.accepted", invitation, after={"user": user.pk})
    record(
        invitation.invited_by,
        "role.granted",
        assignment,
        after=role_summary(invitation.role, invitation.instansi, invitation.unit),
        note=_("through an invitation"),
    )
    return assignment


def accept_invitation(invitation: Invitation, *, username: str, password_form) -> object:
    """Create the invited person's account with the chosen username and password."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise InvitationError(invitation.status)
        user_model = get_user_model()
        first, _sep, last = invitation.full_name.partition(" ")
        user = user_model(
            username=username, email=invitation.email, first_name=first, last_name=last
        )
        password_form.user = user
        password_form.save()  # sets the password and saves the user
        _grant_from(invitation, user)
    return user


def accept_invitation_as(user, invitation: Invitation) -> RoleAssignment:
    """Give the invited role to an existing account (the invitation went to its address)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise InvitationError(invitation.status)
        if user.email.lower() != invitation.email:
            raise PermissionDenied
        assignment = _grant_from(invitation, user)
    return assignment


def revoke_invitation(actor, invitation: Invitation) -> None:
    if not may_grant(actor, invitation.role, invitation.instansi, invitation.unit):
        raise PermissionDenied
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise InvitationError(invitation.status)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(actor, "invitation.revoked", invitation)


def check_scope(role: str, instansi, unit) -> None:
    """RoleError unless the scope is the kind the role is held for."""
    if role not in Role.values:
        raise RoleError(_("Unknown role."))
    if role in UNIT_ROLES:
        if unit is None or instansi is not None:
            raise RoleError(_("This role is held for a unit: give the unit, not an instansi."))
    elif role in INSTANSI_ROLES:
        if instansi is None or unit is not None:
            raise RoleError(_("This role is held for an instansi: give the instansi, not a unit."))
    elif instansi is not None or unit is not None:
        raise RoleError(_("This role is national: give neither an instansi nor a unit."))


def grant_role(actor, user, role: str, *, instansi=None, unit=None) -> RoleAssignment:
    """Give an existing account a role with its scope (a unit for the unit roles, an instansi
    for the instansi roles, none for the national ones), as the invitation does once accepted.
    The same permission as inviting: the coordinator within their instansi, the administrator
    anywhere."""
    check_scope(role, instansi, unit)
    if not may_grant(actor, role, instansi, unit):
        raise PermissionDenied
    if not user.is_active:
        raise RoleError(_("This account is disabled; a role cannot be granted to it."))
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, instansi=instansi, unit=unit, defaults={"granted_by": actor}
        )
        if not created:
            raise RoleError(_("This person already holds this role with this scope."))
        record(
            actor, "role.granted", assignment,
            after={**role_summary(role, instansi, unit), "user": user.pk},
        )  # fmt: skip
    return assignment


def revoke_role(actor, assignment: RoleAssignment) -> None:
    if not may_grant(actor, assignment.role, assignment.instansi, assignment.unit):
        raise PermissionDenied
    if assignment.user_id == actor.pk and assignment.role == Role.SYSADMIN:
        raise PermissionDenied  # nobody removes their own administration by accident
    with transaction.atomic():
        before = role_summary(assignment.role, assignment.instansi, assignment.unit)
        record(actor, "role.revoked", assignment, before={**before, "user": assignment.user_id})
        assignment.delete()


__all__ = [
    "accept_invitation",
    "check_scope",
    "deliver_invitation",
    "grant_role",
    "grantable_roles",
    "invite",
    "revoke_invitation",
    "revoke_role",
]
