"""Evaluations through the API: list with filters and pagination, read with scores per layer,
create, stage moves with the actions' refusals."""

from __future__ import annotations

import pytest
from django.utils import timezone
from filling import fill_layer

from zona.evaluations import actions
from zona.evaluations.models import Evaluation, Stage
from zona.orgs.models import Echelon, UnitKerja

URL = "/api/v1/evaluations"


def test_detail_has_the_scores_of_the_readable_layers(api, evaluation, world):
    actions.save_answer(world.users["member_a1"], evaluation, "2", "unit", "b", "", 0)
    unit_total = evaluation.scores.get(layer="unit").total
    assert unit_total > 0

    body = api("member_a1").get(f"{URL}/{evaluation.pk}").json()
    assert body["stage"] == "draft"
    assert body["layers"] == ["unit"]  # the TPI's layer stays hidden from the unit in draft
    assert set(body["scores"]) == {"unit"}
    # One answer of 128: the workbook has no total yet (every other sub-component is empty);
    # the API says so, and why, instead of a number.
    unit = body["scores"]["unit"]
    assert unit["total"] is None and unit["pengungkit"] is None and unit["hasil"] is None
    assert (
        unit["not_computable"]["A"] == "missing_input" and "A.I.1.i" not in unit["not_computable"]
    )
    assert unit["answered"] == 1 and unit["provisional"] == 127
    assert unit["areas"]["MP"] is None
    assert body["writable_layer"] == "unit"
    assert body["moves"] == []  # a member may not submit; the lead may
    assert api("lead_a1").get(f"{URL}/{evaluation.pk}").json()["moves"] == ["submit"]

    tpi = api("tpi_a").get(f"{URL}/{evaluation.pk}").json()
    assert tpi["layers"] == ["unit", "tpi"] and set(tpi["scores"]) == {"unit", "tpi"}
    assert tpi["writable_layer"] is None  # the TPI answers only during its review


def test_list_filters_and_paginates(api, world, frameworks):
    lead = world.users["sysadmin"]
    for unit, year, target in ((world.a1, 2025, "WBK"), (world.a2, 2025, "WBK"),
                               (world.a1a, 2026, "WBK"), (world.b1, 2025, "WBK")):  # fmt: skip
        actions.create_evaluation(lead, unit, year, target)
    client = api("coordinator_a")
    everything = client.get(URL).json()
    assert everything["count"] == 3  # instansi B's evaluation is outside the coordinator's reach
    assert {e["unit_name"] for e in everything["items"]} == {"Unit A1", "Unit A2", "Unit A1a"}
    assert client.get(URL, {"year": 2025}).json()["count"] == 2
    assert client.get(URL, {"unit": world.a2.pk}).json()["items"][0]["unit_name"] == "Unit A2"
    assert client.get(URL, {"instansi": world.b.pk}).json()["count"] == 0
    assert client.get(URL, {"stage": "submitted"}).json()["count"] == 0
    assert client.get(URL, {"target": "WBK", "stage": "draft"}).json()["count"] == 3
    page = client.get(URL, {"limit": 2, "offset": 2}).json()
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (3, 2, 2, 1)
    assert api("sysadmin").get(URL).json()["count"] == 4
    too_many = client.get(URL, {"limit": 201})
    assert too_many.status_code == 422
    assert too_many.json()["error"]["code"] == "validation_error"


def test_list_query_count_is_constant(api, world, frameworks, django_assert_max_num_queries):
    sysadmin = world.users["sysadmin"]
    kind = world.a1.unit_type
    for i in range(12):
        unit = UnitKerja.objects.create(
            instansi=world.a, name=f"Unit X{i}", echelon=Echelon.IV, unit_type=kind
        )
        actions.create_evaluation(sysadmin, unit, 2026, "WBK")
    client = api("coordinator_a")
    client.get(URL)  # warm: nothing cached matters, but the first token use writes last_used
    # token + roles + count + page: the same for 12 evaluations as for 1
    with django_assert_max_num_queries(4):
        body = client.get(URL, {"limit": 100}).json()
    assert body["count"] == 12


