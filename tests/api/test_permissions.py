"""Every API endpoint with every role of the world: the expected status. Objects outside a
person's reach answer 404 exactly as on the screens; a visible object the person may not
change answers 403; no credentials answer 401. Change a rule, change its row here."""

from __future__ import annotations

import pytest
from django.db import transaction
from filling import fill_layer

from zona.evaluations import actions

from .conftest import ApiClient, Form, make_token

ROLES = [
    "anonymous", "norole", "sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a",
    "member_a1", "lead_a1", "tpn",
]  # fmt: skip
LOGGED_IN = ROLES[1:]
INSTANSI_A = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a"}
UNIT_A1 = {"member_a1", "lead_a1"}
MANAGE_A = {"sysadmin", "coordinator_a"}
SEE_A1 = INSTANSI_A | UNIT_A1
MONITOR_A = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a"}  # findings: record and judge
TEAM_A1 = UNIT_A1 | {"sysadmin"}  # plans: the unit team (and the administrator) change them


def expect(ok: set[str] | str, status: int = 200, forbidden: set[str] = frozenset(),
           anonymous: int = 401) -> dict[str, int]:  # fmt: skip
    """`status` for the allowed roles, 403 for `forbidden`, 404 for the rest."""
    ok = set(LOGGED_IN) if ok == "all" else ok
    table = {}
    for role in ROLES:
        if role == "anonymous":
            table[role] = anonymous
        elif role in ok:
            table[role] = status
        elif role in forbidden:
            table[role] = 403
        else:
            table[role] = 404
    return table


