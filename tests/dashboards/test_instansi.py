"""The instansi dashboard: one row per unit with the stored scores of the visible layers,
conditions met, eligibility as the unit page computes it, a heat map, bounded queries."""

from __future__ import annotations

import csv
import re

import pytest
from dashboard_fill import fill
from django.urls import reverse
from django.utils.html import escape

from zona.evaluations import actions
from zona.evaluations.models import Evaluation, InstansiDeadline, LayerScore
from zona.orgs.eligibility import facts_for_units, unit_eligibility, unit_facts
from zona.orgs.models import (
    Echelon,
    InstansiYear,
    PredicateAward,
    UnitKerja,
    UnitType,
    UnitYear,
)


def _row(html: str, unit_pk: int) -> str:
    return html.split(f'data-unit="{unit_pk}"', 1)[1].split("</tr>", 1)[0]


def _layer(row: str, layer: str) -> str:
    return re.search(rf'data-layer="{layer}">([^<]*)', row).group(1).strip()


def test_rows_show_stored_scores_and_conditions(client_for, world, frameworks):
    lead = world.users["lead_a1"]
    coordinator = world.users["coordinator_a"]
    e1 = actions.create_evaluation(lead, world.a1, 2026, "WBK")
    e2 = actions.create_evaluation(coordinator, world.a2, 2026, "WBK")
    r1_unit, r1_tpi = fill(e1, "unit", 1.0), fill(e1, "tpi", 0.95)
    r2_unit = fill(e2, "unit", 0.3)
    html = client_for("leadership_a").get(reverse("dashboards:instansi", args=[world.a.pk]))
    html = html.content.decode()
    row1, row2 = _row(html, world.a1.pk), _row(html, world.a2.pk)
    assert _layer(row1, "unit").startswith(f"{r1_unit.total:.2f}".replace(".", ","))
    assert _layer(row1, "tpi").startswith(f"{r1_tpi.total:.2f}".replace(".", ","))
    assert _layer(row1, "tpn") == "–"  # before the decision, not for the instansi
    assert _layer(row2, "unit").startswith(f"{r2_unit.total:.2f}".replace(".", ","))
    assert ("✓" in row1.split('data-layer="tpn"')[1].split("</td>")[1]) == (
        r1_tpi.predicate is not None
    )
    assert "✗" in row2  # 30 % answers cannot meet Menuju WBK
    a1a_row = _row(html, world.a1a.pk)
    assert a1a_row.count("–") >= 3  # no evaluation: no scores
    # The heat map holds one cell per area for each evaluated unit.
    framework = e1.framework.framework()
    assert html.count('class="cell"') == 2 * len(framework.areas)


def test_eligibility_facts_match_the_unit_page(world):
    InstansiYear.objects.create(instansi=world.a, year=2025, bpk_opinion="WTP", akip_grade="BB")
    UnitYear.objects.create(
        unit=world.a1, year=2025, lhkpn_percent=100, lhkasn_percent=100,
        declared={"core_service_unit": True},
    )  # fmt: skip
    PredicateAward.objects.create(unit=world.a2, year=2024, predicate="WBK")
    units = list(UnitKerja.objects.filter(instansi=world.a))
    bulk = facts_for_units(units, 2026)
    for unit in units:
        assert bulk[unit.pk] == unit_facts(unit, 2026)


def test_eligibility_column(client_for, world, frameworks):
    InstansiYear.objects.create(instansi=world.a, year=2025, bpk_opinion="TMP", akip_grade="C")
    html = client_for("coordinator_a").get(
        reverse("dashboards:instansi", args=[world.a.pk]) + "?tahun=2026"
    )
    expected = unit_eligibility(world.a1, year=2026, target="WBK").status
    assert expected == "not_eligible"
    assert "✗" in re.split(r"<td[^>]*>", _row(html.content.decode(), world.a1.pk))[-1]


