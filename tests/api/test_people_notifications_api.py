"""/api/v1/people and /api/v1/roles (the People screen's reach; granting and revoking through
the accounts actions), and /api/v1/notifications (the caller's own inbox, its count, marking
read, preferences)."""

from __future__ import annotations

import pytest

from zona.accounts.models import Role, RoleAssignment
from zona.audit.models import AuditEvent
from zona.notifications.actions import notify
from zona.notifications.models import Kind, Notification, Preference


def test_the_coordinator_sees_the_people_of_the_instansi_with_their_roles(world, api):
    world.users["lead_a1"].first_name, world.users["lead_a1"].last_name = "Rina", "Wulandari"
    world.users["lead_a1"].save()
    body = api("coordinator_a").get("/api/v1/people").json()
    names = {p["name"] for p in body["items"]}
    assert "Rina Wulandari" in names and "lead_a1" not in names  # by name, not login
    assert names == {"coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a", "member_a1",
                     "Rina Wulandari"}  # fmt: skip
    lead = next(p for p in body["items"] if p["name"] == "Rina Wulandari")
    assert [(r["role"], r["unit_id"]) for r in lead["roles"]] == [("unit_lead", world.a1.pk)]
    assert api("sysadmin").get("/api/v1/people").json()["count"] == 9
    for role in ("tpi_a", "member_a1", "tpn", "norole", "leadership_a"):
        assert api(role).get("/api/v1/people").json()["count"] == 0, role
    only = api("coordinator_a").get("/api/v1/people", {"role": "unit_member"}).json()
    assert [p["name"] for p in only["items"]] == ["member_a1"]
    assert api("coordinator_a").get(f"/api/v1/people/{world.users['tpn'].pk}").status_code == 404


def test_grant_and_revoke_a_role_within_the_instansi(world, api):
    coordinator = api("coordinator_a")
    member = world.users["member_a1"]
    r = coordinator.post("/api/v1/roles", {"person_id": member.pk, "role": "unit_member",
                                           "unit_id": world.a2.pk})  # fmt: skip
    assert r.status_code == 201, r.content
    granted = r.json()
    assert granted["scope"] == "Unit A2" and granted["granted_by"] == "coordinator_a"
    assert AuditEvent.objects.filter(action="role.granted").count() == 1
    again = coordinator.post("/api/v1/roles", {"person_id": member.pk, "role": "unit_member",
                                               "unit_id": world.a2.pk})  # fmt: skip
    assert again.status_code == 409
    assert again.json()["error"]["message"] == (
        "Orang ini sudah memegang peran ini dengan cakupan yang sama."
    )
    wrong = coordinator.post("/api/v1/roles", {"person_id": member.pk, "role": "unit_member",
                                               "instansi_id": world.a.pk})  # fmt: skip
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "refused"

    # national roles and other instansi are beyond the coordinator
    def grant(client, **body):
        return client.post("/api/v1/roles", {"person_id": member.pk, **body}).status_code

    assert grant(coordinator, role="tpn_evaluator") == 403
    assert grant(coordinator, role="unit_member", unit_id=world.b1.pk) == 404
    assert grant(api("tpi_a"), role="unit_member", unit_id=world.a2.pk) == 404

    assert coordinator.delete(f"/api/v1/roles/{granted['id']}").status_code == 204
    assert not RoleAssignment.objects.filter(pk=granted["id"]).exists()
    tpn_role = world.users["tpn"].roles.get()
    assert coordinator.delete(f"/api/v1/roles/{tpn_role.pk}").status_code == 404
    assert api("coordinator_a").get("/api/v1/roles/grantable").json()["roles"] == [
        "unit_member", "unit_lead", "instansi_coordinator", "tpi_evaluator", "tpi_lead",
        "leadership",
    ]  # fmt: skip
    assert api("tpi_a").get("/api/v1/roles/grantable").json()["roles"] == []


def test_the_administrator_grants_a_national_role_but_not_away_their_own(world, api):
    admin = api("sysadmin")
    norole = world.users["norole"]
    r = admin.post("/api/v1/roles", {"person_id": norole.pk, "role": "tpn_evaluator"})
    assert r.status_code == 201 and r.json()["scope"] == "nasional"
    own = world.users["sysadmin"].roles.get(role=Role.SYSADMIN)
    assert admin.delete(f"/api/v1/roles/{own.pk}").status_code == 403


@pytest.fixture
def inbox(world):
    member = world.users["member_a1"]
    made = []
    for i in range(3):
        made += notify(
            [member], Kind.MENTION, world.a1, link=f"/evaluasi/1/#q{i}", key=f"mention-{i}",
            context={"actor": "Rina", "question": str(i + 1), "unit": "Unit A1", "year": 2026,
                     "excerpt": f"Lihat butir {i + 1}"},
        )  # fmt: skip
    notify([world.users["lead_a1"]], Kind.MENTION, world.a1, link="/x", key="other",
           context={"actor": "Rina", "question": "9", "unit": "Unit A1", "year": 2026})  # fmt: skip
    return made