def test_create_through_the_action(api, world, frameworks):
    response = api("lead_a1").post(URL, {"unit_id": world.a1.pk, "year": 2026, "target": "WBK"})
    assert response.status_code == 201, response.content
    created = Evaluation.objects.get(pk=response.json()["id"])
    assert (created.unit, created.year, created.stage) == (world.a1, 2026, Stage.DRAFT)
    assert created.created_by == world.users["lead_a1"]
    again = api("lead_a1").post(URL, {"unit_id": world.a1.pk, "year": 2026, "target": "WBK"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "refused"
    assert "2026" in again.json()["error"]["message"]
    # WBBM needs a unit that holds WBK: the action's rule, with its reason
    wbbm = api("lead_a1", "en").post(URL, {"unit_id": world.a1.pk, "year": 2027, "target": "WBBM"})
    assert wbbm.status_code == 409
    assert "Menuju WBBM needs" in wbbm.json()["error"]["message"]


def test_create_outside_reach_is_404_and_without_role_403(api, world, frameworks):
    outside = api("lead_a1").post(URL, {"unit_id": world.b1.pk, "year": 2026, "target": "WBK"})
    assert outside.status_code == 404
    assert outside.json()["error"]["code"] == "not_found"
    reader = api("tpi_a").post(URL, {"unit_id": world.a1.pk, "year": 2026, "target": "WBK"})
    assert reader.status_code == 403
    assert reader.json()["error"]["code"] == "forbidden"
    assert not Evaluation.objects.exists()


def move(client, evaluation, name, **extra):
    return client.post(f"{URL}/{evaluation.pk}/moves", {"move": name, **extra})


def test_moves_follow_the_stage_machine(api, evaluation, world):
    incomplete = move(api("lead_a1", "en"), evaluation, "submit")
    assert incomplete.status_code == 409
    assert incomplete.json()["error"]["message"] == (  # evidence is a warning: not listed
        "This step cannot be made yet: Questions answered by the unit: required 128, actual 0, "
        "short by 128."
    )
    [failure] = incomplete.json()["error"]["details"]["failures"]
    figures = {k: failure[k] for k in ("condition", "required", "actual", "shortfall")}
    assert figures == {
        "condition": "unit_answers", "required": "128", "actual": "0", "shortfall": "128"
    }  # fmt: skip
    assert len(failure["details"]) == 128 and failure["details"][0].startswith("1. ")
    fill_layer(evaluation, "unit")
    submitted = move(api("lead_a1"), evaluation, "submit", note="Siap dinilai")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["stage"] == "submitted"
    assert submitted.json()["history"][-1]["note"] == "Siap dinilai"
    # the wrong stage: refused with the action's reason
    again = move(api("lead_a1", "en"), evaluation, "submit")
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "refused",
        "message": "This step is not possible at the stage “Submitted to the TPI”.",
        "details": {},
    }
    # a role that may not make the move
    assert move(api("member_a1"), evaluation, "start_review").status_code == 403
    assert move(api("tpi_a"), evaluation, "start_review").json()["stage"] == "tpi_review"
    # returning needs a reason
    refused = move(api("tpi_a"), evaluation, "return")
    assert refused.status_code == 409 and "perlu diperbaiki" in refused.json()["error"]["message"]
    returned = move(api("tpi_a"), evaluation, "return", note="Lengkapi bukti")
    assert returned.json()["stage"] == "returned"
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.RETURNED


def test_unknown_move_is_a_validation_error(api, evaluation):
    response = move(api("lead_a1"), evaluation, "teleport")
    assert response.status_code == 422
    assert response.json()["error"]["details"]["errors"][0]["loc"][-1] == "move"


def test_decide_needs_the_decree(api, evaluation, set_stage):
    set_stage(evaluation, Stage.TPN_FIELD)
    fill_layer(evaluation, "tpn")
    response = move(api("tpn", "en"), evaluation, "decide", predicate="WBK")
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "This step cannot be made yet: Decree number: a predicate needs the decree number; "
        "Decree date: a predicate needs the decree date."
    )
    decided = move(
        api("tpn"), evaluation, "decide", predicate="WBK", decree_number="SK 1/2026",
        decree_date=timezone.localdate().isoformat(),
    )  # fmt: skip
    assert decided.status_code == 200, decided.content
    assert decided.json()["decided_predicate"] == "WBK"
    assert decided.json()["decree_number"] == "SK 1/2026"


@pytest.fixture
def set_stage():
    def _set(evaluation, stage, **fields):
        Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage, **fields)
        evaluation.refresh_from_db()
        return evaluation

    return _set


@pytest.mark.parametrize("bad", [0, "0", 20261201, True, "1.12.2026", "2026-12-01T00:00:00"])
def test_a_decree_date_that_is_no_iso_date_is_refused(api, evaluation, set_stage, bad):
    """Issue 14, item 8: `decree_date: 0` used to be read as 1 January 1970."""
    set_stage(evaluation, Stage.TPN_FIELD)
    response = move(
        api("tpn"), evaluation, "decide", predicate="WBK", decree_number="SK 1/2026",
        decree_date=bad,
    )  # fmt: skip
    assert response.status_code == 422, response.content
    assert response.json()["error"]["details"]["errors"][0]["loc"][-1] == "decree_date"
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.TPN_FIELD and evaluation.decree_date is None


def test_a_move_body_that_is_no_object_is_refused(api, evaluation):
    client = api("lead_a1")
    response = client.client.post(
        f"{URL}/{evaluation.pk}/moves", "[]", content_type="application/json",
        headers=client.headers,
    )  # fmt: skip
    assert response.status_code == 422
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.DRAFT
