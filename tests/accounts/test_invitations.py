"""Inviting people into roles and accepting an invitation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from zona.accounts.models import Invitation, Role, RoleAssignment
from zona.audit.models import AuditEvent


def invite(client, **data):
    return client.post(reverse("accounts:invite"), data)


def link_in(message) -> str:
    return re.search(r"http://testserver(/undangan/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_coordinator_invites_and_person_accepts(client, world):
    client.force_login(world.users["coordinator_a"])
    response = invite(
        client,
        email="Sari@Example.test",
        full_name="Sari Wulandari",
        role=Role.UNIT_MEMBER,
        unit=world.a2.pk,
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "sari@example.test" and invitation.status == "pending"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sari@example.test"]
    link = link_in(mail.outbox[0])
    assert invitation.token_hash not in mail.outbox[0].body  # only the hash is stored

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Unit A2" in page.content.decode()
    accepted = client.post(
        link,
        {
            "username": "sari",
            "new_password1": "Sandi-Kuat-2026",
            "new_password2": "Sandi-Kuat-2026",
        },
    )
    assert accepted.status_code == 302 and accepted["Location"] == reverse("home")
    role = RoleAssignment.objects.get(user__username="sari")
    assert (role.role, role.unit) == (Role.UNIT_MEMBER, world.a2)
    assert role.user.first_name == "Sari" and role.user.last_name == "Wulandari"
    # Signed in, and sees the unit on the home page.
    assert "Unit A2" in client.get(reverse("home")).content.decode()
    # The link works once.
    assert client.get(link).status_code == 410
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"invitation.sent", "invitation.accepted", "role.granted"} <= actions


@pytest.mark.django_db
def test_coordinator_cannot_invite_outside_their_instansi(client, world):
    client.force_login(world.users["coordinator_a"])
    response = invite(
        client, email="x@example.test", full_name="X", role=Role.UNIT_MEMBER, unit=world.b1.pk
    )
    assert response.status_code == 200
    assert "Pilih" in response.content.decode()  # B1 is not a valid choice for them
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_coordinator_cannot_grant_national_roles(client, world):
    client.force_login(world.users["coordinator_a"])
    response = invite(client, email="x@example.test", full_name="X", role=Role.SYSADMIN)
    assert response.status_code == 200 and not Invitation.objects.exists()


@pytest.mark.django_db
def test_scope_must_match_the_role(client, world):
    client.force_login(world.users["sysadmin"])
    response = invite(client, email="x@example.test", full_name="X", role=Role.UNIT_LEAD)
    assert "Pilih unit untuk peran ini" in response.content.decode()
    response = invite(client, email="x@example.test", full_name="X", role=Role.TPI_LEAD)
    assert "Pilih instansi untuk peran ini" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_expired_and_revoked_invitations_are_refused(client, world):
    client.force_login(world.users["sysadmin"])
    invite(client, email="a@example.test", full_name="A", role=Role.TPN_EVALUATOR)
    invite(client, email="b@example.test", full_name="B", role=Role.TPN_EVALUATOR)
    first, second = Invitation.objects.order_by("created_at")
    links = [link_in(m) for m in mail.outbox]
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(reverse("accounts:revoke_invitation", args=[second.pk])).status_code == 302
    client.logout()
    expired = client.get(links[0])
    assert expired.status_code == 410 and "kedaluwarsa" in expired.content.decode()
    revoked = client.get(links[1])
    assert revoked.status_code == 410 and "dicabut" in revoked.content.decode()


@pytest.mark.django_db
def test_username_must_be_free(client, world):
    client.force_login(world.users["sysadmin"])
    invite(client, email="c@example.test", full_name="C", role=Role.TPN_EVALUATOR)
    client.logout()
    page = client.post(
        link_in(mail.outbox[0]),
        {
            "username": "Member_A1",
            "new_password1": "Sandi-Kuat-2026",
            "new_password2": "Sandi-Kuat-2026",
        },
    )
    assert page.status_code == 200 and "sudah dipakai" in page.content.decode()
    assert Invitation.objects.get().status == "pending"


@pytest.mark.django_db
def test_coordinator_removes_a_role_in_scope_only(client, world):
    client.force_login(world.users["coordinator_a"])
    member_role = world.users["member_a1"].roles.get()
    response = client.post(reverse("accounts:revoke_role", args=[member_role.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=member_role.pk).exists()
    tpn_role = world.users["tpn"].roles.get()
    assert client.post(reverse("accounts:revoke_role", args=[tpn_role.pk])).status_code == 404


@pytest.mark.django_db
def test_people_page_lists_only_the_coordinators_reach(client, world):
    client.force_login(world.users["coordinator_a"])
    page = client.get(reverse("accounts:people")).content.decode()
    assert "member_a1" in page and "tpi_a" in page
    assert "tpn@example.test" not in page and "sysadmin@example.test" not in page


@pytest.mark.django_db
def test_existing_account_takes_the_role_after_logging_in(client, world):
    client.force_login(world.users["coordinator_a"])
    invite(
        client, email="TPI_A@example.test", full_name="T", role=Role.LEADERSHIP, instansi=world.a.pk
    )
    link = link_in(mail.outbox[0])
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "sudah ada" in page.content.decode()
    # No second account can be made for the same address.
    client.post(
        link,
        {
            "username": "tpi2",
            "new_password1": "Sandi-Kuat-2026",
            "new_password2": "Sandi-Kuat-2026",
        },
    )
    assert not get_user_model().objects.filter(username="tpi2").exists()
    client.force_login(world.users["tpi_a"])
    assert client.post(link).status_code == 302
    roles = set(world.users["tpi_a"].roles.values_list("role", flat=True))
    assert roles == {Role.TPI_EVALUATOR, Role.LEADERSHIP}
    assert Invitation.objects.get().status == "accepted"


@pytest.mark.django_db
def test_another_signed_in_account_cannot_take_the_role(client, world):
    client.force_login(world.users["coordinator_a"])
    invite(
        client, email="tpi_a@example.test", full_name="T", role=Role.LEADERSHIP, instansi=world.a.pk
    )
    link = link_in(mail.outbox[0])
    client.force_login(world.users["member_a1"])
    page = client.post(link)
    assert page.status_code == 200 and "akun lain" in page.content.decode()
    assert not world.users["member_a1"].roles.filter(role=Role.LEADERSHIP).exists()
    assert Invitation.objects.get().status == "pending"