def test_the_inbox_is_the_callers_own(world, api, inbox, django_assert_max_num_queries):
    member = api("member_a1")
    with django_assert_max_num_queries(6):
        body = member.get("/api/v1/notifications").json()
    assert body["count"] == 3
    first = body["items"][0]
    assert first["subject"] == "Rina menyebut Anda pada pertanyaan 3 Unit A1 (2026)."
    assert first["details"] == ["Lihat butir 3"]
    english = api("member_a1", language="en").get(f"/api/v1/notifications/{first['id']}").json()
    assert english["subject"].startswith("Rina mentioned you on question 3")
    assert member.get("/api/v1/notifications/unread-count").json() == {"unread": 3}
    r = member.post(f"/api/v1/notifications/{first['id']}/read")
    assert r.status_code == 200 and r.json()["read_at"] is not None
    assert member.get("/api/v1/notifications/unread-count").json() == {"unread": 2}
    assert member.get("/api/v1/notifications", {"unread": "true"}).json()["count"] == 2
    # another person's notification does not exist for the caller, the administrator included
    assert api("lead_a1").post(f"/api/v1/notifications/{first['id']}/read").status_code == 404
    assert api("sysadmin").get(f"/api/v1/notifications/{first['id']}").status_code == 404
    assert member.post("/api/v1/notifications/read-all").json() == {"marked": 2}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # lead_a1's


def test_preferences(world, api):
    member = api("member_a1")
    assert member.get("/api/v1/notifications/preferences").json() == {
        "delivery": "immediate", "language": "id"}  # fmt: skip
    r = member.put("/api/v1/notifications/preferences", {"delivery": "digest", "language": "en"})
    assert r.status_code == 200
    saved = Preference.objects.get(user=world.users["member_a1"])
    assert (saved.delivery, saved.language) == ("digest", "en")
    bad = member.put("/api/v1/notifications/preferences", {"delivery": "fax", "language": "en"})
    assert bad.status_code == 422
    assert Preference.objects.get(user=world.users["member_a1"]).delivery == "digest"


def test_people_and_roles_lists_in_bounded_queries(world, api, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    make = get_user_model().objects.create_user
    for i in range(25):
        person = make(f"staf{i}", f"staf{i}@example.test", first_name="Staf", last_name=str(i))
        RoleAssignment.objects.create(user=person, role=Role.UNIT_MEMBER, unit=world.a2)
        if i % 2:
            RoleAssignment.objects.create(user=person, role=Role.UNIT_LEAD, unit=world.a1)
    client = api("coordinator_a")
    with django_assert_max_num_queries(7):
        people = client.get("/api/v1/people", {"limit": 200}).json()
    assert people["count"] == 31
    assert sum(len(p["roles"]) for p in people["items"]) == 6 + 25 + 12
    with django_assert_max_num_queries(6):
        roles = client.get("/api/v1/roles", {"limit": 200}).json()
    assert roles["count"] == 43
    assert client.get("/api/v1/roles", {"role": "unit_lead"}).json()["count"] == 13


def test_invite_list_and_revoke_invitations(world, api, mailoutbox):
    coordinator = api("coordinator_a")
    r = coordinator.post("/api/v1/invitations", {
        "email": " Baru@Example.test ", "full_name": "Dewi Lestari", "role": "unit_member",
        "unit_id": world.a2.pk,
    })  # fmt: skip
    assert r.status_code == 201, r.content
    sent = r.json()
    assert sent["email"] == "baru@example.test" and sent["status"] == "pending"
    assert sent["scope"] == "Unit A2" and sent["invited_by"] == "coordinator_a"
    [mail] = mailoutbox
    assert mail.to == ["baru@example.test"] and "http://testserver/undangan/" in mail.body
    assert "token" not in sent  # the link goes only by e-mail
    bad = coordinator.post("/api/v1/invitations", {"email": "bukan-email", "role": "unit_member",
                                                   "unit_id": world.a2.pk})  # fmt: skip
    assert bad.status_code == 422 and set(bad.json()["error"]["details"]["fields"]) == {"email"}
    assert (
        coordinator.post(
            "/api/v1/invitations", {"email": "x@example.test", "role": "sysadmin"}
        ).status_code
        == 403
    )
    assert (
        api("tpi_a")
        .post(
            "/api/v1/invitations",
            {"email": "x@example.test", "role": "unit_member", "unit_id": world.a2.pk},
        )
        .status_code
        == 403
    )
    assert len(mailoutbox) == 1

    listed = coordinator.get("/api/v1/invitations", {"status": "pending"}).json()
    assert [i["email"] for i in listed["items"]] == ["baru@example.test"]
    assert api("tpi_a").get("/api/v1/invitations").json()["count"] == 0
    assert api("tpi_a").delete(f"/api/v1/invitations/{sent['id']}").status_code == 404
    assert coordinator.delete(f"/api/v1/invitations/{sent['id']}").status_code == 204
    again = coordinator.delete(f"/api/v1/invitations/{sent['id']}")
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Undangan ini tidak dapat dicabut lagi."
    assert coordinator.get("/api/v1/invitations", {"status": "revoked"}).json()["count"] == 1
