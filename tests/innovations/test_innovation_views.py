"""The register, media log, counts and publication pages: what they show, exports, forms that
keep what was typed, the one-step attach, the public page linked from the predicate register,
the dashboard section."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from world import PASSWORD

from zona.evaluations.models import Answer, EvidenceLink
from zona.innovations import actions
from zona.innovations.dashboard import innovations_section
from zona.innovations.models import Innovation, Publication
from zona.orgs.models import Predicate, PredicateAward


@pytest.fixture
def member(client, world):
    client.login(username="member_a1", password=PASSWORD)
    return client


def test_register_page_shows_innovations_services_and_counts(member, world, innovation):
    response = member.get(reverse("innovations:register", args=[world.a1.pk]), {"tahun": 2026})
    html = response.content.decode()
    assert "Legalisasi daring" in html and "Waktu layanan: 5 → <strong>1</strong> hari" in html
    assert response.context["counts"].registered == 3
    assert response.context["counts"].simplified == 1
    ideas = member.get(reverse("innovations:register", args=[world.a1.pk]), {"status": "ide"})
    assert list(ideas.context["innovations"]) == []


def test_register_csv_export(member, world, innovation, publication):
    response = member.get(reverse("innovations:register", args=[world.a1.pk]), {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="inovasi-unit-a1')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Inovasi", "Masalah yang diselesaikan", "Layanan yang diubah"]
    assert rows[1][0] == "Legalisasi daring" and rows[1][4] == "Sedang berjalan"
    assert rows[1][-1] == "1"  # one publication about it


def test_innovation_form_keeps_what_was_typed_and_names_the_error(
    member, world, frameworks, services
):
    url = reverse("innovations:innovation_create", args=[world.a1.pk])
    response = member.post(url, {
        "name": "Loket prioritas", "problem": "Antrean lansia", "service":
        services["Konsultasi"].pk, "start_date": "2026-02-01", "status": "berjalan",
        "value_before": "30",
    })  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert "value_after" in form.errors
    assert form["name"].value() == "Loket prioritas"
    assert not Innovation.objects.exists()
    response = member.post(url, {
        "name": "Loket prioritas", "problem": "Antrean lansia", "service":
        services["Konsultasi"].pk, "start_date": "2026-02-01", "status": "berjalan",
        "measure": "Waktu tunggu", "measure_unit": "menit", "value_before": "30",
        "value_after": "10", "questions": ["78"],
    })  # fmt: skip
    saved = Innovation.objects.get()
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    assert saved.questions == ["78"] and saved.change == -20


def test_media_log_summary_and_export(member, world, publication):
    actions.save_publication(world.users["member_a1"], world.a1, {
        "published_on": date(2026, 4, 28), "title": "Spanduk maklumat", "channel": "spanduk",
        "url": "https://x.example.go.id/foto", "activity": None, "innovation": None,
    })  # fmt: skip
    url = reverse("innovations:media", args=[world.a1.pk])
    response = member.get(url, {"tahun": 2026})
    summary = response.context["summary"]
    assert summary.total == 2 and summary.month_totals[3] == 2
    html = response.content.decode()
    assert "Menurut saluran dan bulan, 2026" in html
    assert member.get(url, {"tahun": 2025}).context["summary"].total == 0
    export = member.get(url, {"tahun": 2026, "kanal": "spanduk", "format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Spanduk maklumat"]


def test_publication_form_refuses_neither_link_nor_file(member, world):
    url = reverse("innovations:publication_create", args=[world.a1.pk])
    response = member.post(url, {"published_on": "2026-05-01", "title": "Rilis",
                                 "channel": "pers"})  # fmt: skip
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert response.context["form"]["title"].value() == "Rilis"
    assert not Publication.objects.exists()


def test_attach_a_publication_in_one_step(member, world, publication, evaluation):
    page = member.get(reverse("innovations:publication", args=[publication.pk]))
    offered = page.context["open_evaluations"]
    assert [q.no for q, _done in offered[0]["questions"]] == ["5", "72", "74"]
    response = member.post(
        reverse("innovations:publication_attach", args=[publication.pk]),
        {"evaluation": evaluation.pk, "questions": ["5", "74"]},
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    links = EvidenceLink.objects.filter(evaluation=evaluation, evidence=publication.evidence)
    assert sorted(links.values_list("question", flat=True)) == ["5", "74"]
    page = member.get(reverse("innovations:publication", args=[publication.pk]))
    assert [(link.question) for link in page.context["linked"]] == ["5", "74"]
    done = dict((q.no, d) for q, d in page.context["open_evaluations"][0]["questions"])
    assert done == {"5": True, "72": False, "74": True}


def test_counts_page_takes_the_counts_with_the_source(member, world, innovation, evaluation):
    url = reverse("innovations:counts", args=[evaluation.pk])
    page = member.get(url)
    assert [r["register"] for r in page.context["rows"]] == [3, 1]
    assert member.post(url).status_code == 302
    answers = dict(
        Answer.objects.filter(evaluation=evaluation, layer="unit").values_list("question", "value")
    )
    assert {k: float(v) for k, v in answers.items()} == {"122": 3.0, "123": 1.0}
    page = member.get(url)
    assert "Dari register inovasi Zona" in page.content.decode()


def test_predicate_register_links_to_public_pages_only(client, world, innovation):
    for unit in (world.a1, world.a2):
        PredicateAward.objects.create(unit=unit, year=2025, predicate=Predicate.WBK)
    actions.set_public_page(world.users["member_a1"], world.a1, True)
    html = client.get(reverse("orgs:register")).content.decode()
    assert reverse("innovations:public", args=[world.a1.pk]) in html
    assert reverse("innovations:public", args=[world.a2.pk]) not in html


def test_dashboard_section(world, innovation, publication):
    html = innovations_section(world.a1, 2026, world.users["tpi_a"])
    assert "Sedang berjalan: <strong>1</strong>" in html
    assert "Layanan terdaftar: <strong>3</strong>" in html
    assert "1 publikasi pada 2026" in html
    assert innovations_section(world.a1, 2026, world.users["tpn"]) is None


def test_register_and_media_log_in_a_fixed_number_of_queries(
    member, world, services, django_assert_max_num_queries
):
    """60 innovations and 120 publications: the pages' queries do not grow with the rows."""
    from zona.innovations.models import Innovation, Publication

    service = services["Konsultasi"]
    innovations = Innovation.objects.bulk_create(
        Innovation(
            unit=world.a1,
            name=f"Inovasi {i:02}",
            problem="Antre",
            service=service,
            start_date=date(2026, 1, 1 + i % 28),
            status="berjalan",
        )
        for i in range(60)
    )
    Publication.objects.bulk_create(
        Publication(
            unit=world.a1,
            published_on=date(2026, 1 + i % 12, 1),
            title=f"Berita {i}",
            channel=["website", "medsos", "pers"][i % 3],
            url="https://x.example.go.id/b",
            innovation=innovations[i % 60],
        )
        for i in range(120)
    )
    with django_assert_max_num_queries(14):
        response = member.get(reverse("innovations:register", args=[world.a1.pk]))
    assert len(response.context["innovations"]) == 60
    with django_assert_max_num_queries(10):
        response = member.get(reverse("innovations:media", args=[world.a1.pk]), {"tahun": 2026})
    assert response.context["summary"].total == 120
    assert response.context["summary"].month_totals == [10] * 12


