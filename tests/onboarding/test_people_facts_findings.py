"""Importing people with roles (existing accounts get the role, new people an invitation mailed
through the queue), instansi facts per year, findings with recommendations."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from sheets import csv_bytes

from zona.accounts.models import Invitation, Role, RoleAssignment
from zona.audit.models import AuditEvent
from zona.findings.models import Finding, Recommendation
from zona.onboarding import actions
from zona.orgs.models import InstansiYear

PEOPLE = "Email,Nama lengkap,Peran,Kode unit"


@pytest.fixture
def coded(world):
    world.a1.code, world.a2.code = "A1", "A2"
    world.a1.save(), world.a2.save()
    return world


def test_people_new_are_invited_after_commit_existing_get_the_role(
    upload, coded, django_capture_on_commit_callbacks
):
    world = coded
    rows = [
        PEOPLE,
        "Rina@Example.test,Rina Wulandari,Anggota tim unit,A1",
        "rina@example.test,Rina Wulandari,Pimpinan unit,A1",
        "tpi_a@example.test,,Evaluator TPI,",  # exists already with this role
        "member_a1@example.test,,Evaluator TPI,",  # exists, gets a second role
    ]
    batch = upload("people", csv_bytes(rows))
    assert batch.problems == []
    assert batch.counts == {"created": 3, "changed": 0, "unchanged": 1, "problems": 0}
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.confirm(world.users["coordinator_a"], batch)
    assert len(callbacks) == 1  # one queue hand-over, after the commit
    invitations = Invitation.objects.filter(email="rina@example.test")
    assert sorted(invitations.values_list("role", flat=True)) == [Role.UNIT_LEAD, Role.UNIT_MEMBER]
    assert {i.unit for i in invitations} == {world.a1}
    assert sorted(m.to[0] for m in mail.outbox) == ["rina@example.test", "rina@example.test"]
    assert "/undangan/" in mail.outbox[0].body or "http://zona.test/" in mail.outbox[0].body
    member = world.users["member_a1"]
    assert RoleAssignment.objects.filter(
        user=member, role=Role.TPI_EVALUATOR, instansi=world.a
    ).exists()
    assert AuditEvent.objects.filter(action="role.granted").count() == 1
    assert AuditEvent.objects.filter(action="invitation.sent").count() == 2

    again = upload("people", csv_bytes(rows))
    assert again.counts == {"created": 0, "changed": 0, "unchanged": 4, "problems": 0}


def test_delivered_link_accepts(upload, coded, client, django_capture_on_commit_callbacks):
    batch = upload(
        "people", csv_bytes([PEOPLE, "budi@example.test,Budi Santoso,Pimpinan (hanya baca),"])
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.confirm(coded.users["coordinator_a"], batch)
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if word.startswith("http://zona.test/"))
    response = client.get(link.removeprefix("http://zona.test"))
    assert response.status_code == 200  # the fresh token made at delivery is the valid one


def test_people_problems(upload, coded):
    rows = [
        PEOPLE,
        "bukan-email,X,Anggota tim unit,A1",
        "a@example.test,A,Raja,",
        "b@example.test,B,Anggota tim unit,",
        "c@example.test,C,Evaluator TPI,A1",
        "d@example.test,D,Anggota tim unit,ZZ",
        "e@example.test,E,Administrator sistem,",
    ]
    texts = [p["text"] for p in upload("people", csv_bytes(rows)).problems]
    assert texts[0] == "Baris 2, kolom 'Email': 'bukan-email' bukan alamat e-mail."
    assert texts[1].startswith("Baris 3, kolom 'Peran': 'Raja' bukan peran yang dikenal (")
    assert texts[2] == "Baris 4, kolom 'Kode unit': peran unit memerlukan kode unit."
    assert texts[3].startswith("Baris 5, kolom 'Kode unit': peran 'Evaluator TPI' berlaku")
    assert texts[4] == "Baris 6, kolom 'Kode unit': tidak ada unit berkode 'ZZ' di instansi ini."
    assert texts[5].startswith("Baris 7, kolom 'Peran': 'Administrator sistem' bukan peran")
    assert len(texts) == 6


def test_facts_per_year(upload, world):
    InstansiYear.objects.create(instansi=world.a, year=2024, bpk_opinion="WDP")
    head = "Tahun,Opini BPK,Nilai AKIP,Level SPIP,Indeks RB"
    batch = upload("facts", csv_bytes([head, "2024,WTP,BB,3,0", '2025,WTP,A,"3,25",78.5']))
    assert batch.counts["created"] == 1 and batch.counts["changed"] == 1
    changed = next(o for o in batch.outcomes if o["status"] == "changed")
    assert "Opini BPK: WDP → WTP" in changed["changes"]
    actions.confirm(world.users["coordinator_a"], batch)
    facts = InstansiYear.objects.get(instansi=world.a, year=2025)
    assert (facts.akip_grade, facts.spip_level, facts.rb_index) == (
        "A", Decimal("3.25"), Decimal("78.50"),
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="instansi.facts_saved").count() == 2
    bad = upload("facts", csv_bytes([head, "2025,WTP,A,7,"]))
    assert [p["text"] for p in bad.problems] == ["Baris 2, kolom 'Level SPIP': '7' di luar 0–5."]


def test_findings_with_recommendations(upload, coded):
    head = ("Kode unit,Sumber,Nama auditor,Nomor laporan,Tanggal laporan,Temuan,Uraian,"
            "Rekomendasi,Batas waktu")  # fmt: skip
    rows = [
        head,
        "A1,BPK,,LHP-01/2026,2026-02-10,Kas tidak disetor,,Setorkan kas,2026-06-30",
        "A1,BPK,,LHP-01/2026,2026-02-10,Kas tidak disetor,,Tegur bendahara,",
        "A2,Inspektorat,,LHP-7,10/01/2026,Aset belum dicatat,Uraian,,",
    ]
    batch = upload("findings", csv_bytes(rows))
    assert batch.problems == [] and batch.counts["created"] == 3
    actions.confirm(coded.users["coordinator_a"], batch)
    finding = Finding.objects.get(report_number="LHP-01/2026")
    assert [r.text for r in finding.recommendations.all()] == ["Setorkan kas", "Tegur bendahara"]
    assert finding.recommendations.first().deadline == date(2026, 6, 30)
    assert Finding.objects.get(report_number="LHP-7").report_date == date(2026, 1, 10)
    assert Recommendation.objects.count() == 2
    assert AuditEvent.objects.filter(action="finding.created").count() == 2
    again = upload("findings", csv_bytes(rows))
    assert again.counts == {"created": 0, "changed": 0, "unchanged": 3, "problems": 0}
    future = (date.today() + timedelta(days=30)).isoformat()
    late = upload("findings", csv_bytes([head, f"A1,BPK,,LHP-9,{future},T,,,"]))
    assert late.problems[0]["text"] == (
        "Baris 2: Tanggal laporan wajib diisi dan tidak boleh di masa depan."
    )
