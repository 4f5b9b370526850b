"""CSV/XLSX exports of the lists: the screen's rows and columns with the same filters and access
rules, raw values, and a number of queries that does not grow with the rows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from workbook_support import open_book

from zona.accounts.models import Role, RoleAssignment
from zona.evaluations import actions
from zona.evaluations.models import AnswerChange, Evaluation, Layer, LayerScore, Stage
from zona.orgs.models import Instansi, InstansiKind, PredicateAward, UnitKerja


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def evals(world, frameworks):
    """A1 2024 (draft; unit 71.1, TPI 61.2), A2 2023 (decided; TPI released), B1 2024."""
    admin = world.users["sysadmin"]
    made = {
        "A1": actions.create_evaluation(admin, world.a1, 2024, "WBK"),
        "A2": actions.create_evaluation(admin, world.a2, 2023, "WBK"),
        "B1": actions.create_evaluation(admin, world.b1, 2024, "WBK"),
    }
    Evaluation.objects.filter(pk=made["A2"].pk).update(stage=Stage.DECIDED, tpi_released=True)
    for name, (unit, tpi) in {"A1": ("71.10", "61.20"), "A2": ("73.10", "63.20"),
                              "B1": ("74.10", "64.20")}.items():  # fmt: skip
        LayerScore.objects.filter(evaluation=made[name], layer=Layer.UNIT).update(
            total=Decimal(unit), predicate="WBK" if name == "B1" else ""
        )
        LayerScore.objects.filter(evaluation=made[name], layer=Layer.TPI).update(total=Decimal(tpi))
    return made


def test_evaluations_as_the_unit_sees_them(client, world, evals):
    client.force_login(world.users["member_a1"])
    rows = rows_of(client.get(reverse("workbook:evaluations", args=["csv"])))
    assert rows[0][:8] == ["Unit kerja", "Instansi", "Tahun", "Target", "Tahap", "Nilai unit",
                           "Nilai TPI", "Nilai TPN"]  # fmt: skip
    assert [(r[0], r[2], r[5], r[6]) for r in rows[1:]] == [("Unit A1", "2024", "71.1000", "")]
    assert rows[1][4] == "Draf (diisi unit)"
    assert rows[1][11] == "draft" and rows[1][12].startswith("lke-2021@")


def test_evaluations_filters_and_sort_as_on_screen(client, world, evals):
    client.force_login(world.users["coordinator_a"])
    url = reverse("workbook:evaluations", args=["csv"])
    rows = rows_of(client.get(url, {"sort": "-tpi_total"}))
    assert [(r[0], r[6]) for r in rows[1:]] == [("Unit A2", "63.2000"), ("Unit A1", "61.2000")]
    rows = rows_of(client.get(url, {"year": "2023"}))
    assert [r[0] for r in rows[1:]] == ["Unit A2"]
    rows = rows_of(client.get(url, {"stage": "draft", "target": "WBK"}))
    assert [r[0] for r in rows[1:]] == ["Unit A1"]
    # An instansi the person has no evaluation of is ignored, as the list ignores it.
    rows = rows_of(client.get(url, {"instansi": world.b.pk}))
    assert [r[0] for r in rows[1:]] == ["Unit A1", "Unit A2"]
    rows = rows_of(client.get(url, {"unit": world.a2.pk, "sort": "bogus"}))
    assert [r[0] for r in rows[1:]] == ["Unit A2"]


def test_evaluations_xlsx_keeps_raw_numbers(client, world, evals):
    client.force_login(world.users["sysadmin"])
    response = client.get(reverse("workbook:evaluations", args=["xlsx"]), {"sort": "unit"})
    sheet = open_book(response.content).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [v[0] for v in values[1:]] == ["Unit A1", "Unit A2", "Unit B1"]
    assert values[3][5] == 74.1 and values[3][8] == "WBK"


@pytest.fixture
def many(world, frameworks):
    """120 evaluations of 40 units of instansi A (3 years each), with awards and roles."""
    units = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=world.a, name=f"Satuan {i:03d}", echelon="III",
                  unit_type=world.a1.unit_type)
        for i in range(40)
    )  # fmt: skip
    framework = frameworks["lke-2021"]
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(unit=u, year=y, framework=framework, target="WBK")
        for u in units
        for y in (2024, 2025, 2026)
    )
    LayerScore.objects.bulk_create(
        LayerScore(evaluation=e, layer=layer, total=Decimal("50.5"))
        for e in evaluations
        for layer in Layer
    )
    PredicateAward.objects.bulk_create(
        PredicateAward(unit=u, year=y, predicate="WBK", decree_number=f"SK-{u.pk}-{y}")
        for u in units
        for y in (2022, 2023, 2024)
    )
    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"orang{i}", email=f"orang{i}@example.test") for i in range(110)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=p, role=Role.UNIT_MEMBER, unit=units[i % 40])
        for i, p in enumerate(people)
    )
    Instansi.objects.bulk_create(
        Instansi(name=f"Kabupaten {i:03d}", kind=InstansiKind.KABUPATEN) for i in range(110)
    )
    return units


@pytest.mark.parametrize(
    ("name", "args", "user", "rows", "queries"),
    [
        # 7: the list's filters, their choices cached on a content version (one aggregate)
        ("workbook:evaluations", ["csv"], "coordinator_a", 120, 7),
        ("workbook:instansi", ["xlsx"], "sysadmin", 112, 5),
        ("workbook:units", ["a", "csv"], "coordinator_a", 43, 7),
        ("workbook:people", ["csv"], "coordinator_a", 113, 5),
        ("workbook:register", ["csv"], None, 120, 2),
    ],
)
def test_queries_do_not_grow_with_rows(
    client, world, many, django_assert_max_num_queries, name, args, user, rows, queries
):
    args = [world.a.pk if a == "a" else a for a in args]
    if user:
        client.force_login(world.users[user])
    with django_assert_max_num_queries(queries):
        response = client.get(reverse(name, args=args))
    if args[-1] == "csv":
        found = rows_of(response)
    else:
        found = list(open_book(response.content).active.iter_rows())
    assert len(found) - 1 >= rows


def test_units_list(client, world, frameworks):
    PredicateAward.objects.create(unit=world.a1, year=2023, predicate="WBK", revoked=True)
    PredicateAward.objects.create(unit=world.a1, year=2025, predicate="WBK")
    client.force_login(world.users["coordinator_a"])
    rows = rows_of(client.get(reverse("workbook:units", args=[world.a.pk, "csv"])))
    assert rows[0] == ["Unit", "Di bawah", "Eselon", "Jenis", "Riwayat predikat",
                       "Memberikan pelayanan publik", "ID unit"]  # fmt: skip
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"Unit A1", "Unit A1a", "Unit A2"}
    assert by_name["Unit A1"][4] == "WBK 2025; WBK 2023 (dicabut)"
    assert by_name["Unit A1a"][1] == "Unit A1"


def test_register_with_the_page_filters(client, world):
    PredicateAward.objects.create(unit=world.a1, year=2024, predicate="WBK", decree_number="SK 1")
    PredicateAward.objects.create(unit=world.b1, year=2024, predicate="WBBM", decree_number="SK 2")
    rows = rows_of(client.get(reverse("workbook:register", args=["csv"]), {"predikat": "WBBM"}))
    assert [(r[1], r[3], r[4], r[8]) for r in rows[1:]] == [
        ("Unit B1", "Menuju WBBM", "SK 2", "WBBM")
    ]
    rows = rows_of(client.get(reverse("workbook:register", args=["csv"]), {"q": "a1"}))
    assert [r[1] for r in rows[1:]] == ["Unit A1"]


def test_people_list_only_in_reach(client, world):
    client.force_login(world.users["coordinator_a"])
    rows = rows_of(client.get(reverse("workbook:people", args=["csv"])))
    usernames = {r[1] for r in rows[1:]}
    assert "member_a1" in usernames and "tpn" not in usernames and "sysadmin" not in usernames


def test_question_history_respects_the_layers(client, world, frameworks, set_stage, answer):
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    answer("member_a1", evaluation, "2", "unit", "a", note="awal")
    answer("member_a1", evaluation, "2", "unit", "b")
    set_stage(evaluation, "tpi_review")
    answer("tpi_a", evaluation, "2", "tpi", "c", note="rahasia TPI")
    url = reverse("workbook:question_history", args=[evaluation.pk, "2", "csv"])
    client.force_login(world.users["member_a1"])
    rows = rows_of(client.get(url))
    assert [(r[3], r[4], r[5], r[6]) for r in rows[1:]] == [
        ("A", "B", "awal", ""),
        ("", "A", "", "awal"),
    ]
    client.force_login(world.users["tpi_a"])
    rows = rows_of(client.get(url))
    assert len(rows) == 4 and rows[1][6] == "rahasia TPI"
    assert AnswerChange.objects.filter(evaluation=evaluation).count() == 3
    assert (
        client.get(
            reverse("workbook:question_history", args=[evaluation.pk, "999", "csv"])
        ).status_code
        == 404
    )
