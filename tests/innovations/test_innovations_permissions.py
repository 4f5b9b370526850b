"""Every innovations URL with every role of the test world: 200, a login redirect, or 404.
The action plan's rule: the unit team reads and writes its unit's register and media log; the
instansi's coordinator, leadership and TPI read; TPN and people without a role see nothing.
The public page answers everyone once the unit has switched it on, and 404 before."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zona.innovations import actions

ROLES = [
    "anonymous", "norole", "sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a",
    "member_a1", "lead_a1", "tpn",
]  # fmt: skip
LOGGED_IN = ROLES[1:]
SEE_A1 = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a", "member_a1",
          "lead_a1"}  # fmt: skip
EDIT_A1 = {"sysadmin", "member_a1", "lead_a1"}


def expect(allowed) -> dict[str, int]:
    return {r: 302 if r == "anonymous" else 200 if r in allowed else 404 for r in ROLES}


@pytest.fixture
def objects(innovation, publication, evaluation, services):
    return {"innovation": innovation, "publication": publication, "evaluation": evaluation,
            "service": services["Konsultasi"]}  # fmt: skip


MATRIX = [
    ("register A1", lambda w, o: reverse("innovations:register", args=[w.a1.pk]),
     expect(SEE_A1)),
    ("register A1 csv", lambda w, o: reverse("innovations:register", args=[w.a1.pk])
     + "?format=csv", expect(SEE_A1)),
    ("register B1", lambda w, o: reverse("innovations:register", args=[w.b1.pk]),
     expect({"sysadmin"})),
    ("new service", lambda w, o: reverse("innovations:service_create", args=[w.a1.pk]),
     expect(EDIT_A1)),
    ("edit service", lambda w, o: reverse("innovations:service_edit",
     args=[w.a1.pk, o["service"].pk]), expect(EDIT_A1)),
    ("new innovation", lambda w, o: reverse("innovations:innovation_create", args=[w.a1.pk]),
     expect(EDIT_A1)),
    ("new innovation B1", lambda w, o: reverse("innovations:innovation_create",
     args=[w.b1.pk]), expect({"sysadmin"})),
    ("innovation", lambda w, o: reverse("innovations:innovation", args=[o["innovation"].pk]),
     expect(SEE_A1)),
    ("edit innovation", lambda w, o: reverse("innovations:innovation_edit",
     args=[w.a1.pk, o["innovation"].pk]), expect(EDIT_A1)),
    ("counts", lambda w, o: reverse("innovations:counts", args=[o["evaluation"].pk]),
     expect(SEE_A1)),
    ("media log", lambda w, o: reverse("innovations:media", args=[w.a1.pk]), expect(SEE_A1)),
    ("media log xlsx", lambda w, o: reverse("innovations:media", args=[w.a1.pk])
     + "?format=xlsx", expect(SEE_A1)),
    ("media log B1", lambda w, o: reverse("innovations:media", args=[w.b1.pk]),
     expect({"sysadmin"})),
    ("new publication", lambda w, o: reverse("innovations:publication_create",
     args=[w.a1.pk]), expect(EDIT_A1)),
    ("publication", lambda w, o: reverse("innovations:publication",
     args=[o["publication"].pk]), expect(SEE_A1)),
    ("edit publication", lambda w, o: reverse("innovations:publication_edit",
     args=[w.a1.pk, o["publication"].pk]), expect(EDIT_A1)),
]  # fmt: skip
CASES = [(n, b, r, e[r]) for n, b, e in MATRIX for r in ROLES]


@pytest.mark.parametrize("name, build, role, status", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_get(client, world, objects, name, build, role, status):
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(build(world, objects))
    assert response.status_code == status, f"{name} as {role}"


TEAM = {"member_a1", "lead_a1"}
# (name, url, data, who changes something, the audit action it writes). The system
# administrator may correct the register, but the LKE answers and evidence are the unit's
# layer: attaching is refused with a message (302 back), taking counts is 404.
POSTS = [
    ("public switch", lambda w, o: reverse("innovations:public_switch", args=[w.a1.pk]),
     {"aktif": "1"}, EDIT_A1, "public_page.changed"),
    ("attach", lambda w, o: reverse("innovations:publication_attach",
     args=[o["publication"].pk]), {"evaluation": "{evaluation}", "questions": ["5"]}, TEAM,
     "publication.attached"),
    ("take counts", lambda w, o: reverse("innovations:counts", args=[o["evaluation"].pk]), {},
     TEAM, "evaluation.counts_from_register"),
    ("evidence", lambda w, o: reverse("innovations:evidence_add", args=[o["innovation"].pk]),
     {"description": "SK inovasi", "url": "https://x.example.go.id/sk"}, EDIT_A1,
     "innovation.evidence_added"),
]  # fmt: skip


@pytest.mark.parametrize("name, build, data, changes, audit", POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", LOGGED_IN)
def test_posts_only_by_the_unit_team(
    client, world, objects, name, build, data, changes, audit, role
):
    from zona.audit.models import AuditEvent

    client.force_login(world.users[role])
    data = {k: (v.format(evaluation=objects["evaluation"].pk) if isinstance(v, str) else v)
            for k, v in data.items()}  # fmt: skip
    response = client.post(build(world, objects), data)
    expected = 302 if role in changes or (role == "sysadmin" and name == "attach") else 404
    assert response.status_code == expected, f"{name} as {role}"
    assert AuditEvent.objects.filter(action=audit).exists() == (role in changes)


def test_public_page_is_404_until_switched_on(client, world, objects):
    url = reverse("innovations:public", args=[world.a1.pk])
    assert client.get(url).status_code == 404
    actions.set_public_page(world.users["member_a1"], world.a1, True)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Legalisasi daring" in html and "Legalisasi kini bisa daring" in html
    actions.set_public_page(world.users["member_a1"], world.a1, False)
    assert client.get(url).status_code == 404