E = "/api/v1/evaluations"
# (name, method, path builder, body builder, expected per role)
MATRIX = [
    ("frameworks", "get", lambda w: "/api/v1/frameworks", None, expect("all")),
    ("predicates (public)", "get", lambda w: "/api/v1/predicates", None,
     expect("all", anonymous=200)),
    ("unit types", "get", lambda w: "/api/v1/unit-types", None, expect("all")),
    ("instansi list", "get", lambda w: "/api/v1/instansi", None, expect("all")),
    ("instansi A", "get", lambda w: f"/api/v1/instansi/{w.a.pk}", None,
     expect(INSTANSI_A | UNIT_A1)),
    ("instansi B", "get", lambda w: f"/api/v1/instansi/{w.b.pk}", None, expect({"sysadmin"})),
    ("units", "get", lambda w: "/api/v1/units", None, expect("all")),
    ("unit A1", "get", lambda w: f"/api/v1/units/{w.a1.pk}", None, expect(INSTANSI_A | UNIT_A1)),
    ("unit A2", "get", lambda w: f"/api/v1/units/{w.a2.pk}", None, expect(INSTANSI_A)),
    ("unit B1", "get", lambda w: f"/api/v1/units/{w.b1.pk}", None, expect({"sysadmin"})),
    ("evaluations", "get", lambda w: E, None, expect("all")),
    ("evaluation A1 (draft)", "get", lambda w: f"{E}/{w.ev_a1.pk}", None,
     expect(INSTANSI_A | UNIT_A1)),
    ("evaluation B1", "get", lambda w: f"{E}/{w.ev_b1.pk}", None, expect({"sysadmin"})),
    ("evaluation B1 proposed", "get", lambda w: f"{E}/{w.ev_b1_proposed.pk}", None,
     expect({"sysadmin", "tpn"})),
    ("answers A1", "get", lambda w: f"{E}/{w.ev_a1.pk}/answers", None,
     expect(INSTANSI_A | UNIT_A1)),
    ("answer A1 q2", "get", lambda w: f"{E}/{w.ev_a1.pk}/answers/2", None,
     expect(INSTANSI_A | UNIT_A1)),
    ("answers B1", "get", lambda w: f"{E}/{w.ev_b1.pk}/answers", None, expect({"sysadmin"})),
    ("evidence A1", "get", lambda w: f"{E}/{w.ev_a1.pk}/evidence", None,
     expect(INSTANSI_A | UNIT_A1)),
    # writes
    ("write answer A1 (draft: unit layer)", "put", lambda w: f"{E}/{w.ev_a1.pk}/answers/2",
     lambda w: {"value": "b", "version": 1},  # the layer is filled in (version 1)
     expect(UNIT_A1, forbidden=INSTANSI_A)),
    ("write answer B1", "put", lambda w: f"{E}/{w.ev_b1.pk}/answers/2",
     lambda w: {"value": "b", "version": 0}, expect(set(), forbidden={"sysadmin"})),
    ("link evidence A1", "post", lambda w: f"{E}/{w.ev_a1.pk}/evidence",
     lambda w: Form(question="2", description="SK", url="https://x.test/sk"),
     expect(UNIT_A1, 201, forbidden=INSTANSI_A)),
    ("start evaluation A2", "post", lambda w: E,
     lambda w: {"unit_id": w.a2.pk, "year": 2026, "target": "WBK"},
     expect(MANAGE_A, 201, forbidden=INSTANSI_A - MANAGE_A)),
    ("submit A1", "post", lambda w: f"{E}/{w.ev_a1.pk}/moves", lambda w: {"move": "submit"},
     expect(MANAGE_A | {"lead_a1"}, forbidden=(INSTANSI_A | UNIT_A1) - MANAGE_A - {"lead_a1"})),
    ("add unit to A", "post", lambda w: "/api/v1/units",
     lambda w: {"instansi_id": w.a.pk, "name": "Baru", "echelon": "IV",
                "unit_type_id": w.a1.unit_type_id},
     expect(MANAGE_A, 201)),
    ("add unit to B", "post", lambda w: "/api/v1/units",
     lambda w: {"instansi_id": w.b.pk, "name": "Baru", "echelon": "IV",
                "unit_type_id": w.a1.unit_type_id},
     expect({"sysadmin"}, 201)),
    ("change unit A1", "put", lambda w: f"/api/v1/units/{w.a1.pk}",
     lambda w: {"name": "Unit A1", "echelon": "II", "unit_type_id": w.a1.unit_type_id},
     expect(MANAGE_A)),
    ("facts of instansi A", "put", lambda w: f"/api/v1/instansi/{w.a.pk}/years/2025",
     lambda w: {"bpk_opinion": "WTP"}, expect(MANAGE_A)),
    # surveys: management lists follow reach; results, questions and answering are public
    ("surveys", "get", lambda w: "/api/v1/surveys", None, expect("all")),
    ("survey results (public)", "get", lambda w: f"/api/v1/surveys/public/{w.survey.code}/results",
     None, expect("all", anonymous=200)),
    ("survey questions (public)", "get", lambda w: f"/api/v1/surveys/public/{w.survey.code}",
     None, expect("all", anonymous=200)),
    ("answer a survey (public)", "post",
     lambda w: f"/api/v1/surveys/public/{w.survey.code}/responses",
     lambda w: {"answers": {c: 4 for c in w.survey.instrument.statement_codes}},
     expect("all", 201, anonymous=201)),
    # findings, recommendations, follow-ups
    ("findings", "get", lambda w: "/api/v1/findings", None, expect("all")),
    ("finding A1", "get", lambda w: f"/api/v1/findings/{w.finding.pk}", None, expect(SEE_A1)),
    ("recommendation A1", "get", lambda w: f"/api/v1/recommendations/{w.rec.pk}", None,
     expect(SEE_A1)),
    ("record a finding A1", "post", lambda w: "/api/v1/findings",
     lambda w: {"unit_id": w.a1.pk, "source": "bpk", "report_number": "LHP 2",
                "report_date": "2025-05-02", "title": "Temuan baru"},
     expect(MONITOR_A, 201, forbidden=SEE_A1 - MONITOR_A)),
    ("record a finding B1", "post", lambda w: "/api/v1/findings",
     lambda w: {"unit_id": w.b1.pk, "source": "bpk", "report_number": "LHP 3",
                "report_date": "2025-05-02", "title": "Temuan B"},
     expect({"sysadmin"}, 201)),
    ("change finding A1", "put", lambda w: f"/api/v1/findings/{w.finding.pk}",
     lambda w: {"source": "bpk", "report_number": "LHP 1", "report_date": "2025-05-01",
                "title": "Diubah"},
     expect(MONITOR_A, forbidden=SEE_A1 - MONITOR_A)),
    ("add a recommendation A1", "post",
     lambda w: f"/api/v1/findings/{w.finding.pk}/recommendations", lambda w: {"text": "R2"},
     expect(MONITOR_A, 201, forbidden=SEE_A1 - MONITOR_A)),
    ("set the status A1", "post", lambda w: f"/api/v1/recommendations/{w.rec.pk}/status",
     lambda w: {"status": "sesuai"}, expect(MONITOR_A, forbidden=SEE_A1 - MONITOR_A)),
    ("set the deadline A1", "put", lambda w: f"/api/v1/recommendations/{w.rec.pk}/deadline",
     lambda w: {"deadline": "2026-12-31"}, expect(MONITOR_A, forbidden=SEE_A1 - MONITOR_A)),
    ("report a follow-up A1", "post",
     lambda w: f"/api/v1/recommendations/{w.rec.pk}/follow-ups",
     lambda w: Form(note="Sudah", description="BA", url="https://x.test/ba"),
     expect(MONITOR_A | UNIT_A1, 201, forbidden={"leadership_a"})),
    ("capaian kinerja A1", "get", lambda w: f"/api/v1/units/{w.a1.pk}/performance/2025",
     None, expect(SEE_A1)),
    ("record capaian kinerja A1", "put",
     lambda w: f"/api/v1/units/{w.a1.pk}/performance/2025",
     lambda w: {"outcome_oriented": True, "indicators": [
         {"name": "IKM", "target": "80", "realisation": "85"}]},
     expect(UNIT_A1 | MANAGE_A, forbidden=INSTANSI_A - MANAGE_A)),
    # plans, activities, strategies, monev
    ("strategies", "get", lambda w: "/api/v1/strategies", None, expect("all")),
    ("plans", "get", lambda w: "/api/v1/plans", None, expect("all")),
    ("plan A1", "get", lambda w: f"/api/v1/plans/{w.plan.pk}", None, expect(SEE_A1)),
    ("activities of plan A1", "get", lambda w: f"/api/v1/plans/{w.plan.pk}/activities", None,
     expect(SEE_A1)),
    ("activity A1", "get", lambda w: f"/api/v1/activities/{w.activity.pk}", None,
     expect(SEE_A1)),
    ("start a plan A2", "post", lambda w: "/api/v1/plans",
     lambda w: {"unit_id": w.a2.pk, "year": 2026},
     expect({"sysadmin"}, 201, forbidden=INSTANSI_A - {"sysadmin"})),
    ("add an activity A1", "post", lambda w: f"/api/v1/plans/{w.plan.pk}/activities",
     lambda w: activity_body(w), expect(TEAM_A1, 201, forbidden=SEE_A1 - TEAM_A1)),
    ("change an activity A1", "put", lambda w: f"/api/v1/activities/{w.activity.pk}",
     lambda w: activity_body(w, progress=40, status="berjalan"),
     expect(TEAM_A1, forbidden=SEE_A1 - TEAM_A1)),
    ("link evidence to an activity A1", "post",
     lambda w: f"/api/v1/activities/{w.activity.pk}/evidence",
     lambda w: Form(description="Foto", url="https://x.test/foto"),
     expect(TEAM_A1, 201, forbidden=SEE_A1 - TEAM_A1)),
    ("monev reports", "get", lambda w: "/api/v1/monev", None, expect("all")),
    ("monev A1", "get", lambda w: f"/api/v1/monev/{w.monev.pk}", None, expect(SEE_A1)),
    ("start a monev A1", "post", lambda w: "/api/v1/monev",
     lambda w: {"unit_id": w.a1.pk, "year": 2026, "period": "tw3"},
     expect(TEAM_A1, 201, forbidden=SEE_A1 - TEAM_A1)),
    ("write a monev A1", "put", lambda w: f"/api/v1/monev/{w.monev.pk}",
     lambda w: {"done_summary": "Ditulis"}, expect(TEAM_A1, forbidden=SEE_A1 - TEAM_A1)),
    ("submit a monev A1", "post", lambda w: f"/api/v1/monev/{w.monev.pk}/moves",
     lambda w: {"move": "submit"}, expect(TEAM_A1, forbidden=SEE_A1 - TEAM_A1)),
    ("sign a monev A1 (the unit lead)", "post",
     lambda w: f"/api/v1/monev/{w.monev_submitted.pk}/moves", lambda w: {"move": "sign"},
     expect({"lead_a1"}, forbidden=SEE_A1 - {"lead_a1"})),
    # people and roles
    ("people", "get", lambda w: "/api/v1/people", None, expect("all")),
    ("person member_a1", "get", lambda w: f"/api/v1/people/{w.users['member_a1'].pk}", None,
     expect(MANAGE_A)),
    ("roles", "get", lambda w: "/api/v1/roles", None, expect("all")),
    ("grantable roles", "get", lambda w: "/api/v1/roles/grantable", None, expect("all")),
    ("grant a unit role in A", "post", lambda w: "/api/v1/roles",
     lambda w: {"person_id": w.users["member_a1"].pk, "role": "unit_member",
                "unit_id": w.a2.pk},
     expect(MANAGE_A, 201)),
    ("grant a national role", "post", lambda w: "/api/v1/roles",
     lambda w: {"person_id": w.users["member_a1"].pk, "role": "tpn_evaluator"},
     expect({"sysadmin"}, 201, forbidden={"coordinator_a"})),
    ("revoke member_a1's role", "delete",
     lambda w: f"/api/v1/roles/{w.users['member_a1'].roles.get().pk}", None,
     expect(MANAGE_A, 204)),
    ("invitations", "get", lambda w: "/api/v1/invitations", None, expect("all")),
    ("invite into unit A2", "post", lambda w: "/api/v1/invitations",
     lambda w: {"email": "baru@example.test", "role": "unit_member", "unit_id": w.a2.pk},
     expect(MANAGE_A, 201, forbidden=INSTANSI_A - MANAGE_A)),
    ("revoke an invitation of A", "delete", lambda w: f"/api/v1/invitations/{w.invitation.pk}",
     None, expect(MANAGE_A, 204)),
    # notifications: one's own
    ("notifications", "get", lambda w: "/api/v1/notifications", None, expect("all")),
    ("unread count", "get", lambda w: "/api/v1/notifications/unread-count", None,
     expect("all")),
    ("member_a1's notification", "get", lambda w: f"/api/v1/notifications/{w.note.pk}", None,
     expect({"member_a1"})),
    ("mark member_a1's read", "post", lambda w: f"/api/v1/notifications/{w.note.pk}/read",
     None, expect({"member_a1"})),
    ("mark all read", "post", lambda w: "/api/v1/notifications/read-all", None, expect("all")),
    ("preferences", "get", lambda w: "/api/v1/notifications/preferences", None, expect("all")),
    ("set preferences", "put", lambda w: "/api/v1/notifications/preferences",
     lambda w: {"delivery": "digest", "language": "id"}, expect("all")),
    # the unit's document library, one document to several questions
    ("library of A1", "get", lambda w: f"/api/v1/units/{w.a1.pk}/library", None,
     expect(SEE_A1)),
    ("attach to several questions A1", "post",
     lambda w: f"{E}/{w.ev_a1.pk}/evidence/attach-many",
     lambda w: {"document": str(w.evidence.pk), "questions": ["3", "4"]},
     expect(UNIT_A1, 201, forbidden=INSTANSI_A)),
]  # fmt: skip