def test_files_are_served_only_within_reach(client, world, innovation, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"1" * 40
    member = world.users["member_a1"]
    publication = actions.save_publication(member, world.a1, {
        "published_on": date(2026, 5, 1), "title": "Foto spanduk", "channel": "spanduk",
        "url": "", "activity": None, "innovation": innovation,
    }, upload=SimpleUploadedFile("spanduk.png", png, "image/png"))  # fmt: skip
    evidence = actions.add_innovation_evidence(
        member, innovation, description="SK inovasi",
        upload=SimpleUploadedFile("sk.png", png, "image/png"),
    )  # fmt: skip
    urls = [
        reverse("innovations:publication_download", args=[publication.pk]),
        reverse("innovations:evidence_download", args=[innovation.pk, evidence.pk]),
    ]
    for username, status in (("tpi_a", 200), ("tpn", 404), ("norole", 404)):
        client.force_login(world.users[username])
        for url in urls:
            response = client.get(url)
            assert response.status_code == status, (username, url)
            if status == 200:
                assert b"".join(response.streaming_content) == png
                assert response["X-Content-Type-Options"] == "nosniff"


def test_dashboard_section_in_one_query_and_only_with_a_register(
    world, frameworks, innovation, django_assert_num_queries
):
    from zona.orgs.access import reach

    coordinator = world.users["coordinator_a"]
    reach(coordinator)  # computed once per request, before any section
    with django_assert_num_queries(1):
        html = innovations_section(world.a1, 2026, coordinator)
    assert "Layanan yang dipermudah oleh inovasi: <strong>1</strong>" in html
    assert innovations_section(world.a2, 2026, world.users["coordinator_a"]) is None  # none kept


def test_services_export(member, world, innovation):
    response = member.get(
        reverse("innovations:register", args=[world.a1.pk]), {"daftar": "layanan", "format": "csv"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="layanan-unit-a1')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Layanan", "Keterangan", "Masih diberikan", "Inovasi"]
    assert ["Legalisasi dokumen", "", "ya", "Legalisasi daring"] in rows
    assert len(rows) == 4
