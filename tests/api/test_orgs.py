"""Instansi, units, frameworks and the public predicate register through the API."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from zona.audit.models import AuditEvent
from zona.orgs.models import Echelon, InstansiYear, PredicateAward, UnitKerja


def test_units_filtered_by_instansi_and_within_reach(api, world, django_assert_max_num_queries):
    client = api("coordinator_a")
    body = client.get("/api/v1/units").json()
    assert [u["name"] for u in body["items"]] == ["Unit A1", "Unit A1a", "Unit A2"]
    assert client.get("/api/v1/units", {"instansi": world.b.pk}).json()["count"] == 0
    assert client.get("/api/v1/units", {"parent": world.a1.pk}).json()["items"][0]["name"] == (
        "Unit A1a"
    )
    assert client.get("/api/v1/units", {"q": "a2"}).json()["count"] == 1
    assert api("member_a1").get("/api/v1/units").json()["count"] == 1
    PredicateAward.objects.create(unit=world.a2, year=2024, predicate="WBK")
    for i in range(10):
        UnitKerja.objects.create(
            instansi=world.a, name=f"Z{i}", echelon=Echelon.IV, unit_type=world.a1.unit_type
        )
    # token, roles, count, page, awards of the page: not one query per unit
    with django_assert_max_num_queries(5):
        body = client.get("/api/v1/units", {"instansi": world.a.pk}).json()
    assert body["count"] == 13
    assert {u["name"]: u["current_predicate"] for u in body["items"]}["Unit A2"] == "WBK"


def test_coordinator_adds_and_changes_a_unit(api, world):
    client = api("coordinator_a")
    data = {
        "instansi_id": world.a.pk, "name": "Biro Umum", "parent_id": world.a1.pk,
        "echelon": "III", "unit_type_id": world.a1.unit_type_id, "address": "Jl. Merdeka 1",
    }  # fmt: skip
    created = client.post("/api/v1/units", data)
    assert created.status_code == 201, created.content
    unit = UnitKerja.objects.get(name="Biro Umum")
    assert (unit.instansi, unit.parent, unit.echelon) == (world.a, world.a1, "III")
    assert AuditEvent.objects.filter(action="unit.created", object_id=str(unit.pk)).exists()
    # the form's rules: names are unique per instansi
    clash = client.post("/api/v1/units", data)
    assert clash.status_code == 422
    assert list(clash.json()["error"]["details"]["fields"]) == ["name"]
    changed = client.put(f"/api/v1/units/{unit.pk}", {**data, "name": "Biro Umum dan Keuangan"})
    assert changed.json()["name"] == "Biro Umum dan Keuangan"
    # a unit cannot sit under itself
    cycle = client.put(f"/api/v1/units/{world.a1.pk}", {**data, "name": "Unit A1",
                                                       "parent_id": world.a1a.pk})  # fmt: skip
    assert cycle.status_code == 422


def test_others_cannot_write_units(api, world):
    data = {"instansi_id": world.a.pk, "name": "X", "echelon": "IV",
            "unit_type_id": world.a1.unit_type_id}  # fmt: skip
    assert api("tpi_a").post("/api/v1/units", data).status_code == 404
    assert (
        api("coordinator_a").post("/api/v1/units", {**data, "instansi_id": world.b.pk}).status_code
        == 404
    )
    assert api("lead_a1").put(f"/api/v1/units/{world.a1.pk}", data).status_code == 404
    assert not UnitKerja.objects.filter(name="X").exists()


def test_instansi_facts_of_a_year(api, world):
    client = api("coordinator_a")
    response = client.put(
        f"/api/v1/instansi/{world.a.pk}/years/2025",
        {"bpk_opinion": "WTP", "akip_grade": "BB", "spip_level": "3.25", "rb_index": 81.5},
    )
    assert response.status_code == 200, response.content
    facts = InstansiYear.objects.get(instansi=world.a, year=2025)
    assert (facts.bpk_opinion, facts.akip_grade, facts.spip_level) == ("WTP", "BB", Decimal("3.25"))
    detail = client.get(f"/api/v1/instansi/{world.a.pk}").json()
    assert detail["years"][0]["bpk_opinion"] == "WTP"
    bad = client.put(f"/api/v1/instansi/{world.a.pk}/years/2025", {"spip_level": 7})
    assert bad.status_code == 422
    assert api("tpi_a").put(f"/api/v1/instansi/{world.a.pk}/years/2025", {}).status_code == 404


def test_frameworks(api, frameworks):
    client = api("norole")  # regulation: every signed-in person reads it
    listed = client.get("/api/v1/frameworks", {"code": "lke-2021"}).json()
    assert listed["count"] == 1
    version = listed["items"][0]["version"]
    detail = client.get(f"/api/v1/frameworks/lke-2021/{version}").json()
    assert len(detail["questions"]) == detail["question_count"] == 128
    assert detail["questions"][1]["options"] == ["a", "b", "c"]


def test_predicate_register_is_public(api, world):
    PredicateAward.objects.create(unit=world.a1, year=2024, predicate="WBK", decree_number="SK 9")
    PredicateAward.objects.create(unit=world.b1, year=2023, predicate="WBK", revoked=True)
    body = api().get("/api/v1/predicates").json()
    assert [(a["unit"], a["year"], a["revoked"]) for a in body["items"]] == [
        ("Unit A1", 2024, False), ("Unit B1", 2023, True),
    ]  # fmt: skip
    assert api().get("/api/v1/predicates", {"year": 2023}).json()["count"] == 1
    assert api().get("/api/v1/predicates", {"q": "instansi b"}).json()["count"] == 1
    assert api().get("/api/v1/predicates", {"kind": "kabupaten"}).json()["count"] == 1


@pytest.mark.parametrize("body", [[None, None], "x", 3, None, True, []])
def test_a_body_that_is_no_object_is_refused_and_keeps_the_facts(api, world, body):
    """Issue 14, item 8: `[null, null]` or `"x"` used to pass as "every fact empty"."""
    client = api("coordinator_a")
    url = f"/api/v1/instansi/{world.a.pk}/years/2025"
    facts = {"bpk_opinion": "WTP", "akip_grade": "BB", "spip_level": "3.25", "rb_index": 81.5}
    assert client.put(url, facts).status_code == 200
    response = client.client.put(
        url, json.dumps(body), content_type="application/json", headers=client.headers
    )
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "validation_error"
    kept = InstansiYear.objects.get(instansi=world.a, year=2025)
    assert (kept.bpk_opinion, kept.akip_grade, kept.spip_level, kept.rb_index) == (
        "WTP", "BB", Decimal("3.25"), Decimal("81.5")
    )  # fmt: skip


def test_an_empty_object_still_clears_the_facts(api, world):
    client = api("coordinator_a")
    url = f"/api/v1/instansi/{world.a.pk}/years/2025"
    client.put(url, {"bpk_opinion": "WTP"})
    assert client.put(url, {}).status_code == 200
    assert InstansiYear.objects.get(instansi=world.a, year=2025).bpk_opinion == ""
