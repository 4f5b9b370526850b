"""The seed's national table computed live: proposals, Menuju WBK and Menuju WBBM per year and
accumulated, and the same counts by unit type, by province and by kind of instansi.

- A proposal is an evaluation of that year that reached the stage "proposed to KemenPANRB" (its
  stage is now proposed or any later national stage).
- An award is a `PredicateAward` of that year, whether or not it was revoked later: the table
  counts what was decided each year, as the seed's does. Awards recorded without an evaluation
  in Zona (history imported from earlier years) count too.

Everything is counted in the database: two GROUP BY queries (year × unit type × province ×
kind), whose few hundred totals Python sums into the tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from zona.evaluations.access import NATIONAL_STAGES
from zona.evaluations.models import Evaluation
from zona.orgs.models import Instansi, InstansiKind, Predicate, PredicateAward, UnitType

from .access import NationalScope

GROUPINGS = {
    "unit_type": "unit__unit_type__name",
    "region": "unit__instansi__region",
    "kind": "unit__instansi__kind",
}


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    kind: str = ""
    unit_type: int | None = None
    region: str = ""

    def q(self, scope: NationalScope, with_year: bool = True) -> Q:
        """The same filter for evaluations and awards (both reach the unit as `unit`)."""
        q = Q()
        if scope.instansi_ids is not None:
            q &= Q(unit__instansi_id__in=scope.instansi_ids)
        if with_year and self.year:
            q &= Q(year=self.year)
        if self.kind:
            q &= Q(unit__instansi__kind=self.kind)
        if self.unit_type:
            q &= Q(unit__unit_type_id=self.unit_type)
        if self.region:
            q &= Q(unit__instansi__region=self.region)
        return q


@dataclass
class Counts:
    proposals: int = 0
    wbk: int = 0
    wbbm: int = 0


@dataclass
class YearRow:
    year: int
    counts: Counts
    accumulated: Counts


@dataclass
class NationalTable:
    years: list[YearRow]
    total: Counts
    groups: dict[str, list[tuple[str, Counts]]] = field(default_factory=dict)


def _add(counts: Counts, predicate: str | None, n: int) -> None:
    if predicate is None:
        counts.proposals += n
    elif predicate == Predicate.WBK:
        counts.wbk += n
    elif predicate == Predicate.WBBM:
        counts.wbbm += n


def _cube(q: Q) -> list[tuple[dict[str, Any], str | None, int]]:
    """Counts grouped by year and every grouping at once, in two queries: (group values,
    predicate or None for proposals, count). At most years × types × provinces × kinds rows."""
    keys = ["year", *GROUPINGS.values()]
    proposals = (
        Evaluation.objects.filter(q, stage__in=NATIONAL_STAGES)
        .values(*keys)
        .annotate(n=Count("id"))
        .order_by()
    )
    awards = (
        PredicateAward.objects.filter(q)
        .values(*keys, "predicate")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [(row, None, row["n"]) for row in proposals]
    rows += [(row, row["predicate"], row["n"]) for row in awards]
    return rows


def national_table(scope: NationalScope, filters: Filters) -> NationalTable:
    # The year filter selects a column, but accumulation needs the years before it: count every
    # year, then keep the chosen one.
    cube = _cube(filters.q(scope, with_year=False))
    by_year: dict[int, Counts] = defaultdict(Counts)
    grouped: dict[str, dict[Any, Counts]] = {name: defaultdict(Counts) for name in GROUPINGS}
    for row, predicate, n in cube:
        _add(by_year[row["year"]], predicate, n)
        if filters.year and row["year"] != filters.year:
            continue
        for name, field_name in GROUPINGS.items():
            _add(grouped[name][row[field_name]], predicate, n)
    running = Counts()
    years = []
    for year in sorted(by_year):
        counts = by_year[year]
        running = Counts(
            running.proposals + counts.proposals,
            running.wbk + counts.wbk,
            running.wbbm + counts.wbbm,
        )
        if filters.year and year > filters.year:
            break
        if not filters.year or year == filters.year:
            years.append(YearRow(year, counts, running))
    total = years[-1].accumulated if years else Counts()
    kind_labels = dict(InstansiKind.choices)
    groups = {}
    for name, counts in grouped.items():
        rows = [
            (str((kind_labels.get(key, key) if name == "kind" else key) or ""), value)
            for key, value in counts.items()
        ]
        rows.sort(key=lambda row: (-row[1].proposals, -row[1].wbk, row[0]))
        groups[name] = rows
    return NationalTable(years=years, total=total, groups=groups)


def filter_options(scope: NationalScope) -> dict[str, list]:
    """The choices of the filter form: years with data, unit types, provinces (4 queries)."""
    base = Q() if scope.instansi_ids is None else Q(unit__instansi_id__in=scope.instansi_ids)
    # order_by(): the models' default ordering would join the units into the DISTINCT.
    evaluations = Evaluation.objects.filter(base).order_by()
    awards = PredicateAward.objects.filter(base).order_by()
    years = set(evaluations.values_list("year", flat=True).distinct())
    years |= set(awards.values_list("year", flat=True).distinct())
    instansi = Instansi.objects.exclude(region="")
    if scope.instansi_ids is not None:
        instansi = instansi.filter(pk__in=scope.instansi_ids)
    return {
        "years": sorted(years, reverse=True),
        "kinds": list(InstansiKind.choices),
        "unit_types": list(UnitType.objects.values_list("pk", "name")),
        "regions": list(instansi.order_by("region").values_list("region", flat=True).distinct()),
    }
