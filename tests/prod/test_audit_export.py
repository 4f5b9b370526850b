"""The audit trail screen: filters, CSV/XLSX downloads of exactly the filtered events, the
bound on downloads, bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from world import PASSWORD

from zona.audit import views
from zona.audit.log import record
from zona.audit.models import AuditEvent

JAKARTA = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def events(world):
    AuditEvent.objects.all().delete()
    users = world.users

    def at(day, hour=10):
        return dt.datetime(2026, 3, day, hour, 0, tzinfo=JAKARTA)

    rows = [
        (users["coordinator_a"], "unit.saved", world.a1, at(1), {"name": "Unit A1"}),
        (users["coordinator_a"], "unit.saved", world.a2, at(5), {"name": '=HYPERLINK("x")'}),
        (users["lead_a1"], "evaluation.submitted", world.a1, at(5, 23), None),
        (users["tpn"], "evaluation.decided", world.b1, at(9), {"predicate": "WBK"}),
    ]
    made = []
    for actor, action, obj, when, after in rows:
        event = record(actor, action, obj, after=after, note=f"{action} note")
        event.at = when
        event.save(update_fields=["at"])
        made.append(event)
    return made


@pytest.fixture
def admin_client(client, world):
    client.login(username="sysadmin", password=PASSWORD)
    return client


def _csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_lists_all_events_newest_first(admin_client, events, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("audit:events"))
    page = response.content.decode()
    assert "4 events" in page or "4 peristiwa" in page
    order = [page.index(a) for a in ("evaluation.decided", "evaluation.submitted")]
    assert order == sorted(order)


def test_filters_by_date_range_in_jakarta_time(admin_client, events):
    response = admin_client.get(
        reverse("audit:events"), {"date_from": "2026-03-05", "date_to": "2026-03-05"}
    )
    listed = list(response.context["page"].object_list)
    # 5 March 23:00 in Jakarta is still the 5th there (16:00 UTC).
    assert {e.pk for e in listed} == {events[1].pk, events[2].pk}


def test_filters_by_action_and_actor(admin_client, events):
    by_action = admin_client.get(reverse("audit:events"), {"action": "unit.saved"})
    assert {e.pk for e in by_action.context["page"].object_list} == {events[0].pk, events[1].pk}
    by_actor = admin_client.get(reverse("audit:events"), {"actor": "LEAD_a1"})
    assert [e.pk for e in by_actor.context["page"].object_list] == [events[2].pk]
    by_email = admin_client.get(reverse("audit:events"), {"actor": "tpn@example.test"})
    assert [e.pk for e in by_email.context["page"].object_list] == [events[3].pk]


def test_csv_download_holds_exactly_the_filtered_events(admin_client, events):
    response = admin_client.get(reverse("audit:events"), {"action": "unit.saved", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="jejak-audit-')
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = _csv_rows(response)
    assert len(rows) == 3  # header + 2
    newest, oldest = rows[1], rows[2]
    assert newest[1] == "coordinator_a" and newest[2] == "unit.saved"
    assert newest[0].startswith("2026-03-05 10:00")
    # JSON cell starting with '{' is left alone; a formula inside stays inside the JSON text.
    assert newest[7] == '{"name": "=HYPERLINK(\\"x\\")"}'
    assert oldest[7] == '{"name": "Unit A1"}'
    assert oldest[8] == "unit.saved note"


def test_xlsx_download(admin_client, events):
    response = admin_client.get(
        reverse("audit:events"), {"date_from": "2026-03-09", "format": "xlsx"}
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2
    assert values[1][1:3] == ("tpn", "evaluation.decided")
    assert values[1][0] == dt.datetime(2026, 3, 9, 10, 0)


def test_download_over_the_bound_asks_to_narrow(admin_client, events, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_MAX_ROWS", 3)
    response = admin_client.get(reverse("audit:events"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["too_many"] == 4
    within = admin_client.get(reverse("audit:events"), {"action": "unit.saved", "format": "csv"})
    assert within["Content-Type"].startswith("text/csv")


def test_unknown_format_is_not_found(admin_client, events):
    assert admin_client.get(reverse("audit:events"), {"format": "pdf"}).status_code == 404


def test_bad_filters_give_the_page_not_a_file(admin_client, events):
    response = admin_client.get(reverse("audit:events"), {"date_from": "x", "format": "csv"})
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["date_from"]


def test_bad_dates_keep_the_input_and_say_why(admin_client, events):
    response = admin_client.get(
        reverse("audit:events"), {"date_from": "2026-03-09", "date_to": "2026-03-01"}
    )
    page = response.content.decode()
    assert response.context["page"].paginator.count == 0
    assert 'value="2026-03-09"' in page and 'value="2026-03-01"' in page
    assert response.context["form"].errors["date_to"]
    garbage = admin_client.get(reverse("audit:events"), {"date_from": "kemarin"})
    assert garbage.status_code == 200 and garbage.context["form"].errors["date_from"]


def test_escapes_user_content(admin_client, world):
    record(world.users["coordinator_a"], "unit.saved", world.a1, note="<script>alert(1)</script>")
    page = admin_client.get(reverse("audit:events")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_page_cost_does_not_grow_with_rows(admin_client, world, django_assert_max_num_queries):
    for i in range(120):
        record(world.users["sysadmin"], f"bulk.{i % 3}", world.a1, note=str(i))
    now = timezone.localdate().isoformat()
    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("audit:events"), {"date_from": now})
    assert response.context["page"].paginator.count == 120
    assert len(response.context["page"].object_list) == views.PER_PAGE
