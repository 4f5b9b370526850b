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
from .models import Invitation, Role, RoleAssignment


class InvitationError(ValueError):
    """The invitation cannot be used (accepted, revoked or expired)."""


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


def grant_role(actor, user, role: str, instansi=None, unit=None) -> tuple[RoleAssignment, bool]:
    """Give an existing account a role directly (a bulk import matched the person by e-mail);
    (assignment, created). Holding it already changes nothing and records nothing."""
    if not may_grant(actor, role, instansi, unit):
        raise PermissionDenied
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, instansi=instansi, unit=unit, defaults={"granted_by": actor}
        )
        if created:
            record(
                actor, "role.granted", assignment,
                after={**role_summary(role, instansi, unit), "user": user.pk},
            )  # fmt: skip
    return assignment, created


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
    "deliver_invitation",
    "grant_role",
    "grantable_roles",
    "invite",
    "revoke_invitation",
    "revoke_role",
]
