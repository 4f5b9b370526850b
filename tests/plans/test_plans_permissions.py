"""Every plans URL with every role of the test world: 200, a login redirect, or 404.

Unit team: reads and edits its unit's plans; instansi coordinator, leadership and TPI: read
every unit of the instansi; TPN and people without a role: nothing; only the unit lead signs.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from world import PASSWORD

from zona.plans import actions

ROLES = [
    "anonymous", "norole", "sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a",
    "member_a1", "lead_a1", "tpn",
]  # fmt: skip
LOGGED_IN = ROLES[1:]
SEE_A1 = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a", "member_a1",
          "lead_a1"}  # fmt: skip
EDIT_A1 = {"sysadmin", "member_a1", "lead_a1"}


def expect(allowed) -> dict[str, int]:
    allowed = set(LOGGED_IN) if allowed == "all" else allowed
    return {r: 302 if r == "anonymous" else 200 if r in allowed else 404 for r in ROLES}


@pytest.fixture
def objects(plan, make_activity, world):
    activity = make_activity(plan)
    report = actions.create_monev(world.users["member_a1"], world.a1, 2026, "tw2")
    return {"plan": plan, "activity": activity, "report": report}


MATRIX = [
    ("index", lambda w, o: reverse("plans:index"), expect("all")),
    ("unit A1", lambda w, o: reverse("plans:unit", args=[w.a1.pk]), expect(SEE_A1)),
    ("unit A2", lambda w, o: reverse("plans:unit", args=[w.a2.pk]),
     expect(SEE_A1 - {"member_a1", "lead_a1"})),
    ("unit B1", lambda w, o: reverse("plans:unit", args=[w.b1.pk]), expect({"sysadmin"})),
    ("new plan A1", lambda w, o: reverse("plans:plan_create", args=[w.a1.pk]), expect(EDIT_A1)),
    ("new plan B1", lambda w, o: reverse("plans:plan_create", args=[w.b1.pk]),
     expect({"sysadmin"})),
    ("plan", lambda w, o: reverse("plans:plan", args=[o["plan"].pk]), expect(SEE_A1)),
    ("plan xlsx", lambda w, o: reverse("plans:plan", args=[o["plan"].pk]) + "?format=xlsx",
     expect(SEE_A1)),
    ("new activity", lambda w, o: reverse("plans:activity_create", args=[o["plan"].pk]),
     expect(EDIT_A1)),
    ("activity", lambda w, o: reverse("plans:activity", args=[o["activity"].pk]),
     expect(SEE_A1)),
    ("activity edit", lambda w, o: reverse("plans:activity_edit", args=[o["activity"].pk]),
     expect(EDIT_A1)),
    ("new monev", lambda w, o: reverse("plans:monev_create", args=[w.a1.pk]), expect(EDIT_A1)),
    ("monev", lambda w, o: reverse("plans:monev", args=[o["report"].pk]), expect(SEE_A1)),
    ("stage mark", lambda w, o: reverse("plans:stage_mark", args=[w.a1.pk, 2026, 2]),
     expect(EDIT_A1)),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, objects, role):
    if role != "anonymous":
        client.login(username=role, password=PASSWORD)
    failures = []
    for name, url_of, expected in MATRIX:
        url = url_of(world, objects)
        status = client.get(url).status_code
        if status != expected[role]:
            failures.append(f"{name} {url}: {status}, expected {expected[role]}")
    assert not failures, failures


@pytest.mark.parametrize(
    ("role", "status", "after"),
    [
        ("member_a1", 404, "submitted"),  # the team submits, but does not sign
        ("coordinator_a", 404, "submitted"),
        ("sysadmin", 404, "submitted"),
        ("lead_a1", 302, "signed"),
    ],
)
def test_only_the_unit_lead_signs(client, world, objects, role, status, after):
    report = objects["report"]
    actions.save_monev(world.users["member_a1"], report, {"obstacles": "Anggaran terbatas"})
    actions.move_monev(world.users["member_a1"], report, "submit")
    client.login(username=role, password=PASSWORD)
    response = client.post(reverse("plans:monev_move", args=[report.pk, "sign"]))
    assert response.status_code == status
    report.refresh_from_db()
    assert report.status == after


@pytest.mark.parametrize(("role", "status"), [("leadership_a", 404), ("tpi_a", 404),
                                              ("member_a1", 302)])  # fmt: skip
def test_read_only_roles_cannot_post(client, world, objects, role, status):
    client.login(username=role, password=PASSWORD)
    url = reverse("plans:stage_mark", args=[world.a1.pk, 2026, 2])
    response = client.post(url, {"done_on": date(2026, 1, 2).isoformat(), "note": "SK"})
    assert response.status_code == status
