"""Every findings / capaian kinerja URL with every role (the style of
tests/test_permission_matrix.py): 200 or 422 where allowed, 404 outside reach, a login redirect
for anonymous."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zona.findings import actions
from zona.findings.models import Document

ROLES = [
    "anonymous", "norole", "sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a",
    "member_a1", "lead_a1", "tpn",
]  # fmt: skip
LOGGED_IN = set(ROLES[1:])
INSTANSI_A = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a"}
SEE_A1 = INSTANSI_A | {"member_a1", "lead_a1"}
MONITOR_A = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a"}
KEEP_A1 = {"sysadmin", "coordinator_a", "member_a1", "lead_a1"}


@pytest.fixture
def things(world):
    tpi = world.users["tpi_a"]
    made = {}
    for key, unit in (("a1", world.a1), ("a2", world.a2), ("b1", world.b1)):
        actor = tpi if unit.instansi_id == world.a.pk else world.users["sysadmin"]
        finding = actions.create_finding(
            actor, unit, source="inspektorat", report_number=f"LHP-{key}",
            report_date=date(2025, 3, 1), title="Temuan",
        )  # fmt: skip
        made[key] = finding
        made[f"rec_{key}"] = actions.add_recommendation(actor, finding, "Rekomendasi")
    actions.report_follow_up(
        world.users["member_a1"], made["rec_a1"], "Bukti",
        upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 x"), description="Bukti setor",
    )  # fmt: skip
    made["doc_a1"] = Document.objects.get()
    return made


def expect(allowed) -> dict[str, int]:
    allowed = LOGGED_IN if allowed == "all" else allowed
    return {r: 302 if r == "anonymous" else 200 if r in allowed else 404 for r in ROLES}


GETS = [
    ("register", lambda w, t: reverse("findings:register"), expect("all")),
    ("register filtered to A1", lambda w, t: reverse("findings:register") + f"?unit={w.a1.pk}",
     expect("all")),
    ("record a finding", lambda w, t: reverse("findings:add"), expect(MONITOR_A)),
    ("finding of A1", lambda w, t: reverse("findings:detail", args=[t["a1"].pk]), expect(SEE_A1)),
    ("finding of A2", lambda w, t: reverse("findings:detail", args=[t["a2"].pk]),
     expect(INSTANSI_A)),
    ("finding of B1", lambda w, t: reverse("findings:detail", args=[t["b1"].pk]),
     expect({"sysadmin"})),
    ("edit finding of A1", lambda w, t: reverse("findings:edit", args=[t["a1"].pk]),
     expect(MONITOR_A)),
    ("edit finding of B1", lambda w, t: reverse("findings:edit", args=[t["b1"].pk]),
     expect({"sysadmin"})),
    ("TLHP of A1", lambda w, t: reverse("findings:tlhp", args=[w.a1.pk]), expect(SEE_A1)),
    ("TLHP of B1", lambda w, t: reverse("findings:tlhp", args=[w.b1.pk]), expect({"sysadmin"})),
    ("document of A1", lambda w, t: reverse("findings:document", args=[t["doc_a1"].pk]),
     expect(SEE_A1)),
    ("capaian kinerja A1", lambda w, t: reverse("findings:performance", args=[w.a1.pk, 2025]),
     expect(SEE_A1)),
    ("capaian kinerja A2", lambda w, t: reverse("findings:performance", args=[w.a2.pk, 2025]),
     expect(INSTANSI_A)),
    ("edit capaian kinerja A1",
     lambda w, t: reverse("findings:performance_edit", args=[w.a1.pk, 2025]), expect(KEEP_A1)),
    ("edit capaian kinerja A2",
     lambda w, t: reverse("findings:performance_edit", args=[w.a2.pk, 2025]),
     expect({"sysadmin", "coordinator_a"})),
]  # fmt: skip


@pytest.mark.parametrize(
    "name, build, role, status",
    [(n, b, r, s) for n, b, e in GETS for r, s in e.items()],
)
def test_get(client, world, things, name, build, role, status):
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(build(world, things))
    assert response.status_code == status, f"{name} as {role}"
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


# POSTs with empty data: allowed roles get the page back with errors (422) or, where empty
# is valid (no deadline), a redirect; the rest 404.
POSTS = [
    ("set status A1", lambda w, t: reverse("findings:status", args=[t["rec_a1"].pk]), MONITOR_A),
    ("deadline A1", lambda w, t: reverse("findings:deadline", args=[t["rec_a1"].pk]), MONITOR_A),
    ("follow up A1", lambda w, t: reverse("findings:follow_up", args=[t["rec_a1"].pk]),
     MONITOR_A | {"member_a1", "lead_a1"}),
    ("follow up A2", lambda w, t: reverse("findings:follow_up", args=[t["rec_a2"].pk]),
     MONITOR_A),
    ("add recommendation A1",
     lambda w, t: reverse("findings:recommendation_add", args=[t["a1"].pk]), MONITOR_A),
    ("record a finding", lambda w, t: reverse("findings:add"), MONITOR_A),
    ("capaian kinerja A1",
     lambda w, t: reverse("findings:performance_edit", args=[w.a1.pk, 2025]), KEEP_A1),
]  # fmt: skip


@pytest.mark.parametrize("stage, tpn_status", [("draft", 404), ("tpn_desk", 200)])
def test_tpn_sees_the_tlhp_figure_of_units_it_evaluates(
    client, world, frameworks, stage, tpn_status
):
    from zona.evaluations.actions import create_evaluation
    from zona.evaluations.models import Evaluation

    evaluation = create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage)
    client.force_login(world.users["tpn"])
    assert client.get(reverse("findings:tlhp", args=[world.a1.pk])).status_code == tpn_status
    assert client.get(reverse("findings:register") + f"?unit={world.a1.pk}").status_code == 200
    assert client.get(reverse("findings:tlhp", args=[world.a2.pk])).status_code == 404


@pytest.mark.parametrize(
    "name, build, allowed, role",
    [(n, b, a, r) for n, b, a in POSTS for r in ROLES if r != "anonymous"],
)
def test_post(client, world, things, name, build, allowed, role):
    client.force_login(world.users[role])
    response = client.post(build(world, things), {})
    expected = (200, 302, 422) if role in allowed else (404,)
    assert response.status_code in expected, f"{name} as {role}: {response.status_code}"