def test_deadlines_and_export(client_for, world, frameworks):
    from datetime import date

    InstansiDeadline.objects.create(instansi=world.a, year=2026, date=date(2026, 4, 30))
    client = client_for("tpi_a")
    url = reverse("dashboards:instansi", args=[world.a.pk])
    html = client.get(url + "?tahun=2026").content.decode()
    assert "30 April 2026" in html and "31 Mei 2026" in html
    response = client.get(url + "?tahun=2026&format=csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 3  # header + units A1, A1a, A2


def test_bad_year_keeps_typed_value(client_for, world):
    response = client_for("tpi_a").get(
        reverse("dashboards:instansi", args=[world.a.pk]) + "?tahun=abc"
    )
    assert response.status_code == 200
    assert 'value="abc"' in response.content.decode()


def test_queries_bounded(client_for, world, frameworks, django_assert_max_num_queries):
    unit_type = UnitType.objects.get(name="Biro")
    coordinator = world.users["coordinator_a"]
    for n in range(30):
        unit = UnitKerja.objects.create(
            instansi=world.a, name=f"Kantor {n:02}", echelon=Echelon.III, unit_type=unit_type
        )
        evaluation = actions.create_evaluation(coordinator, unit, 2026, "WBK")
        if n % 3 == 0:
            fill(evaluation, "unit", 0.5 + n / 100)
            Evaluation.objects.filter(pk=evaluation.pk).update(stage="decided")
    client = client_for("coordinator_a")
    url = reverse("dashboards:instansi", args=[world.a.pk]) + "?tahun=2026"
    # 14 of the page, 7 of eligibility's records from Zona (thresholds; TLHP, surveys and LKE
    # two each), whatever the number of units, and 14 of the content version the body is
    # cached on (zona.dashboards.cache); from the cache, the version and the page's heading
    with django_assert_max_num_queries(35):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(21):
        assert client.get(url + "&format=xlsx").status_code == 200


def test_unit_names_are_escaped(client_for, world):
    UnitKerja.objects.filter(pk=world.a2.pk).update(name='<img src=x onerror="alert(1)">')
    html = client_for("coordinator_a").get(reverse("dashboards:instansi", args=[world.a.pk]))
    assert b"<img src=x" not in html.content
    assert b"&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html.content


def _id(text: str, **values) -> str:
    from django.utils import translation

    with translation.override("id"):
        return translation.gettext(text) % values if values else translation.gettext(text)


def _conditions_cell(row: str) -> str:
    after_tpn = row.split('data-layer="tpn"')[1]
    return re.split(r"<td[^>]*>", after_tpn, maxsplit=1)[1].split("</td>", 1)[0]


def test_conditions_column_names_the_failed_conditions(client_for, world, frameworks):
    e1 = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    e2 = actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    r1, r2 = fill(e1, "unit", 1.0), fill(e2, "unit", 0.3)
    assert r1.met["WBK"] and not r2.met["WBK"]
    client = client_for("leadership_a")
    url = reverse("dashboards:instansi", args=[world.a.pk]) + "?tahun=2026"
    html = client.get(url).content.decode()
    cell1, cell2 = (
        _conditions_cell(_row(html, world.a1.pk)),
        _conditions_cell(_row(html, world.a2.pk)),
    )
    assert "✓ " + _id("all met") in cell1
    assert _id("%(met)s of %(total)s conditions met", met=12, total=12) in cell1
    assert "✗" not in cell1
    wbk = r2.conditions_of("WBK")
    passed = sum(c.met for c in wbk)
    assert passed < 12
    assert _id("%(met)s of %(total)s conditions met", met=passed, total=12) in cell2
    for c in wbk:
        # Area conditions are merged under their shared "Setiap area (…)" prefix.
        name = c.label.split(": ", 1)[-1]
        assert (escape(name) in cell2) == (not c.met), c.label
    assert cell2.count("Setiap area") == 1
    # The export names the same failed conditions; the unit meeting all conditions has none.
    lines = client.get(url + "&format=csv").content.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    column = header.index(_id("Conditions failed"))
    by_name = {line.split(",")[0]: line for line in lines[1:]}
    assert "IPAK" not in by_name["Unit A1"]
    failed = next(csv.reader([by_name["Unit A2"]]))[column]
    assert failed.startswith(next(c.label for c in wbk if not c.met).split(":")[0])
    assert next(csv.reader([by_name["Unit A1"]]))[column] == ""


def test_failed_condition_names_are_grouped_and_escaped(client_for, world, frameworks):
    evaluation = actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    fill(evaluation, "unit", 1.0)
    score = LayerScore.objects.get(evaluation=evaluation, layer="unit")
    failing = {"ipak", "each_area:MP", "each_area:TT"}
    for c in score.conditions["WBK"]:
        c["met"] = c["code"] not in failing
        if c["code"] == "ipak":
            c["label"] = "IPAK <b>x</b>"  # labels come from an uploaded framework file
    score.predicate = ""
    score.save()
    html = client_for("coordinator_a").get(
        reverse("dashboards:instansi", args=[world.a.pk]) + "?tahun=2026"
    )
    cell = _conditions_cell(_row(html.content.decode(), world.a2.pk))
    assert _id("%(met)s of %(total)s conditions met", met=9, total=12) in cell
    assert (
        "✗ Setiap area (pemenuhan + reform): Manajemen Perubahan, Penataan Tatalaksana; "
        "IPAK &lt;b&gt;x&lt;/b&gt;"
    ) in cell  # in the framework's order
    assert "<b>x" not in cell


# stored total → what every table shows: rounded once, half away from zero; 0 is a score
SHOWN_TOTALS = [("24.615", "24,62", 24.62), ("0", "0,00", 0.0), ("0.005", "0,01", 0.01)]


@pytest.mark.parametrize("stored, shown, exported", SHOWN_TOTALS)
def test_a_total_reads_the_same_in_every_table_and_export(
    client_for, world, frameworks, stored, shown, exported
):
    from decimal import Decimal

    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill(evaluation, "unit", 0.5, only=3)
    LayerScore.objects.filter(evaluation=evaluation, layer="unit").update(
        total=Decimal(stored), not_computable={}
    )
    client = client_for("coordinator_a")
    dashboard = client.get(reverse("dashboards:instansi", args=[world.a.pk])).content.decode()
    assert _layer(_row(dashboard, world.a1.pk), "unit") == shown
    listing = client.get(reverse("evaluations:list")).content.decode()
    assert f'<td class="num">{shown}</td>' in listing
    export = client.get(reverse("dashboards:instansi", args=[world.a.pk]), {"format": "csv"})
    rows = list(csv.reader(export.content.decode("utf-8-sig").splitlines()))
    unit_row = next(r for r in rows if r and r[0] == "Unit A1")
    assert str(exported) in unit_row
