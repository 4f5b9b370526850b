"""Evidence of a plan activity in one step, as in the LKE workspace: several files and/or a
pasted link in one post, or a pick from the unit's document library (searchable, paged)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from world import PASSWORD

from zona.audit.models import AuditEvent
from zona.evidence.models import Evidence

PDF = b"%PDF-1.4 isi laporan"
PNG = b"\x89PNG\r\n\x1a\n gambar"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def signed_in(client, username):
    client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def member(client, world):
    return signed_in(client, "member_a1")


def said(response) -> list[str]:
    """The messages of a redirecting post, as the page it leads to shows them (and uses up)."""
    page = response.client.get(response["Location"])
    return [str(m) for m in page.context["messages"]]


def test_several_files_and_a_link_in_one_post(member, plan, make_activity):
    activity = make_activity(plan)
    response = member.post(
        reverse("plans:evidence_quick", args=[activity.pk]),
        {
            "files": [
                SimpleUploadedFile("SK_Tim_ZI_2026.pdf", PDF),
                SimpleUploadedFile("foto-rapat.png", PNG),
            ],
            "url": "https://jdih.example.go.id/sk/12",
        },
    )
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    rows = sorted(activity.evidence.values_list("description", "filename", "url"))
    assert rows == [
        ("SK Tim ZI 2026", "SK_Tim_ZI_2026.pdf", ""),
        ("foto-rapat", "foto-rapat.png", ""),
        ("jdih.example.go.id/sk/12", "", "https://jdih.example.go.id/sk/12"),
    ]
    assert said(response) == [
        "3 bukti dukung ditambahkan: jdih.example.go.id/sk/12, SK_Tim_ZI_2026.pdf, foto-rapat.png."
    ]
    assert AuditEvent.objects.filter(action="activity.evidence_added").count() == 3
    page = member.get(activity.get_absolute_url()).content.decode()
    assert "SK Tim ZI 2026" in page and "foto-rapat.png" in page


def test_a_refused_file_is_named_and_the_good_ones_are_kept(member, plan, make_activity):
    activity = make_activity(plan)
    response = member.post(
        reverse("plans:evidence_quick", args=[activity.pk]),
        {
            "files": [SimpleUploadedFile("virus.exe", b"MZ"), SimpleUploadedFile("sk.pdf", PDF)],
            "url": "bukan tautan",
        },
    )
    assert list(activity.evidence.values_list("filename", flat=True)) == ["sk.pdf"]
    success, refusal = said(response)
    assert success == "1 bukti dukung ditambahkan: sk.pdf."
    assert refusal.startswith("Tidak ditambahkan: bukan tautan: ")
    assert "virus.exe: " in refusal


def test_nothing_chosen_says_so(member, plan, make_activity):
    activity = make_activity(plan)
    response = member.post(reverse("plans:evidence_quick", args=[activity.pk]), {"url": " "})
    assert said(response) == ["Pilih berkas atau isi tautan."]
    assert not activity.evidence.exists()


def test_the_library_offers_the_units_documents_searchable(member, plan, make_activity, world):
    activity = make_activity(plan)
    attached = make_activity(plan, title="Kegiatan lain")
    own = [
        Evidence.objects.create(unit=world.a1, url=f"https://x.test/{i}", description=f"SK {i}")
        for i in range(12)
    ]
    notula = Evidence.objects.create(
        unit=world.a1, url="https://x.test/n", description="Notula rapat"
    )
    Evidence.objects.create(unit=world.a2, url="https://x.test/a2", description="SK milik A2")
    from zona.plans import actions

    actions.attach_activity_evidence(world.users["member_a1"], activity, own[0])
    actions.attach_activity_evidence(world.users["member_a1"], attached, own[1])
    page = member.get(activity.get_absolute_url())
    library = page.context["evidence_library"]
    # 13 of the unit's documents, less the one already attached here; A2's is not offered.
    assert library.total == 12 and len(library.items) == 10
    assert f"evidence:{own[0].pk}" not in [it.key for it in library.items]
    assert "12 dokumen" in page.content.decode()
    page2 = member.get(activity.get_absolute_url(), {"halaman": 2})
    assert len(page2.context["evidence_library"].items) == 2
    found = member.get(activity.get_absolute_url(), {"cari": "notula"})
    assert [it.key for it in found.context["evidence_library"].items] == [f"evidence:{notula.pk}"]
    assert "1 dokumen cocok dengan “notula”" in found.content.decode()

    url = reverse("plans:evidence_attach", args=[activity.pk])
    response = member.post(url, {"dokumen": f"evidence:{notula.pk}"})
    assert said(response) == ["Bukti dukung dilampirkan."]
    assert set(activity.evidence.all()) == {own[0], notula}
    again = member.post(url, {"dokumen": f"evidence:{notula.pk}"})
    assert said(again) == ["Bukti dukung ini sudah terlampir di sini."]
    event = AuditEvent.objects.filter(action="activity.evidence_attached").latest("id")
    assert event.after == {"evidence": notula.pk, "description": "Notula rapat", "from": "evidence"}


def test_another_units_document_or_a_made_up_key_is_refused(member, plan, make_activity, world):
    activity = make_activity(plan)
    other = Evidence.objects.create(unit=world.a2, url="https://x.test/a2", description="A2")
    url = reverse("plans:evidence_attach", args=[activity.pk])
    for key in (f"evidence:{other.pk}", "evidence:999999", "rahasia:1", "", "evidence:x"):
        response = member.post(url, {"dokumen": key})
        assert said(response) == ["Pilih salah satu dokumen unit kerja."], key
    assert not activity.evidence.exists()


@pytest.mark.parametrize(
    "username", ["tpi_a", "tpi_lead_a", "leadership_a", "coordinator_a", "tpn", "norole"]
)
def test_only_the_unit_team_adds_evidence(client, plan, make_activity, world, username):
    activity = make_activity(plan)
    mine = Evidence.objects.create(unit=world.a1, url="https://x.test/1", description="SK")
    signed_in(client, username)
    quick = client.post(
        reverse("plans:evidence_quick", args=[activity.pk]), {"url": "https://x.test/2"}
    )
    attach = client.post(
        reverse("plans:evidence_attach", args=[activity.pk]), {"dokumen": f"evidence:{mine.pk}"}
    )
    assert quick.status_code == 404 and attach.status_code == 404
    assert "Halaman tidak ditemukan" in quick.content.decode()
    assert not activity.evidence.exists()
    page = client.get(activity.get_absolute_url())
    if page.status_code == 200:  # those who read the plan see no library and no form
        assert page.context["evidence_library"] is None
        assert 'name="files"' not in page.content.decode()


@pytest.mark.parametrize("username", ["member_a1", "lead_a1", "sysadmin"])
def test_the_unit_team_and_the_administrator_may(client, plan, make_activity, username):
    activity = make_activity(plan)
    signed_in(client, username)
    client.post(reverse("plans:evidence_quick", args=[activity.pk]), {"url": "https://x.test/2"})
    assert activity.evidence.count() == 1


def test_activity_page_with_the_library_stays_at_a_fixed_number_of_queries(
    member, plan, make_activity, world, django_assert_max_num_queries
):
    activity = make_activity(plan)
    for i in range(40):
        ev = Evidence.objects.create(unit=world.a1, url=f"https://x.test/{i}", description=f"D{i}")
        if i % 4 == 0:
            from zona.plans.models import ActivityEvidence

            ActivityEvidence.objects.create(activity=activity, evidence=ev)
    with django_assert_max_num_queries(QUERIES) as counted:
        page = member.get(activity.get_absolute_url())
    assert page.status_code == 200 and page.context["evidence_library"].total == 30
    assert len(counted.captured_queries) <= QUERIES


QUERIES = 10  # measured: 10 with 40 documents (session, user, roles, activity, links, library x3…)
