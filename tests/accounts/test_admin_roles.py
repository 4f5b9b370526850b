"""Role changes made in Django's admin are in Zona's audit trail too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zona.accounts.models import Role, RoleAssignment
from zona.audit.models import AuditEvent

WHEN = {"granted_at_0": "2026-11-24", "granted_at_1": "10:00:00"}


@pytest.fixture
def admin_client(client, world):
    admin = world.users["sysadmin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_grant_change_and_revoke_are_audited(admin_client, world):
    norole = world.users["norole"]
    response = admin_client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": norole.pk, "role": Role.UNIT_MEMBER, "unit": world.a2.pk, **WHEN},
    )
    assert response.status_code == 302, response.content[:2000]
    assignment = RoleAssignment.objects.get(user=norole)
    assert assignment.granted_by == world.users["sysadmin"]
    (granted,) = events("role.granted")
    assert granted.after == {"role": "unit_member", "instansi": None, "unit": world.a2.pk,
                             "user": norole.pk}  # fmt: skip
    assert granted.actor == world.users["sysadmin"] and granted.note == "admin"

    admin_client.post(
        reverse("admin:accounts_roleassignment_change", args=[assignment.pk]),
        {"user": norole.pk, "role": Role.UNIT_LEAD, "unit": world.a2.pk, **WHEN},
    )
    (changed,) = events("role.changed")
    assert (changed.before["role"], changed.after["role"]) == ("unit_member", "unit_lead")

    admin_client.post(
        reverse("admin:accounts_roleassignment_delete", args=[assignment.pk]), {"post": "yes"}
    )
    (revoked,) = events("role.revoked")
    assert revoked.before["role"] == "unit_lead"
    assert not RoleAssignment.objects.filter(user=norole).exists()
