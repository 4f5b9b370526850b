"""Every URL of the workbook and the list exports, with every role (the style of
tests/test_permission_matrix.py): 200, a redirect to log in, 403 (in reach, but the layer is not
open to this person) or 404 (outside reach)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zona.evaluations import actions
from zona.evaluations.models import Evaluation

ROLES = ["anonymous", "norole", "sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a",
         "leadership_a", "member_a1", "lead_a1", "tpn"]  # fmt: skip
LOGGED_IN = set(ROLES[1:])
INSTANSI_A = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a"}
SEES_A1 = INSTANSI_A | {"member_a1", "lead_a1"}


def expect(allowed, otherwise=404, forbidden=frozenset(), anonymous=302) -> dict[str, int]:
    return {
        role: anonymous if role == "anonymous" else 200 if role in allowed
        else 403 if role in forbidden else otherwise
        for role in ROLES
    }  # fmt: skip


# (name, stage of A1's evaluation, url builder, expected)
MATRIX = [
    ("workbook download (draft)", "draft", lambda w, e: reverse("workbook:download", args=[e.pk]),
     expect(SEES_A1)),
    ("workbook download (proposed)", "proposed",
     lambda w, e: reverse("workbook:download", args=[e.pk]), expect(SEES_A1 | {"tpn"})),
    ("import page (draft)", "draft", lambda w, e: reverse("workbook:upload", args=[e.pk]),
     expect({"member_a1", "lead_a1"}, forbidden=INSTANSI_A)),
    ("import page (TPI review)", "tpi_review",
     lambda w, e: reverse("workbook:upload", args=[e.pk]),
     expect({"tpi_a", "tpi_lead_a"}, forbidden=SEES_A1 - {"tpi_a", "tpi_lead_a"})),
    ("import page (TPN desk)", "tpn_desk", lambda w, e: reverse("workbook:upload", args=[e.pk]),
     expect({"tpn"}, forbidden=SEES_A1)),
    ("import page (decided)", "decided", lambda w, e: reverse("workbook:upload", args=[e.pk]),
     expect(set(), forbidden=SEES_A1 | {"tpn"})),
    ("evaluation list export", "draft", lambda w, e: reverse("workbook:evaluations", args=["csv"]),
     expect(LOGGED_IN)),
    ("question history export", "draft",
     lambda w, e: reverse("workbook:question_history", args=[e.pk, "1", "xlsx"]),
     expect(SEES_A1)),
    ("instansi list export", "draft", lambda w, e: reverse("workbook:instansi", args=["xlsx"]),
     expect(LOGGED_IN)),
    ("units of A export", "draft", lambda w, e: reverse("workbook:units", args=[w.a.pk, "csv"]),
     expect(SEES_A1)),
    ("units of B export", "draft", lambda w, e: reverse("workbook:units", args=[w.b.pk, "csv"]),
     expect({"sysadmin"})),
    ("people export", "draft", lambda w, e: reverse("workbook:people", args=["csv"]),
     expect({"sysadmin", "coordinator_a"})),
    ("register export (public)", "draft", lambda w, e: reverse("workbook:register", args=["csv"]),
     expect(LOGGED_IN, anonymous=200)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "stage", "build", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission(client, world, frameworks, name, stage, build, expected):
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage)
    url = build(world, evaluation)
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = client.get(url)
        assert response.status_code == expected[role], f"{name}: {role}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))


def test_unknown_export_format_is_not_a_url(client, world):
    client.force_login(world.users["sysadmin"])
    assert client.get("/instansi/ekspor.pdf").status_code == 404


def test_confirm_needs_the_writable_layer(client, world, frameworks):
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    url = reverse("workbook:confirm", args=[evaluation.pk])
    client.force_login(world.users["coordinator_a"])
    assert client.post(url, {"token": "x"}).status_code == 403
    client.force_login(world.users["member_a1"])
    assert client.get(url).status_code == 405
    response = client.post(url, {"token": "x"})  # nothing pending: back to the upload page
    assert response.status_code == 302
    assert response["Location"] == reverse("workbook:upload", args=[evaluation.pk])