def activity_body(w, **fields) -> dict:
    body = {
        "title": "Agen perubahan", "area": "MP", "output": "SK",
        "owner_id": w.users["member_a1"].pk, "start_date": "2026-01-05",
        "due_date": "2026-06-30",
    }  # fmt: skip
    return {**body, **fields}


def _findings_plans_and_inbox(world) -> None:
    """A finding with a recommendation, a plan with an activity, two monev reports (a draft
    with text, one submitted), a notification of member_a1, evidence of A1 in the library."""
    from datetime import date

    from zona.findings import actions as findings
    from zona.frameworks.models import FrameworkVersion
    from zona.notifications.actions import notify
    from zona.notifications.models import Kind
    from zona.plans import actions as plans

    coordinator, member = world.users["coordinator_a"], world.users["member_a1"]
    world.finding = findings.create_finding(
        coordinator, world.a1, source="bpk", report_number="LHP 1",
        report_date=date(2025, 5, 1), title="Temuan",
    )  # fmt: skip
    world.rec = findings.add_recommendation(coordinator, world.finding, "Rekomendasi")
    framework = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    world.plan = plans.create_plan(member, world.a1, 2026, framework)
    world.activity = plans.save_activity(member, world.plan, {
        "title": "Agen", "area": "MP", "output": "SK", "owner": member,
        "start_date": date(2026, 1, 5), "due_date": date(2026, 6, 30),
    })  # fmt: skip
    world.monev = plans.create_monev(member, world.a1, 2026, "tw1")
    plans.save_monev(member, world.monev, {"done_summary": "Agen dibentuk"})
    world.monev_submitted = plans.create_monev(member, world.a1, 2026, "tw2")
    plans.save_monev(member, world.monev_submitted, {"done_summary": "Lanjut"})
    plans.move_monev(member, world.monev_submitted, "submit")
    [world.note] = notify(
        [member], Kind.MENTION, world.a1, link="/x", key="matrix",
        context={"actor": "Rina", "question": "2", "unit": "Unit A1", "year": 2026},
    )  # fmt: skip
    from zona.accounts.actions import invite

    world.invitation, _link = invite(
        coordinator, email="calon@example.test", full_name="Calon", role="unit_member",
        unit=world.a2, base_url="http://testserver/",
    )  # fmt: skip
    world.evidence = actions.add_evidence(
        member, world.ev_a1, "2", description="SK Tim ZI", url="https://x.test/sk"
    )


