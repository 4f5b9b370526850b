"""/api/v1/plans, activities, strategies and monev: the plans actions and access through the
API, the activity rules answered per field, evidence through the unit's library, monev moves
by the right person, lists in bounded queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zona.evidence import actions as documents
from zona.plans import actions, clock
from zona.plans.models import Activity, ActivityUpdate, MonevReport

from .conftest import Form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def plan(world, frameworks):
    return actions.create_plan(world.users["member_a1"], world.a1, 2026, frameworks["lke-2021"])


def activity_body(world, **fields):
    body = {
        "title": "Pembentukan agen perubahan", "area": "MP", "questions": [],
        "output": "SK agen perubahan", "owner_id": world.users["member_a1"].pk,
        "start_date": "2026-01-05", "due_date": "2026-06-30", "status": "belum", "progress": 0,
        "strategies": [],
    }  # fmt: skip
    body.update(fields)
    return body


def test_strategies_in_the_callers_language(world, api):
    body = api("member_a1").get("/api/v1/strategies").json()
    assert [s["number"] for s in body] == [1, 2, 3, 4, 5]
    english = api("member_a1", language="en").get("/api/v1/strategies").json()
    assert body[0]["code"] == english[0]["code"] and body[0]["name"] != english[0]["name"]


def test_start_a_plan_then_add_and_change_an_activity(world, api, frameworks):
    member = api("member_a1")
    r = member.post("/api/v1/plans", {"unit_id": world.a1.pk, "year": 2026})
    assert r.status_code == 201, r.content
    plan = r.json()
    assert plan["framework"].startswith("lke-2021@") and plan["may_edit"] is True
    mp = next(a for a in plan["areas"] if a["code"] == "MP")
    first_q = mp["questions"][0]
    again = member.post("/api/v1/plans", {"unit_id": world.a1.pk, "year": 2026})
    assert again.status_code == 409 and again.json()["error"]["code"] == "refused"
    assert "sudah memiliki rencana aksi" in again.json()["error"]["message"]

    r = member.post(
        f"/api/v1/plans/{plan['id']}/activities",
        activity_body(world, questions=[first_q], note="Mulai"),
    )
    assert r.status_code == 201, r.content
    activity = r.json()
    assert activity["questions"] == [first_q] and activity["owner_name"] == "member_a1"
    assert [h["note"] for h in activity["history"]] == ["Mulai"]

    codes = [s["code"] for s in member.get("/api/v1/strategies").json()]
    r = member.put(
        f"/api/v1/activities/{activity['id']}",
        activity_body(
            world, status="selesai", progress=100, strategies=[codes[1], codes[0]], note="Selesai"
        ),
    )
    assert r.status_code == 200, r.content
    changed = r.json()
    assert changed["status"] == "selesai" and changed["strategies"] == [codes[0], codes[1]]
    assert [h["progress"] for h in changed["history"]] == [0, 100]
    assert ActivityUpdate.objects.filter(activity_id=activity["id"]).count() == 2
    filtered = member.get(f"/api/v1/plans/{plan['id']}/activities", {"strategy": codes[1]})
    assert filtered.json()["count"] == 1
    assert member.get(f"/api/v1/plans/{plan['id']}").json()["done"] == 1


def test_the_activity_rules_answer_per_field_and_keep_nothing(world, api, plan):
    r = api("member_a1").post(
        f"/api/v1/plans/{plan.pk}/activities",
        activity_body(
            world,
            area="XX",
            due_date="2026-01-01",
            progress=100,
            strategies=["nope"],
            owner_id=world.users["tpi_a"].pk,
        ),
    )
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["details"]["fields"]) == {"owner"}  # the person is checked first
    r = api("member_a1").post(
        f"/api/v1/plans/{plan.pk}/activities",
        activity_body(world, area="XX", due_date="2026-01-01", progress=100, strategies=["nope"]),
    )
    fields = r.json()["error"]["details"]["fields"]
    assert set(fields) == {"area", "due_date", "status", "strategies"}
    assert fields["due_date"] == ["Tenggat tidak boleh sebelum tanggal mulai."]
    assert not Activity.objects.exists()


def test_who_may_change_plans(world, api, plan):
    body = activity_body(world)
    assert api("coordinator_a").post(f"/api/v1/plans/{plan.pk}/activities", body).status_code == 403
    assert api("tpn").post(f"/api/v1/plans/{plan.pk}/activities", body).status_code == 404
    assert api("coordinator_a").get(f"/api/v1/plans/{plan.pk}").json()["may_edit"] is False
    assert api("tpn").get("/api/v1/plans").json()["count"] == 0
    assert api("lead_a1").post(f"/api/v1/plans/{plan.pk}/activities", body).status_code == 201


def test_activity_evidence_upload_attach_from_library_and_detach(world, api, plan):
    member = api("member_a1")
    a = member.post(f"/api/v1/plans/{plan.pk}/activities", activity_body(world)).json()
    upload = SimpleUploadedFile("sk-agen.pdf", PDF, content_type="application/pdf")
    r = member.post(f"/api/v1/activities/{a['id']}/evidence",
                    Form(description="SK agen perubahan", file=upload))  # fmt: skip
    assert r.status_code == 201, r.content
    [doc] = r.json()["documents"]
    assert doc["size"] == len(PDF)
    got = api("coordinator_a").get(doc["download"])  # whoever sees the activity
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF

    other = documents.create(world.users["member_a1"], world.a1.pk, description="Foto",
                             url="https://x.test/foto")  # fmt: skip
    r = member.post(f"/api/v1/activities/{a['id']}/evidence/attach",
                    {"document": f"evidence:{other.pk}"})  # fmt: skip
    assert r.status_code == 201 and len(r.json()["documents"]) == 2
    foreign = documents.create(world.users["sysadmin"], world.b1.pk, description="B",
                               url="https://x.test/b")  # fmt: skip
    r = member.post(f"/api/v1/activities/{a['id']}/evidence/attach", {"document": str(foreign.pk)})
    assert r.status_code == 404
    bad = member.post(f"/api/v1/activities/{a['id']}/evidence", Form(description="", url="x"))
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_evidence"

    assert member.delete(f"/api/v1/activities/{a['id']}/evidence/{other.pk}").status_code == 204
    assert len(member.get(f"/api/v1/activities/{a['id']}").json()["documents"]) == 1


def test_monev_written_submitted_returned_and_signed_by_the_right_people(world, api):
    member, lead = api("member_a1"), api("lead_a1")
    r = member.post("/api/v1/monev", {"unit_id": world.a1.pk, "year": 2026, "period": "tw2"})
    assert r.status_code == 201, r.content
    report = r.json()
    assert (report["start_date"], report["end_date"]) == ("2026-04-01", "2026-06-30")
    assert report["moves"] == ["submit"] and report["status"] == "draft"
    pk = report["id"]
    r = member.post(f"/api/v1/monev/{pk}/moves", {"move": "submit"})
    assert r.status_code == 409  # nothing written yet
    assert member.put(f"/api/v1/monev/{pk}", {"done_summary": "Agen dibentuk"}).status_code == 200
    assert member.post(f"/api/v1/monev/{pk}/moves", {"move": "submit"}).json()["status"] == (
        "submitted"
    )
    assert member.post(f"/api/v1/monev/{pk}/moves", {"move": "sign"}).status_code == 403
    r = lead.post(f"/api/v1/monev/{pk}/moves", {"move": "return"})
    assert r.status_code == 409  # a return needs its note
    r = lead.post(f"/api/v1/monev/{pk}/moves", {"move": "return", "note": "Lengkapi kendala"})
    assert r.json()["status"] == "draft"
    member.put(f"/api/v1/monev/{pk}", {"done_summary": "Agen dibentuk", "obstacles": "Anggaran"})
    member.post(f"/api/v1/monev/{pk}/moves", {"move": "submit"})
    r = lead.post(f"/api/v1/monev/{pk}/moves", {"move": "sign"})
    body = r.json()
    assert body["status"] == "signed" and body["signed_by"] == "lead_a1"
    assert [s["to_status"] for s in body["steps"]] == ["submitted", "draft", "submitted", "signed"]
    assert member.put(f"/api/v1/monev/{pk}", {"done_summary": "x"}).status_code == 409
    assert MonevReport.objects.get(pk=pk).done_summary == "Agen dibentuk"
    assert api("coordinator_a").put(f"/api/v1/monev/{pk}", {}).status_code == 403
    assert api("tpn").get(f"/api/v1/monev/{pk}").status_code == 404


def test_lists_in_bounded_queries(world, api, plan, django_assert_max_num_queries):
    codes = [s["code"] for s in api("member_a1").get("/api/v1/strategies").json()]
    for i in range(15):
        actions.save_activity(world.users["member_a1"], plan, {
            "title": f"Kegiatan {i}", "area": "MP", "questions": [], "output": "O",
            "owner": world.users["member_a1"], "start_date": date(2026, 1, 1),
            "due_date": date(2026, 3 + i % 6, 1), "status": "belum", "progress": 0,
            "strategies": codes[: 1 + i % 3],
        })  # fmt: skip
    for period in ("tw1", "tw2", "tw3"):
        actions.create_monev(world.users["member_a1"], world.a1, 2026, period)
    client = api("coordinator_a")
    with django_assert_max_num_queries(9):
        r = client.get(f"/api/v1/plans/{plan.pk}/activities", {"limit": 200})
    body = r.json()
    assert body["count"] == 15
    assert sum(item["overdue"] for item in body["items"]) == 11  # due on the 1st of March…June
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/plans").json()["items"][0]["overdue"] == 11
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/monev").json()["count"] == 3
    assert client.get(f"/api/v1/plans/{plan.pk}/activities",
                      {"overdue": "false"}).json()["count"] == 4  # fmt: skip
