"""The plan pages: the activity list with 200 activities in a fixed number of queries, filters,
overdue marking, the per-area summary, exports, forms that keep what was typed."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from world import PASSWORD

from zona.plans.models import Activity, ActivityStatus

AREAS = ["MP", "TT", "SDM", "AK", "PW", "PP"]


@pytest.fixture
def member(client, world):
    client.login(username="member_a1", password=PASSWORD)
    return client


@pytest.fixture
def many(plan, world):
    """200 activities across the six areas; every fifth one done, every seventh overdue."""
    rows = []
    for i in range(200):
        done = i % 5 == 0
        overdue = not done and i % 7 == 0
        rows.append(
            Activity(
                plan=plan,
                title=f"Kegiatan {i:03}",
                area=AREAS[i % 6],
                output="Laporan",
                owner=world.users["member_a1"] if i % 2 else None,
                owner_name="" if i % 2 else "Budi",
                owner_email="" if i % 2 else "budi@x.test",
                start_date=date(2026, 1, 1),
                due_date=date(2026, 6, 1) if overdue else date(2026, 9, 1) + timedelta(days=i),
                status=ActivityStatus.DONE if done else ActivityStatus.RUNNING,
                progress=100 if done else i % 90,
            )
        )
    Activity.objects.bulk_create(rows)
    return rows


def test_plan_page_with_200_activities_in_few_queries(
    member, plan, many, django_assert_max_num_queries
):
    url = reverse("plans:plan", args=[plan.pk])
    # 10: the plan by strategy and the strategies of the listed activities are one query each.
    with django_assert_max_num_queries(10):
        response = member.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="zi-overdue"') == len(
        [i for i in range(200) if i % 5 and i % 7 == 0]
    )


def test_area_summary_is_right(member, plan, many):
    response = member.get(reverse("plans:plan", args=[plan.pk]))
    areas = {a["code"]: a for a in response.context["areas"]}
    mp = [i for i in range(200) if i % 6 == 0]
    assert areas["MP"]["total"] == len(mp) == 34
    assert areas["MP"]["done"] == len([i for i in mp if i % 5 == 0])
    assert areas["MP"]["overdue"] == len([i for i in mp if i % 5 and i % 7 == 0])
    expected_mean = sum(100 if i % 5 == 0 else i % 90 for i in mp) / len(mp)
    assert areas["MP"]["mean_progress"] == pytest.approx(expected_mean)


def test_filters_and_sort(member, plan, many):
    url = reverse("plans:plan", args=[plan.pk])
    overdue = member.get(url, {"status": "terlambat"}).context["activities"]
    assert len(overdue) == 23 and all(a.overdue for a in overdue)
    area = member.get(url, {"area": "PP", "status": "selesai"}).context["activities"]
    assert {a.area for a in area} == {"PP"} and all(a.status == "selesai" for a in area)
    found = member.get(url, {"q": "Kegiatan 123"}).context["activities"]
    assert [a.title for a in found] == ["Kegiatan 123"]
    by_progress = list(member.get(url, {"urut": "-kemajuan"}).context["activities"])
    assert by_progress[0].progress == 100 and by_progress[-1].progress == 1


def test_csv_export_is_an_attachment_with_the_filtered_rows(member, plan, many):
    response = member.get(reverse("plans:plan", args=[plan.pk]), {"status": "terlambat",
                                                                  "format": "csv"})  # fmt: skip
    assert response["Content-Disposition"].startswith('attachment; filename="rencana-aksi-unit-a1')
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 23
    assert rows[1][2] in {
        "Manajemen Perubahan",
        "Penataan Tatalaksana",
        "Penataan Sistem Manajemen SDM Aparatur",
        "Penguatan Akuntabilitas",
        "Penguatan Pengawasan",
        "Peningkatan Kualitas Pelayanan Publik",
    }


def test_bad_activity_form_keeps_what_was_typed(member, plan, world):
    response = member.post(
        reverse("plans:activity_create", args=[plan.pk]),
        {"title": "Sosialisasi kode etik", "area": "SDM", "output": "Notula",
         "owner": world.users["member_a1"].pk, "start_date": "2026-05-10",
         "due_date": "2026-05-01", "status": "belum", "progress": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sosialisasi kode etik" in html and "Notula" in html
    assert "due_date" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_creating_an_activity(member, plan, world):
    response = member.post(
        reverse("plans:activity_create", args=[plan.pk]),
        {"title": "Sosialisasi kode etik", "area": "SDM", "output": "Notula",
         "owner": world.users["lead_a1"].pk, "start_date": "2026-05-10",
         "due_date": "2026-06-01", "status": "berjalan", "progress": "30"},
    )  # fmt: skip
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.owner, activity.progress, activity.area) == (world.users["lead_a1"], 30, "SDM")
    page = member.get(activity.get_absolute_url()).content.decode()
    assert "alert-warning" in page  # due 1 June, "today" is 15 June: overdue, said in words


def test_unit_page_shows_plan_counts(member, plan, many, world):
    html = member.get(reverse("orgs:unit", args=[world.a1.pk])).content.decode()
    assert reverse("plans:unit", args=[world.a1.pk]) in html
    assert "200" in html


def test_evidence_download(member, plan, make_activity, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zona.plans import actions

    settings.MEDIA_ROOT = tmp_path
    activity = make_activity(plan)
    evidence = actions.add_activity_evidence(
        world.users["member_a1"], activity, description="SK",
        upload=SimpleUploadedFile("sk.pdf", b"%PDF-1.4 isi", "application/pdf"),
    )  # fmt: skip
    url = reverse("plans:evidence_download", args=[activity.pk, evidence.pk])
    response = member.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 isi"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="sk.pdf"'


def test_lists_stay_at_a_fixed_number_of_queries(
    member, plan, many, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assert member.get(reverse("plans:index")).status_code == 200
    with django_assert_max_num_queries(12):
        assert member.get(reverse("plans:unit", args=[world.a1.pk])).status_code == 200


def test_monev_lists_the_activities_touched_in_its_period(member, plan, make_activity, world):
    from zona.plans import actions
    from zona.plans.models import ActivityUpdate

    inside = make_activity(plan, title="Reviu SOP", status="berjalan", progress=60)  # 15 June
    outside = make_activity(plan, title="Survei kepuasan")
    ActivityUpdate.objects.filter(activity=outside).update(on=date(2026, 7, 2))
    q2 = actions.create_monev(world.users["member_a1"], world.a1, 2026, "tw2")
    q3 = actions.create_monev(world.users["member_a1"], world.a1, 2026, "tw3")
    touched = member.get(reverse("plans:monev", args=[q2.pk])).context["touched"]
    assert [(a.title, a.last_update.progress) for a in touched] == [("Reviu SOP", 60)]
    touched = member.get(reverse("plans:monev", args=[q3.pk])).context["touched"]
    assert [a.pk for a in touched] == [outside.pk] and inside.pk != outside.pk


def test_signed_monev_page_is_read_only(client, plan, world):
    from zona.plans import actions

    member, lead = world.users["member_a1"], world.users["lead_a1"]
    report = actions.create_monev(member, world.a1, 2026, "tw2")
    actions.save_monev(member, report, {"done_summary": "Agen perubahan <b>dilatih</b>"})
    actions.move_monev(lead, actions.move_monev(member, report, "submit"), "sign")
    client.login(username="member_a1", password=PASSWORD)
    response = client.get(reverse("plans:monev", args=[report.pk]))
    html = response.content.decode()
    assert response.context["form"] is None and response.context["moves"] == []
    assert "Agen perubahan &lt;b&gt;dilatih&lt;/b&gt;" in html  # escaped
    assert "lead_a1" in html  # who signed it off (no full name in the test world)
    posted = client.post(reverse("plans:monev", args=[report.pk]), {"obstacles": "x"})
    assert posted.status_code == 404


def test_attach_evidence_the_unit_already_has(member, plan, make_activity, world):
    from zona.audit.models import AuditEvent
    from zona.evidence.models import Evidence

    activity = make_activity(plan)
    own = Evidence.objects.create(
        unit=world.a1, url="https://example.test/sk", description="SK Tim ZI"
    )
    other = Evidence.objects.create(
        unit=world.a2, url="https://example.test/a2", description="Milik A2"
    )
    page = member.get(activity.get_absolute_url())
    assert [it.key for it in page.context["evidence_library"].items] == [f"evidence:{own.pk}"]
    url = reverse("plans:evidence_attach", args=[activity.pk])
    assert member.post(url, {"evidence": other.pk}).status_code == 302
    assert member.post(url, {"evidence": own.pk}).status_code == 302
    member.post(url, {"evidence": own.pk})  # twice: still one link
    assert list(activity.evidence.all()) == [own]
    assert AuditEvent.objects.filter(action="activity.evidence_attached").count() == 1
    assert member.get(activity.get_absolute_url()).context["evidence_library"].items == []


def test_bad_upload_keeps_the_description(member, plan, make_activity, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    activity = make_activity(plan)
    response = member.post(
        reverse("plans:evidence_add", args=[activity.pk]),
        {"description": "Notula rapat", "upload": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert response.status_code == 400
    assert 'value="Notula rapat"' in response.content.decode()
    assert response.context["evidence_form"].errors["upload"]
    assert not activity.evidence.exists()


def test_user_content_is_escaped(member, plan, make_activity):
    make_activity(plan, title="<script>alert(1)</script>", output="<b>SK</b>")
    html = member.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;SK&lt;/b&gt;" in html
