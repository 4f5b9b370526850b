"""Who may open each dashboard and report. Anonymous → login; outside reach → 404.

Decisions: the instansi dashboard lists other units' scores, so a unit's team may not open it;
the national dashboard shows every instansi to the administrator and the TPN, and the instansi
roles the same figures over their own instansi; unit teams and people without a role get 404.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from zona.evaluations import actions
from zona.evaluations.models import Evaluation

USERS = ["sysadmin", "tpn", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a",
         "member_a1", "lead_a1", "norole"]  # fmt: skip
INSTANSI_A = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a"}
UNIT_A1 = INSTANSI_A | {"member_a1", "lead_a1"}

# view name, the object it is about, who gets 200 (everyone else 404)
TABLE = [
    ("national", None, INSTANSI_A | {"tpn"}),
    ("instansi", "a", INSTANSI_A),
    ("instansi_pdf", "a", INSTANSI_A),
    ("instansi", "b", {"sysadmin"}),
    ("instansi_pdf", "b", {"sysadmin"}),
    ("unit", "a1", UNIT_A1),
    ("unit", "b1", {"sysadmin"}),
    ("report", "draft_a1", UNIT_A1),
    ("report_pdf", "draft_a1", UNIT_A1),
    ("report", "proposed_b1", {"sysadmin", "tpn"}),
]


@pytest.fixture
def objects(world, frameworks):
    draft = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    proposed = Evaluation.objects.create(
        unit=world.b1, year=2026, framework=draft.framework, target="WBK", stage="proposed"
    )
    return {"a": world.a, "b": world.b, "a1": world.a1, "b1": world.b1,
            "draft_a1": draft, "proposed_b1": proposed}  # fmt: skip


def _url(name, key, objects):
    args = [objects[key].pk] if key else []
    return reverse(f"dashboards:{name}", args=args)


@pytest.mark.parametrize(("name", "key", "allowed"), TABLE)
def test_permission_table(client, world, objects, name, key, allowed):
    url = _url(name, key, objects)
    response = client.get(url)
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    for username in USERS:
        client.force_login(world.users[username])
        status = client.get(url).status_code
        assert status == (200 if username in allowed else 404), (username, status)


# role → where /dasbor/ takes them: the dashboard they most likely want (None: the page)
INDEX = {
    "sysadmin": ("national", None),
    "tpn": ("national", None),
    "coordinator_a": ("instansi", "a"),
    "tpi_a": ("instansi", "a"),
    "tpi_lead_a": ("instansi", "a"),
    "leadership_a": ("instansi", "a"),
    "member_a1": ("unit", "a1"),
    "lead_a1": ("unit", "a1"),
    "norole": None,
}


@pytest.mark.parametrize("username", USERS)
def test_the_dashboard_index_opens_the_dashboard_each_role_most_likely_wants(
    client, world, objects, username
):
    client.force_login(world.users[username])
    response = client.get(reverse("dashboards:index"))
    if INDEX[username] is None:
        assert response.status_code == 200
        assert "Belum ada dasbor yang terbuka untuk peran Anda." in response.content.decode()
        return
    name, key = INDEX[username]
    assert response.status_code == 302
    assert response["Location"] == _url(name, key, objects)
    assert client.get(response["Location"]).status_code == 200


def test_a_person_reaching_several_places_chooses_among_them(client, world, objects):
    from zona.accounts.models import Role, RoleAssignment

    member = world.users["member_a1"]
    RoleAssignment.objects.create(user=member, role=Role.UNIT_MEMBER, unit=world.b1)
    client.force_login(member)
    response = client.get(reverse("dashboards:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("dashboards:unit", args=[world.a1.pk]) in html
    assert reverse("dashboards:unit", args=[world.b1.pk]) in html
    assert reverse("dashboards:national") not in html
