"""The national dashboard: the seed's table (proposals, Menuju WBK, Menuju WBBM per year and
accumulated) counted live, equal to an independent count in the test; groupings; filters;
scope; bounded queries."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest
from django.urls import reverse

from zona.dashboards.access import NationalScope
from zona.dashboards.national import Filters, national_table
from zona.evaluations.models import Evaluation
from zona.frameworks.models import FrameworkVersion
from zona.orgs.models import (
    Echelon,
    Instansi,
    InstansiKind,
    PredicateAward,
    UnitKerja,
    UnitType,
)

STAGES = [
    "draft",
    "submitted",
    "tpi_final",
    "proposed",
    "tpn_desk",
    "tpn_field",
    "decided",
    "closed",
]
NATIONAL = {"proposed", "tpn_desk", "tpn_field", "decided", "closed"}


@pytest.fixture
def country(world, frameworks):
    """Random units, evaluations and awards over 2014–2018 in two provinces and three types."""
    rng = random.Random(7)
    framework = FrameworkVersion.objects.get(code="lke-2014")
    types = [UnitType.objects.create(name=n) for n in ("Polres", "KPP", "Lapas")]
    Instansi.objects.filter(pk=world.a.pk).update(region="Banten")
    Instansi.objects.filter(pk=world.b.pk).update(region="Jawa Barat")
    units, evaluations, awards = [], [], []
    for n in range(60):
        instansi = world.a if n % 2 else world.b
        units.append(
            UnitKerja(instansi=instansi, name=f"Unit {n}", echelon=Echelon.III,
                      unit_type=types[n % 3])
        )  # fmt: skip
    UnitKerja.objects.bulk_create(units)
    for unit in units:
        for year in range(2014, 2019):
            if rng.random() < 0.6:
                evaluations.append(
                    Evaluation(unit=unit, year=year, framework=framework, target="WBK",
                               stage=rng.choice(STAGES))
                )  # fmt: skip
            if rng.random() < 0.2:
                awards.append(
                    PredicateAward(unit=unit, year=year, predicate=rng.choice(["WBK", "WBBM"]),
                                   revoked=rng.random() < 0.1)
                )  # fmt: skip
    Evaluation.objects.bulk_create(evaluations)
    PredicateAward.objects.bulk_create(awards)
    return {"units": units, "evaluations": evaluations, "awards": awards, "types": types}


def independent(country, keep=lambda unit: True):
    proposals = Counter(
        e.year for e in country["evaluations"] if e.stage in NATIONAL and keep(e.unit)
    )
    wbk = Counter(a.year for a in country["awards"] if a.predicate == "WBK" and keep(a.unit))
    wbbm = Counter(a.year for a in country["awards"] if a.predicate == "WBBM" and keep(a.unit))
    return proposals, wbk, wbbm


def test_table_equals_independent_count(country):
    table = national_table(NationalScope(None), Filters())
    proposals, wbk, wbbm = independent(country)
    assert [row.year for row in table.years] == [2014, 2015, 2016, 2017, 2018]
    running = [0, 0, 0]
    for row in table.years:
        assert (row.counts.proposals, row.counts.wbk, row.counts.wbbm) == (
            proposals[row.year], wbk[row.year], wbbm[row.year],
        )  # fmt: skip
        running = [running[0] + proposals[row.year], running[1] + wbk[row.year],
                   running[2] + wbbm[row.year]]  # fmt: skip
        assert [row.accumulated.proposals, row.accumulated.wbk, row.accumulated.wbbm] == running
    assert (table.total.proposals, table.total.wbk, table.total.wbbm) == (
        sum(proposals.values()), sum(wbk.values()), sum(wbbm.values()),
    )  # fmt: skip


def test_groupings_and_filters(world, country):
    polres = country["types"][0]
    table = national_table(NationalScope(None), Filters(year=2017))
    by_type = dict(table.groups["unit_type"])
    for unit_type in country["types"]:
        proposals, wbk, wbbm = independent(country, lambda u, t=unit_type: u.unit_type_id == t.pk)
        assert by_type[unit_type.name].proposals == proposals[2017]
        assert by_type[unit_type.name].wbk == wbk[2017]
        assert by_type[unit_type.name].wbbm == wbbm[2017]
    by_region = dict(table.groups["region"])
    proposals, _, _ = independent(country, lambda u: u.instansi_id == world.a.pk)  # Banten
    assert by_region["Banten"].proposals == proposals[2017]
    by_kind = dict(table.groups["kind"])
    assert set(by_kind) == {str(InstansiKind.LEMBAGA.label), str(InstansiKind.KABUPATEN.label)}
    # Filtered by unit type and kind: the per-year table counts those units only.
    b_kind = world.b.kind
    filtered = national_table(NationalScope(None), Filters(unit_type=polres.pk, kind=b_kind))
    keep = lambda u: u.unit_type_id == polres.pk and u.instansi.kind == b_kind  # noqa: E731
    proposals, wbk, _ = independent(country, keep)
    shown = {r.year: r.counts.proposals for r in filtered.years if r.counts.proposals}
    assert shown == {year: n for year, n in proposals.items() if n}
    assert sum(r.counts.wbk for r in filtered.years) == sum(wbk.values())


def test_year_filter_keeps_accumulation(country):
    table = national_table(NationalScope(None), Filters(year=2016))
    proposals, _, _ = independent(country)
    assert [r.year for r in table.years] == [2016]
    assert table.years[0].accumulated.proposals == sum(proposals[y] for y in (2014, 2015, 2016))


def test_page_scope_for_instansi_roles(client, world, country):
    client.force_login(world.users["leadership_a"])
    html = client.get(reverse("dashboards:national")).content.decode()
    proposals, _wbk, _wbbm = independent(country, lambda u: u.instansi_id == world.a.pk)
    total = re.search(r'data-total="proposals">(\d+)<', html).group(1)
    assert int(total) == sum(proposals.values())
    client.force_login(world.users["tpn"])
    html = client.get(reverse("dashboards:national")).content.decode()
    proposals, _, _ = independent(country)
    assert int(re.search(r'data-total="proposals">(\d+)<', html).group(1)) == sum(
        proposals.values()
    )
    assert "<svg" in html


def test_bad_filter_is_explained(client, world, country):
    client.force_login(world.users["tpn"])
    response = client.get(reverse("dashboards:national") + "?tahun=19&jenis=planet")
    assert response.status_code == 200
    assert "alert-warning" in response.content.decode()


def test_export(client, world, country):
    client.force_login(world.users["sysadmin"])
    response = client.get(reverse("dashboards:national") + "?format=csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + 5


def test_queries_bounded(client, world, country, django_assert_max_num_queries):
    client.force_login(world.users["tpn"])
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("dashboards:national") + "?tahun=2017&wilayah=Banten").status_code
            == 200
        )
