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
]  # fmt: skip


@pytest.fixture
def scene(world, frameworks):
    from zona.evaluations.models import Evaluation, Stage

    world.ev_a1 = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(world.ev_a1, "unit")  # complete, so that submitting it can succeed
    world.ev_b1 = actions.create_evaluation(world.users["sysadmin"], world.b1, 2026, "WBK")
    world.ev_b1_proposed = actions.create_evaluation(world.users["sysadmin"], world.b1, 2025, "WBK")
    Evaluation.objects.filter(pk=world.ev_b1_proposed.pk).update(stage=Stage.PROPOSED)
    world.survey = _survey(world)
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
    ]  # fmt: skip
    for role in LOGGED_IN:
        client.force_login(scene.users[role])
        api = ApiClient(make_token(scene.users[role]))
        for screen, endpoint in pairs:
            assert (client.get(screen).status_code == 404) == (
                api.get(endpoint).status_code == 404
            ), (role, screen, endpoint)
