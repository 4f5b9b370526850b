"""Organisation pages and their changes: what coordinators and unit leads record, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zona.audit.models import AuditEvent
from zona.orgs.models import InstansiYear, Pencanangan, PredicateAward, UnitKerja, UnitYear


@pytest.mark.django_db
def test_coordinator_records_instansi_facts(client, world):
    client.force_login(world.users["coordinator_a"])
    url = reverse("orgs:instansi_year", args=[world.a.pk, 2024])
    response = client.post(
        url, {"bpk_opinion": "WTP", "akip_grade": "BB", "spip_level": "3", "rb_index": "77.5"}
    )
    assert response.status_code == 302
    facts = InstansiYear.objects.get(instansi=world.a, year=2024)
    assert (facts.bpk_opinion, facts.akip_grade, facts.rb_index) == ("WTP", "BB", Decimal("77.5"))
    # Edit: the audit trail keeps before and after.
    client.post(url, {"bpk_opinion": "WDP", "akip_grade": "BB", "spip_level": "3", "rb_index": ""})
    event = AuditEvent.objects.filter(action="instansi.facts_saved").order_by("id").last()
    assert event.before["bpk_opinion"] == "WTP" and event.after["bpk_opinion"] == "WDP"
    assert event.actor == world.users["coordinator_a"]


@pytest.mark.django_db
def test_invalid_facts_are_refused_and_nothing_saved(client, world):
    client.force_login(world.users["coordinator_a"])
    url = reverse("orgs:instansi_year", args=[world.a.pk, 2024])
    page = client.post(url, {"bpk_opinion": "XX", "spip_level": "7"})
    text = page.content.decode()
    assert page.status_code == 200 and "belum ada yang disimpan" in text
    assert 'value="7"' in text  # what was typed is kept
    assert not InstansiYear.objects.exists()


@pytest.mark.django_db
def test_coordinator_adds_and_edits_a_unit(client, world):
    client.force_login(world.users["coordinator_a"])
    response = client.post(
        reverse("orgs:unit_add", args=[world.a.pk]),
        {
            "name": "Unit A3",
            "parent": world.a1.pk,
            "echelon": "III",
            "unit_type": world.a1.unit_type_id,
            "public_service": "on",
        },
    )
    unit = UnitKerja.objects.get(name="Unit A3")
    assert response["Location"] == unit.get_absolute_url()
    assert unit.instansi == world.a and unit.parent == world.a1
    duplicate = client.post(
        reverse("orgs:unit_add", args=[world.a.pk]),
        {"name": "unit a3", "echelon": "III", "unit_type": world.a1.unit_type_id},
    )
    assert "sudah memiliki unit dengan nama" in duplicate.content.decode()
    # A unit cannot be placed under its own descendant.
    cycle = client.post(
        reverse("orgs:unit_edit", args=[world.a1.pk]),
        {
            "name": "Unit A1",
            "parent": world.a1a.pk,
            "echelon": "II",
            "unit_type": world.a1.unit_type_id,
        },
    )
    assert cycle.status_code == 200
    world.a1.refresh_from_db()
    assert world.a1.parent is None
    assert AuditEvent.objects.filter(action="unit.created").count() == 1


@pytest.mark.django_db
def test_unit_lead_records_compliance_and_declarations(client, world):
    client.force_login(world.users["lead_a1"])
    url = reverse("orgs:unit_year", args=[world.a1.pk, 2024])
    response = client.post(
        url,
        {
            "lhkpn_percent": "100",
            "lhkasn_percent": "97.5",
            "core_service_unit": "on",
            "large_resources": "on",
        },
    )
    assert response.status_code == 302
    row = UnitYear.objects.get(unit=world.a1, year=2024)
    assert row.lhkasn_percent == Decimal("97.5")
    assert row.declared["core_service_unit"] is True and row.declared["high_rb_success"] is False
    refused = client.post(url, {"lhkpn_percent": "120"})
    assert refused.status_code == 200
    assert UnitYear.objects.get(unit=world.a1, year=2024).lhkpn_percent == 100


@pytest.mark.django_db
def test_unit_page_shows_the_eligibility_checklist(client, world):
    InstansiYear.objects.create(instansi=world.a, year=2024, bpk_opinion="WDP", akip_grade="B")
    UnitYear.objects.create(
        unit=world.a1,
        year=2024,
        lhkpn_percent=100,
        lhkasn_percent=100,
        declared={"core_service_unit": True, "large_resources": True, "high_rb_success": True},
    )
    client.force_login(world.users["member_a1"])
    url = reverse("orgs:unit", args=[world.a1.pk])
    page = client.get(url, {"aturan": "permenpanrb-10-2019", "target": "WBK", "tahun": 2025})
    text = page.content.decode()
    assert "Syarat pengajuan" in text and "memenuhi syarat" in text
    assert "WDP" in text  # the BPK opinion read for 2024
    wbbm = client.get(url, {"aturan": "permenpanrb-10-2019", "target": "WBBM", "tahun": 2025})
    assert "tidak memenuhi syarat" in wbbm.content.decode()  # WBBM needs WTP and a prior WBK


@pytest.mark.django_db
def test_unit_page_says_when_data_is_missing(client, world):
    client.force_login(world.users["tpi_a"])
    page = client.get(
        reverse("orgs:unit", args=[world.a1.pk]),
        {"aturan": "permenpanrb-52-2014", "target": "WBK", "tahun": 2025},
    )
    assert "data belum lengkap" in page.content.decode()


@pytest.mark.django_db
def test_award_history_and_revocation_reason(client, world):
    client.force_login(world.users["coordinator_a"])
    url = reverse("orgs:award_add", args=[world.a1.pk])
    refused = client.post(url, {"year": 2022, "predicate": "WBK", "revoked": "on"})
    assert "Isi alasan pencabutan" in refused.content.decode()
    client.post(url, {"year": 2022, "predicate": "WBK", "decree_number": "SK 1/2022"})
    again = client.post(url, {"year": 2022, "predicate": "WBK"})
    assert "sudah tercatat" in again.content.decode()
    assert PredicateAward.objects.filter(unit=world.a1).count() == 1
    assert world.a1.current_predicate == "WBK"


@pytest.mark.django_db
def test_pencanangan_with_document_downloads_only_within_reach(client, world):
    client.force_login(world.users["coordinator_a"])
    pdf = SimpleUploadedFile("pencanangan.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = client.post(
        reverse("orgs:pencanangan_add", args=[world.a.pk]),
        {
            "date": "2015-11-02",
            "signatories": "Sekretaris Jenderal\nInspektur Utama",
            "document": pdf,
        },
    )
    assert response.status_code == 302
    declaration = Pencanangan.objects.get()
    assert declaration.signatory_list == ["Sekretaris Jenderal", "Inspektur Utama"]
    url = reverse("orgs:pencanangan_document", args=[world.a.pk, declaration.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    client.force_login(world.users["tpn"])
    assert client.get(url).status_code == 404
    bad = SimpleUploadedFile("script.html", b"<script>", content_type="text/html")
    client.force_login(world.users["coordinator_a"])
    refused = client.post(
        reverse("orgs:pencanangan_add", args=[world.a.pk]),
        {"date": "2016-01-01", "signatories": "X", "document": bad},
    )
    assert "Unggah berkas PDF, JPG, atau PNG" in refused.content.decode()


@pytest.mark.django_db
def test_home_shows_each_role_its_work(client, world):
    client.force_login(world.users["coordinator_a"])
    text = client.get(reverse("home")).content.decode()
    assert "Koordinator instansi" in text and "Unit A1" in text and "Catat opini BPK" in text
    client.force_login(world.users["member_a1"])
    text = client.get(reverse("home")).content.decode()
    assert "Anggota tim unit" in text and "Unit A1" in text and "Unit A2" not in text
    client.force_login(world.users["tpn"])
    assert "Belum ada unit yang diusulkan" in client.get(reverse("home")).content.decode()
    client.force_login(world.users["norole"])
    assert "Akun Anda belum memiliki peran" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_documents_need_a_reference_to_their_evidence(client, world):
    client.force_login(world.users["lead_a1"])
    url = reverse("orgs:unit_year", args=[world.a1.pk, 2025])
    refused = client.post(url, {"sptjm": "on"})
    assert "Sebutkan di mana dokumennya" in refused.content.decode()
    assert not UnitYear.objects.exists()
    client.post(url, {"sptjm": "on", "sptjm__evidence": "SPTJM No. 12/2025"})
    row = UnitYear.objects.get()
    assert row.declared["sptjm"] == {"value": True, "evidence": "SPTJM No. 12/2025"}
    # The checklist counts it as declared with evidence.
    page = client.get(
        reverse("orgs:unit", args=[world.a1.pk]),
        {"aturan": "praktik-2025", "target": "WBK", "tahun": 2026},
    )
    text = page.content.decode()
    assert "SPTJM No. 12/2025" in text