@pytest.fixture
def scene(world, frameworks):
    from zona.evaluations.models import Evaluation, Stage

    world.ev_a1 = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(world.ev_a1, "unit")  # complete, so that submitting it can succeed
    world.ev_b1 = actions.create_evaluation(world.users["sysadmin"], world.b1, 2026, "WBK")
    world.ev_b1_proposed = actions.create_evaluation(world.users["sysadmin"], world.b1, 2025, "WBK")
    Evaluation.objects.filter(pk=world.ev_b1_proposed.pk).update(stage=Stage.PROPOSED)
    world.survey = _survey(world)
    _findings_plans_and_inbox(world)
    return world


def _survey(world):
    from surveys.helpers import make_survey

    from zona.surveys.actions import load_instrument
    from zona.surveys.instruments import shipped_files

    ipak = next(
        load_instrument(None, p.read_text(encoding="utf-8"))[0]
        for p in shipped_files()
        if p.stem == "ipak"
    )
    return make_survey(world.a1, ipak, code="APIA11")


@pytest.mark.parametrize(
    ("name", "method", "path", "body", "expected"), MATRIX, ids=[row[0] for row in MATRIX]
)
def test_api_permission_matrix(scene, name, method, path, body, expected):
    tokens = {role: make_token(scene.users[role]) for role in LOGGED_IN}
    found = {}
    for role in ROLES:
        # Each role meets the same state: its writes are rolled back before the next role.
        with transaction.atomic():
            client = ApiClient(tokens.get(role))
            response = getattr(client, method)(path(scene), body(scene) if body else None)
            found[role] = response.status_code
            if response.status_code >= 400:
                assert set(response.json()["error"]) == {"code", "message", "details"}
            transaction.set_rollback(True)
    assert found == expected, name


