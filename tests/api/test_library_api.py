"""/api/v1/units/{id}/library and …/evidence/attach-many: the unit's document library as the
evidence screens show it (each source's own reach), and one document attached to several LKE
questions in one action."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.evaluations.models import EvidenceLink
from zona.evidence.models import Evidence
from zona.findings import actions as findings

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def documents(world, evaluation):
    member = world.users["member_a1"]
    for i in range(4):
        actions.add_evidence(member, evaluation, "2", description=f"SK Tim {i}",
                             url=f"https://x.test/sk{i}")  # fmt: skip
    f = findings.create_finding(
        world.users["coordinator_a"], world.a1, source="bpk", report_number="LHP 9/2025",
        report_date=date(2025, 3, 1), title="Temuan",
    )  # fmt: skip
    rec = findings.add_recommendation(world.users["coordinator_a"], f, "Perbaiki", None)
    upload = SimpleUploadedFile("ba.pdf", PDF, content_type="application/pdf")
    findings.report_follow_up(member, rec, "Selesai", upload=upload, description="BA tindak lanjut")
    return rec.documents.get()


def test_the_library_pages_the_units_documents_newest_first(
    world, api, evaluation, documents, django_assert_max_num_queries
):
    member = api("member_a1")
    path = f"/api/v1/units/{world.a1.pk}/library"
    with django_assert_max_num_queries(9):
        body = member.get(path, {"limit": 3}).json()
    assert body["count"] == 5 and len(body["items"]) == 3
    first = body["items"][0]
    assert first["key"] == f"finding:{documents.pk}"
    assert first["origin"] == "Tindak lanjut audit, LHP 9/2025"
    assert first["download"] == f"/api/v1/findings/documents/{documents.pk}/download"
    rest = member.get(path, {"limit": 3, "offset": 3}).json()["items"]
    assert [i["description"] for i in rest] == ["SK Tim 1", "SK Tim 0"]
    assert member.get(path, {"q": "tim 3"}).json()["count"] == 1
    # the unit's own evidence is the team's; the follow-up documents whoever sees the unit's
    coordinator = api("coordinator_a").get(path).json()
    assert [i["kind"] for i in coordinator["items"]] == ["finding"]
    assert api("tpn").get(path).status_code == 404
    assert api("member_a1").get(f"/api/v1/units/{world.a2.pk}/library").status_code == 404


def test_within_a_question_what_it_has_is_left_out(world, api, evaluation, documents):
    path = f"/api/v1/units/{world.a1.pk}/library"
    params = {"evaluation": evaluation.pk, "question": "2"}
    body = api("member_a1").get(path, params).json()
    assert [i["kind"] for i in body["items"]] == ["finding"]  # the four are on question 2
    other = api("member_a1").get(path, {"evaluation": evaluation.pk, "question": "3"}).json()
    assert other["count"] == 5


def test_attach_one_document_to_several_questions(world, api, evaluation, documents):
    member = api("member_a1")
    path = f"/api/v1/evaluations/{evaluation.pk}/evidence/attach-many"
    r = member.post(path, {"document": f"finding:{documents.pk}", "questions": ["5", "3", "4"]})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["attached"] == ["3", "4", "5"]  # in LKE order
    assert [link["question"] for link in body["links"]] == ["3", "4", "5"]
    evidence = Evidence.objects.get(pk=body["evidence_id"])
    assert evidence.file_id == documents.file_id  # the bytes shared, not copied
    assert AuditEvent.objects.filter(action="evidence.attached").count() == 1
    again = member.post(path, {"document": str(evidence.pk), "questions": ["3", "6"]}).json()
    assert again["attached"] == ["6"]
    assert EvidenceLink.objects.filter(evidence=evidence).count() == 4

    assert api("coordinator_a").post(path, {"document": str(evidence.pk),
                                            "questions": ["7"]}).status_code == 403  # fmt: skip
    foreign = Evidence.objects.create(unit=world.b1, description="B", url="https://x.test/b")
    assert member.post(path, {"document": str(foreign.pk), "questions": ["7"]}).status_code == 404
    assert member.post(path, {"document": "nope:1", "questions": ["7"]}).status_code == 404
    assert member.post(path, {"document": str(evidence.pk), "questions": ["999"]}).status_code == (
        404
    )
    assert member.post(path, {"document": str(evidence.pk), "questions": []}).status_code == 422
