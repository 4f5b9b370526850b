"""The findings pages: filters, export, overdue highlighting, forms that keep what was typed,
the capaian kinerja record, and the number of queries of the lists."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zona.audit.models import AuditEvent
from zona.findings import actions
from zona.findings.models import Finding, PerformanceRecord, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(world, make_finding):
    make_finding(world.a1, "2025-03-01", [("sesuai", "2025-06-30"), ("belum", None)])
    make_finding(world.a2, "2024-11-01", [("belum_sesuai", "2025-01-10")], source="bpkp")
    make_finding(world.b1, "2025-02-01", [("sesuai", "2025-03-01")])
    Recommendation.objects.filter(status="belum").update(deadline=date(2025, 6, 1))
    return world


def login(client, world, username):
    client.force_login(world.users[username])
    return client


def test_register_shows_reach_and_flags_overdue(client, register):
    response = login(client, register, "tpi_a").get(reverse("findings:register"))
    rows = response.context["rows"]
    assert sorted(r.finding.unit.name for r in rows) == ["Unit A1", "Unit A1", "Unit A2"]
    assert [r.overdue for r in rows if r.status == "belum"] == [True]
    assert b"table-danger" in response.content


@pytest.mark.parametrize(
    "query, count",
    [("source=bpkp", 1), ("status=sesuai", 1), ("year=2024", 1), ("overdue=on", 1), ("", 3)],
)
def test_register_filters(client, register, query, count):
    response = login(client, register, "coordinator_a").get(
        reverse("findings:register") + "?" + query
    )
    assert len(response.context["rows"]) == count


def test_register_unit_filter_shows_tlhp_today(client, register):
    url = reverse("findings:register") + f"?unit={register.a1.pk}"
    response = login(client, register, "member_a1").get(url)
    assert response.context["summary"].percentage == 50  # 1 sesuai of 2


def test_register_queries_do_not_grow_with_rows(
    client, register, make_finding, django_assert_max_num_queries
):
    for _ in range(20):
        make_finding(register.a1, "2025-04-01", [("sesuai", "2025-05-01"), ("belum", None)])
    login(client, register, "tpi_a")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("findings:register"))
    assert len(response.context["rows"]) == 43


def test_export_xlsx_and_csv(client, register):
    login(client, register, "coordinator_a")
    response = client.get(reverse("findings:register") + "?format=xlsx&source=bpk")
    assert response["Content-Disposition"].startswith('attachment; filename="temuan-')
    assert response["X-Content-Type-Options"] == "nosniff"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 3  # header + A1's two recommendations (B1 is outside the reach)
    assert {row[0] for row in values[1:]} == {"Unit A1"}
    csv = client.get(reverse("findings:register") + "?format=csv").content.decode("utf-8-sig")
    assert csv.count("\n") == 4


def test_record_finding_through_the_form(client, world):
    login(client, world, "tpi_a")
    response = client.post(
        reverse("findings:add"),
        {"unit": world.a1.pk, "source": "bpk", "report_number": "5/LHP/2026",
         "report_date": "2026-02-10", "title": "Aset tidak tercatat",
         "recommendation": "Inventarisasi aset", "deadline": "2026-06-30"},
    )  # fmt: skip
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == finding.get_absolute_url()
    rec = finding.recommendations.get()
    assert (rec.text, rec.deadline) == ("Inventarisasi aset", date(2026, 6, 30))


def test_unit_outside_monitoring_cannot_be_chosen(client, world):
    login(client, world, "tpi_a")
    response = client.post(
        reverse("findings:add"),
        {"unit": world.b1.pk, "source": "bpk", "report_number": "x", "report_date": "2026-01-01",
         "title": "t", "recommendation": "r"},
    )  # fmt: skip
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Finding.objects.exists()


def test_refused_status_keeps_what_was_typed(client, world, make_finding):
    finding = make_finding(world.a1, "2025-03-01", [("belum", None)])
    rec = finding.recommendations.get()
    login(client, world, "tpi_a")
    prefix = f"s{rec.pk}"
    response = client.post(
        reverse("findings:status", args=[rec.pk]),
        {f"{prefix}-status": "tidak_dapat", f"{prefix}-effective_on": "2025-05-05",
         f"{prefix}-note": ""},
    )  # fmt: skip
    assert response.status_code == 422
    form = next(r for r in response.context["recs"] if r.pk == rec.pk).status_form
    assert form.non_field_errors() and form["effective_on"].value() == "2025-05-05"
    assert b'value="2025-05-05"' in response.content
    assert not AuditEvent.objects.filter(action="finding.status_changed").exists()


def test_detail_escapes_user_content(client, world, make_finding):
    finding = make_finding(world.a1, "2025-03-01", [("belum", None)])
    Finding.objects.filter(pk=finding.pk).update(title="<script>alert(1)</script>")
    response = login(client, world, "member_a1").get(finding.get_absolute_url())
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)" in response.content


def test_detail_queries_do_not_grow_with_recommendations(
    client, world, make_finding, django_assert_max_num_queries
):
    statuses = [[("belum_sesuai", "2025-04-01"), ("sesuai", "2025-05-01")]] * 15
    finding = make_finding(world.a1, "2025-03-01", statuses)
    login(client, world, "tpi_a")
    with django_assert_max_num_queries(10):
        response = client.get(finding.get_absolute_url())
    assert len(response.context["recs"]) == 15


def test_tlhp_page_at_a_cutoff(client, world, make_finding):
    make_finding(world.a1, "2025-03-01", [
        [("belum_sesuai", "2025-06-30"), ("sesuai", "2026-01-15")], ("sesuai", "2025-06-30"),
        ("tidak_dapat", "2025-07-01"),
    ])  # fmt: skip
    url = reverse("findings:tlhp", args=[world.a1.pk])
    login(client, world, "lead_a1")
    assert client.get(url + "?per=2025-12-31").context["tally"].percentage == 50
    assert client.get(url + "?per=2026-02-01").context["tally"].percentage == 100
    assert client.get(url + "?per=nonsense").status_code == 200


def test_capaian_kinerja_formset_and_suggestion(client, world):
    login(client, world, "member_a1")
    url = reverse("findings:performance_edit", args=[world.a1.pk, 2025])
    data = {
        "outcome_oriented": "on", "note": "LKj 2025",
        "ind-TOTAL_FORMS": "3", "ind-INITIAL_FORMS": "0",
        "ind-0-name": "Indeks kepuasan masyarakat", "ind-0-polarity": "higher",
        "ind-0-target": "80", "ind-0-realisation": "86,5", "ind-0-previous_realisation": "84",
        "ind-1-name": "Waktu penyelesaian (hari)", "ind-1-polarity": "lower",
        "ind-1-target": "5", "ind-1-realisation": "4", "ind-1-previous_realisation": "6",
        "ind-2-polarity": "higher",  # an untouched row, as a browser sends it
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    record = PerformanceRecord.objects.get()
    assert [i.name for i in record.indicators.all()] == [
        "Indeks kepuasan masyarakat", "Waktu penyelesaian (hari)"
    ]  # fmt: skip
    page = client.get(reverse("findings:performance", args=[world.a1.pk, 2025]))
    assert page.context["assessment"].suggested == "b"  # no national figure: a not shown
    # the edit form shows the saved indicators again
    again = client.get(url)
    assert again.context["formset"].initial[1]["name"] == "Waktu penyelesaian (hari)"


def test_capaian_kinerja_bad_row_keeps_everything_typed(client, world):
    login(client, world, "lead_a1")
    url = reverse("findings:performance_edit", args=[world.a1.pk, 2025])
    data = {
        "note": "draf", "ind-TOTAL_FORMS": "2", "ind-INITIAL_FORMS": "0",
        "ind-0-name": "IKU 1", "ind-0-polarity": "higher", "ind-0-target": "0",
        "ind-0-realisation": "12",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["formset"].forms[0].errors["target"]
    assert b'value="IKU 1"' in response.content and b"draf" in response.content
    assert not PerformanceRecord.objects.exists()


def test_capaian_kinerja_document(client, world):
    actions.save_performance(
        world.users["lead_a1"], world.a1, 2025, outcome_oriented=True, note="", indicators=[]
    )
    login(client, world, "lead_a1")
    url = reverse("findings:performance", args=[world.a1.pk, 2025])
    response = client.post(
        url, {"description": "Laporan Kinerja 2025", "url": "https://x.go.id/lkj"}
    )
    assert response.status_code == 302
    assert PerformanceRecord.objects.get().documents.get().url == "https://x.go.id/lkj"
    assert login(client, world, "tpi_a").post(url, {"description": "x"}).status_code == 404


@pytest.mark.parametrize(
    "name", ["findings_finding", "findings_performancerecord", "feeds_feedchoice"]
)
def test_admin_lists_read_only(client, register, alice, name):
    client.force_login(alice)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403


def test_deadline_change_and_edit_are_audited(client, world, make_finding):
    finding = make_finding(world.a1, "2025-03-01", [("belum", None)])
    rec = finding.recommendations.get()
    login(client, world, "coordinator_a")
    url = reverse("findings:deadline", args=[rec.pk])
    assert client.post(url, {f"d{rec.pk}-deadline": "2025-02-01"}).status_code == 422
    assert client.post(url, {f"d{rec.pk}-deadline": "2025-09-30"}).status_code == 302
    rec.refresh_from_db()
    assert rec.deadline == date(2025, 9, 30)
    event = AuditEvent.objects.get(action="finding.deadline_set")
    assert event.before["deadline"] is None and event.after["deadline"] == "2025-09-30"
    response = client.post(
        reverse("findings:edit", args=[finding.pk]),
        {"source": "other", "source_name": "Itjen Kementerian X", "report_number": "LHP 9",
         "report_date": "2025-03-01", "title": "Temuan diperbaiki", "description": ""},
    )  # fmt: skip
    assert response.status_code == 302
    changed = AuditEvent.objects.get(action="finding.changed")
    assert changed.before["title"] == "Temuan" and changed.after["title"] == "Temuan diperbaiki"
    assert Finding.objects.get().source_label == "Itjen Kementerian X"
