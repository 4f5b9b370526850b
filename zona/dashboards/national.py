"""The seed's national table computed live: proposals, Menuju WBK and Menuju WBBM per year and
accumulated, and the same counts by unit type, by province and by kind of instansi.

- A proposal is a unit proposed to KemenPANRB for that year: its evaluation of the year reached
  "proposed" (its stage history records the move, or its stage is proposed or a later national
  stage, which only "proposed" leads to), or, for history recorded without an evaluation in
  Zona, the unit was awarded a predicate that year (an award follows a proposal). Each unit
  counts once a year.
- An award is a `PredicateAward` of that year, whether or not it was revoked later: the year's
  column counts what was decided that year, as the seed's does.
- Accumulated: proposals and awards up to and including the year, less the predicates revoked
  by then. A revoked predicate stops counting from the year of its revocation (`revoked_on`;
  when the date was not recorded, from the year after the award, the earliest it can be).
  The "revoked" row shows the revocations of each year, so accumulated = the year before +
  awarded - revoked can be checked on the page.

Everything is counted in the database: three GROUP BY queries (year × unit type × province ×
kind), whose few hundred totals Python sums into the tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from zona.evaluations.access import NATIONAL_STAGES
from zona.evaluations.models import Evaluation, Stage, StageChange
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
    revoked_wbk: int = 0  # predicates revoked in the year (accumulated: revoked by then)
    revoked_wbbm: int = 0

    @property
    def revoked(self) -> int:
        return self.revoked_wbk + self.revoked_wbbm


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


PROPOSED, REVOKED = "proposed", "revoked"


def _add(counts: Counts, what: str, predicate: str, n: int) -> None:
    if what == PROPOSED:
        counts.proposals += n
    elif predicate in (Predicate.WBK, Predicate.WBBM):
        prefix = "revoked_" if what == REVOKED else ""
        name = prefix + predicate.lower()
        setattr(counts, name, getattr(counts, name) + n)


def proposed_evaluations():
    """Evaluations that reached "proposed": by their stage history, or by a stage only
    "proposed" leads to (evaluations written without history, such as imports)."""
    moved = StageChange.objects.filter(evaluation=OuterRef("pk"), to_stage=Stage.PROPOSED)
    return Evaluation.objects.filter(Q(Exists(moved)) | Q(stage__in=NATIONAL_STAGES))


def _cube(q: Q) -> list[tuple[int, dict[str, Any], str, str, int]]:
    """Counts grouped by year and every grouping at once, in three queries: (year the count
    belongs to, group values, proposed / awarded / revoked, predicate, count). At most years ×
    types × provinces × kinds rows each."""
    keys = ["year", *GROUPINGS.values()]
    proposals = proposed_evaluations().filter(q).values(*keys).annotate(n=Count("id")).order_by()
    proposed_same_year = proposed_evaluations().filter(
        unit_id=OuterRef("unit_id"), year=OuterRef("year")
    )
    # history without an evaluation in Zona: an award stands for its proposal (once a unit)
    award_only = (
        PredicateAward.objects.filter(q)
        .exclude(Exists(proposed_same_year))
        .values(*keys)
        .annotate(n=Count("unit_id", distinct=True))
        .order_by()
    )
    awards = (
        PredicateAward.objects.filter(q)
        .values(*keys, "predicate", "revoked", "revoked_on__year")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [(row["year"], row, PROPOSED, "", row["n"]) for row in proposals]
    rows += [(row["year"], row, PROPOSED, "", row["n"]) for row in award_only]
    for row in awards:
        rows.append((row["year"], row, "awarded", row["predicate"], row["n"]))
        if row["revoked"]:
            when = row["revoked_on__year"] or row["year"] + 1
            rows.append((max(when, row["year"]), row, REVOKED, row["predicate"], row["n"]))
    return rows


def national_table(scope: NationalScope, filters: Filters) -> NationalTable:
    # The year filter selects a column, but accumulation needs the years before it: count every
    # year, then keep the chosen one.
    cube = _cube(filters.q(scope, with_year=False))
    by_year: dict[int, Counts] = defaultdict(Counts)
    grouped: dict[str, dict[Any, Counts]] = {name: defaultdict(Counts) for name in GROUPINGS}
    for year, row, what, predicate, n in cube:
        _add(by_year[year], what, predicate, n)
        if filters.year and year != filters.year:
            continue
        for name, field_name in GROUPINGS.items():
            _add(grouped[name][row[field_name]], what, predicate, n)
    running = Counts()
    total = Counts()
    years = []
    for year in sorted(by_year):
        counts = by_year[year]
        running = Counts(
            running.proposals + counts.proposals,
            running.wbk + counts.wbk - counts.revoked_wbk,
            running.wbbm + counts.wbbm - counts.revoked_wbbm,
            running.revoked_wbk + counts.revoked_wbk,
            running.revoked_wbbm + counts.revoked_wbbm,
        )
        if filters.year and year > filters.year:
            break
        if not filters.year or year == filters.year:
            years.append(YearRow(year, counts, running))
            total = Counts(
                total.proposals + counts.proposals,
                total.wbk + counts.wbk,
                total.wbbm + counts.wbbm,
                total.revoked_wbk + counts.revoked_wbk,
                total.revoked_wbbm + counts.revoked_wbbm,
            )
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
