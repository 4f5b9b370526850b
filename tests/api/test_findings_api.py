"""/api/v1/findings and /api/v1/recommendations: the register through the findings actions,
read within reach, errors in the API's shape, evidence of a follow-up stored by the evidence
app, lists in a bounded number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zona.audit.models import AuditEvent
from zona.findings import actions
from zona.findings.models import Document, Finding, Recommendation, Status

from .conftest import Form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def finding(world):
    f = actions.create_finding(
        world.users["coordinator_a"], world.a1, source="bpk", report_number="LHP 12/2025",
        report_date=date(2025, 3, 1), title="Aset tetap belum diinventarisasi",
    )  # fmt: skip
    actions.add_recommendation(world.users["coordinator_a"], f, "Inventarisasi aset", None)
    return f


def test_create_a_finding_and_a_recommendation_through_the_actions(world, api):
    tpi = api("tpi_a")
    r = tpi.post("/api/v1/findings", {
        "unit_id": world.a1.pk, "source": "inspektorat", "report_number": "LHA 7/2026",
        "report_date": "2026-01-10", "title": "SOP pelayanan belum ditetapkan",
    })  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["unit_id"] == world.a1.pk and body["source_label"] == "Inspektorat"
    assert body["recommendations"] == 0 and body["may_change"] is True
    found = Finding.objects.get(pk=body["id"])
    assert found.created_by == world.users["tpi_a"]
    assert AuditEvent.objects.filter(action="finding.created", object_id=str(found.pk)).exists()

    r = tpi.post(f"/api/v1/findings/{found.pk}/recommendations",
                 {"text": "Tetapkan SOP", "deadline": "2026-06-30"})  # fmt: skip
    assert r.status_code == 201, r.content
    rec = r.json()
    assert rec["status"] == "belum" and rec["deadline"] == "2026-06-30"
    assert rec["may_judge"] is True and rec["history"] == []
    assert api("tpi_a").get(f"/api/v1/findings/{found.pk}").json()["recommendations"] == 1


def test_a_refused_finding_says_why_in_indonesian_and_keeps_nothing(world, api):
    r = api("coordinator_a").post("/api/v1/findings", {
        "unit_id": world.a1.pk, "source": "other", "report_number": "X", "report_date":
        "2026-01-10", "title": "T",
    })  # fmt: skip
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_finding"
    assert error["message"] == "Sebutkan nama auditornya bila sumbernya auditor lain."
    assert not Finding.objects.exists()


def test_the_unit_team_reads_but_may_not_record(world, api, finding):
    member = api("member_a1")
    assert member.get(f"/api/v1/findings/{finding.pk}").json()["may_change"] is False
    r = member.put(f"/api/v1/findings/{finding.pk}", {
        "source": "bpk", "report_number": "LHP 12/2025", "report_date": "2025-03-01",
        "title": "Diubah",
    })  # fmt: skip
    assert r.status_code == 403
    finding.refresh_from_db()
    assert finding.title == "Aset tetap belum diinventarisasi"
    assert api("member_a1").get("/api/v1/findings/0").status_code == 422  # ids start at 1
    assert api("tpn").get(f"/api/v1/findings/{finding.pk}").status_code == 404


def test_status_deadline_and_follow_up_with_a_file(world, api, finding):
    rec = finding.recommendations.get()
    member = api("member_a1")
    upload = SimpleUploadedFile("ba-inventarisasi.pdf", PDF, content_type="application/pdf")
    r = member.post(
        f"/api/v1/recommendations/{rec.pk}/follow-ups",
        Form(note="Inventarisasi selesai", description="BA inventarisasi aset", file=upload),
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "belum"  # the auditor has not judged yet
    assert [e["to_status"] for e in body["history"]] == [None]
    assert body["history"][0]["by"] == "member_a1"
    [doc] = body["documents"]
    assert doc["filename"] == "ba-inventarisasi.pdf" and doc["size"] == len(PDF)
    download = member.get(doc["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert api("tpn").get(doc["download"]).status_code == 404

    # the unit may not judge its own follow-up
    assert member.post(f"/api/v1/recommendations/{rec.pk}/status",
                       {"status": "sesuai"}).status_code == 403  # fmt: skip
    coordinator = api("coordinator_a")
    today = timezone.localdate().isoformat()
    r = coordinator.post(f"/api/v1/recommendations/{rec.pk}/status",
                         {"status": "sesuai", "effective_on": today})  # fmt: skip
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "sesuai" and r.json()["status_on"] == today
    assert Recommendation.objects.get(pk=rec.pk).status == Status.SESUAI

    r = coordinator.post(f"/api/v1/recommendations/{rec.pk}/status", {"status": "tidak_dapat"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_finding"
    r = coordinator.put(f"/api/v1/recommendations/{rec.pk}/deadline", {"deadline": "2024-01-01"})
    assert r.status_code == 422
    assert "tanggal laporan" in r.json()["error"]["message"]
    r = coordinator.put(f"/api/v1/recommendations/{rec.pk}/deadline", {"deadline": "2025-12-31"})
    assert r.status_code == 200 and r.json()["deadline"] == "2025-12-31"


def test_a_follow_up_file_of_a_refused_type_is_not_kept(world, api, finding):
    rec = finding.recommendations.get()
    upload = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    r = api("member_a1").post(
        f"/api/v1/recommendations/{rec.pk}/follow-ups",
        Form(note="Selesai", description="Berkas", file=upload),
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_finding"
    assert not Document.objects.exists() and rec.changes.count() == 0


def test_the_list_filters_and_counts_in_bounded_queries(world, api, finding,
                                                        django_assert_max_num_queries):  # fmt: skip
    for i in range(12):
        f = actions.create_finding(
            world.users["sysadmin"], world.a2 if i % 2 else world.a1, source="bpkp",
            report_number=f"LHP {i}", report_date=date(2024, 1, 1 + i), title=f"Temuan {i}",
        )  # fmt: skip
        actions.add_recommendation(world.users["sysadmin"], f, "R", None)
    actions.create_finding(
        world.users["sysadmin"], world.b1, source="bpk", report_number="B",
        report_date=date(2024, 1, 1), title="Di instansi B",
    )  # fmt: skip
    client = api("coordinator_a")
    with django_assert_max_num_queries(8):
        r = client.get("/api/v1/findings", {"limit": 200})
    body = r.json()
    assert body["count"] == 13  # instansi A only
    assert body["items"][0]["report_number"] == "LHP 12/2025"  # newest report first
    assert all(item["open_recommendations"] == 1 for item in body["items"])
    assert api("coordinator_a").get("/api/v1/findings", {"unit": world.a2.pk}).json()["count"] == 6
    assert api("coordinator_a").get("/api/v1/findings", {"q": "lhp 1"}).json()["count"] == 4
    assert api("tpn").get("/api/v1/findings").json()["count"] == 0
    assert api("sysadmin").get("/api/v1/findings").json()["count"] == 14


def test_capaian_kinerja_recorded_and_assessed_as_on_the_screen(world, api):
    path = f"/api/v1/units/{world.a1.pk}/performance/2025"
    empty = api("tpi_a").get(path).json()
    assert empty["recorded"] is False and empty["may_keep"] is False and empty["checks"] == []
    member = api("member_a1")
    r = member.put(path, {"outcome_oriented": True, "note": "IKU 2025", "indicators": [
        {"name": "Indeks kepuasan", "measure": "indeks", "target": "80", "realisation": "88",
         "previous_realisation": "82", "benchmark": "85"},
        {"name": "Waktu layanan", "polarity": "lower", "target": "5", "realisation": "4",
         "previous_realisation": "6"},
    ]})  # fmt: skip
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["recorded"] is True and body["updated_by"] == "member_a1"
    assert [i["achievement"] for i in body["indicators"]] == ["110.00", "125.00"]
    assert [c["option"] for c in body["checks"]] == ["a", "b", "c", "d", "e"]
    assert body["suggested"] == "b"  # option a needs every benchmark
    assert body["checks"][0]["met"] is None
    assert api("tpi_a").put(path, {"indicators": []}).status_code == 403
    assert api("tpn").get(path).status_code == 404
    bad = member.put(path, {"indicators": [{"name": "X", "target": "0", "realisation": "1"}]})
    assert bad.status_code == 422
    assert len(member.get(path).json()["indicators"]) == 2  # nothing lost

    doc = member.post(f"{path}/documents", Form(description="Laporan kinerja 2025",
                                                url="https://x.test/lkj"))  # fmt: skip
    assert doc.status_code == 201, doc.content
    assert [d["description"] for d in doc.json()["documents"]] == ["Laporan kinerja 2025"]
    none_yet = member.post(f"/api/v1/units/{world.a1.pk}/performance/2024/documents",
                           Form(description="X", url="https://x.test/x"))  # fmt: skip
    assert none_yet.status_code == 404
