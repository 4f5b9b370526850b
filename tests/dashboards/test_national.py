"""The national dashboard: the seed's table (proposals, Menuju WBK, Menuju WBBM per year and
accumulated) counted live, equal to an independent count in the test; groupings; filters;
scope; bounded queries."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from zona.dashboards.access import NationalScope
from zona.dashboards.national import Filters, national_table
from zona.evaluations.models import Evaluation, StageChange
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
                revoked = rng.random() < 0.1
                # a revocation dated a year or two later (within the table), or undated
                on = rng.choice([None, date(min(year + rng.randint(1, 2), 2018), 8, 1)])
                awards.append(
                    PredicateAward(unit=unit, year=year, predicate=rng.choice(["WBK", "WBBM"]),
                                   revoked=revoked, revoked_on=on if revoked else None)
                )  # fmt: skip
    Evaluation.objects.bulk_create(evaluations)
    PredicateAward.objects.bulk_create(awards)
    return {"units": units, "evaluations": evaluations, "awards": awards, "types": types}


def independent(country, keep=lambda unit: True):
    """Proposals: units whose evaluation of the year is national, or awarded that year (an
    award stands for its proposal); awards by year; revocations by the year they take effect
    (the revocation's, or the year after the award when undated)."""
    proposed = {(e.unit.pk, e.year) for e in country["evaluations"] if e.stage in NATIONAL}
    proposed |= {(a.unit.pk, a.year) for a in country["awards"]}
    units = {u.pk: u for u in country["units"]}
    proposals = Counter(year for unit, year in proposed if keep(units[unit]))
    wbk = Counter(a.year for a in country["awards"] if a.predicate == "WBK" and keep(a.unit))
    wbbm = Counter(a.year for a in country["awards"] if a.predicate == "WBBM" and keep(a.unit))
    return proposals, wbk, wbbm


def revocations(country):
    out = Counter()
    for a in country["awards"]:
        if a.revoked:
            out[a.revoked_on.year if a.revoked_on else a.year + 1] += 1
    return out


def test_table_equals_independent_count(country):
    table = national_table(NationalScope(None), Filters())
    proposals, wbk, wbbm = independent(country)
    revoked = revocations(country)
    # an undated revocation of a 2018 award would take effect in 2019, in a row of its own
    assert [row.year for row in table.years] == sorted({*proposals, *revoked})
    assert sum(revoked.values()) > 0
    running = [0, 0]
    for row in table.years:
        assert (row.counts.proposals, row.counts.wbk, row.counts.wbbm, row.counts.revoked) == (
            proposals[row.year], wbk[row.year], wbbm[row.year], revoked[row.year],
        )  # fmt: skip
        running = [running[0] + proposals[row.year],
                   running[1] + wbk[row.year] + wbbm[row.year] - revoked[row.year]]  # fmt: skip
        held = row.accumulated.wbk + row.accumulated.wbbm
        assert [row.accumulated.proposals, held] == running
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
    assert table.total.proposals == proposals[2016]  # the total of the columns shown


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
    years = {*independent(country)[0], *revocations(country)}
    assert len(rows) == 1 + len(years)


def test_queries_bounded(client, world, country, django_assert_max_num_queries):
    client.force_login(world.users["tpn"])
    url = reverse("dashboards:national") + "?tahun=2017&wilayah=Banten"
    # 11 of the page and 6 of its content version (zona.dashboards.cache); served from the
    # cache while the content is the same, the version's and the request's own
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


# The seed's national table (reference README §6): per year proposals, Menuju WBK, Menuju WBBM.
SEED = [
    (2014, 33, 12, 9),
    (2015, 51, 11, 1),
    (2016, 174, 15, 2),
    (2017, 485, 71, 6),
    (2018, 910, 200, 5),
]


@pytest.fixture
def seed_shaped(world, frameworks):
    """Data shaped like the seed's table. Each year: the awarded units (half recorded only as
    history, without an evaluation in Zona; half with a decided evaluation whose stage history
    records the proposal), the other proposed units at a national stage (some with history,
    some without), and units the instansi did not propose (not counted)."""
    framework = FrameworkVersion.objects.get(code="lke-2014")
    unit_type = UnitType.objects.create(name="KPP")
    units = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=world.a, name=f"KPP {n}", echelon=Echelon.III, unit_type=unit_type)
        for n in range(930)
    )
    evaluations, awards, moved = [], [], []
    for year, proposals, wbk, wbbm in SEED:
        for n, unit in enumerate(units[: proposals + 20]):
            awarded = n < wbk + wbbm
            if awarded:
                predicate = "WBK" if n < wbk else "WBBM"
                awards.append(PredicateAward(unit=unit, year=year, predicate=predicate))
                if n % 2:
                    continue  # history only: the award stands for the proposal
            stage = (
                "decided" if awarded
                else rng_stage(n) if n < proposals
                else ("tpi_final", "not_proposed", "draft")[n % 3]
            )  # fmt: skip
            evaluation = Evaluation(
                unit=unit, year=year, framework=framework, target="WBK", stage=stage
            )
            evaluations.append(evaluation)
            if stage in NATIONAL and n % 3 == 0:
                moved.append(evaluation)
    Evaluation.objects.bulk_create(evaluations)
    StageChange.objects.bulk_create(
        StageChange(evaluation=e, from_stage="tpi_final", to_stage="proposed") for e in moved
    )
    PredicateAward.objects.bulk_create(awards)
    return units


def rng_stage(n: int) -> str:
    return ("proposed", "tpn_desk", "tpn_field", "closed")[n % 4]


def test_the_seed_table_is_reproduced_from_data_shaped_like_it(seed_shaped):
    table = national_table(NationalScope(None), Filters())
    got = [(r.year, r.counts.proposals, r.counts.wbk, r.counts.wbbm) for r in table.years]
    assert got == SEED
    assert [r.accumulated.proposals for r in table.years] == [33, 84, 258, 743, 1653]
    assert (table.total.proposals, table.total.wbk, table.total.wbbm) == (1653, 309, 23)
    last = table.years[-1].accumulated
    assert (last.wbk, last.wbbm) == (309, 23)


def test_a_revoked_predicate_stops_counting_from_its_revocation(seed_shaped):
    award = PredicateAward.objects.filter(year=2015, predicate="WBK").order_by("pk").first()
    award.revoked, award.revoked_on = True, date(2017, 8, 1)
    award.save()
    table = national_table(NationalScope(None), Filters())
    rows = {r.year: r for r in table.years}
    assert rows[2015].counts.wbk == 11  # decided in 2015: the year's column keeps it
    assert [rows[y].accumulated.wbk for y in (2015, 2016, 2017, 2018)] == [23, 38, 108, 308]
    assert [rows[y].counts.revoked for y in (2015, 2016, 2017, 2018)] == [0, 0, 1, 0]
    assert table.total.revoked == 1
    # undated: from the year after the award
    award.revoked_on = None
    award.save()
    rows = {r.year: r for r in national_table(NationalScope(None), Filters()).years}
    assert [rows[y].accumulated.wbk for y in (2015, 2016, 2017)] == [23, 37, 108]