def test_the_api_and_the_screens_agree_on_reach(scene, client):
    """Outside reach on the screens (404) is outside reach in the API (404), role by role."""
    from django.urls import reverse

    pairs = [
        (reverse("evaluations:detail", args=[scene.ev_a1.pk]), f"{E}/{scene.ev_a1.pk}"),
        (reverse("evaluations:detail", args=[scene.ev_b1_proposed.pk]),
         f"{E}/{scene.ev_b1_proposed.pk}"),
        (reverse("orgs:unit", args=[scene.a2.pk]), f"/api/v1/units/{scene.a2.pk}"),
        (reverse("orgs:instansi", args=[scene.b.pk]), f"/api/v1/instansi/{scene.b.pk}"),
        (reverse("findings:detail", args=[scene.finding.pk]),
         f"/api/v1/findings/{scene.finding.pk}"),
        (reverse("plans:plan", args=[scene.plan.pk]), f"/api/v1/plans/{scene.plan.pk}"),
        (reverse("plans:activity", args=[scene.activity.pk]),
         f"/api/v1/activities/{scene.activity.pk}"),
        (reverse("plans:monev", args=[scene.monev.pk]), f"/api/v1/monev/{scene.monev.pk}"),
        (reverse("accounts:people"), f"/api/v1/people/{scene.users['member_a1'].pk}"),
    ]  # fmt: skip
    for role in LOGGED_IN:
        client.force_login(scene.users[role])
        api = ApiClient(make_token(scene.users[role]))
        for screen, endpoint in pairs:
            assert (client.get(screen).status_code == 404) == (
                api.get(endpoint).status_code == 404
            ), (role, screen, endpoint)
